//! Logging set-up: `tracing` with a `RUST_LOG`-style filter (default `info`), text or JSON lines.
//! Nothing logged by the gateway contains a request header value other than the request id.
//!
//! Lines go to stderr through a bounded queue and a writer thread (`tracing-appender`), so a
//! request task formats its access line but never waits for the `write` — nor for a stderr pipe
//! that a slow log collector has stopped draining. When the queue is full a line is dropped and
//! counted (`log_lines_dropped_total`): under a log sink that cannot keep up, serving wins.

use std::time::Duration;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

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
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(QUEUED_LINES)
        .thread_name("log-writer")
        .finish(std::io::stderr());
    crate::metrics::log_lines::watch(writer.error_counter());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        // Colour only for a person at a terminal: escape codes in a container's log are noise, and
        // writing them was over half of the access line's formatting cost (docs/performance.md).
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
    LogGuard(guard)
}
