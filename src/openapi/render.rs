//! Deterministic text of the document. utoipa keeps extensions in a `HashMap` (random order per
//! process) and serde_json's map order depends on crate features, so the document is first turned
//! into a `serde_json::Value` and then written with an explicit key order: OpenAPI keywords in their
//! conventional order (`openapi`, `info`, … ; `summary`, `description`, `operationId`, …), everything
//! else alphabetically, and the members of name-keyed maps (`paths`, `properties`, `schemas`, …)
//! alphabetically. The same order is used for JSON and YAML.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Keywords in the order they are written; keys not listed follow, alphabetically, extensions last.
const KEYWORD_ORDER: &[&str] = &[
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "paths",
    "components",
    "name",
    "in",
    "required",
    "title",
    "version",
    "url",
    "summary",
    "description",
    "operationId",
    "deprecated",
    "externalDocs",
    "$ref",
    "type",
    "format",
    "pattern",
    "enum",
    "minimum",
    "maximum",
    "contentEncoding",
    "examples",
    "items",
    "properties",
    "propertyNames",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "schema",
    "parameters",
    "requestBody",
    "responses",
    "headers",
    "content",
    "scheme",
    "bearerFormat",
    "securitySchemes",
    "schemas",
];

/// Keys whose value is a map from names (paths, property names, status codes…) to objects.
const NAME_MAPS: &[&str] = &[
    "paths",
    "properties",
    "schemas",
    "responses",
    "securitySchemes",
    "headers",
    "content",
    "x-oneof",
];

/// Pretty JSON with a trailing newline.
pub fn json(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&Ordered::new(document)).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// YAML (ends with a newline).
pub fn yaml(document: &Value) -> String {
    serde_norway::to_string(&Ordered::new(document)).expect("a JSON value serializes as YAML")
}

/// A value written with the key order above.
struct Ordered<'a> {
    value: &'a Value,
    /// Whether this object is a name-keyed map rather than an OpenAPI object.
    name_map: bool,
}

impl<'a> Ordered<'a> {
    fn new(value: &'a Value) -> Self {
        Self { value, name_map: false }
    }
}

fn rank(key: &str) -> (usize, bool, &str) {
    let position = KEYWORD_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(KEYWORD_ORDER.len());
    (position, key.starts_with("x-"), key)
}

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                if self.name_map {
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                } else {
                    entries.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)));
                }
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    let name_map = !self.name_map && NAME_MAPS.contains(&key.as_str());
                    out.serialize_entry(key, &Ordered { value, name_map })?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Ordered::new(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keywords_first_in_convention_order_names_alphabetical() {
        let doc = json!({
            "paths": {"/b": {}, "/a": {}},
            "x-ext": 1,
            "info": {"version": "1", "title": "t"},
            "openapi": "3.1.0",
            "components": {"schemas": {"Z": {"type": "object", "properties": {"type": {}, "name": {}, "a": {}}}}},
        });
        let text = json(&doc);
        let order = |needles: &[&str]| {
            let positions: Vec<usize> = needles.iter().map(|n| text.find(n).unwrap()).collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{needles:?} in\n{text}");
        };
        order(&["\"openapi\"", "\"info\"", "\"paths\"", "\"components\"", "\"x-ext\""]);
        order(&["\"title\"", "\"version\""]);
        order(&["\"/a\"", "\"/b\""]);
        order(&["\"a\": {}", "\"name\": {}", "\"type\": {}"]);
        assert!(text.ends_with("}\n"));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), doc);
        let yaml_text = yaml(&doc);
        assert!(yaml_text.starts_with("openapi: 3.1.0\ninfo:\n"), "{yaml_text}");
    }
}
