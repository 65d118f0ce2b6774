//! JSON → request message: the body of `POST /cloud/namespaces` (CreateNamespace, a large nested
//! spec) and of `POST /cloud/users` (CreateUser), through [`transcode::request_from_http`] — parse, null
//! stripping, pbjson deserialize and protobuf encode, exactly as the proxy does.
//!
//! Run: `cargo bench --bench json_in`.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::hint::black_box;

use cloud_ops_gateway::routes::by_rpc;
use cloud_ops_gateway::transcode::{self, HttpInput};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http::{HeaderMap, HeaderValue, header};

fn benches(c: &mut Criterion) {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut group = c.benchmark_group("json_in");
    for (rpc, body) in [
        ("CreateNamespace", fixtures::CREATE_NAMESPACE_BODY),
        ("CreateUser", fixtures::CREATE_USER_BODY),
    ] {
        let route = by_rpc(rpc).expect("the RPC is routed");
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(rpc, |b| {
            b.iter(|| {
                let input = HttpInput {
                    path: &[],
                    query: None,
                    headers: &headers,
                    body: black_box(body.as_bytes()),
                };
                transcode::request_from_http(route, &input).expect("the body is valid")
            })
        });
    }
    group.finish();
}

criterion_group!(json_in, benches);
criterion_main!(json_in);
