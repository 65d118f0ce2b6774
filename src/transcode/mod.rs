//! HTTP ⇄ protobuf transcoding, generic over the RPC: the JSON body, path parameters and query
//! string are merged into one canonical-JSON object (path wins over body), which pbjson turns into
//! the prost request ([`crate::codec`]); the prost response is rendered as canonical proto3 JSON.

mod fields;
mod normalize;
mod numbers;
mod strict_json;

use std::borrow::Cow;

use http::HeaderMap;
use serde_json::{Map, Value};

use crate::error::GatewayError;
use crate::error::caller_text::{bare, quoted};
use crate::routes::{BodyRule, FieldPath, Route};
use fields::{Merge, SetError, set, value_from_text};

/// The parts of an HTTP request that carry request fields.
pub struct HttpInput<'a> {
    /// Path variable values in template order, as in the request path (percent-encoded).
    pub path: &'a [&'a str],
    /// The raw query string, if any.
    pub query: Option<&'a str>,
    /// Request headers (for Content-Type).
    pub headers: &'a HeaderMap,
    /// The request body.
    pub body: &'a [u8],
}

/// HTTP → gRPC: builds the encoded protobuf request for `route` from `input`.
pub fn request_from_http(route: &Route, input: &HttpInput<'_>) -> Result<Vec<u8>, GatewayError> {
    encode(route, to_json(route, input)?)
}

/// The request JSON of `route` ([`to_json`]) as the encoded protobuf request.
pub fn encode(route: &Route, json: Map<String, Value>) -> Result<Vec<u8>, GatewayError> {
    (route.encode_request)(Value::Object(json)).map_err(|e| {
        let location = if e.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", bare(&e.path))
        };
        GatewayError::InvalidRequest(format!("invalid {} request{location}: {}", route.rpc, e.message))
    })
}

/// gRPC → HTTP: renders the encoded protobuf response of `route` as canonical JSON.
pub fn response_to_json(route: &Route, bytes: &[u8]) -> Result<Vec<u8>, GatewayError> {
    (route.render_response)(bytes)
        .map_err(|e| GatewayError::BadUpstreamResponse(format!("{} response: {e}", route.rpc)))
}

/// The merged JSON request object.
pub fn to_json(route: &Route, input: &HttpInput<'_>) -> Result<Map<String, Value>, GatewayError> {
    let mut root = match route.body {
        BodyRule::None => Map::new(),
        BodyRule::Whole => body_object(route, route.input_type, "", input)?,
        BodyRule::Field(field) => {
            let mut root = Map::new();
            let prefix = format!("{}.", field.json_name());
            let body = body_object(route, &message_type_of(route.input_type, field), &prefix, input)?;
            set_field(&mut root, field, Value::Object(body), Merge::Replace, "body")?;
            root
        }
    };
    for (field, raw) in route.path_params.iter().zip(input.path) {
        let text = percent_decode(raw, false)
            .map_err(|e| GatewayError::InvalidRequest(format!("path parameter {}: {e}", field.json_name())))?;
        let value = value_from_text(field.shape, &text)
            .map_err(|e| GatewayError::InvalidRequest(format!("path parameter {}: {e}", field.json_name())))?;
        set_field(&mut root, field, value, Merge::Replace, "path parameter")?;
    }
    for pair in input.query.unwrap_or_default().split('&') {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key, true)
            .map_err(|e| GatewayError::InvalidRequest(format!("query parameter name {}: {e}", quoted(raw_key))))?;
        if key.is_empty() {
            continue;
        }
        let text = percent_decode(raw_value, true)
            .map_err(|e| GatewayError::InvalidRequest(format!("query parameter {}: {e}", bare(&key))))?;
        let field = route
            .query_params
            .iter()
            .find(|f| f.matches(&key))
            .ok_or_else(|| unknown_query(route, &key))?;
        let value = value_from_text(field.shape, &text)
            .map_err(|e| GatewayError::InvalidRequest(format!("query parameter {key}: {e}")))?;
        let merge = if field.repeated { Merge::Append } else { Merge::Unique };
        set_field(&mut root, field, value, merge, "query parameter")?;
    }
    Ok(root)
}

