//! A merge patch's member names made canonical before it is merged. The gateway reads a resource
//! as canonical JSON (lowerCamelCase names), while a request may name a field either way
//! (`retentionDays` or `retention_days`): merged as written, a proto name would sit beside the
//! JSON name of the same field instead of replacing it. So every member of a message object in
//! the patch is renamed to its field's JSON name, walking the descriptors; map keys are data and
//! stay, unknown names stay (the request's validation refuses them by name), and arrays and
//! well-known types are replaced whole by a merge, so their insides need no renaming.
//!
//! A field given under both its names (`retentionDays` and `retention_days`) is not renamed: both
//! members stay as written, so that the merged Update request holds both and its validation
//! refuses it by both names, at any depth, as it refuses a POST that does so
//! ([`crate::transcode`]). A `null` twin becomes `{}` for that: the merge would drop a `null`
//! (RFC 7396 removes the member) and with it the evidence of the collision.

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value};

/// Renames the members of `patch`, an object of `message`, to JSON names, nested objects too.
pub fn canonical(patch: Value, message: &MessageDescriptor) -> Value {
    let Value::Object(members) = patch else {
        return patch;
    };
    let twins: Vec<bool> = members
        .keys()
        .map(|name| {
            field_of(message, name).is_some_and(|field| {
                let other = twin(&field, name);
                other != name && members.contains_key(other)
            })
        })
        .collect();
    let mut out = Map::with_capacity(members.len());
    for ((name, value), collides) in members.into_iter().zip(twins) {
        match field_of(message, &name) {
            Some(_) if collides => {
                let kept = if value.is_null() {
                    Value::Object(Map::new())
                } else {
                    value
                };
                out.insert(name, kept);
            }
            Some(field) => {
                let value = member(value, &field);
                out.insert(field.json_name().to_string(), value);
            }
            None => {
                out.insert(name, value);
            }
        }
    }
    Value::Object(out)
}

/// The field a member name (JSON name or proto name) stands for.
fn field_of(message: &MessageDescriptor, name: &str) -> Option<FieldDescriptor> {
    message
        .get_field_by_json_name(name)
        .or_else(|| message.get_field_by_name(name))
}

/// The other name of `field`, the one `name` is not (`name` itself when the two are one).
fn twin<'f>(field: &'f FieldDescriptor, name: &str) -> &'f str {
    if name == field.json_name() {
        field.name()
    } else {
        field.json_name()
    }
}

fn member(value: Value, field: &FieldDescriptor) -> Value {
    let Kind::Message(message) = field.kind() else {
        return value;
    };
    if field.is_list() || message.full_name().starts_with("google.protobuf.") {
        return value;
    }
    if !field.is_map() {
        return canonical(value, &message);
    }
    let Value::Object(entries) = value else {
        return value;
    };
    let value_field = message.map_entry_value_field();
    let entries = entries
        .into_iter()
        .map(|(key, entry)| (key, member(entry, &value_field)))
        .collect();
    Value::Object(entries)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::canonical;

    #[test]
    fn proto_names_become_json_names_at_every_depth_but_map_keys_and_unknown_names_stay() {
        let request = crate::pb::pool()
            .get_message_by_name("temporal.api.cloud.cloudservice.v1.UpdateNamespaceRequest")
            .unwrap();
        let patch = json!({
            "resource_version": "v",
            "spec": {
                "retention_days": 3,
                "mtlsAuth": {"accepted_client_ca": "Y2E="},
                "custom_search_attributes": {"my_attr": "Keyword"},
                "no_such_field": {"a_b": 1},
            },
        });
        let expected = json!({
            "resourceVersion": "v",
            "spec": {
                "retentionDays": 3,
                "mtlsAuth": {"acceptedClientCa": "Y2E="},
                "customSearchAttributes": {"my_attr": "Keyword"},
                "no_such_field": {"a_b": 1},
            },
        });
        assert_eq!(canonical(patch, &request), expected);
    }

    #[test]
    fn a_field_under_both_names_stays_as_written_at_every_depth() {
        let request = crate::pb::pool()
            .get_message_by_name("temporal.api.cloud.cloudservice.v1.UpdateNamespaceRequest")
            .unwrap();
        let patch = json!({
            "spec": {
                "retentionDays": 3,
                "retention_days": null,
                "mtls_auth": {"acceptedClientCa": "YQ==", "accepted_client_ca": "Yg=="},
            },
        });
        let expected = json!({
            "spec": {
                "retentionDays": 3,
                "retention_days": {},
                "mtlsAuth": {"acceptedClientCa": "YQ==", "accepted_client_ca": "Yg=="},
            },
        });
        assert_eq!(canonical(patch, &request), expected);
        let top = json!({"resourceVersion": "a", "resource_version": "b"});
        assert_eq!(canonical(top.clone(), &request), top);
    }
}
