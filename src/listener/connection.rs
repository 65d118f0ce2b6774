//! One accepted connection: hyper serves it while a watchdog closes it gracefully when it stays
//! silent or idle too long, when the client cancels too many requests, or when the server drains,
//! and drops it at once when its output stops moving or the memory budget needs it back.

use std::sync::Arc;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::sync::watch;
use tower::ServiceExt as _;

use super::activity::{Activity, Verdict};
use super::output::{TrackedBody, TrackedIo};
use super::{ConnectionLimits, MAX_HEAD_BYTES};
use crate::memory::{Account, Budget};
use crate::metrics::{CloseReason, ConnectionMetrics};
use crate::parse_errors::JsonParseErrors;

/// One accepted connection and what it needs.
pub(super) struct Connection {
    pub(super) builder: auto::Builder<TokioExecutor>,
    pub(super) app: Router,
    pub(super) limits: ConnectionLimits,
    pub(super) closing: watch::Receiver<bool>,
    pub(super) metrics: ConnectionMetrics,
    pub(super) budget: Arc<Budget>,
}

impl Connection {
    /// Serves the connection until it ends or the watchdog ends it.
    pub(super) async fn run<S>(mut self, stream: S)
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let activity = Arc::new(Activity::new());
        let account = self.budget.open();
        let service = service(
            self.app.clone(),
            activity.clone(),
            account.clone(),
            self.limits.max_cancelled,
        );
        let refused = self.metrics.parse_errors.clone();
        let stream = JsonParseErrors::new(
            TrackedIo::new(stream, activity.clone()),
            MAX_HEAD_BYTES,
            move |status| {
                refused.inc();
                crate::access_log::write_unparsed(status);
            },
        );
        let connection = self.builder.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        let mut closing = *self.closing.borrow();
        if closing {
            connection.as_mut().graceful_shutdown();
        }
        loop {
            let look_again = match activity.verdict(&self.limits) {
                Verdict::Wait(at) => at,
                Verdict::Abort(reason) => {
                    self.metrics.closed(reason);
                    tracing::debug!(?reason, "closing a connection");
                    return;
                }
                Verdict::GoAway(reason) => {
                    if !closing {
                        if let Some(reason) = reason {
                            self.metrics.closed(reason);
                            tracing::debug!(?reason, "asking a connection to go away");
                        }
                        connection.as_mut().graceful_shutdown();
                        closing = true;
                    }
                    // Going away still needs its output to move: look again for a stall.
                    tokio::time::Instant::now() + self.limits.recheck_interval()
                }
            };
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection ended: {e}");
                    }
                    return;
                }
                _ = self.closing.changed(), if !closing => {
                    connection.as_mut().graceful_shutdown();
                    closing = true;
                }
                // A request began or ended, or the client cancelled too many.
                () = activity.changed.notified() => {}
                () = account.close.notified() => {
                    self.metrics.closed(CloseReason::memory);
                    tracing::debug!("closing the connection holding the most of the memory budget");
                    return;
                }
                () = tokio::time::sleep_until(look_again) => {}
            }
        }
    }
}

type Response = http::Response<TrackedBody<axum::body::Body>>;

/// The connection's service: the router, each request carrying the connection's memory account,
/// each response body watched; a request dropped before its answer is counted as cancelled.
fn service(
    app: Router,
    activity: Arc<Activity>,
    account: Arc<Account>,
    max_cancelled: u32,
) -> impl hyper::service::Service<
    http::Request<Incoming>,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Future<Output = Result<Response, std::convert::Infallible>> + Send,
> + Clone {
    hyper::service::service_fn(move |mut request: http::Request<Incoming>| {
        let app = app.clone();
        request.extensions_mut().insert(account.clone());
        activity.begin();
        // Made before the future, so that a request reset before its future is first polled
        // still ends (and counts as cancelled).
        let pending = Pending {
            activity: Some(activity.clone()),
            max_cancelled,
        };
        async move {
            let response = app.oneshot(request.map(axum::body::Body::new)).await?;
            let activity = pending.answered();
            Ok(response.map(|body| TrackedBody::new(body, activity)))
        }
    })
}

/// A request whose answer is not ready: dropped as such, the client cancelled it.
struct Pending {
    activity: Option<Arc<Activity>>,
    max_cancelled: u32,
}

impl Pending {
    fn answered(mut self) -> Arc<Activity> {
        self.activity.take().expect("answered once")
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(activity) = self.activity.take() {
            activity.cancelled(self.max_cancelled);
            activity.end();
        }
    }
}
