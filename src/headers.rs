//! The header contract, both directions, in one place: the names the gateway reads and writes,
//! the reserved set that never crosses it, inbound HTTP headers → upstream gRPC metadata and
//! deadline (the bearer key, the pinned `temporal-cloud-api-version`, `Grpc-Metadata-*`,
//! `Grpc-Timeout`, request id and W3C trace context), and upstream metadata → response headers.
//! A leaf: it knows HTTP and gRPC metadata, nothing else of the crate but the cap on caller text
//! it quotes in its errors ([`crate::error::caller_text`]): header names and values are the
//! caller's, of any length the head limit allows.

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use tonic::metadata::MetadataMap;

use crate::error::caller_text::{bare, quoted};

/// The pinned version header, sent on every upstream call and on every response.
pub const API_VERSION_HEADER: HeaderName = HeaderName::from_static("temporal-cloud-api-version");
/// The request id header, generated when absent and echoed on the response.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
/// Header naming the kind of a gateway-made error.
pub const GATEWAY_ERROR_HEADER: HeaderName = HeaderName::from_static("x-gateway-error");
/// How many upstream attempts a response took (the first and its retries).
pub const UPSTREAM_ATTEMPTS_HEADER: HeaderName = HeaderName::from_static("x-upstream-attempts");
/// The caller's operation id for a mutation.
pub const IDEMPOTENCY_KEY_HEADER: HeaderName = HeaderName::from_static("idempotency-key");
/// RFC 5789 §3.1: the patch document types a resource takes.
pub const ACCEPT_PATCH_HEADER: HeaderName = HeaderName::from_static("accept-patch");
/// The JSON Merge Patch media type (RFC 7396), the one patch document PATCH takes.
pub const MERGE_PATCH: &str = "application/merge-patch+json";
/// RFC 7240 preferences (`wait=N`).
pub const PREFER_HEADER: HeaderName = HeaderName::from_static("prefer");
/// RFC 7240: the preferences applied.
pub const PREFERENCE_APPLIED_HEADER: HeaderName = HeaderName::from_static("preference-applied");
/// The state of the operation a `Prefer: wait` waited for.
pub const OPERATION_STATE_HEADER: HeaderName = HeaderName::from_static("x-operation-state");
/// The caller's deadline.
pub const GRPC_TIMEOUT_HEADER: HeaderName = HeaderName::from_static("grpc-timeout");
/// W3C trace context.
pub const TRACEPARENT_HEADER: HeaderName = HeaderName::from_static("traceparent");
/// W3C trace context, vendor part.
pub const TRACESTATE_HEADER: HeaderName = HeaderName::from_static("tracestate");
/// Prefix of metadata carried in HTTP headers, both directions.
const METADATA_PREFIX: &str = "grpc-metadata-";
/// Headers forwarded as they are.
const PASS_THROUGH: [HeaderName; 3] = [REQUEST_ID_HEADER, TRACEPARENT_HEADER, TRACESTATE_HEADER];

/// Per-call settings that come from the operator, not the caller.
#[derive(Clone, Debug)]
pub struct CallPolicy {
    /// The `temporal-cloud-api-version` value every call carries.
    pub api_version: HeaderValue,
    /// Upper bound (and default) for the per-call deadline.
    pub max_deadline: Duration,
}

/// What the upstream call carries.
#[derive(Clone, Debug)]
pub struct Outbound {
    /// The gRPC request metadata.
    pub metadata: HeaderMap,
    /// The call's deadline.
    pub deadline: Duration,
}

