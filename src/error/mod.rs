//! The one error path: every failure, whether found by the gateway or returned by the upstream,
//! becomes a [`GatewayError`] and is answered as `google.rpc.Status` JSON
//! (`{"code", "message", "details"}`) with the grpc-gateway HTTP status table. Gateway-made errors
//! carry `x-gateway-error: <kind>` so clients and operators can tell them from upstream answers.

pub mod caller_text;
mod response;

use http::{Method, StatusCode};
use prost::Message as _;
use tonic::Code;

use crate::headers::HeaderError;
use crate::pb::google::rpc::Status as RpcStatus;
use crate::wkt::Any;

/// Everything that can go wrong with one call.
#[derive(Debug)]
pub enum GatewayError {
    /// The request cannot be turned into the request message (400, INVALID_ARGUMENT).
    InvalidRequest(String),
    /// The body is not well-formed JSON (400, INVALID_ARGUMENT, with line and column).
    MalformedJson(String),
    /// `Authorization: Bearer <key>` missing or malformed (401, UNAUTHENTICATED).
    Unauthenticated(&'static str),
    /// The caller asked for a Cloud Ops API version other than the pinned one (400).
    ApiVersionMismatch {
        /// What the caller sent.
        requested: String,
        /// What the gateway is pinned to.
        pinned: String,
    },
    /// No route has this path (404, NOT_FOUND).
    RouteNotFound(String),
    /// The path exists for other methods (405 + `Allow`, UNIMPLEMENTED).
    MethodNotAllowed(Vec<Method>),
    /// A body with a content type other than the one the method takes (415, INVALID_ARGUMENT):
    /// JSON, or a JSON Merge Patch for PATCH.
    UnsupportedMediaType {
        /// The content type sent.
        given: String,
        /// The content type to send.
        expected: &'static str,
    },
    /// The body exceeds the limit (413, RESOURCE_EXHAUSTED).
    PayloadTooLarge(usize),
    /// The request headers exceed the limit (431, RESOURCE_EXHAUSTED).
    HeadersTooLarge(usize),
    /// The client did not send the whole body in time (408, DEADLINE_EXCEEDED).
    BodyTimeout(std::time::Duration),
    /// The request head is not HTTP/1.1 the parser accepts: a control byte in a header, a
    /// malformed request line (400, INVALID_ARGUMENT).
    MalformedHttp,
    /// The request target is longer than the HTTP parser takes (414, RESOURCE_EXHAUSTED).
    UriTooLong(usize),
    /// A bound of the gateway's own is reached: shed with 503 + `Retry-After` (UNAVAILABLE).
    Overloaded(Overload),
    /// The upstream could not be reached (503, UNAVAILABLE).
    UpstreamUnavailable(String),
    /// The call's deadline passed before the upstream answered (504, DEADLINE_EXCEEDED).
    DeadlineExceeded(std::time::Duration),
    /// The upstream's answer cannot be read, decoded or rendered as JSON (502, INTERNAL).
    BadUpstreamResponse(String),
    /// The upstream answered with a non-OK status: mapped by the status table, metadata kept.
    Upstream(tonic::Status),
    /// The upstream refused the version the caller pinned with `If-Match` (ABORTED or
    /// FAILED_PRECONDITION): its status, answered as 412 Precondition Failed.
    PreconditionFailed(tonic::Status),
}

/// Which of the gateway's own bounds shed a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overload {
    /// `--max-concurrency` requests are being served.
    Concurrency,
    /// The memory budget, or the connection's share of it, is spent (`--memory-budget`).
    Memory,
}

