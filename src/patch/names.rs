//! A merge patch's member names made canonical before it is merged. The gateway reads a resource
//! as canonical JSON (lowerCamelCase names), while a request may name a field either way
//! (`retentionDays` or `retention_days`): merged as written, a proto name would sit beside the
//! JSON name of the same field instead of replacing it. So every member of a message object in
//! the patch is renamed to its field's JSON name, walking the descriptors; map keys are data and
//! stay, unknown names stay (the request's validation refuses them by name), and arrays and
//! well-known types are replaced whole by a merge, so their insides need no renaming.

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value};

/// Renames the members of `patch`, an object of `message`, to JSON names, nested objects too.
pub fn canonical(patch: Value, message: &MessageDescriptor) -> Value {
    let Value::Object(members) = patch else {
        return patch;
    };
    let mut out = Map::with_capacity(members.len());
    for (name, value) in members {
        let field = message
            .get_field_by_json_name(&name)
            .or_else(|| message.get_field_by_name(&name));
        match field {
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
}
