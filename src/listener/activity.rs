//! What a connection's watchdog reads: requests in progress (a request lasts until its response
//! body has been handed on in full, not until its handler returns), when the last one ended, how
//! long each unfinished response body and the socket have waited for the client to take output,
//! and the budget of requests the client cancelled.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::{CANCEL_WINDOW, ConnectionLimits};
use crate::metrics::CloseReason;

/// One connection's activity.
pub(super) struct Activity {
    started: Instant,
    active: AtomicUsize,
    seen: AtomicUsize,
    /// When the last request ended ([`Activity::stamp`]).
    last_end: AtomicU64,
    /// Response bodies in progress: when each began to wait for the client (0: it waits for its
    /// producer, or the slot is free).
    bodies: Mutex<Slots>,
    /// When the socket last refused bytes with nothing written since (0: it is not blocked).
    blocked_since: AtomicU64,
    /// Cancelled requests, as the theoretical arrival time of a GCRA over [`CANCEL_WINDOW`].
    cancel_tat: AtomicU64,
    too_many_cancels: AtomicBool,
    /// Woken when a request begins or ends, or the client cancelled too many.
    pub(super) changed: Notify,
}

/// What the watchdog is to do with the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Nothing yet; look again at the instant given.
    Wait(Instant),
    /// Ask it to finish (GOAWAY on HTTP/2): idle, or it cancelled too many requests.
    GoAway(Option<CloseReason>),
    /// Drop it now: its output has not moved for the write timeout.
    Abort(CloseReason),
}

#[derive(Default)]
struct Slots {
    since: Vec<u64>,
    free: Vec<usize>,
}

impl Activity {
    pub(super) fn new() -> Self {
        Self {
            started: Instant::now(),
            active: AtomicUsize::new(0),
            seen: AtomicUsize::new(0),
            last_end: AtomicU64::new(0),
            bodies: Mutex::new(Slots::default()),
            blocked_since: AtomicU64::new(0),
            cancel_tat: AtomicU64::new(0),
            too_many_cancels: AtomicBool::new(false),
            changed: Notify::new(),
        }
    }

    /// Now, as nanoseconds since the connection began, never 0 (0 means "not set").
    fn stamp(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_nanos())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    fn at(&self, stamp: u64) -> Instant {
        self.started + Duration::from_nanos(stamp)
    }

    pub(super) fn begin(&self) {
        self.active.fetch_add(1, Ordering::SeqCst);
        self.seen.fetch_add(1, Ordering::SeqCst);
        self.changed.notify_one();
    }

    pub(super) fn end(&self) {
        self.last_end.store(self.stamp(), Ordering::SeqCst);
        self.active.fetch_sub(1, Ordering::SeqCst);
        self.changed.notify_one();
    }

    /// A response body begins: it waits for the client from now. Returns its slot.
    pub(super) fn body_started(&self) -> usize {
        let now = self.stamp();
        let mut slots = self.bodies.lock().unwrap_or_else(|e| e.into_inner());
        match slots.free.pop() {
            Some(slot) => {
                slots.since[slot] = now;
                slot
            }
            None => {
                slots.since.push(now);
                slots.since.len() - 1
            }
        }
    }

    /// The body in `slot` handed a frame on (`waiting`: it now waits for the client again) or
    /// waits for its producer (`!waiting`).
    pub(super) fn body_moved(&self, slot: usize, waiting: bool) {
        let value = if waiting { self.stamp() } else { 0 };
        let mut slots = self.bodies.lock().unwrap_or_else(|e| e.into_inner());
        slots.since[slot] = value;
    }

    pub(super) fn body_finished(&self, slot: usize) {
        let mut slots = self.bodies.lock().unwrap_or_else(|e| e.into_inner());
        slots.since[slot] = 0;
        slots.free.push(slot);
    }

    /// The socket refused bytes (`blocked`) or took some.
    pub(super) fn socket_blocked(&self, blocked: bool) {
        if !blocked {
            self.blocked_since.store(0, Ordering::Relaxed);
        } else if self.blocked_since.load(Ordering::Relaxed) == 0 {
            self.blocked_since.store(self.stamp(), Ordering::Relaxed);
        }
    }

