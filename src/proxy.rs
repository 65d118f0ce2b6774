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
use crate::headers::{self, API_VERSION_HEADER, CallPolicy, REQUEST_ID_HEADER};
use crate::routes::{BodyRule, Route};
use crate::transcode::{self, HttpInput};
use crate::upstream::{Upstream, response_headers};

/// Shared state of the gateway: the upstream client and the operator's policy.
#[derive(Debug)]
pub struct Gateway {
    /// The upstream CloudService.
    pub upstream: Upstream,
    /// Pinned version and deadline bound.
    pub policy: CallPolicy,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
}

/// Serves one call of `route`.
pub async fn handle(gateway: Arc<Gateway>, route: &'static Route, request: Request) -> Response {
    let started = Instant::now();
    let mut upstream_time = None;
    let (mut parts, body) = request.into_parts();
    let result = async {
        let outbound = headers::outbound(&parts.headers, &gateway.policy)?;
        let params = RawPathParams::from_request_parts(&mut parts, &())
            .await
            .map_err(|e| GatewayError::InvalidRequest(e.body_text()))?;
        let path: Vec<&str> = (0..route.path_params.len())
            .map(|i| {
                params
                    .iter()
                    .find(|(name, _)| *name == format!("p{i}"))
                    .map_or("", |(_, v)| v)
            })
            .collect();
        let body = match route.body {
            BodyRule::None => Bytes::new(),
            BodyRule::Whole | BodyRule::Field(_) => read_body(body, &parts.headers, gateway.max_body_bytes).await?,
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
            let code = e.code();
            let detail = (e.kind().unwrap_or("upstream"), e.message());
            (e.into_response(), code, Some(detail))
        }
    };
    response
        .headers_mut()
        .insert(API_VERSION_HEADER, gateway.policy.api_version.clone());
    log_access(&parts, route, &response, code, started.elapsed(), upstream_time, error);
    response
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
    let (error_kind, error_detail) = error.map_or(("", String::new()), |(k, d)| (k, d));
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
        error = %error_detail,
        "request"
    );
}