/// Why the caller's headers cannot be forwarded.
#[derive(Debug)]
pub enum HeaderError {
    /// `Authorization: Bearer <key>` missing or malformed.
    Unauthenticated(&'static str),
    /// The caller asked for a Cloud Ops API version other than the pinned one.
    ApiVersionMismatch {
        /// What the caller sent.
        requested: String,
        /// What the gateway is pinned to.
        pinned: String,
    },
    /// A `Grpc-Timeout` that is not a gRPC timeout; the message says what was expected.
    InvalidTimeout(String),
    /// A header to forward whose value gRPC metadata cannot carry: a text value with bytes
    /// outside printable ASCII, or a `-bin` value that is not base64. The value is not echoed.
    InvalidMetadata(String),
}

/// Validates the caller's headers and builds the upstream metadata. No upstream call happens for a
/// request without a well-formed bearer key.
pub fn outbound(headers: &HeaderMap, policy: &CallPolicy) -> Result<Outbound, HeaderError> {
    let mut metadata = HeaderMap::new();
    metadata.insert(http::header::AUTHORIZATION, bearer(headers)?);

    if let Some(requested) = headers.get(&API_VERSION_HEADER)
        && requested != policy.api_version
    {
        return Err(HeaderError::ApiVersionMismatch {
            requested: String::from_utf8_lossy(requested.as_bytes()).into_owned(),
            pinned: String::from_utf8_lossy(policy.api_version.as_bytes()).into_owned(),
        });
    }
    metadata.insert(API_VERSION_HEADER, policy.api_version.clone());

    for (name, value) in headers {
        if let Some(key) = name.as_str().strip_prefix(METADATA_PREFIX) {
            if key.is_empty() || is_reserved(key) {
                continue;
            }
            if let Ok(key) = HeaderName::try_from(key) {
                check_metadata_value(name, &key, value)?;
                metadata.append(key, value.clone());
            }
        }
    }
    for name in PASS_THROUGH {
        if let Some(value) = headers.get(&name) {
            check_metadata_value(&name, &name, value)?;
            metadata.insert(name, value.clone());
        }
    }

    let deadline = match headers.get(GRPC_TIMEOUT_HEADER) {
        None => policy.max_deadline,
        Some(value) => parse_grpc_timeout(value.as_bytes())
            .ok_or_else(|| {
                HeaderError::InvalidTimeout(format!(
                    "invalid Grpc-Timeout {}: expected 1-8 digits and a unit H, M, S, m, u or n (e.g. 5S)",
                    quoted(&String::from_utf8_lossy(value.as_bytes()))
                ))
            })?
            .min(policy.max_deadline),
    };
    Ok(Outbound { metadata, deadline })
}

/// gRPC metadata values (gRPC over HTTP/2, "ASCII-Value" and "Binary-Header"): text values are
/// printable ASCII and space; `-bin` values are base64, padded or not.
fn check_metadata_value(header: &HeaderName, key: &HeaderName, value: &HeaderValue) -> Result<(), HeaderError> {
    use base64::Engine as _;
    let bytes = value.as_bytes();
    let valid = if key.as_str().ends_with("-bin") {
        let trimmed = bytes
            .strip_suffix(b"==")
            .or_else(|| bytes.strip_suffix(b"="))
            .unwrap_or(bytes);
        base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed).is_ok()
    } else {
        bytes.iter().all(|b| (0x20..=0x7e).contains(b))
    };
    if valid {
        return Ok(());
    }
    let header = bare(header.as_str());
    Err(HeaderError::InvalidMetadata(if key.as_str().ends_with("-bin") {
        format!("header {header}: a -bin value must be base64")
    } else {
        format!("header {header}: the value must be printable ASCII to travel as gRPC metadata")
    }))
}

/// Upstream response metadata as `Grpc-Metadata-<name>` response headers.
pub fn response_headers(metadata: &MetadataMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for (name, value) in metadata.as_ref() {
        if is_reserved(name.as_str()) {
            continue;
        }
        if let Ok(name) = HeaderName::try_from(format!("{METADATA_PREFIX}{}", name.as_str())) {
            out.append(name, value.clone());
        }
    }
    out
}