    /// The client cancelled a request before its answer was ready. Past `max` in
    /// [`CANCEL_WINDOW`] (a GCRA: each cancel costs `window / max`, the bucket holds `window`),
    /// the connection is to go away.
    pub(super) fn cancelled(&self, max: u32) {
        let now = self.stamp();
        let cost = u64::try_from((CANCEL_WINDOW / max.max(1)).as_nanos()).unwrap_or(u64::MAX);
        let window = u64::try_from(CANCEL_WINDOW.as_nanos()).unwrap_or(u64::MAX);
        let previous = self
            .cancel_tat
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |tat| {
                Some(tat.max(now).saturating_add(cost))
            })
            .unwrap_or(0);
        if previous.max(now).saturating_add(cost) - now > window {
            self.too_many_cancels.store(true, Ordering::SeqCst);
            self.changed.notify_one();
        }
    }

    /// What to do now, and when to look again: the header timeout while no request has come, the
    /// idle timeout after the last request ended, the write timeout while output waits for the
    /// client (looked at a few times per timeout, since waiting output wakes nobody).
    pub(super) fn verdict(&self, limits: &ConnectionLimits) -> Verdict {
        if self.too_many_cancels.swap(false, Ordering::SeqCst) {
            return Verdict::GoAway(Some(CloseReason::cancelled_requests));
        }
        let now = Instant::now();
        let waiting = self.oldest_waiting_output();
        if let Some(since) = waiting
            && since + limits.write_timeout <= now
        {
            return Verdict::Abort(CloseReason::write_timeout);
        }
        let look_again = now + limits.recheck_interval();
        if self.active.load(Ordering::SeqCst) > 0 {
            return Verdict::Wait(look_again);
        }
        let idle_deadline = if self.seen.load(Ordering::SeqCst) == 0 {
            self.started + limits.header_read_timeout
        } else {
            self.at(self.last_end.load(Ordering::SeqCst)) + limits.idle_timeout
        };
        if idle_deadline <= now {
            return Verdict::GoAway(None);
        }
        Verdict::Wait(if waiting.is_some() {
            idle_deadline.min(look_again)
        } else {
            idle_deadline
        })
    }

    /// Since when the oldest output has waited for the client: a response body it has not taken,
    /// or bytes the socket would not take.
    fn oldest_waiting_output(&self) -> Option<Instant> {
        let body = {
            let slots = self.bodies.lock().unwrap_or_else(|e| e.into_inner());
            slots.since.iter().copied().filter(|&s| s != 0).min()
        };
        let socket = Some(self.blocked_since.load(Ordering::Relaxed)).filter(|&s| s != 0);
        [body, socket].into_iter().flatten().min().map(|s| self.at(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ConnectionLimits {
        ConnectionLimits {
            write_timeout: Duration::from_millis(200),
            ..ConnectionLimits::DEFAULT
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_the_client_does_not_take_aborts_after_the_write_timeout() {
        let activity = Activity::new();
        activity.begin();
        let slot = activity.body_started();
        assert!(matches!(activity.verdict(&limits()), Verdict::Wait(_)));
        tokio::time::advance(Duration::from_millis(150)).await;
        activity.body_moved(slot, true);
        tokio::time::advance(Duration::from_millis(150)).await;
        assert!(
            matches!(activity.verdict(&limits()), Verdict::Wait(_)),
            "it moved 150 ms ago"
        );
        activity.body_moved(slot, false);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert!(
            matches!(activity.verdict(&limits()), Verdict::Wait(_)),
            "waiting for its producer is not the client's stall"
        );
        activity.body_moved(slot, true);
        tokio::time::advance(Duration::from_millis(250)).await;
        assert_eq!(activity.verdict(&limits()), Verdict::Abort(CloseReason::write_timeout));
        activity.body_finished(slot);
        activity.end();
        assert!(matches!(activity.verdict(&limits()), Verdict::Wait(_)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_blocked_socket_aborts_after_the_write_timeout_even_when_idle() {
        let activity = Activity::new();
        activity.begin();
        activity.end();
        activity.socket_blocked(true);
        tokio::time::advance(Duration::from_millis(100)).await;
        activity.socket_blocked(true);
        tokio::time::advance(Duration::from_millis(150)).await;
        assert_eq!(activity.verdict(&limits()), Verdict::Abort(CloseReason::write_timeout));
        activity.socket_blocked(false);
        assert!(matches!(activity.verdict(&limits()), Verdict::Wait(_)));
    }

    #[tokio::test(start_paused = true)]
    async fn cancels_count_over_time_so_slow_ones_are_free_and_a_burst_is_not() {
        let activity = Activity::new();
        // 10 per window allowed: one each second never runs out.
        for _ in 0..50 {
            activity.cancelled(10);
            tokio::time::advance(Duration::from_secs(1)).await;
        }
        assert!(!activity.too_many_cancels.load(Ordering::SeqCst));
        // A burst: the 11th within the window is one too many, however they are spaced.
        for _ in 0..11 {
            activity.cancelled(10);
            tokio::time::advance(Duration::from_millis(5)).await;
        }
        assert_eq!(
            activity.verdict(&limits()),
            Verdict::GoAway(Some(CloseReason::cancelled_requests))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn idle_after_the_last_request_goes_away() {
        let limits = ConnectionLimits {
            idle_timeout: Duration::from_secs(1),
            ..limits()
        };
        let activity = Activity::new();
        activity.begin();
        tokio::time::advance(Duration::from_secs(5)).await;
        assert!(
            matches!(activity.verdict(&limits), Verdict::Wait(_)),
            "busy is not idle"
        );
        activity.end();
        tokio::time::advance(Duration::from_millis(1100)).await;
        assert_eq!(activity.verdict(&limits), Verdict::GoAway(None));
    }
}
