//! JSON Merge Patch (RFC 7396 §2): a patch object merges member by member into the target, `null`
//! removes a member (for a request message: resets the field to its default), and anything that is
//! not an object — a scalar, an array — replaces the target whole.

use serde_json::{Map, Value};

/// Applies `patch` to `target`, in place.
pub fn merge(target: &mut Value, patch: Value) {
    let Value::Object(patch) = patch else {
        *target = patch;
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(members) = target else {
        unreachable!("made an object above")
    };
    for (name, value) in patch {
        if value.is_null() {
            members.remove(&name);
        } else {
            merge(members.entry(name).or_insert(Value::Null), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::merge;

    fn merged(target: Value, patch: Value) -> Value {
        let mut target = target;
        merge(&mut target, patch);
        target
    }

    use serde_json::Value;

    /// The cases of RFC 7396 Appendix A, and the example of its section 3.
    #[test]
    fn the_rfcs_examples() {
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "b"}), json!({"b": "c"}), json!({"a": "b", "b": "c"})),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (json!({"a": "b", "b": "c"}), json!({"a": null}), json!({"b": "c"})),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (json!({"a": [{"b": "c"}]}), json!({"a": [1]}), json!({"a": [1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a": "b"}), json!(["c"]), json!(["c"])),
            (json!({"a": "foo"}), json!(null), json!(null)),
            (json!({"a": "foo"}), json!("bar"), json!("bar")),
            (json!({"e": null}), json!({"a": 1}), json!({"e": null, "a": 1})),
            (json!([1, 2]), json!({"a": "b", "c": null}), json!({"a": "b"})),
            (json!({}), json!({"a": {"bb": {"ccc": null}}}), json!({"a": {"bb": {}}})),
            (
                json!({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"},
                       "tags": ["example", "sample"], "content": "This will be unchanged"}),
                json!({"title": "Hello!", "phoneNumber": "+01-123-456-7890",
                       "author": {"familyName": null}, "tags": ["example"]}),
                json!({"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
                       "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"}),
            ),
        ];
        for (target, patch, expected) in cases {
            let label = format!("{target} + {patch}");
            assert_eq!(merged(target, patch), expected, "{label}");
        }
    }
}
