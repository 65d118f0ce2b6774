//! `google.protobuf.Duration`: `"1.500s"`, `"-0.000001s"`, `"3600s"` (0, 3, 6 or 9 fractional
//! digits) out; any decimal seconds with an `s` suffix in.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// Signed seconds and nanoseconds (field numbers 1 and 2 of the well-known type); both carry the sign.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Message)]
pub struct Duration {
    /// Whole seconds, -315_576_000_000..=315_576_000_000.
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Fraction, same sign as `seconds`, |nanos| < 1e9.
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// ±10 000 years, the range proto3 allows.
const MAX_SECONDS: i64 = 315_576_000_000;

impl Duration {
    /// The canonical JSON text, or `None` when out of range or the signs disagree.
    pub fn to_json_text(&self) -> Option<String> {
        let (s, n) = (self.seconds, self.nanos);
        if s.abs() > MAX_SECONDS || n.abs() >= 1_000_000_000 || (s > 0 && n < 0) || (s < 0 && n > 0) {
            return None;
        }
        let sign = if s < 0 || n < 0 { "-" } else { "" };
        let (s, n) = (s.unsigned_abs(), n.unsigned_abs());
        Some(match n {
            0 => format!("{sign}{s}s"),
            n if n % 1_000_000 == 0 => format!("{sign}{s}.{:03}s", n / 1_000_000),
            n if n % 1_000 == 0 => format!("{sign}{s}.{:06}s", n / 1_000),
            n => format!("{sign}{s}.{n:09}s"),
        })
    }

    /// Parses `"<decimal seconds>s"`, e.g. `"1.5s"`, `"-30s"`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let shown = crate::error::caller_text::quoted(text);
        let err = || format!("invalid duration {shown}: expected seconds with an 's' suffix, e.g. \"1.5s\"");
        let body = text.strip_suffix('s').ok_or_else(err)?;
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 9 || body.ends_with('.') {
            return Err(err());
        }
        let seconds: i64 = whole.parse().map_err(|_| err())?;
        let nanos: i32 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<9}").parse().map_err(|_| err())?
        };
        if seconds > MAX_SECONDS {
            return Err(format!("duration {shown} exceeds ±{MAX_SECONDS}s"));
        }
        let sign = if negative { -1 } else { 1 };
        Ok(Self {
            seconds: sign * seconds,
            nanos: sign as i32 * nanos,
        })
    }
}

impl From<std::time::Duration> for Duration {
    fn from(d: std::time::Duration) -> Self {
        Self {
            seconds: d.as_secs() as i64,
            nanos: d.subsec_nanos() as i32,
        }
    }
}

impl serde::Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.to_json_text() {
            Some(text) => serializer.serialize_str(&text),
            None => Err(serde::ser::Error::custom(format!(
                "duration out of range: seconds={} nanos={}",
                self.seconds, self.nanos
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;
        impl Visitor<'_> for DurationVisitor {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration string such as \"1.5s\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Duration::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DurationVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_canonical_digits_and_round_trips() {
        let cases = [
            (0, 0, "0s"),
            (1, 500_000_000, "1.500s"),
            (3600, 0, "3600s"),
            (0, -1_000, "-0.000001s"),
            (-2, -1, "-2.000000001s"),
            (MAX_SECONDS, 0, "315576000000s"),
        ];
        for (seconds, nanos, text) in cases {
            let d = Duration { seconds, nanos };
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Duration>(&format!("\"{text}\"")).unwrap(), d);
        }
        assert_eq!(
            Duration::parse("1.5s").unwrap(),
            Duration {
                seconds: 1,
                nanos: 500_000_000
            }
        );
    }

    #[test]
    fn rejects_malformed_and_out_of_range() {
        for bad in [
            "1.5",
            "s",
            ".5s",
            "1.s",
            "1.0000000001s",
            "-s",
            "1e3s",
            "315576000001s",
            "+1s",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad} accepted");
        }
        assert!(serde_json::to_string(&Duration { seconds: 1, nanos: -1 }).is_err());
        let long = format!("{}s", "1".repeat(5000));
        let error = Duration::parse(&long).unwrap_err();
        assert!(error.contains("…\" (5001 bytes)") && error.len() < 600, "{error:.400}");
    }
}
