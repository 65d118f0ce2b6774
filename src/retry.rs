//! Safe retries of the upstream call. UNAVAILABLE and RESOURCE_EXHAUSTED — the upstream's own, or
//! the gateway's "could not reach it" — are retried, nothing else: after exponential backoff with
//! full jitter (a random delay up to `base · 2^(attempt-1)`, capped), added to the delay the
//! upstream asks for (`google.rpc.RetryInfo`) when it asks, so that callers limited at once spread
//! out; and only while the next attempt can start inside the request's deadline. Reads are always retried; a mutation only when it carries an operation id
//! ([`crate::idempotency`] makes that every mutation), so the upstream applies it at most once.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderMap;
use tonic::Code;

use crate::error::GatewayError;
use crate::retry_advice::retry_delay;
use crate::upstream::{Reply, Upstream};

/// How the gateway retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The backoff of the first retry; each later one doubles it.
    pub base_delay: Duration,
    /// The largest backoff.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// The defaults, also the command-line defaults: a few quick retries, well inside the default
    /// 30 s deadline — enough to ride out a connection reset or a rate-limit window, short enough
    /// that a real outage is reported to the caller in seconds.
    pub const DEFAULT: RetryPolicy = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(250),
        max_delay: Duration::from_secs(5),
    };

    /// No retries.
    pub const OFF: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::DEFAULT
    };

    /// The backoff before retry number `retry` (1 for the first): uniformly random in
    /// `0..=min(max_delay, base_delay · 2^(retry-1))`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX))
            .min(self.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The outcome of a call with retries.
pub struct Attempts {
    /// The last attempt's result.
    pub result: Result<Reply, GatewayError>,
    /// How many attempts were made.
    pub count: u32,
}

/// Whether `error` is a passing condition (UNAVAILABLE, RESOURCE_EXHAUSTED, an unreachable
/// upstream) that the same call may meet no more when sent again.
pub fn transient(error: &GatewayError) -> bool {
    retryable(error).is_some()
}

/// Whether `error` may be retried, and after what delay the upstream asked for, if it did.
fn retryable(error: &GatewayError) -> Option<Option<Duration>> {
    match error {
        GatewayError::Upstream(status) => {
            matches!(status.code(), Code::Unavailable | Code::ResourceExhausted).then(|| retry_delay(status))
        }
        GatewayError::UpstreamUnavailable(_) => Some(None),
        GatewayError::InvalidRequest(_)
        | GatewayError::MalformedJson(_)
        | GatewayError::Unauthenticated(_)
        | GatewayError::ApiVersionMismatch { .. }
        | GatewayError::RouteNotFound(_)
        | GatewayError::MethodNotAllowed(_)
        | GatewayError::UnsupportedMediaType { .. }
        | GatewayError::PayloadTooLarge(_)
        | GatewayError::HeadersTooLarge(_)
        | GatewayError::BodyTimeout(_)
        | GatewayError::MalformedHttp
        | GatewayError::UriTooLong(_)
        | GatewayError::Overloaded(_)
        | GatewayError::DeadlineExceeded(_)
        | GatewayError::BadUpstreamResponse(_)
        | GatewayError::PreconditionFailed(_) => None,
    }
}

/// Calls `grpc_path` until an answer that is not retryable, the attempts run out, or the next
/// attempt could not start before `deadline` ends; `may_retry` false makes one attempt.
/// `on_retry` is told the code of each answer that is retried.
#[allow(clippy::too_many_arguments)]
pub async fn call(
    upstream: &Upstream,
    policy: &RetryPolicy,
    may_retry: bool,
    grpc_path: &'static str,
    request: Bytes,
    metadata: HeaderMap,
    deadline: Duration,
    on_retry: impl Fn(Code),
) -> Attempts {
    let started = Instant::now();
    let max_attempts = if may_retry { policy.max_attempts.max(1) } else { 1 };
    let mut count = 0;
    loop {
        count += 1;
        let remaining = deadline.saturating_sub(started.elapsed());
        let result = upstream
            .unary(grpc_path, request.clone(), metadata.clone(), remaining)
            .await;
        let delay = match &result {
            // At least what the upstream asks for, plus the jittered backoff: callers limited
            // at the same moment must not all come back at the same instant.
            Err(error) if count < max_attempts => {
                retryable(error).map(|asked| asked.unwrap_or_default() + policy.backoff(count))
            }
            _ => None,
        };
        let Some(delay) = delay.filter(|d| started.elapsed() + *d < deadline) else {
            return Attempts { result, count };
        };
        if let Err(error) = &result {
            on_retry(error.code());
        }
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
        };
        for retry in 1..=6 {
            let cap = Duration::from_millis((100u64 << (retry - 1)).min(350));
            let delays: Vec<Duration> = (0..200).map(|_| policy.backoff(retry)).collect();
            assert!(delays.iter().all(|d| *d <= cap), "retry {retry}: over {cap:?}");
            assert!(delays.iter().any(|d| *d < cap / 2), "retry {retry}: jitter reaches low");
        }
        assert!(policy.backoff(40) <= Duration::from_millis(350), "no overflow");
    }

    #[test]
    fn only_unavailable_and_resource_exhausted_are_retried() {
        for code in [Code::Unavailable, Code::ResourceExhausted] {
            assert_eq!(
                retryable(&GatewayError::Upstream(tonic::Status::new(code, "x"))),
                Some(None)
            );
        }
        for code in [
            Code::Internal,
            Code::Aborted,
            Code::DeadlineExceeded,
            Code::Unknown,
            Code::NotFound,
        ] {
            assert_eq!(
                retryable(&GatewayError::Upstream(tonic::Status::new(code, "x"))),
                None,
                "{code:?}"
            );
        }
        assert_eq!(
            retryable(&GatewayError::UpstreamUnavailable("reset".into())),
            Some(None)
        );
        assert_eq!(retryable(&GatewayError::DeadlineExceeded(Duration::from_secs(1))), None);
        assert_eq!(retryable(&GatewayError::BadUpstreamResponse("x".into())), None);
    }
}
