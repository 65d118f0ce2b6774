//! JSON parsing that refuses a key given twice in one object (`{"name": "a", "name": "b"}`):
//! `serde_json::Value` keeps the last and silently drops the first, and the gateway never drops
//! data. Otherwise the same as `serde_json::from_slice`, with serde_json's line and column, and
//! with where in the document a refusal happened (`spec.regions[2]`): a number too large for any
//! JSON number type (`1e400`) is refused by the parser, before any field is known, and the path
//! is what names the field. Keys quoted back are capped ([`crate::error::caller_text`]).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::caller_text::{bare, quoted};

/// A document that is not JSON, or has a key twice: serde_json's error and where it happened.
#[derive(Debug)]
pub struct StrictError {
    /// serde_json's error, with line and column.
    pub error: serde_json::Error,
    /// The member or item being parsed, `spec.regions[2]` (capped); empty at the top.
    pub path: String,
}

impl fmt::Display for StrictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.error)
        } else {
            write!(f, "at {}: {}", self.path, self.error)
        }
    }
}

/// One step of a path into the document.
enum Step {
    Key(String),
    Index(usize),
}

/// Parses `bytes` as one JSON value, refusing duplicate keys.
pub fn from_slice(bytes: &[u8]) -> Result<Value, StrictError> {
    let mut path = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = Strict { path: &mut path }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| StrictError {
        error,
        path: render(&path),
    })
}

/// `spec.regions[2]`, capped.
fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    bare(&out).to_string()
}

/// Parses one value strictly; on an error, `path` is left pointing at where it happened.
struct Strict<'p> {
    path: &'p mut Vec<Step>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity, so every parsed float is representable.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.path.push(Step::Index(items.len()));
            let item = seq.next_element_seed(Strict { path: &mut *self.path })?;
            self.path.pop();
            match item {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key {}", quoted(&key))));
            }
            self.path.push(Step::Key(key));
            let value = map.next_value_seed(Strict { path: &mut *self.path })?;
            let Some(Step::Key(key)) = self.path.pop() else {
                unreachable!("the key pushed above")
            };
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_serde_json() {
        let text = br#"{"a": [1, -2, 3.5, "x", true, null, {"b": {}}], "c": 18446744073709551615}"#;
        assert_eq!(
            from_slice(text).unwrap(),
            serde_json::from_slice::<Value>(text).unwrap()
        );
    }

    #[test]
    fn a_key_given_twice_is_refused_with_its_name_and_position() {
        let error = from_slice(br#"{"spec": {"name": "a", "name": "b"}}"#).unwrap_err();
        assert_eq!(error.to_string(), "at spec: duplicate key \"name\" at line 1 column 29");
        assert!(
            from_slice(br#"[{"k": 1}, {"k": 2}]"#).is_ok(),
            "the same key in two objects is fine"
        );
        assert!(from_slice(br#"{"a": 1} x"#).is_err(), "trailing characters");
        let long = "k".repeat(100_000);
        let error = from_slice(format!(r#"{{"{long}": 1, "{long}": 2}}"#).as_bytes()).unwrap_err();
        let expected = format!("duplicate key \"{}…\" (100000 bytes) at line 1 column", "k".repeat(256));
        assert!(error.to_string().starts_with(&expected), "{:.400}", error.to_string());
    }

    #[test]
    fn an_error_says_where_in_the_document_it_happened() {
        let error = from_slice(br#"{"spec": {"regions": ["a", 1e400]}}"#).unwrap_err();
        assert_eq!(error.path, "spec.regions[1]");
        assert!(
            error
                .to_string()
                .starts_with("at spec.regions[1]: number out of range at line 1"),
            "{error}"
        );
        assert_eq!(from_slice(b"[1, [2, -1e999]]").unwrap_err().path, "[1][1]");
        assert_eq!(from_slice(b"{\"a\": 1} x").unwrap_err().path, "", "after the document");
        let long = "k".repeat(10_000);
        let error = from_slice(format!(r#"{{"{long}": {{"b": tru}}}}"#).as_bytes()).unwrap_err();
        assert_eq!(error.path, format!("{}… (10002 bytes)", "k".repeat(256)));
    }
}
