//! Logging set-up: `tracing` with a `RUST_LOG` filter (default `info`), text or JSON lines.
//! Nothing logged by the gateway contains a request header value other than the request id.
//!
//! The filter is `tracing_subscriber`'s `Targets`: a default level and `target=level` directives
//! (`info,cloud_ops_gateway::access=warn`). `EnvFilter` would add span and field directives, which
//! this service has no use for, at the price of the regex crates in every build (about 18 s of CPU
//! of a fresh `release` build, docs/build-profiles.md).
//!
//! Lines go to stderr through a bounded queue and a writer thread (`tracing-appender`), so a
//! request task formats its access line but never waits for the `write` — nor for a stderr pipe
//! that a slow log collector has stopped draining. When the queue is full a line is dropped and
//! counted (`log_lines_dropped_total`): under a log sink that cannot keep up, serving wins.

use std::time::Duration;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::config::LogFormat;

/// Lines the queue holds before it drops: at most about 3 MiB of access lines, a second or two of
/// full load. A deeper queue rides out longer stalls but costs its depth in RSS whenever the
/// writer thread falls behind (a 16 Ki-line queue showed up as +2 MiB peak RSS under load).
const QUEUED_LINES: usize = 8 * 1024;

/// How long the queued lines get to reach stderr at exit.
const FLUSH_AT_EXIT: Duration = Duration::from_secs(2);

/// Keeps the writer thread; [`LogGuard::flush`] writes out what is queued (call before exiting).
#[must_use = "dropping the guard stops the log writer"]
pub struct LogGuard(WorkerGuard);

impl LogGuard {
    /// Writes out the queued lines, waiting at most [`FLUSH_AT_EXIT`]. The guard's own drop can
    /// block for good when stderr is stalled (it then reports its failure on stdout, which may be
    /// closed or full too), so it runs on a thread of its own and exiting never waits longer.
    pub fn flush(self) {
        let (done, finished) = std::sync::mpsc::channel();
        let guard = self.0;
        let flushing = std::thread::Builder::new().name("log-flush".into()).spawn(move || {
            drop(guard);
            let _ = done.send(());
        });
        if flushing.is_ok() {
            let _ = finished.recv_timeout(FLUSH_AT_EXIT);
        }
    }
}

/// Installs the global subscriber, writing to stderr through the queue.
pub fn init(format: LogFormat) -> LogGuard {
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(QUEUED_LINES)
        .thread_name("log-writer")
        .finish(std::io::stderr());
    crate::metrics::log_lines::watch(writer.error_counter());
    let builder = tracing_subscriber::fmt()
        // The builder's own filter (INFO unless told) would cut below `filter`: let everything
        // through to it.
        .with_max_level(tracing::level_filters::LevelFilter::TRACE)
        .with_writer(writer)
        // Colour only for a person at a terminal: escape codes in a container's log are noise, and
        // writing them was over half of the access line's formatting cost (docs/performance.md).
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.finish().with(filter).init(),
        LogFormat::Json => builder.json().flatten_event(true).finish().with(filter).init(),
    }
    LogGuard(guard)
}

/// The filter `RUST_LOG` names; `info` when it is unset or empty, and — said on stderr, since no
/// log is installed yet — when it does not parse.
fn log_filter(rust_log: Option<&str>) -> Targets {
    let info = || Targets::new().with_default(tracing::Level::INFO);
    match rust_log.map(str::trim) {
        None | Some("") => info(),
        Some(text) => text.parse().unwrap_or_else(|e| {
            eprintln!("cloud-ops-gateway: RUST_LOG={text:?} is not a filter ({e}); logging at info");
            info()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::log_filter;
    use tracing::Level;

    #[test]
    fn rust_log_sets_a_default_level_and_per_target_levels() {
        let filter = log_filter(Some("debug,cloud_ops_gateway::access=warn,h2=off"));
        assert!(filter.would_enable("cloud_ops_gateway::serve", &Level::DEBUG));
        assert!(!filter.would_enable("cloud_ops_gateway::serve", &Level::TRACE));
        assert!(!filter.would_enable("cloud_ops_gateway::access", &Level::INFO));
        assert!(filter.would_enable("cloud_ops_gateway::access", &Level::WARN));
        assert!(
            !filter.would_enable("h2::codec", &Level::ERROR),
            "a target prefix covers its modules"
        );
    }

    #[test]
    fn unset_empty_or_malformed_rust_log_logs_at_info() {
        for rust_log in [None, Some(""), Some("  "), Some("debug,cloud_ops_gateway=loud")] {
            let filter = log_filter(rust_log);
            assert!(
                filter.would_enable("cloud_ops_gateway::access", &Level::INFO),
                "{rust_log:?}"
            );
            assert!(
                !filter.would_enable("cloud_ops_gateway::access", &Level::DEBUG),
                "{rust_log:?}"
            );
        }
    }
}
