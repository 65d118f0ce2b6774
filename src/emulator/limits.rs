//! Temporal Cloud's documented limits, enforced so that a client's (and the gateway's) handling of
//! RESOURCE_EXHAUSTED can be tested for real: request rates of 160/s per account, 40/s per user and
//! 80/s per service account (token buckets holding one second's worth), and at most 10 async
//! operations running per account. Over a limit the answer is RESOURCE_EXHAUSTED with a
//! `google.rpc.RetryInfo` delay: when a token or an operation slot is free again. On by default,
//! `--rate-limits off` in `dev` and `emulator`.
//!
//! Injected outages for retry tests: the next K calls ([`Limiter::fail_next`]) or a fraction of
//! all calls (`--unavailable-fraction`) answer UNAVAILABLE before anything is read or changed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tonic::{Code, Status};

use super::auth::Principal;

/// The limits in force.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimits {
    /// Requests per second for the whole account.
    pub account_per_second: f64,
    /// Requests per second per user.
    pub user_per_second: f64,
    /// Requests per second per service account.
    pub service_account_per_second: f64,
    /// Async operations running at once per account.
    pub running_operations: usize,
}

impl RateLimits {
    /// Temporal Cloud's documented numbers.
    pub const TEMPORAL: RateLimits = RateLimits {
        account_per_second: 160.0,
        user_per_second: 40.0,
        service_account_per_second: 80.0,
        running_operations: 10,
    };
}

/// A token bucket: `rate` tokens a second, at most `rate` held.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// Refills for the time since the last call; then how long until a whole token is there.
    fn refill(&mut self, rate: f64, now: Instant) -> Option<Duration> {
        self.tokens = (self.tokens + rate * now.saturating_duration_since(self.at).as_secs_f64()).min(rate);
        self.at = now;
        (self.tokens < 1.0).then(|| Duration::from_secs_f64((1.0 - self.tokens) / rate))
    }
}

/// The request-rate buckets and the injected outages of one emulator.
#[derive(Debug, Default)]
pub struct Limiter {
    limits: Option<RateLimits>,
    unavailable_fraction: f64,
    fail_next: u32,
    buckets: HashMap<String, Bucket>,
}

impl Limiter {
    /// A limiter enforcing `limits` (none: no rate or operation limit) and failing
    /// `unavailable_fraction` of the calls.
    pub fn new(limits: Option<RateLimits>, unavailable_fraction: f64) -> Self {
        Self {
            limits,
            unavailable_fraction,
            ..Self::default()
        }
    }

    /// Makes the next `calls` calls answer UNAVAILABLE (a test hook).
    pub fn fail_next(&mut self, calls: u32) {
        self.fail_next = calls;
    }

    /// The limit on running operations, if any.
    pub fn running_operations(&self) -> Option<usize> {
        self.limits.as_ref().map(|l| l.running_operations)
    }

    /// An injected outage, checked before the caller is known.
    pub fn outage(&mut self) -> Result<(), Status> {
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Err(Status::unavailable("the service is unavailable (injected: next calls)"));
        }
        if self.unavailable_fraction > 0.0 && fastrand::f64() < self.unavailable_fraction {
            return Err(Status::unavailable(
                "the service is unavailable (injected: --unavailable-fraction)",
            ));
        }
        Ok(())
    }

    /// Admits one request of `principal`: a token from the account's bucket and the principal's.
    pub fn admit(&mut self, principal: &Principal, now: Instant) -> Result<(), Status> {
        let Some(limits) = self.limits.clone() else {
            return Ok(());
        };
        let (key, rate, who) = match principal {
            Principal::User(id) => (format!("user:{id}"), limits.user_per_second, "user"),
            Principal::ServiceAccount(id) => (
                format!("service-account:{id}"),
                limits.service_account_per_second,
                "service account",
            ),
        };
        // A token is taken from both buckets or from neither: a refused call costs nothing.
        let scopes = [
            ("account".to_string(), limits.account_per_second, "the account"),
            (key, rate, who),
        ];
        for (key, rate, scope) in &scopes {
            let bucket = self
                .buckets
                .entry(key.clone())
                .or_insert(Bucket { tokens: *rate, at: now });
            if let Some(wait) = bucket.refill(*rate, now) {
                return Err(exhausted(
                    &format!("request rate limit of {rate}/s for {scope} reached"),
                    wait,
                ));
            }
        }
        for (key, _, _) in &scopes {
            if let Some(bucket) = self.buckets.get_mut(key) {
                bucket.tokens -= 1.0;
            }
        }
        Ok(())
    }
}

/// RESOURCE_EXHAUSTED asking the client to retry after `delay`.
pub fn exhausted(message: &str, delay: Duration) -> Status {
    crate::retry_advice::with_retry_delay(Code::ResourceExhausted, message, delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_over_the_rate_is_refused_with_the_time_to_the_next_token() {
        let mut limiter = Limiter::new(Some(RateLimits::TEMPORAL), 0.0);
        let user = Principal::User("u1".into());
        let now = Instant::now();
        for _ in 0..40 {
            limiter.admit(&user, now).unwrap();
        }
        let refused = limiter.admit(&user, now).unwrap_err();
        assert_eq!(refused.code(), Code::ResourceExhausted);
        assert_eq!(
            crate::retry_advice::retry_delay(&refused),
            Some(Duration::from_millis(25)),
            "one token at 40/s"
        );
        limiter.admit(&user, now + Duration::from_millis(30)).unwrap();

        let tight = RateLimits {
            account_per_second: 5.0,
            ..RateLimits::TEMPORAL
        };
        let mut limiter = Limiter::new(Some(tight), 0.0);
        for i in 0..5 {
            limiter
                .admit(&Principal::ServiceAccount(format!("sa{i}")), now)
                .unwrap();
        }
        let account = limiter.admit(&Principal::User("u9".into()), now).unwrap_err();
        assert!(account.message().contains("the account"), "{}", account.message());
    }

    #[test]
    fn outages_are_injected_on_demand() {
        let mut limiter = Limiter::new(None, 0.0);
        limiter.fail_next(2);
        assert_eq!(limiter.outage().unwrap_err().code(), Code::Unavailable);
        assert_eq!(limiter.outage().unwrap_err().code(), Code::Unavailable);
        assert!(limiter.outage().is_ok());
        assert!(
            limiter.admit(&Principal::User("u".into()), Instant::now()).is_ok(),
            "no limits"
        );
        let mut always = Limiter::new(None, 1.0);
        assert!(always.outage().is_err());
    }
}
