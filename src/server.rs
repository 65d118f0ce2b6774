//! The HTTP application: the generated route table registered on an axum `Router`, the routing
//! errors (404, 405 + `Allow`) in the gateway's JSON shape, and the request-id layers.
//!
//! Layer order (outermost first): set `x-request-id` if absent → propagate it to the response →
//! router. The id is therefore set before the handler forwards it upstream and logs it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::{MethodFilter, MethodRouter};
use http::{Method, Uri};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use crate::error::GatewayError;
use crate::proxy::{self, Gateway};
use crate::routes::{ROUTES, Route, Verb};

/// The gateway's router, ready to serve (tests drive it with `oneshot`).
pub fn app(gateway: Arc<Gateway>) -> Router {
    let mut by_path: BTreeMap<&'static str, Vec<&'static Route>> = BTreeMap::new();
    for route in ROUTES {
        by_path.entry(route.axum_path).or_default().push(route);
    }
    let mut router = Router::new();
    for (path, routes) in by_path {
        let allow: Vec<Method> = routes.iter().map(|r| r.verb.method()).collect();
        let mut methods = MethodRouter::new();
        for route in routes {
            let gateway = gateway.clone();
            methods = methods.on(filter(route.verb), move |request: Request| {
                proxy::handle(gateway, route, request)
            });
        }
        methods = methods.fallback(move || async move { GatewayError::MethodNotAllowed(allow).into_response() });
        router = router.route(path, methods);
    }
    router
        .fallback(|uri: Uri| async move { GatewayError::RouteNotFound(uri.path().to_string()).into_response() })
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

fn filter(verb: Verb) -> MethodFilter {
    match verb {
        Verb::Get => MethodFilter::GET,
        Verb::Post => MethodFilter::POST,
        Verb::Put => MethodFilter::PUT,
        Verb::Delete => MethodFilter::DELETE,
        Verb::Patch => MethodFilter::PATCH,
    }
}
