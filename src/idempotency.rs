//! Every mutation carries an operation id, so that it applies at most once however often it is
//! sent. For a non-GET route whose request has an `async_operation_id`: an `Idempotency-Key`
//! header becomes that id (a body or query value that differs is a 400); without either, the
//! gateway sets a fresh UUID, which the upstream reports back in the response's operation. The
//! gateway's own retries of a mutation ([`crate::retry`]) rely on it.

use http::HeaderMap;
use serde_json::{Map, Value};

use crate::error::GatewayError;
use crate::error::caller_text::quoted;
use crate::headers::IDEMPOTENCY_KEY_HEADER;
use crate::operation_fields;
use crate::routes::{Route, Verb};

/// Sets the operation id of a mutation's request JSON `request`. Returns whether the request now
/// carries one (always, for a route with the field).
pub fn apply(route: &Route, headers: &HeaderMap, request: &mut Map<String, Value>) -> Result<bool, GatewayError> {
    let key = header_key(headers)?;
    let field = match &operation_fields::of(route).request_id {
        Some(field) if route.verb != Verb::Get => field,
        _ if key.is_some() => {
            return Err(GatewayError::InvalidRequest(format!(
                "Idempotency-Key: {} has no operation id to set (only mutations with an async_operation_id take one)",
                route.rpc
            )));
        }
        _ => return Ok(false),
    };
    let (json, proto) = (field.0.as_str(), field.1.as_str());
    let present = [json, proto]
        .iter()
        .filter_map(|name| request.get(*name))
        .find(|v| !v.is_null());
    if present.is_some_and(|v| !v.is_string()) {
        return Ok(true); // not a string: the encoder refuses it, naming the field
    }
    let given = [json, proto]
        .iter()
        .find_map(|name| request.get(*name).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .map(str::to_string);
    let id = match (key, given) {
        (Some(key), Some(given)) if key != given => {
            return Err(GatewayError::InvalidRequest(format!(
                "Idempotency-Key {} differs from the request's {json} {}: send one of them, or the same value",
                quoted(&key),
                quoted(&given)
            )));
        }
        (Some(key), _) => key,
        (None, Some(given)) => given,
        (None, None) => uuid::Uuid::new_v4().to_string(),
    };
    request.remove(proto);
    request.insert(json.to_string(), Value::String(id));
    Ok(true)
}

/// The `Idempotency-Key` value: a string, bare or as a structured-field string (`"…"`), not empty.
fn header_key(headers: &HeaderMap) -> Result<Option<String>, GatewayError> {
    let mut values = headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    let invalid = |why: &str| GatewayError::InvalidRequest(format!("Idempotency-Key: {why}"));
    if values.next().is_some() {
        return Err(invalid("given more than once"));
    }
    let text = value.to_str().map_err(|_| invalid("not visible ASCII"))?.trim();
    let text = match text.strip_prefix('"') {
        Some(rest) => rest
            .strip_suffix('"')
            .ok_or_else(|| invalid("unterminated quoted string"))?,
        None => text,
    };
    if text.is_empty() {
        return Err(invalid("empty"));
    }
    Ok(Some(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::by_rpc;
    use serde_json::json;

    fn run(rpc: &str, key: Option<&str>, body: Value) -> Result<Map<String, Value>, GatewayError> {
        let mut headers = HeaderMap::new();
        if let Some(key) = key {
            headers.insert(IDEMPOTENCY_KEY_HEADER, key.parse().unwrap());
        }
        let mut request = body.as_object().unwrap().clone();
        apply(by_rpc(rpc).unwrap(), &headers, &mut request)?;
        Ok(request)
    }

    #[test]
    fn a_mutation_always_leaves_with_an_operation_id() {
        let filled = run("CreateUser", None, json!({"spec": {}})).unwrap();
        let id = filled["asyncOperationId"].as_str().unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
        let kept = run("CreateUser", None, json!({"async_operation_id": "mine"})).unwrap();
        assert_eq!(kept, json!({"asyncOperationId": "mine"}).as_object().unwrap().clone());
        let keyed = run("CreateUser", Some("\"k-1\""), json!({})).unwrap();
        assert_eq!(keyed["asyncOperationId"], "k-1");
        assert!(run("CreateUser", Some("k-1"), json!({"asyncOperationId": "k-1"})).is_ok());
    }

    #[test]
    fn a_key_that_contradicts_the_body_or_has_no_field_is_refused() {
        let differs = run("CreateUser", Some("k-1"), json!({"asyncOperationId": "k-2"})).unwrap_err();
        assert!(differs.message().contains("differs"), "{}", differs.message());
        let long = "k".repeat(10_000);
        let capped = run(
            "CreateUser",
            Some(&long),
            json!({"asyncOperationId": long.clone() + "x"}),
        )
        .unwrap_err();
        let message = capped.message();
        assert!(
            message.contains("(10000 bytes) differs") && message.contains("(10001 bytes):"),
            "{message:.600}"
        );
        assert!(message.len() < 1024, "{} bytes", message.len());
        let read = run("GetUsers", Some("k-1"), json!({})).unwrap_err();
        assert!(read.message().contains("GetUsers"), "{}", read.message());
        assert!(run("CreateUser", Some("\""), json!({})).is_err());
        assert!(run("CreateUser", Some("\"\""), json!({})).is_err());
    }

    #[test]
    fn reads_are_left_alone() {
        let poll = run("GetAsyncOperation", None, json!({"asyncOperationId": "op"})).unwrap();
        assert_eq!(poll, json!({"asyncOperationId": "op"}).as_object().unwrap().clone());
        assert_eq!(run("GetUsers", None, json!({})).unwrap(), Map::new());
    }
}