/// Metadata that is about the gRPC transport or the gateway's own policy, not the call, and
/// never crosses the gateway in either direction.
pub fn is_reserved(name: &str) -> bool {
    name.starts_with("grpc-")
        || matches!(
            name,
            "authorization"
                | "temporal-cloud-api-version"
                | "content-type"
                | "content-length"
                | "content-encoding"
                | "te"
                | "host"
                | "connection"
                | "keep-alive"
                | "proxy-authenticate"
                | "proxy-authorization"
                | "proxy-connection"
                | "trailer"
                | "transfer-encoding"
                | "upgrade"
                | "user-agent"
                | "date"
                | "server"
        )
}

/// `Authorization: Bearer <key>` → the normalised header value. The key itself is never echoed.
fn bearer(headers: &HeaderMap) -> Result<HeaderValue, HeaderError> {
    const MISSING: &str = "missing Authorization header: send Authorization: Bearer <API key>";
    const MALFORMED: &str = "malformed Authorization header: expected Bearer <API key>";
    let value = headers
        .get(http::header::AUTHORIZATION)
        .ok_or(HeaderError::Unauthenticated(MISSING))?;
    let key = value
        .to_str()
        .ok()
        .and_then(|text| text.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
        .filter(|key| !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or(HeaderError::Unauthenticated(MALFORMED))?;
    let mut value = HeaderValue::from_str(&format!("Bearer {key}")).expect("visible ASCII is a valid header value");
    value.set_sensitive(true);
    Ok(value)
}

/// `Grpc-Timeout`: up to 8 digits and a unit (gRPC over HTTP/2 spec).
pub fn parse_grpc_timeout(value: &[u8]) -> Option<Duration> {
    let (unit, digits) = value.split_last()?;
    if digits.is_empty() || digits.len() > 8 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(match unit {
        b'H' => Duration::from_secs(n * 3600),
        b'M' => Duration::from_secs(n * 60),
        b'S' => Duration::from_secs(n),
        b'm' => Duration::from_millis(n),
        b'u' => Duration::from_micros(n),
        b'n' => Duration::from_nanos(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::GatewayError;

    fn policy() -> CallPolicy {
        CallPolicy {
            api_version: HeaderValue::from_static("v0.17.0"),
            max_deadline: Duration::from_secs(30),
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (HeaderName::try_from(*k).unwrap(), HeaderValue::from_str(v).unwrap()))
            .collect()
    }

    #[test]
    fn forwards_key_version_metadata_and_trace_context() {
        let out = outbound(
            &headers(&[
                ("authorization", "bearer  k3y"),
                ("grpc-metadata-x-team", "payments"),
                ("grpc-metadata-authorization", "Bearer other"),
                ("grpc-metadata-grpc-timeout", "1S"),
                ("grpc-metadata-temporal-cloud-api-version", "v9"),
                ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                ("x-request-id", "req-1"),
                ("cookie", "c=1"),
            ]),
            &policy(),
        )
        .unwrap();
        assert_eq!(out.metadata["authorization"], "Bearer k3y");
        assert_eq!(out.metadata["temporal-cloud-api-version"], "v0.17.0");
        assert_eq!(out.metadata["x-team"], "payments");
        assert_eq!(out.metadata["x-request-id"], "req-1");
        assert!(out.metadata.contains_key("traceparent"));
        assert!(!out.metadata.contains_key("cookie"));
        assert!(!out.metadata.contains_key("grpc-timeout"));
        assert_eq!(out.metadata.get_all("authorization").iter().count(), 1);
        assert_eq!(out.deadline, Duration::from_secs(30));
    }

    #[test]
    fn metadata_grpc_cannot_carry_is_refused_without_echoing_it() {
        let with = |name: &str, value: &[u8]| {
            let mut map = headers(&[("authorization", "Bearer k")]);
            map.insert(
                HeaderName::try_from(name).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
            outbound(&map, &policy())
        };
        assert!(with("grpc-metadata-x-team", b"payments team").is_ok());
        assert!(with("grpc-metadata-x-sig-bin", b"AAEC").is_ok());
        assert!(with("grpc-metadata-x-sig-bin", b"AAE").is_ok(), "unpadded");
        assert!(with("grpc-metadata-x-sig-bin", b"AA==").is_ok(), "padded");
        for (name, value) in [
            ("grpc-metadata-x-team", "caf\u{e9}".as_bytes()),
            ("x-request-id", "r\u{e9}q".as_bytes()),
            ("grpc-metadata-x-sig-bin", b"not base64!"),
        ] {
            match with(name, value) {
                Err(HeaderError::InvalidMetadata(message)) => {
                    assert!(message.starts_with(&format!("header {name}:")), "{message}");
                    assert!(!message.contains(String::from_utf8_lossy(value).as_ref()), "{message}");
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn header_names_and_values_quoted_back_are_capped() {
        let mut map = headers(&[("authorization", "Bearer k"), ("grpc-timeout", &"9".repeat(10_000))]);
        let timeout = GatewayError::from(outbound(&map, &policy()).unwrap_err()).message();
        assert!(
            timeout.contains("…\" (10000 bytes)") && timeout.len() < 600,
            "{timeout:.400}"
        );
        map.remove("grpc-timeout");
        let name = HeaderName::try_from(format!("grpc-metadata-{}", "n".repeat(10_000))).unwrap();
        map.insert(name, HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let metadata = GatewayError::from(outbound(&map, &policy()).unwrap_err()).message();
        assert!(
            metadata.contains("… (10014 bytes):") && metadata.len() < 600,
            "{metadata:.400}"
        );
    }

    #[test]
    fn rejects_missing_or_malformed_bearer() {
        for bad in [
            vec![],
            vec![("authorization", "Basic dXNlcg==")],
            vec![("authorization", "Bearer")],
            vec![("authorization", "Bearer a b")],
        ] {
            let err = outbound(&headers(&bad), &policy()).unwrap_err();
            assert!(matches!(err, HeaderError::Unauthenticated(_)), "{bad:?}: {err:?}");
        }
    }

    #[test]
    fn version_other_than_the_pin_is_rejected() {
        let ok = outbound(
            &headers(&[("authorization", "Bearer k"), ("temporal-cloud-api-version", "v0.17.0")]),
            &policy(),
        );
        assert!(ok.is_ok());
        let err = outbound(
            &headers(&[("authorization", "Bearer k"), ("temporal-cloud-api-version", "v0.3.0")]),
            &policy(),
        );
        assert!(matches!(err, Err(HeaderError::ApiVersionMismatch { .. })));
    }

    #[test]
    fn grpc_timeout_shortens_but_never_extends_the_deadline() {
        let out = outbound(
            &headers(&[("authorization", "Bearer k"), ("grpc-timeout", "250m")]),
            &policy(),
        )
        .unwrap();
        assert_eq!(out.deadline, Duration::from_millis(250));
        let out = outbound(
            &headers(&[("authorization", "Bearer k"), ("grpc-timeout", "2H")]),
            &policy(),
        )
        .unwrap();
        assert_eq!(out.deadline, Duration::from_secs(30));
        for bad in ["", "5", "S", "123456789S", "5s", "-5S"] {
            assert!(parse_grpc_timeout(bad.as_bytes()).is_none(), "{bad}");
        }
        assert!(
            outbound(
                &headers(&[("authorization", "Bearer k"), ("grpc-timeout", "soon")]),
                &policy()
            )
            .is_err()
        );
    }

    #[test]
    fn response_metadata_becomes_grpc_metadata_headers_without_reserved_names() {
        let mut headers = HeaderMap::new();
        headers.insert("x-upstream-trace", HeaderValue::from_static("abc"));
        headers.insert("grpc-status", HeaderValue::from_static("0"));
        headers.insert("content-type", HeaderValue::from_static("application/grpc"));
        let out = response_headers(&MetadataMap::from_headers(headers));
        assert_eq!(out.len(), 1);
        assert_eq!(out["grpc-metadata-x-upstream-trace"], "abc");
    }
}
