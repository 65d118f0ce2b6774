//! `null` means "default" in proto3 JSON, but pbjson's generated code rejects it for strings, maps and
//! repeated fields. Before deserializing, `null` members are removed from request objects, walking
//! the message descriptors so that a `google.protobuf.Value` (where `null` is a real value) keeps it.

use prost_reflect::{Kind, MessageDescriptor};
use serde_json::Value;

/// Removes `null` members of `value` (an object of message `message`) and of nested message objects.
pub fn strip_nulls(value: &mut Value, message: &MessageDescriptor) {
    let Value::Object(object) = value else { return };
    object.retain(|key, member| {
        let Some(field) = message
            .get_field_by_json_name(key)
            .or_else(|| message.get_field_by_name(key))
        else {
            return true; // unknown: left for the deserializer to reject by name
        };
        let nested = match field.kind() {
            Kind::Message(m) if m.full_name() == "google.protobuf.Value" => return true,
            Kind::Message(m) if field.is_map() => m
                .map_entry_value_field()
                .kind()
                .as_message()
                .cloned()
                .map(|v| (v, true)),
            Kind::Message(m) if !m.full_name().starts_with("google.protobuf.") => Some((m, false)),
            _ => None,
        };
        if member.is_null() {
            return false;
        }
        match (nested, member) {
            (Some((m, true)), Value::Object(entries)) => entries.values_mut().for_each(|v| strip_nulls(v, &m)),
            (Some((m, false)), Value::Array(items)) => items.iter_mut().for_each(|v| strip_nulls(v, &m)),
            (Some((m, false)), member) => strip_nulls(member, &m),
            _ => {}
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removes_nulls_at_every_level_but_keeps_unknown_keys() {
        let descriptor = crate::pb::pool()
            .get_message_by_name("temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest")
            .unwrap();
        let mut body = json!({
            "asyncOperationId": null,
            "spec": {"name": "ns", "regions": null, "customSearchAttributes": null, "codecServer": null},
            "tags": null,
            "bogus": null
        });
        strip_nulls(&mut body, &descriptor);
        assert_eq!(body, json!({"spec": {"name": "ns"}, "bogus": null}));
    }
}
