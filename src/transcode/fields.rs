//! Setting a value at a [`FieldPath`] inside a JSON request object, and converting path/query text
//! into the JSON a field of a given [`Shape`] expects.

use serde_json::{Map, Value};

use super::numbers::{Floating, floating_text};
use crate::error::caller_text::quoted;
use crate::routes::{FieldPath, Shape};

/// Converts the text of a path or query parameter into the JSON value for a field of `shape`.
/// The error says what was expected (quoting the text, capped); the caller adds which parameter
/// it was.
pub fn value_from_text(shape: Shape, text: &str) -> Result<Value, String> {
    fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<Value, String> {
        text.parse::<T>()
            .map(|_| Value::String(text.to_string()))
            .map_err(|_| format!("expected {what}, got {}", quoted(text)))
    }
    match shape {
        Shape::String | Shape::Bytes | Shape::Message => Ok(Value::String(text.to_string())),
        Shape::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("expected true or false, got {}", quoted(text))),
        },
        Shape::Int32 => number::<i32>(text, "a 32-bit integer"),
        Shape::Int64 => number::<i64>(text, "a 64-bit integer"),
        Shape::Uint32 => number::<u32>(text, "an unsigned 32-bit integer"),
        Shape::Uint64 => number::<u64>(text, "an unsigned 64-bit integer"),
        Shape::Float => floating_text(text, Floating::Float).map(|()| Value::String(text.to_string())),
        Shape::Double => floating_text(text, Floating::Double).map(|()| Value::String(text.to_string())),
        Shape::Enum(values) => {
            if let Some((name, _)) = values.iter().find(|(name, _)| *name == text) {
                return Ok(Value::String((*name).to_string()));
            }
            if let Ok(n) = text.parse::<i32>()
                && let Some((name, _)) = values.iter().find(|(_, number)| *number == n)
            {
                return Ok(Value::String((*name).to_string()));
            }
            let names: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
            Err(format!(
                "expected one of {} (or its number), got {}",
                names.join(", "),
                quoted(text)
            ))
        }
        Shape::Timestamp => crate::wkt::Timestamp::parse_rfc3339(text).map(|_| Value::String(text.to_string())),
        Shape::Duration => crate::wkt::Duration::parse(text).map(|_| Value::String(text.to_string())),
    }
}

/// How `set` treats a value already present at the field.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Replace it (path parameters win over the body).
    Replace,
    /// Append to the list (a repeated query parameter given several times).
    Append,
    /// Fail if present (a singular query parameter given twice, or also in the body).
    Unique,
}

/// Sets `value` at `field` inside `root`, creating intermediate objects. Keys are normalised to the
/// JSON name: a twin under the proto name is removed, so pbjson never sees the field twice.
pub fn set(root: &mut Map<String, Value>, field: &FieldPath, value: Value, merge: Merge) -> Result<(), SetError> {
    let (leaf, parents) = field.segments.split_last().expect("field paths are non-empty");
    let mut object = root;
    for segment in parents {
        let parent = match take_twin(object, segment.proto, segment.json) {
            None => Value::Object(Map::new()),
            Some(v @ Value::Object(_)) => v,
            Some(other) => {
                object.insert(segment.json.to_string(), other);
                return Err(SetError::NotAnObject);
            }
        };
        let slot = object.entry(segment.json.to_string()).or_insert(parent);
        object = slot.as_object_mut().expect("inserted as an object");
    }
    let existing = take_twin(object, leaf.proto, leaf.json);
    let new = match (merge, existing) {
        (_, None) => value,
        (Merge::Replace, Some(_)) => value,
        (Merge::Append, Some(Value::Array(mut items))) => {
            items.push(value);
            Value::Array(items)
        }
        (Merge::Append, Some(_)) | (Merge::Unique, Some(_)) => return Err(SetError::Duplicate),
    };
    let new = match (merge, field.repeated, new) {
        (Merge::Append, true, Value::Array(items)) => Value::Array(items),
        (_, true, other) => Value::Array(vec![other]),
        (_, false, other) => other,
    };
    object.insert(leaf.json.to_string(), new);
    Ok(())
}

/// Why a value could not be set.
#[derive(Debug, PartialEq, Eq)]
pub enum SetError {
    /// The field already has a value and may not get another.
    Duplicate,
    /// A parent of the field holds something other than an object.
    NotAnObject,
}

