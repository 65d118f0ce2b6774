//! A case made from the descriptors for every route that has no hand-written one, so a proto
//! upgrade's new RPCs are exercised end to end before anyone writes their cases: every path
//! variable bound, every top-level scalar a query parameter (GET, DELETE) or every field two
//! levels deep in the body (POST), and an answer with every field two levels deep. Fields in a
//! oneof, maps and well-known types other than Timestamp and Duration are left unset.

use cloud_ops_gateway::routes::{BodyRule, FieldPath, Route};
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value};

use super::RouteCase;

/// How deep the body and the answer are filled.
const DEPTH: usize = 2;

/// The case for `route`, leaked: cases live for the whole test run.
pub fn case(route: &'static Route) -> &'static RouteCase {
    let pool = cloud_ops_gateway::pb::pool();
    let input = pool.get_message_by_name(route.input_type).unwrap();
    let output = pool.get_message_by_name(route.output_type).unwrap();

    let mut expected = Map::new();
    let mut path = route.axum_path.to_string();
    for (i, param) in route.path_params.iter().enumerate() {
        let value = format!("sample-{}", param.proto_name().replace(['_', '.'], "-"));
        path = path.replace(&format!("{{p{i}}}"), &value);
        set(&mut expected, param, Value::String(value));
    }
    let (query, body) = match route.body {
        BodyRule::None => {
            let mut pairs = Vec::new();
            for (name, value) in message(&input, 0) {
                let bindable = route
                    .query_params
                    .iter()
                    .any(|p| p.segments.len() == 1 && p.matches(&name));
                if !bindable || value.is_array() || expected.contains_key(&name) {
                    continue;
                }
                let text = match &value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                pairs.push(format!("{name}={text}"));
                expected.insert(name, value);
            }
            (pairs, None)
        }
        BodyRule::Whole => {
            let mut body = message(&input, DEPTH);
            for param in route.path_params {
                body.remove(param.segments[0].json);
            }
            for (name, value) in &body {
                expected.insert(name.clone(), value.clone());
            }
            (Vec::new(), Some(Value::Object(body)))
        }
        BodyRule::Field(field) => {
            let descriptor = input.get_field_by_json_name(field.segments[0].json).unwrap();
            let body = sample(&descriptor, DEPTH).unwrap_or(Value::Object(Map::new()));
            set(&mut expected, field, body.clone());
            (Vec::new(), Some(body))
        }
    };
    let uri = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    Box::leak(Box::new(RouteCase {
        rpc: route.rpc,
        method: leak(route.verb.method().as_str().to_string()),
        uri: leak(uri),
        body: body.map(|b| leak(b.to_string())),
        upstream_request: leak(Value::Object(expected).to_string()),
        upstream_response: leak(Value::Object(message(&output, DEPTH)).to_string()),
    }))
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// Sets the (possibly nested) field `path` of `object` to `value`.
fn set(object: &mut Map<String, Value>, path: &FieldPath, value: Value) {
    let (last, outer) = path.segments.split_last().unwrap();
    let mut at = object;
    for segment in outer {
        at = at
            .entry(segment.json)
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .unwrap();
    }
    at.insert(last.json.to_string(), value);
}

/// Every sampled field of a message, by JSON name; nested messages `depth` levels deep.
fn message(descriptor: &MessageDescriptor, depth: usize) -> Map<String, Value> {
    descriptor
        .fields()
        .filter(|f| f.containing_oneof().is_none() && !f.is_map())
        .filter_map(|f| {
            let value = sample(&f, depth)?;
            Some((
                f.json_name().to_string(),
                if f.is_list() { Value::Array(vec![value]) } else { value },
            ))
        })
        .collect()
}

/// A canonical-JSON sample value of a field's type; None for the types left unset.
fn sample(field: &FieldDescriptor, depth: usize) -> Option<Value> {
    match field.kind() {
        Kind::String => Some(Value::String(format!("sample-{}", field.name().replace('_', "-")))),
        Kind::Bytes => Some("c2FtcGxl".into()),
        Kind::Bool => Some(true.into()),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 | Kind::Uint32 | Kind::Fixed32 => Some(7.into()),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 | Kind::Uint64 | Kind::Fixed64 => Some("7".into()),
        Kind::Float | Kind::Double => Some(1.5.into()),
        Kind::Enum(e) => e.values().find(|v| v.number() != 0).map(|v| v.name().into()),
        Kind::Message(m) => match m.full_name() {
            "google.protobuf.Timestamp" => Some("2026-01-02T03:04:05Z".into()),
            "google.protobuf.Duration" => Some("5s".into()),
            name if name.starts_with("google.protobuf.") || depth == 0 => None,
            _ => Some(Value::Object(message(&m, depth - 1))).filter(|v| v.as_object().is_some_and(|o| !o.is_empty())),
        },
    }
}
