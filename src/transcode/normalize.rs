//! The request JSON made ready for pbjson, walking the message descriptors: proto3 JSON allows
//! more than pbjson's generated code takes, so before deserializing
//! - a member no field of its message has is refused by name, and so is a field given under both
//!   its names (`retentionDays` and `retention_days`: pbjson would take one of them), at every
//!   level — before `null`s go, so that a `null` twin is refused too;
//! - `null` members are removed (`null` means "default"; pbjson rejects it for strings, maps and
//!   repeated fields) — except in a `google.protobuf.Value`, where `null` is a real value;
//! - integer fields given as `7.0`, `1e1`, `-0`, `"1e2"` (integral values in any JSON number form,
//!   quoted or not, as the spec requires) become plain integers, and a value that is not an
//!   integer or is out of the field's range is refused with the field's path and the reason; a
//!   float or double its type cannot hold is refused the same way ([`super::numbers`]);
//! - an enum value given by a name the enum does not have is refused.
//!
//! Every name and value quoted in a reason is capped ([`crate::error::caller_text`]).

use prost_reflect::{EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value};

use super::numbers::{Floating, floating, integer, integer_range};
use crate::error::caller_text::quoted;

/// A member that cannot be a value of its field: where (`spec.retentionDays`) and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Dotted JSON path of the member, with `[i]` for list items and `["key"]` for map entries;
    /// for a member the message does not have, the path of the message (empty at the top).
    pub path: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Normalizes `value`, an object of message `message`, and its nested message objects.
pub fn normalize(value: &mut Value, message: &MessageDescriptor) -> Result<(), Invalid> {
    normalize_at(value, message, "")
}

/// The field a member name (JSON name or proto name) stands for.
fn field_named(message: &MessageDescriptor, name: &str) -> Option<FieldDescriptor> {
    message
        .get_field_by_json_name(name)
        .or_else(|| message.get_field_by_name(name))
}

fn normalize_at(value: &mut Value, message: &MessageDescriptor, at: &str) -> Result<(), Invalid> {
    let Value::Object(object) = value else { return Ok(()) };
    check_names(object, message, at)?;
    object.retain(|key, member| !member.is_null() || field_named(message, key).is_some_and(|f| is_value(&f)));
    for (key, member) in object.iter_mut() {
        let field = field_named(message, key).expect("checked above");
        let path = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        match (field.kind(), member) {
            (_, _) if is_value(&field) => {}
            (Kind::Message(entry), Value::Object(entries)) if field.is_map() => {
                let value_field = entry.map_entry_value_field();
                for (k, v) in entries.iter_mut() {
                    member_value(&value_field, v, &format!("{path}[{}]", quoted(k)))?;
                }
            }
            (_, Value::Array(items)) if field.is_list() => {
                for (i, item) in items.iter_mut().enumerate() {
                    member_value(&field, item, &format!("{path}[{i}]"))?;
                }
            }
            (_, member) => member_value(&field, member, &path)?,
        }
    }
    Ok(())
}

/// Refuses a member `message` has no field for, and a field given under both its names.
fn check_names(object: &Map<String, Value>, message: &MessageDescriptor, at: &str) -> Result<(), Invalid> {
    let invalid = |reason: String| Invalid {
        path: at.to_string(),
        reason,
    };
    for key in object.keys() {
        let Some(field) = field_named(message, key) else {
            let names: Vec<String> = message.fields().map(|f| f.json_name().to_string()).collect();
            return Err(invalid(format!(
                "unknown field {}; {} has {}",
                quoted(key),
                message.name(),
                names.join(", ")
            )));
        };
        let (json, proto) = (field.json_name(), field.name());
        if json != proto && key == json && object.contains_key(proto) {
            return Err(invalid(format!(
                "{json:?} and {proto:?} name the same field: give it once"
            )));
        }
    }
    Ok(())
}

/// Normalizes one (non-repeated) value of `field`'s type.
fn member_value(field: &FieldDescriptor, value: &mut Value, path: &str) -> Result<(), Invalid> {
    if value.is_null() {
        return Ok(()); // a null list item or map value: left for the deserializer to refuse
    }
    let invalid = |reason| Invalid {
        path: path.to_string(),
        reason,
    };
    let kind = field.kind();
    match &kind {
        Kind::Message(m) if m.full_name().starts_with("google.protobuf.") => Ok(()),
        Kind::Message(m) => normalize_at(value, m, path),
        Kind::Enum(e) => enum_name(value, e).map_err(invalid),
        _ => {
            if let Some((min, max, as_string)) = integer_range(&kind) {
                *value = integer(value, min, max, as_string).map_err(invalid)?;
            } else if let Some(floating_kind) = Floating::of(&kind) {
                floating(value, floating_kind).map_err(invalid)?;
            }
            Ok(())
        }
    }
}

