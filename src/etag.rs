//! Resources as HTTP resources (RFC 9110 §8.8.3, §13): an answer whose message holds one resource
//! with a `resource_version` carries `ETag: "<resource_version>"`, and a GET with a matching
//! `If-None-Match` is answered 304 with no body. On a mutation whose request has a
//! `resource_version` field, `If-Match: "<version>"` fills it (a body or query value that differs is
//! a 400), and an upstream refusal of that version (ABORTED or FAILED_PRECONDITION) becomes
//! 412 Precondition Failed. All from the descriptors: no resource is named here.

use std::collections::HashMap;
use std::sync::LazyLock;

use http::{HeaderMap, HeaderValue, header};
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value};

use crate::error::GatewayError;
use crate::error::caller_text::quoted;
use crate::routes::{ROUTES, Route, Verb};

/// The version field of a resource and of a mutation's request.
const VERSION_FIELD: &str = "resource_version";

/// Where the version of `route`'s resource sits in its response: (field number of the resource,
/// field number of its `resource_version`), for responses with exactly one such resource.
static VERSION_PATH: LazyLock<HashMap<&'static str, (u32, u32)>> = LazyLock::new(|| {
    let pool = crate::pb::pool();
    ROUTES
        .iter()
        .filter_map(|route| Some((route.rpc, version_path(&pool.get_message_by_name(route.output_type)?)?)))
        .collect()
});

fn version_path(response: &MessageDescriptor) -> Option<(u32, u32)> {
    let (field, resource) = versioned_resource(response)?;
    Some((field.number(), resource.get_field_by_name(VERSION_FIELD)?.number()))
}

/// The one field of `response` that holds a resource with a string `resource_version` (not a
/// list), and the resource's message; `None` when there is no such field or more than one.
pub fn versioned_resource(response: &MessageDescriptor) -> Option<(FieldDescriptor, MessageDescriptor)> {
    let mut resources = response.fields().filter_map(|field| {
        let Kind::Message(resource) = field.kind() else {
            return None;
        };
        let version = resource.get_field_by_name(VERSION_FIELD)?;
        (!field.is_list() && version.kind() == Kind::String).then_some((field, resource))
    });
    let only = resources.next()?;
    resources.next().is_none().then_some(only)
}

/// Whether `route`'s answers carry an `ETag` (one versioned resource in the response).
pub fn tags(route: &Route) -> bool {
    VERSION_PATH.contains_key(route.rpc)
}

/// Whether `route` takes `If-Match`: a mutation whose request has a `resource_version`.
pub fn takes_if_match(route: &Route) -> bool {
    route.verb != Verb::Get
        && crate::pb::pool()
            .get_message_by_name(route.input_type)
            .and_then(|m| m.get_field_by_name(VERSION_FIELD))
            .is_some()
}

/// The `ETag` of `route`'s encoded answer, if it holds one versioned resource.
pub fn of_response(route: &Route, response: &[u8]) -> Option<HeaderValue> {
    let (resource, version) = *VERSION_PATH.get(route.rpc)?;
    let version = crate::wire::string(crate::wire::length_delimited(response, resource)?, version)?;
    let tag = format!("\"{version}\"");
    // etagc: visible ASCII but `"`; a version outside it gets no tag rather than a broken one.
    let valid = !version.is_empty() && version.bytes().all(|b| b == 0x21 || (0x23..=0x7e).contains(&b));
    valid.then(|| HeaderValue::from_str(&tag).ok()).flatten()
}

/// Whether a GET's `If-None-Match` matches `etag` (weak comparison, RFC 9110 §13.1.2; `*` matches).
pub fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = opaque(etag.to_str().unwrap_or_default());
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || opaque(tag) == ours)
}

