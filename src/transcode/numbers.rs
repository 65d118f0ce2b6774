//! The numbers of the request JSON checked against their field's type: integers in any JSON
//! number form become canonical (see [`super::normalize`]), and a float or double that its type
//! cannot hold is refused. Proto3 JSON takes `"NaN"`, `"Infinity"` and `"-Infinity"` as strings
//! for float and double; any other text that means infinity or NaN (`"1e400"`, `"inf"`, `"nan"`),
//! and a float field's value beyond ±3.4028235e38 (`1e39`), is refused, as an out-of-range
//! integer is, rather than forwarded as infinity. Quoted values are capped
//! ([`crate::error::caller_text`]).

use prost_reflect::Kind;
use serde_json::{Number, Value};

use crate::error::caller_text::{bare, quoted};

/// A float or double field: which one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Floating {
    /// `float`: 32 bits.
    Float,
    /// `double`: 64 bits.
    Double,
}

impl Floating {
    /// The floating kind of a field, if it is one.
    pub fn of(kind: &Kind) -> Option<Self> {
        match kind {
            Kind::Float => Some(Floating::Float),
            Kind::Double => Some(Floating::Double),
            Kind::Int32
            | Kind::Sint32
            | Kind::Sfixed32
            | Kind::Uint32
            | Kind::Fixed32
            | Kind::Int64
            | Kind::Sint64
            | Kind::Sfixed64
            | Kind::Uint64
            | Kind::Fixed64
            | Kind::Bool
            | Kind::String
            | Kind::Bytes
            | Kind::Message(_)
            | Kind::Enum(_) => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Floating::Float => "float",
            Floating::Double => "double",
        }
    }

    /// Whether the type holds `f` (finite) without becoming infinite.
    fn holds(self, f: f64) -> bool {
        match self {
            Floating::Float => f.is_finite() && (f as f32).is_finite(),
            Floating::Double => f.is_finite(),
        }
    }
}

/// Checks a float or double field's JSON value: a number, or a string proto3 JSON takes.
/// Anything else (a boolean, an object) is left for the deserializer to refuse.
pub fn floating(value: &Value, kind: Floating) -> Result<(), String> {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if !kind.holds(f) => Err(format!("{n} is out of range for a {}", kind.name())),
            _ => Ok(()),
        },
        Value::String(text) => floating_text(text, kind),
        Value::Null | Value::Bool(_) | Value::Array(_) | Value::Object(_) => Ok(()),
    }
}

/// Checks the text of a float or double: `NaN`, `Infinity`, `-Infinity`, or a finite number the
/// type holds.
pub fn floating_text(text: &str, kind: Floating) -> Result<(), String> {
    if matches!(text, "NaN" | "Infinity" | "-Infinity") {
        return Ok(());
    }
    let f: f64 = text
        .parse()
        .map_err(|_| format!("expected a number, got {}", quoted(text)))?;
    // Only "inf" and "infinity" (any case, any sign) and "nan" parse to these; digits never do.
    if f.is_nan() || (f.is_infinite() && text.bytes().any(|b| b.eq_ignore_ascii_case(&b'i'))) {
        return Err(format!(
            "{} is not a number: the special values are spelled \"NaN\", \"Infinity\" and \"-Infinity\"",
            quoted(text)
        ));
    }
    if !kind.holds(f) {
        return Err(format!("{} is out of range for a {}", quoted(text), kind.name()));
    }
    Ok(())
}

/// The range of an integer kind, and whether its canonical JSON is a string (the 64-bit kinds).
pub(super) fn integer_range(kind: &Kind) -> Option<(i128, i128, bool)> {
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
pub(super) fn integer(value: &Value, min: i128, max: i128, as_string: bool) -> Result<Value, String> {
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
    Ok(if as_string {
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
    let bad = || format!("expected an integer, got {}", quoted(text));
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
        return Err(format!("{} is not an integer", bare(text)));
    }
    let zeros = usize::try_from(point).unwrap_or(0).saturating_sub(all.len());
    let int_part = int_part.trim_start_matches('0');
    let out_of_range = || format!("{} is out of range", bare(text));
    if int_part.len() + zeros > 39 {
        return Err(out_of_range());
    }
    let magnitude: i128 = format!("0{int_part}{}", "0".repeat(zeros))
        .parse()
        .map_err(|_| out_of_range())?;
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_texts_in_range_pass_and_others_say_why() {
        assert!(floating(&json!(1.7976931348623157e308), Floating::Double).is_ok());
        assert!(floating(&json!(3.4028234e38), Floating::Float).is_ok());
        assert_eq!(
            floating(&json!(3.5e38), Floating::Float).unwrap_err(),
            "3.5e+38 is out of range for a float"
        );
        assert!(
            floating(&json!(true), Floating::Double).is_ok(),
            "left to the deserializer"
        );
        assert!(floating_text("-0", Floating::Double).is_ok());
        assert!(
            floating_text("1e-400", Floating::Double).is_ok(),
            "underflow rounds to zero"
        );
        for special in ["Infinity", "-Infinity", "NaN"] {
            assert!(floating_text(special, Floating::Float).is_ok(), "{special}");
        }
        for spelled in ["infinity", "-inf", "+Infinity", "INF", "nan", "NAN"] {
            let reason = floating_text(spelled, Floating::Double).unwrap_err();
            assert!(reason.contains("is not a number"), "{spelled}: {reason}");
        }
        assert_eq!(
            floating_text("1e400", Floating::Double).unwrap_err(),
            "\"1e400\" is out of range for a double"
        );
        let huge = format!("1{}", "0".repeat(100_000));
        let reason = floating_text(&huge, Floating::Double).unwrap_err();
        assert!(
            reason.ends_with("(100001 bytes) is out of range for a double"),
            "{reason:.300}"
        );
        assert!(reason.len() < 512);
    }

    #[test]
    fn integer_errors_quote_the_text_capped() {
        let long = "9".repeat(10_000);
        let reason = parse_decimal(&long).unwrap_err();
        assert!(reason.ends_with("… (10000 bytes) is out of range"), "{reason:.300}");
        let reason = parse_decimal(&format!("x{long}")).unwrap_err();
        assert!(reason.starts_with("expected an integer, got \"x999"), "{reason:.300}");
        assert!(reason.len() < 512);
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
