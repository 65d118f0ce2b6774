//! A [`GatewayError`] as an HTTP answer: the `google.rpc.Status` JSON body (always all three
//! members), `x-gateway-error` on gateway-made errors, and the headers each error calls for
//! (`Allow`, `WWW-Authenticate`, `Retry-After`, upstream metadata, `Connection: close`).

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, header};
use tonic::Code;

use super::GatewayError;
use crate::headers::{ACCEPT_PATCH_HEADER, GATEWAY_ERROR_HEADER, MERGE_PATCH, response_headers};
use crate::wkt::Any;

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
            GatewayError::Upstream(status) | GatewayError::PreconditionFailed(status) => {
                headers.extend(response_headers(status.metadata()));
                if let Some(seconds) = crate::retry_advice::retry_after_seconds(status) {
                    headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
                }
            }
            GatewayError::UnsupportedMediaType { expected, .. } if *expected == MERGE_PATCH => {
                // RFC 5789 §2.2: a refused PATCH says which patch documents the resource takes.
                headers.insert(ACCEPT_PATCH_HEADER, HeaderValue::from_static(MERGE_PATCH));
            }
            GatewayError::Overloaded(_) => {
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