impl GatewayError {
    /// The `x-gateway-error` kind, `None` for errors the upstream returned.
    pub fn kind(&self) -> Option<&'static str> {
        Some(match self {
            GatewayError::InvalidRequest(_) => "invalid_request",
            GatewayError::MalformedJson(_) => "malformed_json",
            GatewayError::Unauthenticated(_) => "unauthenticated",
            GatewayError::ApiVersionMismatch { .. } => "api_version_mismatch",
            GatewayError::RouteNotFound(_) => "route_not_found",
            GatewayError::MethodNotAllowed(_) => "method_not_allowed",
            GatewayError::UnsupportedMediaType { .. } => "unsupported_media_type",
            GatewayError::PayloadTooLarge(_) => "payload_too_large",
            GatewayError::HeadersTooLarge(_) => "headers_too_large",
            GatewayError::BodyTimeout(_) => "request_timeout",
            GatewayError::MalformedHttp => "malformed_http",
            GatewayError::UriTooLong(_) => "uri_too_long",
            GatewayError::Overloaded(_) => "overloaded",
            GatewayError::UpstreamUnavailable(_) => "upstream_unavailable",
            GatewayError::DeadlineExceeded(_) => "deadline_exceeded",
            GatewayError::BadUpstreamResponse(_) => "bad_upstream_response",
            GatewayError::Upstream(_) | GatewayError::PreconditionFailed(_) => return None,
        })
    }

    /// The `kind` label of `upstream_errors_total`: a failure of the upstream that the gateway
    /// itself saw (not a status the upstream sent). Exhaustive, so a new variant must be placed.
    pub fn upstream_failure(&self) -> Option<&'static str> {
        match self {
            GatewayError::UpstreamUnavailable(_) => Some("unavailable"),
            GatewayError::DeadlineExceeded(_) => Some("deadline_exceeded"),
            GatewayError::BadUpstreamResponse(_) => Some("bad_response"),
            GatewayError::InvalidRequest(_)
            | GatewayError::MalformedJson(_)
            | GatewayError::Unauthenticated(_)
            | GatewayError::ApiVersionMismatch { .. }
            | GatewayError::RouteNotFound(_)
            | GatewayError::MethodNotAllowed(_)
            | GatewayError::UnsupportedMediaType { .. }
            | GatewayError::PayloadTooLarge(_)
            | GatewayError::HeadersTooLarge(_)
            | GatewayError::BodyTimeout(_)
            | GatewayError::MalformedHttp
            | GatewayError::UriTooLong(_)
            | GatewayError::Overloaded(_)
            | GatewayError::Upstream(_)
            | GatewayError::PreconditionFailed(_) => None,
        }
    }

    /// The gRPC code reported in the body (and in logs and metrics).
    pub fn code(&self) -> Code {
        match self {
            GatewayError::InvalidRequest(_)
            | GatewayError::MalformedJson(_)
            | GatewayError::ApiVersionMismatch { .. }
            | GatewayError::UnsupportedMediaType { .. } => Code::InvalidArgument,
            GatewayError::Unauthenticated(_) => Code::Unauthenticated,
            GatewayError::RouteNotFound(_) => Code::NotFound,
            GatewayError::MethodNotAllowed(_) => Code::Unimplemented,
            GatewayError::PayloadTooLarge(_) | GatewayError::HeadersTooLarge(_) => Code::ResourceExhausted,
            GatewayError::BodyTimeout(_) => Code::DeadlineExceeded,
            GatewayError::MalformedHttp => Code::InvalidArgument,
            GatewayError::UriTooLong(_) => Code::ResourceExhausted,
            GatewayError::Overloaded(_) => Code::Unavailable,
            GatewayError::UpstreamUnavailable(_) => Code::Unavailable,
            GatewayError::DeadlineExceeded(_) => Code::DeadlineExceeded,
            GatewayError::BadUpstreamResponse(_) => Code::Internal,
            GatewayError::Upstream(status) | GatewayError::PreconditionFailed(status) => status.code(),
        }
    }

    /// The HTTP status: routing errors have their own; everything else follows the code table.
    pub fn http_status(&self) -> StatusCode {
        match self {
            GatewayError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            GatewayError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            GatewayError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            GatewayError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            GatewayError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            GatewayError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            GatewayError::BadUpstreamResponse(_) => StatusCode::BAD_GATEWAY,
            GatewayError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            other => http_status_of(other.code()),
        }
    }

    /// The human-readable message of the JSON body (and of the access log). A gateway-made one is
    /// at most [`caller_text::MAX_MESSAGE_CHARS`] characters, whatever it quotes; an upstream's is
    /// its answer, relayed whole (the upstream header limit bounds it; the access log caps it).
    pub fn message(&self) -> String {
        let message = self.full_message();
        match self.kind() {
            Some(_) => caller_text::bounded(message),
            None => message,
        }
    }

    fn full_message(&self) -> String {
        use caller_text::quoted;
        match self {
            GatewayError::InvalidRequest(m) | GatewayError::MalformedJson(m) => m.clone(),
            GatewayError::Unauthenticated(m) => (*m).to_string(),
            GatewayError::ApiVersionMismatch { requested, pinned } => format!(
                "temporal-cloud-api-version {} is not served here: this gateway is pinned to {pinned:?} \
                 (omit the header, or send {pinned:?})",
                quoted(requested)
            ),
            GatewayError::RouteNotFound(path) => format!("no route for path {}", quoted(path)),
            GatewayError::MethodNotAllowed(allow) => {
                format!("method not allowed here; allowed: {}", response::allow_list(allow))
            }
            GatewayError::UnsupportedMediaType { given, expected } => {
                format!(
                    "unsupported content type {}: send the body as Content-Type: {expected}",
                    quoted(given)
                )
            }
            GatewayError::PayloadTooLarge(limit) => format!("request body exceeds the limit of {limit} bytes"),
            GatewayError::HeadersTooLarge(limit) => format!("request headers exceed the limit of {limit} bytes"),
            GatewayError::BodyTimeout(limit) => format!("the request body did not arrive within {limit:?}"),
            GatewayError::MalformedHttp => {
                "the request head is not valid HTTP/1.1 (a malformed request line, or a control byte in a header)"
                    .to_string()
            }
            GatewayError::UriTooLong(limit) => format!("the request target exceeds the limit of {limit} bytes"),
            GatewayError::Overloaded(Overload::Concurrency) => {
                "the gateway is at its concurrency limit; retry shortly".to_string()
            }
            GatewayError::Overloaded(Overload::Memory) => {
                "the gateway holds as much for callers as its memory budget allows; retry shortly".to_string()
            }
            GatewayError::UpstreamUnavailable(m) => format!("upstream unavailable: {m}"),
            GatewayError::DeadlineExceeded(d) => format!("upstream did not answer within the deadline of {d:?}"),
            GatewayError::BadUpstreamResponse(m) => format!("bad upstream response: {m}"),
            GatewayError::Upstream(status) | GatewayError::PreconditionFailed(status) => status.message().to_string(),
        }
    }

    /// `google.rpc.Status.details` of an upstream error (from `grpc-status-details-bin`).
    fn details(&self) -> Vec<Any> {
        match self {
            GatewayError::Upstream(status) | GatewayError::PreconditionFailed(status)
                if !status.details().is_empty() =>
            {
                RpcStatus::decode(status.details())
                    .map(|s| s.details)
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

impl From<HeaderError> for GatewayError {
    fn from(error: HeaderError) -> Self {
        match error {
            HeaderError::Unauthenticated(message) => GatewayError::Unauthenticated(message),
            HeaderError::ApiVersionMismatch { requested, pinned } => {
                GatewayError::ApiVersionMismatch { requested, pinned }
            }
            HeaderError::InvalidTimeout(message) | HeaderError::InvalidMetadata(message) => {
                GatewayError::InvalidRequest(message)
            }
        }
    }
}

/// The grpc-gateway table from gRPC code to HTTP status. Exhaustive: a new code is a compile error.
pub fn http_status_of(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::Cancelled => StatusCode::from_u16(499).expect("499 is a valid status"),
        Code::Unknown => StatusCode::INTERNAL_SERVER_ERROR,
        Code::InvalidArgument => StatusCode::BAD_REQUEST,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists => StatusCode::CONFLICT,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::FailedPrecondition => StatusCode::BAD_REQUEST,
        Code::Aborted => StatusCode::CONFLICT,
        Code::OutOfRange => StatusCode::BAD_REQUEST,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grpc_code_maps_to_the_grpc_gateway_status() {
        let table = [
            (Code::Ok, 200),
            (Code::Cancelled, 499),
            (Code::Unknown, 500),
            (Code::InvalidArgument, 400),
            (Code::DeadlineExceeded, 504),
            (Code::NotFound, 404),
            (Code::AlreadyExists, 409),
            (Code::PermissionDenied, 403),
            (Code::ResourceExhausted, 429),
            (Code::FailedPrecondition, 400),
            (Code::Aborted, 409),
            (Code::OutOfRange, 400),
            (Code::Unimplemented, 501),
            (Code::Internal, 500),
            (Code::Unavailable, 503),
            (Code::DataLoss, 500),
            (Code::Unauthenticated, 401),
        ];
        for (code, status) in table {
            assert_eq!(http_status_of(code).as_u16(), status, "{code:?}");
        }
    }

    #[test]
    fn only_failures_the_gateway_saw_count_as_upstream_errors() {
        let cases = [
            (GatewayError::UpstreamUnavailable("refused".into()), Some("unavailable")),
            (
                GatewayError::DeadlineExceeded(std::time::Duration::from_secs(1)),
                Some("deadline_exceeded"),
            ),
            (
                GatewayError::BadUpstreamResponse("garbage".into()),
                Some("bad_response"),
            ),
            (GatewayError::Upstream(tonic::Status::unavailable("down")), None),
            (GatewayError::Overloaded(Overload::Concurrency), None),
            (GatewayError::Overloaded(Overload::Memory), None),
            (GatewayError::InvalidRequest("bad".into()), None),
        ];
        for (error, kind) in cases {
            assert_eq!(error.upstream_failure(), kind, "{error:?}");
        }
    }

    #[test]
    fn caller_text_in_messages_is_capped_and_every_message_bounded() {
        let long = "p".repeat(64 * 1024);
        let capped = format!("\"{}…\" (65536 bytes)", "p".repeat(256));
        let errors = [
            GatewayError::RouteNotFound(long.clone()),
            GatewayError::UnsupportedMediaType {
                given: long.clone(),
                expected: "application/json",
            },
            GatewayError::ApiVersionMismatch {
                requested: long.clone(),
                pinned: "v1".into(),
            },
        ];
        for error in errors {
            let message = error.message();
            assert!(message.contains(&capped) && message.len() < 1024, "{message:.400}");
        }
        let message = GatewayError::InvalidRequest(long.clone()).message();
        assert!(message.ends_with("… (65536 bytes)"), "{message:.400}");
        let shown = caller_text::MAX_MESSAGE_CHARS + "… (65536 bytes)".chars().count();
        assert_eq!(message.chars().count(), shown);
        let upstream = GatewayError::Upstream(tonic::Status::not_found(long.clone()));
        assert_eq!(upstream.message(), long, "the upstream's answer, whole");
        assert_eq!(
            GatewayError::RouteNotFound("/x".into()).message(),
            "no route for path \"/x\""
        );
    }

    #[test]
    fn header_errors_keep_their_status_and_message() {
        let error = GatewayError::from(HeaderError::Unauthenticated("no key"));
        assert_eq!(
            (error.http_status().as_u16(), error.message()),
            (401, "no key".to_string())
        );
        let error = GatewayError::from(HeaderError::InvalidTimeout("bad timeout".into()));
        assert_eq!(
            (error.kind(), error.message()),
            (Some("invalid_request"), "bad timeout".to_string())
        );
        let error = GatewayError::from(HeaderError::ApiVersionMismatch {
            requested: "v1".into(),
            pinned: "v2".into(),
        });
        assert_eq!(error.kind(), Some("api_version_mismatch"));
        assert!(error.message().contains("pinned to \"v2\""), "{}", error.message());
    }
}
