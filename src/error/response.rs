//! A [`GatewayError`] as an HTTP answer: the `google.rpc.Status` JSON body (always all three
//! members), `x-gateway-error` on gateway-made errors, and the headers each error calls for
//! (`Allow`, `WWW-Authenticate`, `Retry-After`, upstream metadata, `Connection: close`).

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, header};
use prost::Message as _;
use tonic::Code;

use super::GatewayError;
use crate::headers::{GATEWAY_ERROR_HEADER, response_headers};
use crate::wkt::Any;

/// `google.rpc.RetryInfo` (field numbers from google/rpc/error_details.proto), the detail with
/// which a gRPC server says when to retry.
#[derive(Clone, PartialEq, ::prost::Message)]
struct RetryInfo {
    #[prost(message, optional, tag = "1")]
    retry_delay: Option<crate::wkt::Duration>,
}

/// Seconds to wait before retrying a RESOURCE_EXHAUSTED or UNAVAILABLE answer, when the upstream
/// says: a `google.rpc.RetryInfo` detail, or a `retry-after` metadata entry (whole seconds).
fn retry_after(status: &tonic::Status, details: &[Any]) -> Option<u64> {
    if !matches!(status.code(), Code::ResourceExhausted | Code::Unavailable) {
        return None;
    }
    let from_detail = details
        .iter()
        .filter(|d| d.type_name() == "google.rpc.RetryInfo")
        .find_map(|d| RetryInfo::decode(d.value.as_slice()).ok()?.retry_delay)
        .map(|d| (d.seconds.max(0) as u64) + u64::from(d.nanos > 0));
    let from_metadata = || {
        status
            .metadata()
            .get("retry-after")?
            .to_str()
            .ok()?
            .trim()
            .parse::<u64>()
            .ok()
    };
    from_detail.or_else(from_metadata)
}

pub(super) fn allow_list(allow: &[Method]) -> String {
    allow.iter().map(Method::as_str).collect::<Vec<_>>().join(", ")
}

/// The JSON body: always all three members.
#[derive(serde::Serialize)]
struct Body<'a> {
    code: i32,
    message: &'a str,
    details: &'a [Any],
}

impl GatewayError {
    /// The `google.rpc.Status` JSON body of this error.
    pub fn json_body(&self) -> Vec<u8> {
        self.json_body_with(&self.details())
    }

    fn json_body_with(&self, details: &[Any]) -> Vec<u8> {
        let message = self.message();
        let body = Body {
            code: self.code() as i32,
            message: &message,
            details,
        };
        serde_json::to_vec(&body).unwrap_or_else(|e| {
            // A detail that cannot be rendered must not hide the error itself.
            let fallback = Body {
                code: self.code() as i32,
                message: &format!("{message} (details dropped: {e})"),
                details: &[],
            };
            serde_json::to_vec(&fallback).expect("plain status serializes")
        })
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        let details = self.details();
        let json = self.json_body_with(&details);
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(kind) = self.kind() {
            headers.insert(GATEWAY_ERROR_HEADER, HeaderValue::from_static(kind));
        }
        if self.code() == Code::Unauthenticated {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        match &self {
            GatewayError::MethodNotAllowed(allow) => {
                if let Ok(value) = HeaderValue::from_str(&allow_list(allow)) {
                    headers.insert(header::ALLOW, value);
                }
            }
            GatewayError::Upstream(status) => {
                headers.extend(response_headers(status.metadata()));
                if let Some(seconds) = retry_after(status, &details) {
                    headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
                }
            }
            GatewayError::Overloaded => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            GatewayError::BodyTimeout(_) => {
                // The rest of the body is still on its way: this connection cannot carry another
                // request. (HTTP/2 drops the header; its streams end on their own.)
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        (self.http_status(), headers, json).into_response()
    }
}