/// Removes and returns the value under either name (JSON name preferred), treating `null` as absent.
fn take_twin(object: &mut Map<String, Value>, proto: &str, json: &str) -> Option<Value> {
    let by_json = object.remove(json);
    let by_proto = if proto == json { None } else { object.remove(proto) };
    by_json.or(by_proto).filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::Segment;
    use serde_json::json;

    const SPEC_NAME: FieldPath = FieldPath {
        segments: &[
            Segment {
                proto: "spec",
                json: "spec",
            },
            Segment {
                proto: "display_name",
                json: "displayName",
            },
        ],
        shape: Shape::String,
        repeated: false,
    };
    const STATES: FieldPath = FieldPath {
        segments: &[Segment {
            proto: "states",
            json: "states",
        }],
        shape: Shape::Int32,
        repeated: true,
    };

    #[test]
    fn set_creates_parents_and_replaces_proto_name_twin() {
        let mut root = json!({"spec": {"display_name": "from body", "other": 1}})
            .as_object()
            .unwrap()
            .clone();
        set(&mut root, &SPEC_NAME, json!("from path"), Merge::Replace).unwrap();
        assert_eq!(
            Value::Object(root),
            json!({"spec": {"displayName": "from path", "other": 1}})
        );
        let mut empty = Map::new();
        set(&mut empty, &SPEC_NAME, json!("x"), Merge::Replace).unwrap();
        assert_eq!(Value::Object(empty), json!({"spec": {"displayName": "x"}}));
    }

    #[test]
    fn set_appends_repeated_and_refuses_duplicate_singular() {
        let mut root = Map::new();
        set(&mut root, &STATES, json!("1"), Merge::Append).unwrap();
        set(&mut root, &STATES, json!("2"), Merge::Append).unwrap();
        assert_eq!(Value::Object(root), json!({"states": ["1", "2"]}));
        let mut root = Map::new();
        set(&mut root, &SPEC_NAME, json!("a"), Merge::Unique).unwrap();
        assert!(set(&mut root, &SPEC_NAME, json!("b"), Merge::Unique).is_err());
    }

    #[test]
    fn text_conversion_checks_each_shape() {
        let colors: Shape = Shape::Enum(&[("COLOR_UNSPECIFIED", 0), ("COLOR_RED", 1)]);
        assert_eq!(value_from_text(colors, "COLOR_RED").unwrap(), json!("COLOR_RED"));
        assert_eq!(value_from_text(colors, "1").unwrap(), json!("COLOR_RED"));
        assert!(value_from_text(colors, "7").unwrap_err().contains("COLOR_RED"));
        assert_eq!(value_from_text(Shape::Bool, "true").unwrap(), json!(true));
        assert!(value_from_text(Shape::Bool, "yes").is_err());
        assert_eq!(
            value_from_text(Shape::Int64, "-9007199254740993").unwrap(),
            json!("-9007199254740993")
        );
        assert!(value_from_text(Shape::Int32, "2147483648").is_err());
        assert!(value_from_text(Shape::Uint64, "-1").is_err());
        assert!(value_from_text(Shape::Timestamp, "2024-01-01T00:00:00Z").is_ok());
        assert!(value_from_text(Shape::Timestamp, "2024-01-01").is_err());
        assert!(value_from_text(Shape::Duration, "1.5s").is_ok());
        assert_eq!(value_from_text(Shape::Double, "Infinity").unwrap(), json!("Infinity"));
        assert_eq!(value_from_text(Shape::Double, "1e300").unwrap(), json!("1e300"));
        assert!(
            value_from_text(Shape::Double, "1e400")
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            value_from_text(Shape::Float, "1e39")
                .unwrap_err()
                .contains("out of range")
        );
    }

    #[test]
    fn text_quoted_back_is_capped() {
        let huge = "y".repeat(1 << 20);
        for shape in [
            Shape::Bool,
            Shape::Int32,
            Shape::Uint64,
            Shape::Double,
            Shape::Enum(&[("COLOR_RED", 1)]),
            Shape::Timestamp,
            Shape::Duration,
        ] {
            let error = value_from_text(shape, &huge).unwrap_err();
            assert!(error.len() < 1024, "{shape:?}: {} bytes", error.len());
            assert!(error.contains("…\" (1048576 bytes)"), "{shape:?}: {error:.400}");
        }
    }
}
