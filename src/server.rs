//! The HTTP application: the generated route table registered on an axum `Router`, the routing
//! errors (404, 405 + `Allow`) in the gateway's JSON shape, health and metrics endpoints, the
//! OpenAPI document and docs UI, and the protective layers.
//!
//! Layer order, outermost first (a request meets them in this order):
//! 1. set `x-request-id` if absent, 2. propagate it to the response — so every answer, even a
//!    shed or CORS-refused one, carries an id;
//! 3. CORS (only with `--cors-allow-origin`): answers preflights before anything else runs;
//! 4. compression of responses, negotiated with `Accept-Encoding`: the fastest level, and only
//!    bodies of at least 1 KiB that are not gRPC, images or event streams, nor already compressed
//!    (the OpenAPI document and docs UI are sent from bytes compressed once, `openapi::assets`);
//! 5. the header-size limit (431);
//! 6. the Host rules of RFC 9112 §3.2: an HTTP/1.1 request without `Host`, or an HTTP/1.x request
//!    with two or with an invalid one, is a 400 (HTTP/2 carries `:authority` instead);
//! 7. router. Load shedding at the concurrency limit (503 + Retry-After) is not a layer: the API
//!    handler admits a request once its body has arrived (`proxy`), so a slow sender holds no
//!    slot, and health checks and metrics stay answerable when the gateway is saturated.
//!
//! `/docs` and `/openapi.*` are routed on the API listener, or with `--docs-on-metrics-listener`
//! only on the metrics listener ([`metrics_app`]).
//!
//! Connection-level bounds (header and idle timeouts, connection limit) are the listener's.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter, get};
use http::{Extensions, HeaderMap, Method, StatusCode, Version, header};
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use crate::endpoints;
use crate::error::GatewayError;
use crate::gateway::Gateway;
use crate::headers::{
    API_VERSION_HEADER, GATEWAY_ERROR_HEADER, GRPC_TIMEOUT_HEADER, IDEMPOTENCY_KEY_HEADER, OPERATION_STATE_HEADER,
    PREFER_HEADER, PREFERENCE_APPLIED_HEADER, REQUEST_ID_HEADER, TRACEPARENT_HEADER, TRACESTATE_HEADER,
    UPSTREAM_ATTEMPTS_HEADER,
};
use crate::routes::{ROUTES, Route, Verb};
use crate::{patch, proxy};

/// The gateway's router, ready to serve (tests drive it with `oneshot` or a socket).
pub fn app(gateway: Arc<Gateway>) -> Router {
    let api = api_routes(gateway.clone());
    let mut ops = Router::new()
        .route("/healthz", get(endpoints::healthz))
        .route("/readyz", get(endpoints::readyz));
    if gateway.metrics_on_api_listener {
        ops = ops.route("/metrics", get(endpoints::metrics));
    }
    let mut routes = api.merge(ops.with_state(gateway.clone()));
    if gateway.docs_on_api_listener {
        routes = routes.merge(crate::openapi::router());
    }
    let routes = routes.fallback({
        let gateway = gateway.clone();
        move |request: Request| async move {
            let error = GatewayError::RouteNotFound(request.uri().path().to_string());
            refuse(&gateway, request, crate::metrics::UNMATCHED, error)
        }
    });
    // Layers 1–6 wrap the router once, outermost first. (`Router::layer` would wrap each route in
    // each layer, and every request would clone and box that whole stack; none of these layers
    // needs the matched route.) `with_state` builds every route's service now, once, instead of
    // for each new connection.
    let layered = ServiceBuilder::new()
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(PropagateRequestIdLayer::x_request_id())
        .option_layer((!gateway.cors_origins.is_empty()).then(|| cors(&gateway)))
        .layer(compression())
        .layer(middleware::from_fn_with_state(gateway.clone(), header_limit))
        .layer(middleware::from_fn_with_state(gateway.clone(), host_rules))
        .service(routes.with_state(()));
    Router::new().fallback_service(layered).with_state(())
}

/// `/metrics` for `--metrics-listen`, and the docs with `--docs-on-metrics-listener`.
pub fn metrics_app(gateway: Arc<Gateway>) -> Router {
    let mut router = Router::new()
        .route("/metrics", get(endpoints::metrics))
        .with_state(gateway.clone());
    if !gateway.docs_on_api_listener {
        router = router.merge(crate::openapi::router());
    }
    router
        .fallback(|request: Request| async move { GatewayError::RouteNotFound(request.uri().path().to_string()) })
        .layer(middleware::from_fn_with_state(gateway, host_rules))
}

/// Compression of dynamic bodies. The fastest level: at tower-http's default level brotli took
/// ~10 ms of CPU for the 846 KB OpenAPI document (issue 23), and JSON's repetition compresses well
/// at any level. Bodies under 1 KiB (errors, single resources) gain too little to pay for an
/// encoder's state.
fn compression() -> CompressionLayer<impl Predicate> {
    let not_precompressed = |_: StatusCode, _: Version, _: &HeaderMap, extensions: &Extensions| {
        extensions.get::<crate::openapi::assets::Precompressed>().is_none()
    };
    let predicate = SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
        .and(not_precompressed);
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(predicate)
}

