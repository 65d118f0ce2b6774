//! The one request path shared by every route: headers → transcode → upstream call → JSON, with a
//! single access-log line per request. No per-RPC code lives here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tonic::Code;

use crate::error::GatewayError;
use crate::gateway::Gateway;
use crate::headers::{self, API_VERSION_HEADER, REQUEST_ID_HEADER};
use crate::metrics::{ErrorLabels, RequestLabels, RouteLabels, code_name};
use crate::routes::{BodyRule, Route};
use crate::transcode::{self, HttpInput};
use crate::upstream::response_headers;

/// Serves one call of `route`.
pub async fn handle(gateway: Arc<Gateway>, route: &'static Route, request: Request) -> Response {
    let started = Instant::now();
    let _in_flight = InFlight::enter(&gateway);
    let mut upstream_time = None;
    let (mut parts, body) = request.into_parts();
    let result = async {
        let outbound = headers::outbound(&parts.headers, &gateway.policy)?;
        let params = RawPathParams::from_request_parts(&mut parts, &())
            .await
            .map_err(|e| GatewayError::InvalidRequest(e.body_text()))?;
        // Variables are named by position (`p0`, `p1`, …).
        let mut path = vec![""; route.path_params.len()];
        for (name, value) in &params {
            if let Some(slot) = name
                .strip_prefix('p')
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| path.get_mut(i))
            {
                *slot = value;
            }
        }
        let body = match route.body {
            BodyRule::None => Bytes::new(),
            BodyRule::Whole | BodyRule::Field(_) => {
                read_body(body, &parts.headers, gateway.limits.max_body_bytes).await?
            }
        };
        let input = HttpInput {
            path: &path,
            query: parts.uri.query(),
            headers: &parts.headers,
            body: &body,
        };
        let request = transcode::decode(route, &input)?;
        let call_started = Instant::now();
        let reply = gateway
            .upstream
            .unary(route.grpc_path, request, outbound.metadata, outbound.deadline)
            .await;
        upstream_time = Some(call_started.elapsed());
        let reply = reply?;
        let json = transcode::encode(route, &reply.body)?;
        let mut headers = response_headers(&reply.metadata);
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok::<_, GatewayError>((StatusCode::OK, headers, json).into_response())
    }
    .await;

    let (mut response, code, error) = match result {
        Ok(response) => (response, Code::Ok, None),
        Err(e) => {
            if let Some(kind) = upstream_error_kind(&e) {
                gateway
                    .metrics
                    .upstream_errors
                    .get_or_create(&ErrorLabels { kind })
                    .inc();
            }
            let code = e.code();
            let detail = (e.kind().unwrap_or("upstream"), e.message());
            (e.into_response(), code, Some(detail))
        }
    };
    response
        .headers_mut()
        .insert(API_VERSION_HEADER, gateway.policy.api_version.clone());
    let elapsed = started.elapsed();
    let method = parts.method.as_str();
    let labels = RequestLabels {
        route: route.template,
        method: static_method(method),
        rpc: route.rpc,
        code: code_name(code),
    };
    gateway.metrics.requests.get_or_create(&labels).inc();
    let route_labels = RouteLabels {
        route: route.template,
        rpc: route.rpc,
    };
    gateway
        .metrics
        .latency
        .get_or_create(&route_labels)
        .observe(elapsed.as_secs_f64());
    if let Some(upstream) = upstream_time {
        gateway
            .metrics
            .upstream_latency
            .get_or_create(&route_labels)
            .observe(upstream.as_secs_f64());
    }
    log_access(&parts, route, &response, code, elapsed, upstream_time, error);
    response
}

/// Counts a request as in flight for as long as it lives.
struct InFlight<'a>(&'a Gateway);

impl<'a> InFlight<'a> {
    fn enter(gateway: &'a Gateway) -> Self {
        gateway.metrics.in_flight.inc();
        Self(gateway)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.metrics.in_flight.dec();
    }
}

/// The metric label of an upstream failure the gateway saw (not a status the upstream sent).
fn upstream_error_kind(error: &GatewayError) -> Option<&'static str> {
    match error {
        GatewayError::UpstreamUnavailable(_) => Some("unavailable"),
        GatewayError::DeadlineExceeded(_) => Some("deadline_exceeded"),
        GatewayError::BadUpstreamResponse(_) => Some("bad_response"),
        _ => None,
    }
}

/// A `'static` method label (routes only have these verbs; HEAD is served by GET routes).
fn static_method(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        _ => "OTHER",
    }
}

/// Reads the body, refusing more than `limit` bytes (413) before or while reading.
async fn read_body(body: Body, headers: &http::HeaderMap, limit: usize) -> Result<Bytes, GatewayError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(GatewayError::PayloadTooLarge(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<LengthLimitError>() => Err(GatewayError::PayloadTooLarge(limit)),
        Err(e) => Err(GatewayError::InvalidRequest(format!(
            "failed to read the request body: {e}"
        ))),
    }
}

fn log_access(
    parts: &http::request::Parts,
    route: &Route,
    response: &Response,
    code: Code,
    latency: Duration,
    upstream: Option<Duration>,
    error: Option<(&str, String)>,
) {
    let request_id = parts
        .headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let upstream_ms = upstream.map(|d| d.as_secs_f64() * 1e3);
    let (error_kind, error_detail) = error.map_or((None, None), |(k, d)| (Some(k), Some(d)));
    tracing::info!(
        target: "cloud_ops_gateway::access",
        method = %parts.method,
        route = route.template,
        rpc = route.rpc,
        status = response.status().as_u16(),
        grpc_code = ?code,
        latency_ms = latency.as_secs_f64() * 1e3,
        upstream_ms,
        request_id,
        error_kind,
        error = error_detail,
        "request"
    );
}
