//! `log_lines_dropped_total`: the log lines the queue in front of stderr dropped because it was
//! full ([`crate::telemetry`]). The writer keeps the count; this reads it at every scrape.

use std::sync::OnceLock;

use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric as _};
use prometheus_client::metrics::counter::ConstCounter;
use tracing_appender::non_blocking::ErrorCounter;

/// The installed writer's count.
static DROPPED: OnceLock<ErrorCounter> = OnceLock::new();

/// Exposes `counter` from now on (the first call wins: there is one log writer per process).
pub fn watch(counter: ErrorCounter) {
    let _ = DROPPED.set(counter);
}

/// Lines dropped so far (0 when no writer was installed, as in tests that log elsewhere).
pub fn dropped() -> u64 {
    DROPPED.get().map_or(0, |c| c.dropped_lines() as u64)
}

/// The collector registered with every gateway's registry.
#[derive(Debug)]
pub struct DroppedLines;

impl prometheus_client::collector::Collector for DroppedLines {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let counter = ConstCounter::new(dropped());
        let metric = encoder.encode_descriptor(
            "log_lines_dropped",
            "Log lines dropped because stderr did not keep up (the queue was full)",
            None,
            counter.metric_type(),
        )?;
        counter.encode(metric)
    }
}
