//! The request JSON made ready for pbjson, walking the message descriptors: proto3 JSON allows
//! more than pbjson's generated code takes, so before deserializing
//! - `null` members are removed (`null` means "default"; pbjson rejects it for strings, maps and
//!   repeated fields) — except in a `google.protobuf.Value`, where `null` is a real value;
//! - integer fields given as `7.0`, `1e1`, `-0`, `"1e2"` (integral values in any JSON number form,
//!   quoted or not, as the spec requires) become plain integers, and a value that is not an
//!   integer or is out of the field's range is refused with the field's path and the reason.

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Number, Value};

/// A member that cannot be a value of its field: where (`spec.retentionDays`) and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Dotted JSON path of the member, with `[i]` for list items and `["key"]` for map entries.
    pub path: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Normalizes `value`, an object of message `message`, and its nested message objects.
pub fn normalize(value: &mut Value, message: &MessageDescriptor) -> Result<(), Invalid> {
    normalize_at(value, message, "")
}

fn normalize_at(value: &mut Value, message: &MessageDescriptor, at: &str) -> Result<(), Invalid> {
    let Value::Object(object) = value else { return Ok(()) };
    object.retain(|key, member| {
        let known = message
            .get_field_by_json_name(key)
            .or_else(|| message.get_field_by_name(key));
        // An unknown key is left for the deserializer to reject by name.
        !member.is_null() || known.is_none_or(|f| is_value(&f))
    });
    for (key, member) in object.iter_mut() {
        let Some(field) = message
            .get_field_by_json_name(key)
            .or_else(|| message.get_field_by_name(key))
        else {
            continue;
        };
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
                    member_value(&value_field, v, &format!("{path}[{k:?}]"))?;
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

/// Normalizes one (non-repeated) value of `field`'s type.
fn member_value(field: &FieldDescriptor, value: &mut Value, path: &str) -> Result<(), Invalid> {
    if value.is_null() {
        return Ok(()); // a null list item or map value: left for the deserializer to refuse
    }
    match field.kind() {
        Kind::Message(m) if m.full_name() == "google.protobuf.Value" => Ok(()),
        Kind::Message(m) if m.full_name().starts_with("google.protobuf.") => Ok(()),
        Kind::Message(m) => normalize_at(value, &m, path),
        kind => match integer_range(&kind) {
            Some((min, max, quoted)) => {
                *value = integer(value, min, max, quoted).map_err(|reason| Invalid {
                    path: path.to_string(),
                    reason,
                })?;
                Ok(())
            }
            None => Ok(()),
        },
    }
}

/// Whether a field is a `google.protobuf.Value`, the one place where `null` means null.
fn is_value(field: &FieldDescriptor) -> bool {
    matches!(field.kind(), Kind::Message(m) if m.full_name() == "google.protobuf.Value") && !field.is_list()
}

/// The range of an integer kind, and whether its canonical JSON is a string (the 64-bit kinds).
fn integer_range(kind: &Kind) -> Option<(i128, i128, bool)> {
    Some(match kind {
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => (i32::MIN.into(), i32::MAX.into(), false),
        Kind::Uint32 | Kind::Fixed32 => (0, u32::MAX.into(), false),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => (i64::MIN.into(), i64::MAX.into(), true),
        Kind::Uint64 | Kind::Fixed64 => (0, u64::MAX.into(), true),
        Kind::Double | Kind::Float | Kind::Bool | Kind::String | Kind::Bytes | Kind::Message(_) | Kind::Enum(_) => {
            return None;
        }
    })
}

/// An integer field's value in canonical form, or why it cannot be one.
fn integer(value: &Value, min: i128, max: i128, quoted: bool) -> Result<Value, String> {
    let n = match value {
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i128::from(i),
            (_, Some(u), _) => i128::from(u),
            (_, _, Some(f)) => integral_float(f).ok_or_else(|| format!("{n} is not an integer"))?,
            _ => return Err(format!("{n} is not an integer")),
        },
        Value::String(text) => parse_decimal(text)?,
        other => return Err(format!("expected an integer, got {}", super::json_type(other))),
    };
    if n < min || n > max {
        return Err(format!("{n} is out of range [{min}, {max}]"));
    }
    Ok(if quoted {
        Value::String(n.to_string())
    } else {
        Value::Number(Number::from(i64::try_from(n).expect("32-bit range")))
    })
}

/// The integer a float equals, if it is integral (`7.0`, `1e1`, `-0`).
fn integral_float(f: f64) -> Option<i128> {
    // 2^100 bounds the conversion; every range checked here is far smaller.
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 2f64.powi(100)).then_some(f as i128)
}

/// A decimal number in JSON number syntax (`-12`, `1.50e2`), exactly, if it is an integer.
fn parse_decimal(text: &str) -> Result<i128, String> {
    let bad = || format!("expected an integer, got {text:?}");
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().map_err(|_| bad())?),
        None => (text, 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((_, "")) => return Err(bad()),
        Some(parts) => parts,
        None => (digits, ""),
    };
    if whole.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    // Shift the decimal point by the exponent; what remains after it must be zeros.
    let all = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).unwrap_or(i64::MAX) + i64::from(exponent);
    let (int_part, rest) = if point <= 0 {
        ("", all.as_str())
    } else if point as usize >= all.len() {
        (all.as_str(), "")
    } else {
        all.split_at(point as usize)
    };
    if rest.bytes().any(|b| b != b'0') {
        return Err(format!("{text} is not an integer"));
    }
    let zeros = usize::try_from(point).unwrap_or(0).saturating_sub(all.len());
    let int_part = int_part.trim_start_matches('0');
    if int_part.len() + zeros > 39 {
        return Err(format!("{text} is out of range"));
    }
    let magnitude: i128 = format!("0{int_part}{}", "0".repeat(zeros))
        .parse()
        .map_err(|_| format!("{text} is out of range"))?;
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn descriptor(name: &str) -> MessageDescriptor {
        crate::pb::pool().get_message_by_name(name).unwrap()
    }

    #[test]
    fn removes_nulls_at_every_level_but_keeps_unknown_keys() {
        let descriptor = descriptor("temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest");
        let mut body = json!({
            "asyncOperationId": null,
            "spec": {"name": "ns", "regions": null, "customSearchAttributes": null, "codecServer": null},
            "tags": null,
            "bogus": null
        });
        normalize(&mut body, &descriptor).unwrap();
        assert_eq!(body, json!({"spec": {"name": "ns"}, "bogus": null}));
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

    #[test]
    fn sixty_four_bit_integers_become_exact_decimal_strings() {
        assert_eq!(parse_decimal("9223372036854775807").unwrap(), i128::from(i64::MAX));
        assert_eq!(parse_decimal("-9.223372036854775808e18").unwrap(), i128::from(i64::MIN));
        assert_eq!(parse_decimal("12000e-3").unwrap(), 12);
        assert_eq!(parse_decimal("0.0e5").unwrap(), 0);
        for bad in ["", "-", "1.", ".5", "1e", "0x10", "+1", "1 "] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
        let value = integer(&json!("1e18"), i64::MIN.into(), i64::MAX.into(), true).unwrap();
        assert_eq!(value, json!("1000000000000000000"));
    }
}
