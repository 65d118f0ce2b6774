//! Time for the emulator: the system clock, or a manual clock that tests advance explicitly, so that
//! operation progress (PENDING → IN_PROGRESS → FULFILLED) is deterministic under test.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::wkt::Timestamp;

/// A source of "now".
#[derive(Clone, Debug)]
pub enum Clock {
    /// Wall-clock time.
    System,
    /// Nanoseconds since the epoch, moved only by [`Clock::advance`].
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// A manual clock starting at `start`.
    pub fn manual(start: Timestamp) -> Self {
        Clock::Manual(Arc::new(AtomicI64::new(
            start.seconds * 1_000_000_000 + i64::from(start.nanos),
        )))
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Manual(nanos) => from_nanos(nanos.load(Ordering::SeqCst)),
        }
    }

    /// Moves a manual clock forward (no effect on the system clock).
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(nanos) = self {
            nanos.fetch_add(by.as_nanos() as i64, Ordering::SeqCst);
        }
    }
}

/// Nanoseconds since the epoch of `t`.
pub fn nanos(t: &Timestamp) -> i64 {
    t.seconds * 1_000_000_000 + i64::from(t.nanos)
}

/// The timestamp `n` nanoseconds after the epoch.
pub fn from_nanos(n: i64) -> Timestamp {
    Timestamp {
        seconds: n.div_euclid(1_000_000_000),
        nanos: n.rem_euclid(1_000_000_000) as i32,
    }
}

/// `t + d`.
pub fn add(t: &Timestamp, d: Duration) -> Timestamp {
    from_nanos(nanos(t) + d.as_nanos() as i64)
}

/// The time from `from` to `to`; zero when `to` is not later.
pub fn until(from: &Timestamp, to: &Timestamp) -> Duration {
    Duration::from_nanos(u64::try_from(nanos(to) - nanos(from)).unwrap_or(0))
}
