//! The responses every operation shares and the bearer security scheme. Error responses are derived
//! from the gateway's own gRPC-code → HTTP-status table ([`crate::error::http_status_of`]) plus the
//! statuses only the gateway produces (413, 415, 502); every error body is `google.rpc.Status`.

use std::collections::BTreeMap;

use tonic::Code;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Response, ResponseBuilder};

use super::schemas::STATUS;
use super::types::ref_to;
use crate::headers::{API_VERSION_HEADER, GATEWAY_ERROR_HEADER, REQUEST_ID_HEADER, UPSTREAM_ATTEMPTS_HEADER};

/// What `x-upstream-attempts` says.
const ATTEMPTS: &str =
    "Upstream attempts made: 1, or more when UNAVAILABLE or RESOURCE_EXHAUSTED answers were retried.";

/// Name of the security scheme: the Temporal Cloud API key as a bearer token.
pub const BEARER: &str = "bearerAuth";
/// The JSON media type of every body.
pub const JSON: &str = "application/json";

/// Which error responses an operation lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Errors {
    /// No request body: the code table and 502.
    NoBody,
    /// With a request body: also 413 (too large) and 415 (not JSON).
    WithBody,
}

/// One error status: the HTTP status and why it happens.
struct ErrorStatus {
    status: u16,
    description: String,
}

/// Every error status, ascending.
fn error_statuses() -> Vec<ErrorStatus> {
    let mut by_status: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for code in (1..=16).map(Code::from_i32) {
        let status = crate::error::http_status_of(code).as_u16();
        by_status.entry(status).or_default().push(code_name(code));
    }
    let mut out: Vec<ErrorStatus> = by_status
        .into_iter()
        .map(|(status, codes)| ErrorStatus {
            status,
            description: format!("gRPC code {}.", or_list(&codes)),
        })
        .collect();
    out.push(ErrorStatus {
        status: 413,
        description: "The request body exceeds the gateway's limit (code RESOURCE_EXHAUSTED).".into(),
    });
    out.push(ErrorStatus {
        status: 415,
        description: "The request body is not `application/json` (code INVALID_ARGUMENT).".into(),
    });
    out.push(ErrorStatus {
        status: 502,
        description: "The upstream answer could not be decoded or rendered as JSON (code INTERNAL).".into(),
    });
    out.sort_by_key(|e| e.status);
    out
}

/// `A`, `A or B`, `A, B or C`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `INVALID_ARGUMENT` for `Code::InvalidArgument`.
fn code_name(code: Code) -> String {
    let mut name = String::new();
    for (i, c) in format!("{code:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// The component name of the response for `status`.
fn component_name(status: u16) -> String {
    format!("Error{status}")
}

/// The reusable error responses, by component name.
pub fn components() -> BTreeMap<String, RefOr<Response>> {
    error_statuses()
        .into_iter()
        .map(|e| {
            let mut response = ResponseBuilder::new()
                .description(format!(
                    "{} The body is a `google.rpc.Status` JSON object; errors made by the gateway itself \
                     carry an `x-gateway-error` header naming their kind.",
                    e.description
                ))
                .content(JSON, ContentBuilder::new().schema(Some(ref_to(STATUS))).build())
                .header(
                    GATEWAY_ERROR_HEADER.as_str(),
                    HeaderBuilder::new()
                        .schema(ObjectBuilder::new().schema_type(Type::String))
                        .description(Some("Present when the gateway, not the upstream, made the error."))
                        .build(),
                )
                .header(UPSTREAM_ATTEMPTS_HEADER.as_str(), text_header(ATTEMPTS));
            if e.status == 401 {
                response = response.header(
                    "WWW-Authenticate",
                    HeaderBuilder::new()
                        .schema(ObjectBuilder::new().schema_type(Type::String))
                        .description(Some("`Bearer`"))
                        .build(),
                );
            }
            (component_name(e.status), RefOr::T(response.build()))
        })
        .collect()
}

/// The error responses of an operation: status → `$ref`.
pub fn for_operation(errors: Errors) -> Vec<(String, RefOr<Response>)> {
    error_statuses()
        .into_iter()
        .filter(|e| errors == Errors::WithBody || !matches!(e.status, 413 | 415))
        .map(|e| {
            (
                e.status.to_string(),
                RefOr::Ref(Ref::from_response_name(component_name(e.status))),
            )
        })
        .collect()
}

/// The 200 response: the RPC's response message and the headers the gateway adds to every answer.
pub fn ok(output_type: &str, description: Option<String>) -> Response {
    ResponseBuilder::new()
        .description(description.unwrap_or_else(|| "OK".into()))
        .content(JSON, ContentBuilder::new().schema(Some(ref_to(output_type))).build())
        .header(
            REQUEST_ID_HEADER.as_str(),
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("The request id: the caller's, or one the gateway generated."))
                .build(),
        )
        .header(
            API_VERSION_HEADER.as_str(),
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("The Cloud Ops API version the gateway is pinned to."))
                .build(),
        )
        .header(UPSTREAM_ATTEMPTS_HEADER.as_str(), text_header(ATTEMPTS))
        .build()
}

/// A response header with a string value.
pub fn text_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String))
        .description(Some(description))
        .build()
}

/// The security scheme: `Authorization: Bearer <Temporal Cloud API key>`.
pub fn bearer() -> SecurityScheme {
    SecurityScheme::Http(
        HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("Temporal Cloud API key")
            .description(Some(
                "A Temporal Cloud API key, sent as `Authorization: Bearer <key>` and forwarded upstream unchanged.",
            ))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_statuses_follow_the_gateway_table() {
        let statuses: Vec<u16> = error_statuses().iter().map(|e| e.status).collect();
        assert_eq!(
            statuses,
            [400, 401, 403, 404, 409, 413, 415, 429, 499, 500, 501, 502, 503, 504]
        );
        let bad_request = error_statuses().into_iter().find(|e| e.status == 400).unwrap();
        assert_eq!(
            bad_request.description,
            "gRPC code INVALID_ARGUMENT, FAILED_PRECONDITION or OUT_OF_RANGE."
        );
        assert_eq!(code_name(Code::Unauthenticated), "UNAUTHENTICATED");
    }

    #[test]
    fn body_statuses_only_where_there_is_a_body() {
        let without: Vec<String> = for_operation(Errors::NoBody).into_iter().map(|(s, _)| s).collect();
        assert!(!without.contains(&"415".to_string()));
        let with: Vec<String> = for_operation(Errors::WithBody).into_iter().map(|(s, _)| s).collect();
        assert!(with.contains(&"413".to_string()) && with.contains(&"415".to_string()));
    }
}
