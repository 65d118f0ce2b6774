//! Inbound HTTP headers → upstream gRPC metadata and deadline: the bearer key, the pinned
//! `temporal-cloud-api-version`, `Grpc-Metadata-*`, `Grpc-Timeout`, request id and W3C trace context.

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::GatewayError;
use crate::upstream::is_reserved;

/// The pinned version header, sent on every upstream call.
pub const API_VERSION_HEADER: HeaderName = HeaderName::from_static("temporal-cloud-api-version");
/// The request id header, generated when absent and echoed on the response.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
const METADATA_PREFIX: &str = "grpc-metadata-";
/// Headers forwarded as they are.
const PASS_THROUGH: [HeaderName; 3] = [
    REQUEST_ID_HEADER,
    HeaderName::from_static("traceparent"),
    HeaderName::from_static("tracestate"),
];

/// Per-call settings that come from the operator, not the caller.
#[derive(Clone, Debug)]
pub struct CallPolicy {
    /// The `temporal-cloud-api-version` value every call carries.
    pub api_version: HeaderValue,
    /// Upper bound (and default) for the per-call deadline.
    pub max_deadline: Duration,
}

/// What the upstream call carries.
#[derive(Debug)]
pub struct Outbound {
    /// The gRPC request metadata.
    pub metadata: HeaderMap,
    /// The call's deadline.
    pub deadline: Duration,
}

/// Validates the caller's headers and builds the upstream metadata. No upstream call happens for a
/// request without a well-formed bearer key.
pub fn outbound(headers: &HeaderMap, policy: &CallPolicy) -> Result<Outbound, GatewayError> {
    let mut metadata = HeaderMap::new();
    metadata.insert(http::header::AUTHORIZATION, bearer(headers)?);

    if let Some(requested) = headers.get(&API_VERSION_HEADER)
        && requested != policy.api_version
    {
        return Err(GatewayError::ApiVersionMismatch {
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
                metadata.append(key, value.clone());
            }
        }
    }
    for name in PASS_THROUGH {
        if let Some(value) = headers.get(&name) {
            metadata.insert(name, value.clone());
        }
    }

    let deadline = match headers.get("grpc-timeout") {
        None => policy.max_deadline,
        Some(value) => parse_grpc_timeout(value.as_bytes())
            .ok_or_else(|| {
                GatewayError::InvalidRequest(format!(
                    "invalid Grpc-Timeout {:?}: expected 1-8 digits and a unit H, M, S, m, u or n (e.g. 5S)",
                    String::from_utf8_lossy(value.as_bytes())
                ))
            })?
            .min(policy.max_deadline),
    };
    Ok(Outbound { metadata, deadline })
}

/// `Authorization: Bearer <key>` → the normalised header value. The key itself is never echoed.
fn bearer(headers: &HeaderMap) -> Result<HeaderValue, GatewayError> {
    const MISSING: &str = "missing Authorization header: send Authorization: Bearer <API key>";
    const MALFORMED: &str = "malformed Authorization header: expected Bearer <API key>";
    let value = headers
        .get(http::header::AUTHORIZATION)
        .ok_or(GatewayError::Unauthenticated(MISSING))?;
    let key = value
        .to_str()
        .ok()
        .and_then(|text| text.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
        .filter(|key| !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or(GatewayError::Unauthenticated(MALFORMED))?;
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
    fn rejects_missing_or_malformed_bearer() {
        for bad in [
            vec![],
            vec![("authorization", "Basic dXNlcg==")],
            vec![("authorization", "Bearer")],
            vec![("authorization", "Bearer a b")],
        ] {
            let err = outbound(&headers(&bad), &policy()).unwrap_err();
            assert!(matches!(err, GatewayError::Unauthenticated(_)), "{bad:?}: {err:?}");
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
        assert!(matches!(err, Err(GatewayError::ApiVersionMismatch { .. })));
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
}
