//! Accepting and serving connections: HTTP/1.1 and HTTP/2 (prior knowledge) on one listener, with
//! the bounds that keep slow or idle clients from holding the gateway — time to the first request,
//! time to read a request head, idle time between requests, and the number of open connections —
//! and a graceful drain at shutdown. The body's own bound is the request path's
//! (`Limits::body_read_timeout`), because only it knows when a body is needed.
//!
//! Why a loop of our own instead of `axum::serve`: axum's loop sets no timer, so hyper's header
//! timeout never runs, and it has no idle bound or connection limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt as _;

use crate::metrics::ConnectionMetrics;
use crate::parse_errors::JsonParseErrors;
use crate::tls::ServerTls;

/// hyper's HTTP/1.1 read buffer, the most a request head can take (its default, named so that
/// the 431 it answers can say it). The configurable, smaller header limit is the router's.
const MAX_HEAD_BYTES: usize = 8192 + 4096 * 100;

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
/// within the header read timeout.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    tls: Option<ServerTls>,
    metrics: ConnectionMetrics,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) {
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
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
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

/// hyper's connection settings: HTTP/1.1 with the header timer, HTTP/2 with keep-alive pings.
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
        .keep_alive_timeout(Duration::from_secs(20));
    builder
}

/// One accepted connection and what it needs.
struct Connection {
    builder: auto::Builder<TokioExecutor>,
    app: Router,
    limits: ConnectionLimits,
    closing: watch::Receiver<bool>,
    metrics: ConnectionMetrics,
}

impl Connection {
    /// Serves the connection until it ends, closing it gracefully when it stays silent or idle
    /// too long, or when the server starts draining.
    async fn run<S>(mut self, stream: S)
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let activity = Arc::new(Activity::new());
        let service = {
            let (app, activity) = (self.app.clone(), activity.clone());
            hyper::service::service_fn(move |request: http::Request<Incoming>| {
                let (app, activity) = (app.clone(), activity.clone());
                activity.begin();
                async move {
                    let response = app.oneshot(request.map(axum::body::Body::new)).await;
                    activity.end();
                    response
                }
            })
        };
        let refused = self.metrics.parse_errors.clone();
        let stream = JsonParseErrors::new(stream, MAX_HEAD_BYTES, move |status| {
            refused.inc();
            crate::access_log::write_unparsed(status);
        });
        let connection = self.builder.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        let mut closing = *self.closing.borrow();
        if closing {
            connection.as_mut().graceful_shutdown();
        }
        loop {
            let deadline = activity.deadline(&self.limits);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection ended: {e}");
                    }
                    break;
                }
                _ = self.closing.changed(), if !closing => {
                    connection.as_mut().graceful_shutdown();
                    closing = true;
                }
                // A request began or ended: the deadline moved.
                () = activity.changed.notified() => {}
                () = tokio::time::sleep_until(deadline), if !closing => {
                    if activity.deadline(&self.limits) <= Instant::now() {
                        connection.as_mut().graceful_shutdown();
                        closing = true;
                    }
                }
            }
        }
    }
}

/// What a connection's watchdog needs: requests in progress, how many have been seen, and when
/// the connection was last busy.
struct Activity {
    started: Instant,
    active: AtomicUsize,
    seen: AtomicUsize,
    /// Nanoseconds after `started` at which the last request ended.
    last_end: AtomicU64,
    /// Woken when a request begins or ends.
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            active: AtomicUsize::new(0),
            seen: AtomicUsize::new(0),
            last_end: AtomicU64::new(0),
            changed: Notify::new(),
        }
    }

    fn begin(&self) {
        self.active.fetch_add(1, Ordering::SeqCst);
        self.seen.fetch_add(1, Ordering::SeqCst);
        self.changed.notify_one();
    }

    fn end(&self) {
        let nanos = u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.last_end.store(nanos, Ordering::SeqCst);
        self.active.fetch_sub(1, Ordering::SeqCst);
        self.changed.notify_one();
    }

    /// When the connection is to be closed if nothing happens before: the header timeout after
    /// connecting while no request has come, the idle timeout after the last request ended, and
    /// never while a request is in progress (its own timeouts bound it).
    fn deadline(&self, limits: &ConnectionLimits) -> Instant {
        if self.active.load(Ordering::SeqCst) > 0 {
            return Instant::now() + limits.idle_timeout;
        }
        if self.seen.load(Ordering::SeqCst) == 0 {
            return self.started + limits.header_read_timeout;
        }
        self.started + Duration::from_nanos(self.last_end.load(Ordering::SeqCst)) + limits.idle_timeout
    }
}
