//! `/healthz` (the process answers) and `/readyz` (not draining, and the upstream channel can carry
//! a call: it connects within a second). Both answer small JSON documents.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::json;

use crate::gateway::Gateway;

/// How long readiness waits for the upstream connection.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// Liveness: always 200 while the process serves HTTP.
pub async fn healthz() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

/// Readiness: 503 while draining or when the upstream cannot be reached.
pub async fn readyz(State(gateway): State<Arc<Gateway>>) -> Response {
    if gateway.is_draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "draining"}))).into_response();
    }
    match gateway.upstream.probe(PROBE_TIMEOUT).await {
        Ok(()) => Json(json!({"status": "ready", "upstream": gateway.upstream.uri().to_string()})).into_response(),
        Err(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "upstream unavailable", "upstream": gateway.upstream.uri().to_string(), "reason": reason})),
        )
            .into_response(),
    }
}

/// The gateway's metrics: OpenMetrics text when the scraper prefers it (`Accept`), else the
/// Prometheus text format; the content type always says which.
pub async fn metrics(State(gateway): State<Arc<Gateway>>, headers: http::HeaderMap) -> Response {
    let accept = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (content_type, body) = if crate::metrics::prefers_openmetrics(accept) {
        (crate::metrics::OPENMETRICS_CONTENT_TYPE, gateway.metrics.render())
    } else {
        (
            crate::metrics::PROMETHEUS_CONTENT_TYPE,
            gateway.metrics.render_prometheus_text(),
        )
    };
    ([(http::header::CONTENT_TYPE, content_type)], body).into_response()
}
