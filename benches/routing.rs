//! Route match + path/query binding: the matchit lookup axum does for every request (over the same
//! `axum_path` templates the gateway registers), then [`transcode::request_from_http`] turning path parameters
//! and the query string into the encoded request message.
//!
//! Run: `cargo bench --bench routing`.

use std::collections::HashMap;
use std::hint::black_box;

use cloud_ops_gateway::routes::{ROUTES, Route, Verb};
use cloud_ops_gateway::transcode::{self, HttpInput};
use criterion::{Criterion, criterion_group, criterion_main};
use http::HeaderMap;

/// The routes by axum path, as `server::api_routes` registers them.
fn router() -> matchit::Router<Vec<&'static Route>> {
    let mut by_path: HashMap<&str, Vec<&'static Route>> = HashMap::new();
    for route in ROUTES {
        by_path.entry(route.axum_path).or_default().push(route);
    }
    let mut router = matchit::Router::new();
    for (path, routes) in by_path {
        router
            .insert(path, routes)
            .expect("the generated table has no conflicts");
    }
    router
}

/// Looks up `path` + `verb` and binds the parameters and query into the encoded request.
fn bind(router: &matchit::Router<Vec<&'static Route>>, verb: Verb, path: &str, query: Option<&str>) -> Vec<u8> {
    let matched = router.at(path).expect("the path is routed");
    let route = matched
        .value
        .iter()
        .find(|r| r.verb == verb)
        .expect("the verb is routed");
    let params: Vec<&str> = matched.params.iter().map(|(_, v)| v).collect();
    let headers = HeaderMap::new();
    let input = HttpInput {
        path: &params,
        query,
        headers: &headers,
        body: &[],
    };
    transcode::request_from_http(route, &input).expect("the request binds")
}

fn benches(c: &mut Criterion) {
    let router = router();
    c.bench_function("route_match/get_namespace", |b| {
        b.iter(|| {
            router
                .at(black_box("/cloud/namespaces/ns-a.acct1"))
                .unwrap()
                .value
                .len()
        })
    });
    c.bench_function("route_match/export_sink_nested", |b| {
        b.iter(|| {
            router
                .at(black_box("/cloud/namespaces/ns-a.acct1/export-sinks/gcs-history"))
                .unwrap()
                .value
                .len()
        })
    });
    c.bench_function("bind/get_namespace_path", |b| {
        b.iter(|| bind(&router, Verb::Get, black_box("/cloud/namespaces/ns-a.acct1"), None))
    });
    c.bench_function("bind/get_users_query", |b| {
        b.iter(|| {
            bind(
                &router,
                Verb::Get,
                "/cloud/users",
                black_box(Some("pageSize=50&pageToken=tok-2&email=alice%2Bops%40example.com")),
            )
        })
    });
    c.bench_function("bind/get_api_keys_enum_query", |b| {
        b.iter(|| {
            bind(
                &router,
                Verb::Get,
                "/cloud/api-keys",
                black_box(Some("ownerType=OWNER_TYPE_USER&pageSize=10")),
            )
        })
    });
}

criterion_group!(routing, benches);
criterion_main!(routing);