/// Percent-decodes one path segment or query component (`+` is a space in a query), refusing
/// what does not decode to UTF-8: replacing it would send the upstream something nobody wrote.
fn percent_decode(raw: &str, plus_is_space: bool) -> Result<Cow<'_, str>, &'static str> {
    const NOT_UTF8: &str = "not valid UTF-8 after percent-decoding";
    if plus_is_space && raw.contains('+') {
        let spaced = raw.replace('+', " ");
        let decoded = percent_encoding::percent_decode_str(&spaced).decode_utf8();
        return decoded.map(|text| Cow::Owned(text.into_owned())).map_err(|_| NOT_UTF8);
    }
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| NOT_UTF8)
}

fn set_field(
    root: &mut Map<String, Value>,
    field: &FieldPath,
    value: Value,
    merge: Merge,
    what: &str,
) -> Result<(), GatewayError> {
    set(root, field, value, merge).map_err(|e| {
        let name = field.json_name();
        GatewayError::InvalidRequest(match e {
            SetError::Duplicate => format!("{what} {name} is given more than once"),
            SetError::NotAnObject => format!("{what} {name}: a field on its path is not a JSON object"),
        })
    })
}

fn unknown_query(route: &Route, key: &str) -> GatewayError {
    if route.query_params.is_empty() {
        return GatewayError::InvalidRequest(format!(
            "unknown query parameter {}: {} {} takes no query parameters",
            quoted(key),
            route.verb.method(),
            route.template
        ));
    }
    let accepted: Vec<String> = route.query_params.iter().map(FieldPath::json_name).collect();
    GatewayError::InvalidRequest(format!(
        "unknown query parameter {} for {}; accepted: {}",
        quoted(key),
        route.rpc,
        accepted.join(", ")
    ))
}

/// Full name of the message type of `field` inside `message`.
fn message_type_of(message: &str, field: &FieldPath) -> String {
    let mut current = crate::pb::pool()
        .get_message_by_name(message)
        .expect("route types are in the pool");
    for segment in field.segments {
        let kind = current
            .get_field_by_name(segment.proto)
            .expect("route fields exist")
            .kind();
        current = kind.as_message().expect("body fields are messages").clone();
    }
    current.full_name().to_string()
}

/// Parses the body as a JSON object of message `message`, normalized for pbjson. Empty body = `{}`.
/// `prefix` is where the body sits in the request message (`spec.` for `body: "spec"`).
fn body_object(
    route: &Route,
    message: &str,
    prefix: &str,
    input: &HttpInput<'_>,
) -> Result<Map<String, Value>, GatewayError> {
    if let Some(ct) = input.headers.get(http::header::CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or("<non-ASCII>");
        if !input.body.is_empty() && !is_json(ct) {
            return Err(GatewayError::UnsupportedMediaType {
                given: ct.to_string(),
                expected: "application/json",
            });
        }
    }
    if input.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let mut value = parse_body(input.body)?;
    let descriptor = crate::pb::pool()
        .get_message_by_name(message)
        .expect("route types are in the pool");
    normalize::normalize(&mut value, &descriptor).map_err(|e| {
        let at = format!("{prefix}{}", e.path);
        let at = at.strip_suffix('.').unwrap_or(&at);
        let location = if at.is_empty() {
            String::new()
        } else {
            format!(" at {at}")
        };
        GatewayError::InvalidRequest(format!("invalid {} request{location}: {}", route.rpc, e.reason))
    })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(GatewayError::InvalidRequest(format!(
            "the request body must be a JSON object, got {}",
            json_type(&other)
        ))),
    }
}

/// Parses a request body as one JSON value, refusing duplicate keys (a 400 saying where: the
/// member's path when inside one, and the line and column).
pub fn parse_body(body: &[u8]) -> Result<Value, GatewayError> {
    strict_json::from_slice(body).map_err(|e| {
        let separator = if e.path.is_empty() { ":" } else { "" };
        GatewayError::MalformedJson(format!("malformed JSON body{separator} {e}"))
    })
}

/// `application/json`, `application/<x>+json`, any parameters (charset).
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
