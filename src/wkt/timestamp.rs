//! `google.protobuf.Timestamp`: RFC 3339 in UTC with `Z` and 0, 3, 6 or 9 fractional digits out;
//! any RFC 3339 offset in.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// Seconds and nanoseconds since the Unix epoch (field numbers 1 and 2 of the well-known type).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Message)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Non-negative fraction of a second, 0..=999_999_999.
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// Longest canonical text: `9999-12-31T23:59:59.999999999Z`.
const RFC3339_MAX: usize = 30;

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`), for
/// the years 1..=9999 that proto3 JSON allows.
fn civil_from_days(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as u32, month as u32, day as u32)
}

/// Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range proto3 JSON allows.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The current time.
    pub fn now() -> Self {
        Self::from(DateTime::<Utc>::from(std::time::SystemTime::now()))
    }

    /// The canonical JSON text, or `None` when out of the proto3 range or the nanos are invalid.
    pub fn to_rfc3339(&self) -> Option<String> {
        let mut buf = [0; RFC3339_MAX];
        self.write_rfc3339(&mut buf).map(str::to_string)
    }

    /// Writes the canonical JSON text into `buf` (no allocation: this runs for every timestamp of
    /// every response). Same text as chrono's `to_rfc3339_opts(SecondsFormat::AutoSi, true)`.
    fn write_rfc3339<'a>(&self, buf: &'a mut [u8; RFC3339_MAX]) -> Option<&'a str> {
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&self.seconds) || !(0..1_000_000_000).contains(&self.nanos) {
            return None;
        }
        let (year, month, day) = civil_from_days(self.seconds.div_euclid(86_400));
        let second_of_day = self.seconds.rem_euclid(86_400) as u32;
        let mut at = 0;
        let mut put = |value: u32, digits: usize, suffix: Option<u8>| {
            let mut v = value;
            for i in (0..digits).rev() {
                buf[at + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            at += digits;
            if let Some(c) = suffix {
                buf[at] = c;
                at += 1;
            }
        };
        put(year, 4, Some(b'-'));
        put(month, 2, Some(b'-'));
        put(day, 2, Some(b'T'));
        put(second_of_day / 3600, 2, Some(b':'));
        put(second_of_day / 60 % 60, 2, Some(b':'));
        let nanos = self.nanos as u32;
        let fraction = if nanos == 0 {
            None
        } else if nanos.is_multiple_of(1_000_000) {
            Some((nanos / 1_000_000, 3))
        } else if nanos.is_multiple_of(1_000) {
            Some((nanos / 1_000, 6))
        } else {
            Some((nanos, 9))
        };
        match fraction {
            None => put(second_of_day % 60, 2, Some(b'Z')),
            Some((value, digits)) => {
                put(second_of_day % 60, 2, Some(b'.'));
                put(value, digits, Some(b'Z'));
            }
        }
        std::str::from_utf8(&buf[..at]).ok()
    }

    /// Parses RFC 3339 text (`2024-01-01T00:00:00Z`, `…+02:00`, up to 9 fractional digits).
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let shown = crate::error::caller_text::quoted(text);
        let time = DateTime::parse_from_rfc3339(text)
            .map_err(|e| format!("invalid RFC 3339 timestamp {shown}: {e}"))?
            .with_timezone(&Utc);
        let ts = Self::from(time);
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&ts.seconds) {
            return Err(format!("timestamp {shown} is outside 0001-01-01..9999-12-31"));
        }
        Ok(ts)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(time: DateTime<Utc>) -> Self {
        Self {
            seconds: time.timestamp(),
            nanos: time.timestamp_subsec_nanos() as i32,
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0; RFC3339_MAX];
        match self.write_rfc3339(&mut buf) {
            Some(text) => serializer.serialize_str(text),
            None => Err(serde::ser::Error::custom(format!(
                "timestamp out of range: seconds={} nanos={}",
                self.seconds, self.nanos
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string such as \"2024-01-01T00:00:00Z\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SecondsFormat;

    #[test]
    fn renders_utc_with_z_and_0_3_6_9_fraction_digits() {
        let cases = [
            (0, 0, "1970-01-01T00:00:00Z"),
            (1_704_067_200, 0, "2024-01-01T00:00:00Z"),
            (1_704_067_200, 500_000_000, "2024-01-01T00:00:00.500Z"),
            (1_704_067_200, 1_000, "2024-01-01T00:00:00.000001Z"),
            (1_704_067_200, 1, "2024-01-01T00:00:00.000000001Z"),
            (MIN_SECONDS, 0, "0001-01-01T00:00:00Z"),
            (MAX_SECONDS, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        ];
        for (seconds, nanos, text) in cases {
            let ts = Timestamp { seconds, nanos };
            assert_eq!(serde_json::to_string(&ts).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Timestamp>(&format!("\"{text}\"")).unwrap(), ts);
        }
    }

    #[test]
    fn renders_what_chrono_renders_across_the_range() {
        // A deterministic sweep from year 1 to 9999 in steps of a prime number of seconds (about
        // 116 days), so days, leap years and times of day all vary.
        let mut seconds = MIN_SECONDS;
        let mut i = 0u32;
        while seconds <= MAX_SECONDS {
            let nanos = [0, 500_000_000, 123_000, 7, 999_999_999][(i % 5) as usize];
            let ts = Timestamp { seconds, nanos };
            let chrono = DateTime::<Utc>::from_timestamp(seconds, nanos as u32)
                .unwrap()
                .to_rfc3339_opts(SecondsFormat::AutoSi, true);
            assert_eq!(ts.to_rfc3339().unwrap(), chrono, "seconds={seconds} nanos={nanos}");
            seconds += 9_999_991;
            i += 1;
        }
        for seconds in [MAX_SECONDS, -1, 951_782_400, 951_868_799, 4_107_542_400] {
            let ts = Timestamp { seconds, nanos: 0 };
            let chrono = DateTime::<Utc>::from_timestamp(seconds, 0)
                .unwrap()
                .to_rfc3339_opts(SecondsFormat::AutoSi, true);
            assert_eq!(ts.to_rfc3339().unwrap(), chrono);
        }
    }

    #[test]
    fn accepts_offsets_and_rejects_garbage_and_out_of_range() {
        let ts: Timestamp = serde_json::from_str("\"2024-01-01T02:00:00+02:00\"").unwrap();
        assert_eq!(
            ts,
            Timestamp {
                seconds: 1_704_067_200,
                nanos: 0
            }
        );
        for bad in [
            "\"yesterday\"",
            "\"2024-13-01T00:00:00Z\"",
            "1704067200",
            "\"2024-01-01\"",
        ] {
            assert!(serde_json::from_str::<Timestamp>(bad).is_err(), "{bad} accepted");
        }
        let out_of_range = Timestamp {
            seconds: MAX_SECONDS + 1,
            nanos: 0,
        };
        assert!(serde_json::to_string(&out_of_range).is_err());
        assert!(serde_json::to_string(&Timestamp { seconds: 0, nanos: -1 }).is_err());
        let long = format!("2024-01-01T00:00:00{}Z", "0".repeat(5000));
        let error = Timestamp::parse_rfc3339(&long).unwrap_err();
        assert!(error.contains("…\" (5020 bytes)") && error.len() < 600, "{error:.400}");
    }
}
