//! The access log: one `info` line per request the router sees (matched or not) on the `cloud_ops_gateway::access` target —
//! method, route template, RPC, status, gRPC code, latencies, request id and, for errors, the
//! kind and message. Never a header value other than the request id, never the query string.
//! What the caller wrote — the method, the request id — is capped ([`caller_text::bare`]), and the
//! error message is bounded ([`GatewayError::message`](crate::error::GatewayError::message)), so
//! no request makes a long line.

use std::time::Duration;

use http::StatusCode;
use http::request::Parts;
use tonic::Code;

use crate::error::caller_text;
use crate::headers::REQUEST_ID_HEADER;

/// Writes the line of one finished request; `error` is the error's kind and message.
#[allow(clippy::too_many_arguments)] // one line's fields, named at the call
pub fn write(
    parts: &Parts,
    route: &str,
    rpc: &str,
    status: StatusCode,
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
    let request_id = caller_text::bare(request_id).into_cow();
    let upstream_ms = upstream.map(|d| d.as_secs_f64() * 1e3);
    let (error_kind, error_detail) = error.map_or((None, None), |(k, d)| (Some(k), Some(caller_text::bounded(d))));
    tracing::info!(
        target: "cloud_ops_gateway::access",
        method = %caller_text::bare(parts.method.as_str()),
        route,
        rpc,
        status = status.as_u16(),
        grpc_code = ?code,
        latency_ms = latency.as_secs_f64() * 1e3,
        upstream_ms,
        request_id = &*request_id,
        error_kind,
        error = error_detail,
        "request"
    );
}

/// Writes the line of a request the HTTP/1.1 parser refused before it had a method or a route.
pub fn write_unparsed(status: u16) {
    tracing::info!(
        target: "cloud_ops_gateway::access",
        route = crate::metrics::UNMATCHED,
        status,
        error_kind = "unparsable_request",
        "request"
    );
}