/// One axum route per distinct path; each verb of that path goes to [`proxy::handle`], and PATCH
/// of a resource with a Get and an Update there to [`patch::handle`].
fn api_routes(gateway: Arc<Gateway>) -> Router {
    let mut by_path: BTreeMap<&'static str, Vec<&'static Route>> = BTreeMap::new();
    for route in ROUTES {
        by_path.entry(route.axum_path).or_default().push(route);
    }
    let mut router = Router::new();
    for (path, routes) in by_path {
        let mut allow: Vec<Method> = routes.iter().map(|r| r.verb.method()).collect();
        let template = routes[0].template;
        let mut methods = MethodRouter::new();
        for route in routes {
            let gateway = gateway.clone();
            methods = methods.on(filter(route.verb), move |request: Request| {
                proxy::handle(gateway, route, request)
            });
        }
        if let Some(target) = patch::at(path) {
            let gateway = gateway.clone();
            allow.push(Method::PATCH);
            methods = methods.on(MethodFilter::PATCH, move |request: Request| {
                patch::handle(gateway, target, request)
            });
        }
        let gateway = gateway.clone();
        methods = methods.fallback(move |request: Request| async move {
            refuse(&gateway, request, template, GatewayError::MethodNotAllowed(allow))
        });
        router = router.route(path, methods);
    }
    router
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

/// 431 when the request's header names and values together exceed the limit.
async fn header_limit(State(gateway): State<Arc<Gateway>>, request: Request, next: Next) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if size > gateway.limits.max_header_bytes {
        let error = GatewayError::HeadersTooLarge(gateway.limits.max_header_bytes);
        return refuse(&gateway, request, crate::metrics::UNMATCHED, error);
    }
    next.run(request).await
}

/// RFC 9112 §3.2: 400 for an HTTP/1.1 request without `Host`, and for any HTTP/1.x request with
/// more than one or with one that is not `host[:port]`. HTTP/1.0 needs none; HTTP/2 and HTTP/3
/// carry `:authority` (hyper puts it in the URI) and are left alone. An absolute-form target
/// (`GET http://host/path HTTP/1.1`) still needs the header, which the target's authority then
/// overrides; hyper itself checks none of this.
async fn host_rules(State(gateway): State<Arc<Gateway>>, request: Request, next: Next) -> Response {
    let version = request.version();
    if version != Version::HTTP_11 && version != Version::HTTP_10 {
        return next.run(request).await;
    }
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let problem = match (hosts.next(), hosts.next()) {
        (None, _) if version == Version::HTTP_11 => Some("an HTTP/1.1 request must carry a Host header"),
        (Some(_), Some(_)) => Some("more than one Host header"),
        (Some(host), None) if !valid_host(host.as_bytes()) => Some("the Host header is not host[:port]"),
        _ => None,
    };
    match problem {
        Some(problem) => {
            let error = GatewayError::InvalidRequest(problem.to_string());
            refuse(&gateway, request, crate::metrics::UNMATCHED, error)
        }
        None => next.run(request).await,
    }
}

/// `uri-host [":" port]`, or empty (allowed when the target has no authority).
fn valid_host(host: &[u8]) -> bool {
    host.is_empty() || (!host.contains(&b'@') && http::uri::Authority::try_from(host).is_ok())
}

/// Answers a request that reaches no RPC with `error`, counted and logged like every other.
fn refuse(gateway: &Gateway, request: Request, route: &'static str, error: GatewayError) -> Response {
    let outcome = proxy::Outcome {
        route,
        rpc: crate::metrics::NO_RPC,
        started: std::time::Instant::now(),
        upstream_time: None,
        upstream_attempts: None,
    };
    let (parts, _) = request.into_parts();
    let template = (route != crate::metrics::UNMATCHED).then_some(route);
    let span = gateway
        .traces
        .server_span(&parts.method, template, None, &parts.headers);
    outcome.finish_traced(gateway, &parts, Err(error), span)
}

/// CORS for the configured exact origins. Browsers send the API key in `Authorization`, which is
/// allowed as a request header; no cookies are involved, so credentials stay disallowed.
fn cors(gateway: &Gateway) -> CorsLayer {
    let headers = [
        header::AUTHORIZATION,
        header::CONTENT_TYPE,
        GRPC_TIMEOUT_HEADER,
        REQUEST_ID_HEADER,
        TRACEPARENT_HEADER,
        TRACESTATE_HEADER,
        PREFER_HEADER,
        IDEMPOTENCY_KEY_HEADER,
        header::IF_MATCH,
        header::IF_NONE_MATCH,
    ];
    // The methods some route serves, from the route table.
    let mut methods: Vec<Method> = crate::routes::ROUTES.iter().map(|r| r.verb.method()).collect();
    if !patch::patchables().is_empty() {
        methods.push(Method::PATCH);
    }
    methods.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    methods.dedup();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(gateway.cors_origins.clone()))
        .allow_methods(methods)
        .allow_headers(headers)
        .expose_headers([
            REQUEST_ID_HEADER,
            GATEWAY_ERROR_HEADER,
            UPSTREAM_ATTEMPTS_HEADER,
            PREFERENCE_APPLIED_HEADER,
            OPERATION_STATE_HEADER,
            header::RETRY_AFTER,
            header::ETAG,
            header::LINK,
            API_VERSION_HEADER,
        ])
        .max_age(std::time::Duration::from_secs(600))
}
