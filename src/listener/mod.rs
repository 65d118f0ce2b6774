//! Accepting and serving connections: HTTP/1.1 and HTTP/2 (prior knowledge) on one listener, with
//! the bounds that keep slow or idle clients from holding the gateway — time to the first request,
//! time to read a request head, idle time between requests, and the number of open connections —
//! and a graceful drain at shutdown — and the bounds that keep hostile clients from holding its
//! memory or its slots: output that stops moving (`--write-timeout`), HTTP/2 streams per
//! connection, cancelled requests per connection, each connection's share of the memory budget,
//! and an open-file limit raised to fit the connection limit. The body's own bound is the request
//! path's (`Limits::body_read_timeout`), because only it knows when a body is needed.
//!
//! Why a loop of our own instead of `axum::serve`: axum's loop sets no timer, so hyper's header
//! timeout never runs, and it has no idle bound or connection limit.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::memory::Budget;
use crate::metrics::ConnectionMetrics;
use crate::tls::ServerTls;

mod activity;
mod connection;
mod fd_limit;
mod output;

use connection::Connection;
pub use fd_limit::fit as fit_open_file_limit;

/// hyper's HTTP/1.1 read buffer, the most a request head can take (its default, named so that
/// the 431 it answers can say it). The configurable, smaller header limit is the router's.
const MAX_HEAD_BYTES: usize = 8192 + 4096 * 100;

/// HTTP/2 receive window of each stream (hyper's default is 1 MiB).
const STREAM_WINDOW: u32 = 256 * 1024;
/// HTTP/2 receive window of each connection, shared by its streams.
const CONNECTION_WINDOW: u32 = 1024 * 1024;

/// The window over which [`ConnectionLimits::max_cancelled`] counts cancelled requests.
pub const CANCEL_WINDOW: Duration = Duration::from_secs(10);

/// Per-connection bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Time a client has to send its first request head after connecting, and every later head
    /// once it has started it (on HTTP/1.1 hyper also runs this timer between requests).
    pub header_read_timeout: Duration,
    /// A connection with no request in progress for this long is closed (HTTP/1.1 and HTTP/2).
    pub idle_timeout: Duration,
    /// A connection whose pending output (a response body, or bytes for the socket) has not moved
    /// for this long is closed.
    pub write_timeout: Duration,
    /// Connections open at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// HTTP/2 streams open at once on one connection.
    pub max_streams: u32,
    /// Requests a client may cancel on one connection within [`CANCEL_WINDOW`], refilled
    /// continuously; over it the connection is told to go away.
    pub max_cancelled: u32,
    /// Bytes held for all callers at once (request bodies arriving, response bodies unwritten).
    pub memory_budget: usize,
    /// The share of `memory_budget` one connection may hold.
    pub connection_memory: usize,
}

impl ConnectionLimits {
    /// The defaults, also the command-line defaults.
    pub const DEFAULT: ConnectionLimits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(60),
        write_timeout: Duration::from_secs(30),
        max_connections: 4096,
        max_streams: 100,
        max_cancelled: 100,
        memory_budget: 256 * 1024 * 1024,
        connection_memory: 16 * 1024 * 1024,
    };
}

impl ConnectionLimits {
    /// How often a busy connection's watchdog looks for output that stopped moving: a few times
    /// per write timeout, since waiting output wakes nobody.
    pub fn recheck_interval(&self) -> Duration {
        (self.write_timeout / 4).clamp(Duration::from_millis(10), Duration::from_secs(1))
    }
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Serves `app` on `listener` until `stop` resolves; then stops accepting, asks every open
/// connection to finish (in-flight requests complete, idle connections close) and resolves when
/// the last one has closed. Callers bound that wait with their shutdown grace. Accept errors
/// (out of file descriptors) are logged and retried, so serving itself never fails.
///
/// With `tls`, every connection is TLS (ALPN `h2` and `http/1.1`); its handshake must finish
/// within the header read timeout. Each connection's requests carry its account of `budget`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    tls: Option<ServerTls>,
    metrics: ConnectionMetrics,
    budget: Arc<Budget>,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let mut spare = fd_limit::Spare::new();
    // One slot per connection; the count fits the semaphore and `acquire_many` (a u32).
    let capacity = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let slots = Arc::new(Semaphore::new(capacity as usize));
    let (closing, closing_rx) = watch::channel(false);
    let builder = builder(&limits);
    tokio::pin!(stop);
    loop {
        let (stream, _peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) if fd_limit::is_out_of_files(&e) => {
                    // Out of file descriptors: a connection waits in the backlog. Refuse it with
                    // the spare descriptor instead of leaving it waiting.
                    metrics.refused.inc();
                    spare.refuse_one(&listener).await;
                    continue;
                }
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            metrics.refused.inc();
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection {
            builder: builder.clone(),
            app: app.clone(),
            limits: limits.clone(),
            closing: closing_rx.clone(),
            metrics: metrics.clone(),
            budget: budget.clone(),
        };
        let (tls, open) = (tls.clone(), metrics.open.clone());
        tokio::spawn(async move {
            open.inc();
            let handshake_timeout = connection.limits.header_read_timeout;
            match tls {
                None => connection.run(stream).await,
                Some(tls) => match tokio::time::timeout(handshake_timeout, tls.0.accept(stream)).await {
                    Ok(Ok(stream)) => connection.run(stream).await,
                    Ok(Err(e)) => tracing::debug!("TLS handshake failed: {e}"),
                    Err(_) => tracing::debug!("TLS handshake timed out"),
                },
            }
            open.dec();
            drop(slot);
        });
    }
    drop(listener);
    let _ = closing.send(true);
    // Every connection holds a slot until it ends: all slots back means all connections closed.
    let _ = slots.acquire_many(capacity).await;
}

/// hyper's connection settings: HTTP/1.1 with the header timer; HTTP/2 with keep-alive pings, the
/// stream limit, and receive windows that fit the memory budget (a client can have at most a
/// window's worth of body in flight per stream before the gateway reads it into its budget).
fn builder(limits: &ConnectionLimits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .max_buf_size(MAX_HEAD_BYTES)
        .header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Duration::from_secs(30))
        .keep_alive_timeout(Duration::from_secs(20))
        .max_concurrent_streams(limits.max_streams)
        .initial_stream_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW);
    builder
}