/// Refuses an enum value given by a name `enum_type` does not have (numbers are left to pbjson).
fn enum_name(value: &Value, enum_type: &EnumDescriptor) -> Result<(), String> {
    match value {
        Value::String(name)
            if !enum_type.full_name().starts_with("google.protobuf.")
                && enum_type.get_value_by_name(name).is_none() =>
        {
            let names: Vec<String> = enum_type.values().map(|v| v.name().to_string()).collect();
            Err(format!(
                "unknown {} value {}; expected one of {} (or its number)",
                enum_type.name(),
                quoted(name),
                names.join(", ")
            ))
        }
        _ => Ok(()),
    }
}

/// Whether a field is a `google.protobuf.Value`, the one place where `null` means null.
fn is_value(field: &FieldDescriptor) -> bool {
    matches!(field.kind(), Kind::Message(m) if m.full_name() == "google.protobuf.Value") && !field.is_list()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn descriptor(name: &str) -> MessageDescriptor {
        crate::pb::pool().get_message_by_name(name).unwrap()
    }

    #[test]
    fn removes_nulls_at_every_level() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest");
        let mut body = json!({
            "asyncOperationId": null,
            "spec": {"name": "ns", "regions": null, "customSearchAttributes": null, "codecServer": null},
            "tags": null,
        });
        normalize(&mut body, &descriptor).unwrap();
        assert_eq!(body, json!({"spec": {"name": "ns"}}));
    }

    #[test]
    fn unknown_members_are_refused_by_their_capped_name_at_every_level() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest");
        let error = normalize(&mut json!({"bogus": null}), &descriptor).unwrap_err();
        assert_eq!(error.path, "");
        assert!(
            error
                .reason
                .starts_with("unknown field \"bogus\"; CreateNamespaceRequest has "),
            "{error:?}"
        );
        assert!(error.reason.contains("asyncOperationId"), "{error:?}");
        let huge = "k".repeat(1 << 20);
        let mut body = json!({"spec": {"name": "ns", "codecServer": {huge.clone(): 1}}});
        let error = normalize(&mut body, &descriptor).unwrap_err();
        assert_eq!(error.path, "spec.codecServer");
        let shown = format!("unknown field \"{}…\" (1048576 bytes);", "k".repeat(256));
        assert!(error.reason.starts_with(&shown), "{}", &error.reason[..400]);
        assert!(error.reason.len() < 1024, "{} bytes", error.reason.len());
        let mut map_key = json!({"spec": {"name": "ns", "searchAttributes": {huge: "NO_SUCH_TYPE"}}});
        let error = normalize(&mut map_key, &descriptor).unwrap_err();
        assert!(error.path.len() < 512, "{} bytes", error.path.len());
        assert!(error.path.ends_with("…\" (1048576 bytes)]"), "{:.400}", error.path);
    }

    #[test]
    fn a_field_under_both_its_names_is_refused_at_every_level() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.UpdateNamespaceRequest");
        let same = "\"retentionDays\" and \"retention_days\" name the same field: give it once";
        for twin in [json!(3), json!(null)] {
            let mut body = json!({"spec": {"retentionDays": 2, "retention_days": twin}});
            let error = normalize(&mut body, &descriptor).unwrap_err();
            assert_eq!((error.path.as_str(), error.reason.as_str()), ("spec", same), "{twin}");
        }
        let mut top = json!({"resourceVersion": "a", "resource_version": "b"});
        let error = normalize(&mut top, &descriptor).unwrap_err();
        assert_eq!(error.path, "");
        assert!(
            error.reason.contains("\"resourceVersion\" and \"resource_version\""),
            "{error:?}"
        );
        let mut nested = json!({"spec": {"mtlsAuth": {"acceptedClientCa": "YQ==", "accepted_client_ca": "Yg=="}}});
        let error = normalize(&mut nested, &descriptor).unwrap_err();
        assert_eq!(error.path, "spec.mtlsAuth");
        let mut one = json!({"spec": {"retention_days": 3, "mtls_auth": {"accepted_client_ca": "YQ=="}}});
        normalize(&mut one, &descriptor).unwrap();
    }

    #[test]
    fn doubles_out_of_range_are_refused_with_their_path() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest");
        let body = |value: Value| json!({"spec": {"capacitySpec": {"provisioned": {"value": value}}}});
        for fine in [
            json!(2.5),
            json!("2.5"),
            json!("Infinity"),
            json!("-Infinity"),
            json!("NaN"),
            json!(1e308),
        ] {
            normalize(&mut body(fine.clone()), &descriptor).unwrap_or_else(|e| panic!("{fine}: {e:?}"));
        }
        for (bad, reason) in [
            ("1e400", "\"1e400\" is out of range for a double"),
            ("-1e400", "\"-1e400\" is out of range for a double"),
            ("inf", "\"inf\" is not a number: the special values are spelled"),
            ("nan", "\"nan\" is not a number"),
            ("ten", "expected a number, got \"ten\""),
        ] {
            let error = normalize(&mut body(json!(bad)), &descriptor).unwrap_err();
            assert_eq!(error.path, "spec.capacitySpec.provisioned.value", "{bad}");
            assert!(error.reason.starts_with(reason), "{bad}: {}", error.reason);
        }
    }

    #[test]
    fn floats_beyond_the_float_range_are_refused() {
        let pool = crate::pb::pool();
        let (message, field) = pool
            .all_messages()
            .find_map(|m| {
                let field = m.fields().find(|f| f.kind() == Kind::Float && !f.is_list())?;
                Some((m.clone(), field.json_name().to_string()))
            })
            .expect("a message with a float field");
        for fine in [json!(3.0e38), json!("3.4e38"), json!("Infinity"), json!(1e-50)] {
            let mut body = json!({ field.clone(): fine.clone() });
            normalize(&mut body, &message).unwrap_or_else(|e| panic!("{fine}: {e:?}"));
        }
        for bad in [json!(1e39), json!(-1e39), json!("1e39"), json!(1e300)] {
            let error = normalize(&mut json!({ field.clone(): bad.clone() }), &message).unwrap_err();
            assert_eq!(error.path, field, "{bad}");
            assert!(
                error.reason.ends_with("is out of range for a float"),
                "{bad}: {}",
                error.reason
            );
        }
    }

    #[test]
    fn unknown_enum_names_are_refused_capped() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.CreateUserRequest");
        let body = |role: &str| json!({"spec": {"access": {"accountAccess": {"role": role}}}});
        normalize(&mut body("ROLE_ADMIN"), &descriptor).unwrap();
        let error = normalize(&mut body("ROLE_KING"), &descriptor).unwrap_err();
        assert_eq!(error.path, "spec.access.accountAccess.role");
        assert!(
            error
                .reason
                .starts_with("unknown Role value \"ROLE_KING\"; expected one of "),
            "{}",
            error.reason
        );
        assert!(error.reason.contains("ROLE_ADMIN"), "{}", error.reason);
        let error = normalize(&mut body(&"R".repeat(100_000)), &descriptor).unwrap_err();
        assert!(
            error.reason.contains("…\" (100000 bytes)") && error.reason.len() < 1024,
            "{}",
            error.reason.len()
        );
    }

    #[test]
    fn integral_values_in_any_number_form_become_integers() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.GetUsersRequest");
        for (given, expected) in [
            (json!(7.0), json!(7)),
            (json!(1e1), json!(10)),
            (json!(-0.0), json!(0)),
            (json!("1e2"), json!(100)),
            (json!("250"), json!(250)),
            (json!("1.50e2"), json!(150)),
            (json!(2147483647), json!(2147483647)),
        ] {
            let mut body = json!({ "pageSize": given });
            normalize(&mut body, &descriptor).unwrap_or_else(|e| panic!("{given}: {e:?}"));
            assert_eq!(body, json!({ "pageSize": expected }), "{given}");
        }
    }

    #[test]
    fn non_integers_and_out_of_range_values_name_the_field_and_the_reason() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest");
        for (given, reason) in [
            (json!(7.5), "7.5 is not an integer"),
            (json!("1.5"), "1.5 is not an integer"),
            (
                json!(2147483648u64),
                "2147483648 is out of range [-2147483648, 2147483647]",
            ),
            (json!("1e40"), "1e40 is out of range"),
            (json!("seven"), "expected an integer, got \"seven\""),
            (json!(true), "expected an integer, got a boolean"),
        ] {
            let mut body = json!({"spec": {"name": "ns", "retentionDays": given}});
            let error = normalize(&mut body, &descriptor).unwrap_err();
            assert_eq!(error.path, "spec.retentionDays", "{given}");
            assert_eq!(error.reason, reason, "{given}");
        }
    }
}