/// Applies `If-Match` to a mutation's request JSON: sets its `resource_version`. Returns whether
/// the caller pinned a version that way (a later refusal is then 412).
pub fn apply_if_match(
    route: &Route,
    headers: &HeaderMap,
    request: &mut Map<String, Value>,
) -> Result<bool, GatewayError> {
    let Some(version) = if_match(route, headers)? else {
        return Ok(false);
    };
    let given = ["resourceVersion", VERSION_FIELD]
        .iter()
        .find_map(|name| request.get(*name).and_then(Value::as_str).filter(|s| !s.is_empty()));
    if let Some(given) = given.filter(|given| *given != version) {
        return Err(GatewayError::InvalidRequest(format!(
            "If-Match: {} differs from the request's resourceVersion {}: send one of them, or the same value",
            quoted(version),
            quoted(given)
        )));
    }
    request.remove(VERSION_FIELD);
    request.insert("resourceVersion".into(), Value::String(version.to_string()));
    Ok(true)
}

/// The version a mutation of `route` pins with `If-Match`, if it has the header: exactly one
/// entity tag, on a route whose request has a `resource_version` (a 400 otherwise).
pub fn if_match<'h>(route: &Route, headers: &'h HeaderMap) -> Result<Option<&'h str>, GatewayError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let invalid = |why: String| GatewayError::InvalidRequest(format!("If-Match: {why}"));
    let text = value.to_str().map_err(|_| invalid("not visible ASCII".into()))?.trim();
    if !takes_if_match(route) {
        return Err(invalid(format!("{} takes no resource_version", route.rpc)));
    }
    if text.contains(',') || text == "*" {
        return Err(invalid("give exactly one entity tag, the resource's ETag".into()));
    }
    let version = opaque(text);
    if version.is_empty() || !(text.starts_with('"') || text.starts_with("W/\"")) || !text.ends_with('"') {
        return Err(invalid(format!(
            "{} is not an entity tag (\"<resourceVersion>\")",
            quoted(text)
        )));
    }
    Ok(Some(version))
}

/// An entity tag's opaque part: `"v1"` and `W/"v1"` are both `v1`.
fn opaque(tag: &str) -> &str {
    tag.trim().trim_start_matches("W/").trim_matches('"')
}

/// The answer to a refused precondition: the upstream's status, as 412.
pub fn precondition_failed(error: GatewayError) -> GatewayError {
    match error {
        GatewayError::Upstream(status)
            if matches!(status.code(), tonic::Code::Aborted | tonic::Code::FailedPrecondition) =>
        {
            GatewayError::PreconditionFailed(status)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::by_rpc;

    #[test]
    fn single_resources_are_tagged_lists_and_operations_are_not() {
        assert!(tags(by_rpc("GetUser").unwrap()));
        assert!(tags(by_rpc("GetNamespace").unwrap()));
        assert!(!tags(by_rpc("GetUsers").unwrap()));
        assert!(!tags(by_rpc("CreateUser").unwrap()));
        assert!(takes_if_match(by_rpc("UpdateUser").unwrap()));
        assert!(takes_if_match(by_rpc("DeleteNamespace").unwrap()));
        assert!(!takes_if_match(by_rpc("GetUser").unwrap()));
        assert!(!takes_if_match(by_rpc("CreateUser").unwrap()));
    }

    #[test]
    fn versions_quoted_back_are_capped() {
        let update = by_rpc("UpdateUser").unwrap();
        let long = "v".repeat(10_000);
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, long.parse().unwrap());
        let message = if_match(update, &headers).unwrap_err().message();
        assert!(
            message.contains("…\" (10000 bytes) is not an entity tag"),
            "{message:.400}"
        );
        headers.insert(header::IF_MATCH, format!("\"{long}\"").parse().unwrap());
        let mut request = Map::from_iter([("resourceVersion".to_string(), Value::String(format!("{long}w")))]);
        let message = apply_if_match(update, &headers, &mut request).unwrap_err().message();
        assert!(
            message.contains("(10000 bytes) differs") && message.contains("(10001 bytes):"),
            "{message:.600}"
        );
        assert!(message.len() < 1024, "{} bytes", message.len());
    }

    #[test]
    fn entity_tags_compare_by_their_opaque_part() {
        assert_eq!(opaque("\"v1\""), "v1");
        assert_eq!(opaque("W/\"v1\""), "v1");
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, "\"a\", W/\"v1\"".parse().unwrap());
        assert!(not_modified(&headers, &HeaderValue::from_static("\"v1\"")));
        assert!(!not_modified(&headers, &HeaderValue::from_static("\"v2\"")));
    }
}
