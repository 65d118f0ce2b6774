//! What an upstream status says about retrying: a `google.rpc.RetryInfo` detail (the way a gRPC
//! server says when to come back), else a `retry-after` metadata entry in whole seconds. Read by
//! the retry loop (how long to wait) and by the error response (`Retry-After`).

use std::time::Duration;

use prost::Message as _;
use tonic::Code;

use crate::pb::google::rpc::Status as RpcStatus;

/// `google.rpc.RetryInfo` (field numbers from google/rpc/error_details.proto).
#[derive(Clone, PartialEq, ::prost::Message)]
struct RetryInfo {
    #[prost(message, optional, tag = "1")]
    retry_delay: Option<crate::wkt::Duration>,
}

/// The delay the upstream asks for before a retry of a RESOURCE_EXHAUSTED or UNAVAILABLE answer,
/// when it says one.
pub fn retry_delay(status: &tonic::Status) -> Option<Duration> {
    if !matches!(status.code(), Code::ResourceExhausted | Code::Unavailable) {
        return None;
    }
    let from_detail = || {
        RpcStatus::decode(status.details())
            .ok()?
            .details
            .iter()
            .filter(|d| d.type_name() == "google.rpc.RetryInfo")
            .find_map(|d| RetryInfo::decode(d.value.as_slice()).ok()?.retry_delay)
            .map(|d| Duration::new(d.seconds.max(0) as u64, d.nanos.max(0) as u32))
    };
    let from_metadata = || {
        let seconds = status
            .metadata()
            .get("retry-after")?
            .to_str()
            .ok()?
            .trim()
            .parse::<u64>()
            .ok()?;
        Some(Duration::from_secs(seconds))
    };
    from_detail().or_else(from_metadata)
}

/// A status of `code` asking to be retried after `delay`: the `google.rpc.RetryInfo` detail that
/// [`retry_delay`] reads (the emulator's limits answer with it).
pub fn with_retry_delay(code: Code, message: &str, delay: Duration) -> tonic::Status {
    let info = RetryInfo {
        retry_delay: Some(crate::wkt::Duration {
            seconds: delay.as_secs() as i64,
            nanos: delay.subsec_nanos() as i32,
        }),
    };
    let status = RpcStatus {
        code: code as i32,
        message: message.to_string(),
        details: vec![crate::wkt::Any {
            type_url: "type.googleapis.com/google.rpc.RetryInfo".into(),
            value: info.encode_to_vec(),
        }],
    };
    tonic::Status::with_details(code, message, status.encode_to_vec().into())
}

/// [`retry_delay`] as `Retry-After` seconds, rounded up.
pub fn retry_after_seconds(status: &tonic::Status) -> Option<u64> {
    retry_delay(status).map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_comes_from_retry_info_then_metadata() {
        let status = with_retry_delay(Code::ResourceExhausted, "slow down", Duration::from_millis(1500));
        assert_eq!(retry_delay(&status), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after_seconds(&status), Some(2));
        let mut status = tonic::Status::unavailable("later");
        status.metadata_mut().insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_delay(&status), Some(Duration::from_secs(3)));
        assert_eq!(retry_delay(&tonic::Status::unavailable("no advice")), None);
        assert_eq!(
            retry_delay(&with_retry_delay(Code::NotFound, "gone", Duration::from_secs(1))),
            None,
            "only for retryable codes"
        );
    }
}
