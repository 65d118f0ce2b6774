//! What the gateway's HTTP features add to an operation: the `Prefer: wait` request header and its
//! 202 and 422 answers on routes whose response carries an asynchronous operation, the
//! `Idempotency-Key` request header on mutations that name their operation (src/wait.rs,
//! src/idempotency.rs), `If-None-Match` / 304 on reads of one versioned resource and `If-Match` /
//! 412 on mutations that take a `resource_version` (src/etag.rs), and the headers those carry.

use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Required, Response, ResponseBuilder};

use super::responses::{JSON, text_header};
use super::types::ref_to;
use crate::headers::OPERATION_STATE_HEADER;
use crate::operation_fields;
use crate::routes::{Route, Verb};

/// The request headers of `route`'s operation features.
pub fn header_parameters(route: &Route) -> Vec<Parameter> {
    let fields = operation_fields::of(route);
    let mut parameters = Vec::new();
    if fields.response_operation.is_some() {
        parameters.push(header_parameter(
            "Prefer",
            "`wait=N` (RFC 7240): answer once the operation is over, or after N seconds (at most the \
             gateway's `--max-wait` and the request's deadline), with the latest operation in the \
             response, `Preference-Applied` and `x-operation-state`. FULFILLED is 200, still running \
             202 with `Retry-After`, FAILED, CANCELLED or REJECTED 422. Other preferences are ignored.",
            None,
        ));
    }
    if crate::etag::tags(route) && route.verb == Verb::Get {
        parameters.push(header_parameter(
            "If-None-Match",
            "The resource's `ETag` (`\"<resourceVersion>\"`): 304 with no body while it has not changed.",
            None,
        ));
    }
    if crate::etag::takes_if_match(route) {
        parameters.push(header_parameter(
            "If-Match",
            "The resource's `ETag` (`\"<resourceVersion>\"`): becomes the request's `resourceVersion` (a body \
             value that differs is a 400), and the upstream refusing it as stale is 412.",
            Some(r#"^(W/)?"[^",]+"$"#),
        ));
    }
    if fields.request_id.is_some() && route.verb != Verb::Get {
        parameters.push(header_parameter(
            "Idempotency-Key",
            "Becomes the request's `asyncOperationId` (a body value that differs is a 400): the same \
             key sent again applies the change once. Without either, the gateway sets a fresh UUID, \
             which the response's operation reports.",
            Some(r#"^("[^"]+"|[^"]+)$"#),
        ));
    }
    parameters
}

/// The answers a `Prefer: wait` adds to `route`'s 200, whose message is `output_type`.
pub fn wait_responses(route: &Route) -> Vec<(&'static str, Response)> {
    if operation_fields::of(route).response_operation.is_none() {
        return Vec::new();
    }
    let answer = |description: &str, running: bool| {
        let mut response = ResponseBuilder::new()
            .description(description)
            .content(
                JSON,
                ContentBuilder::new().schema(Some(ref_to(route.output_type))).build(),
            )
            .header(
                "Preference-Applied",
                text_header("`wait=N`: the wait the gateway applied, in seconds."),
            )
            .header(
                OPERATION_STATE_HEADER.as_str(),
                text_header("The operation's state when the wait ended (`STATE_FULFILLED`, …)."),
            );
        if running {
            response = response.header(
                "Retry-After",
                text_header("Seconds until the operation is worth polling again."),
            );
        }
        response.build()
    };
    vec![
        (
            "202",
            answer(
                "With `Prefer: wait`: the wait ran out while the operation was still pending or in progress; \
                 the response holds its latest state.",
                true,
            ),
        ),
        (
            "422",
            answer(
                "With `Prefer: wait`: the request was accepted, but its operation ended FAILED, CANCELLED or \
                 REJECTED (`failureReason` says why).",
                false,
            ),
        ),
    ]
}

/// An optional header parameter; `pattern` is what the gateway accepts, when it checks the value.
fn header_parameter(name: &str, description: &str, pattern: Option<&str>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).pattern(pattern)))
        .build()
}

/// The answers conditional requests add: 304 (`If-None-Match`) and 412 (`If-Match`).
pub fn conditional_responses(route: &Route) -> Vec<(&'static str, Response)> {
    let mut answers = Vec::new();
    if crate::etag::tags(route) && route.verb == Verb::Get {
        let not_modified = ResponseBuilder::new()
            .description("With `If-None-Match`: the resource has not changed since that `ETag`; no body.")
            .header("ETag", text_header("The resource's entity tag."))
            .build();
        answers.push(("304", not_modified));
    }
    if crate::etag::takes_if_match(route) {
        let failed = ResponseBuilder::new()
            .description(
                "With `If-Match`: the upstream refused the version as stale (its ABORTED or FAILED_PRECONDITION \
                 status, as a `google.rpc.Status`).",
            )
            .content(
                JSON,
                ContentBuilder::new()
                    .schema(Some(ref_to(super::schemas::STATUS)))
                    .build(),
            )
            .build();
        answers.push(("412", failed));
    }
    answers
}

/// The headers features add to `route`'s 200: `Link` on lists, `ETag` on one versioned resource.
pub fn ok_headers(route: &Route) -> Vec<(String, Header)> {
    let mut headers = Vec::new();
    if crate::paging::links(route) {
        headers.push((
            "Link".to_string(),
            text_header("`<same path and query with pageToken=nextPageToken>; rel=\"next\"` (RFC 8288) while there are more pages."),
        ));
    }
    if crate::etag::tags(route) {
        headers.push((
            "ETag".to_string(),
            text_header("`\"<resourceVersion>\"` of the resource: for `If-None-Match` and `If-Match`."),
        ));
    }
    headers
}
