//! The transport under tonic's gRPC client: one shared HTTP/2 connection whose [`SendRequest`] the
//! calling task uses directly. tonic's `Channel` puts a `tower::Buffer` in front of the
//! connection, so every call is handed to a worker task and back (a task hop and a cross-thread
//! wake-up per call); here a call goes from the request task straight onto the connection.
//!
//! What the `Channel` did besides is kept: the connection is opened on first use (the gateway
//! starts while the upstream is down) and opened again when it has closed (GOAWAY, reset,
//! failed keepalive). Callers that arrive while a connection is being opened wait for that one
//! attempt and share its outcome, so a dead upstream costs one connect per attempt, not one per
//! caller. A call the closed connection never took is sent once on the new connection; a call
//! that may have reached the upstream is never sent again here (that is the retry policy's call).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use hyper::body::Incoming;
use hyper::client::conn::http2::SendRequest;

use super::connect::{Body, ConnectError, Connector};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The shared connection. Cloning shares it.
#[derive(Clone, Debug)]
pub struct Transport(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    connector: Connector,
    /// The open connection, if any.
    current: Mutex<Option<SendRequest<Body>>>,
    /// Held while a connection is being opened; holds the last failed attempt's error.
    opening: tokio::sync::Mutex<Option<ConnectError>>,
    /// Finished connection attempts, so that a waiter can tell whether one ended while it waited.
    attempts: AtomicU64,
}

impl Transport {
    /// A transport that connects on first use.
    pub fn new(connector: Connector) -> Self {
        Self(Arc::new(Shared {
            connector,
            current: Mutex::new(None),
            opening: tokio::sync::Mutex::new(None),
            attempts: AtomicU64::new(0),
        }))
    }

    /// Sends `request` and waits for the response head.
    pub async fn send(&self, request: http::Request<Body>) -> Result<http::Response<Incoming>, BoxError> {
        let mut sender = self.sender().await?;
        match sender.try_send_request(request).await {
            Ok(response) => Ok(response),
            Err(mut failed) => {
                self.forget(&sender);
                let Some(unsent) = failed.take_message() else {
                    return Err(failed.into_error().into());
                };
                // The connection closed before it took the request: nothing reached the upstream.
                let mut sender = self.sender().await?;
                sender.send_request(unsent).await.map_err(|e| {
                    self.forget(&sender);
                    e.into()
                })
            }
        }
    }

    /// The open connection, or a new one.
    async fn sender(&self) -> Result<SendRequest<Body>, ConnectError> {
        if let Some(sender) = self.open() {
            return Ok(sender);
        }
        let seen = self.0.attempts.load(Ordering::Acquire);
        let mut last_failure = self.0.opening.lock().await;
        if let Some(sender) = self.open() {
            return Ok(sender);
        }
        if self.0.attempts.load(Ordering::Acquire) != seen
            && let Some(failure) = last_failure.as_ref()
        {
            // An attempt failed while this caller waited for it: that is this caller's answer too.
            return Err(failure.clone());
        }
        let result = self.0.connector.connect().await;
        self.0.attempts.fetch_add(1, Ordering::AcqRel);
        match result {
            Ok(sender) => {
                *last_failure = None;
                *self.lock_current() = Some(sender.clone());
                Ok(sender)
            }
            Err(e) => {
                *last_failure = Some(e.clone());
                Err(e)
            }
        }
    }

    /// A clone of the current connection's sender, if it is still open.
    fn open(&self) -> Option<SendRequest<Body>> {
        let current = self.lock_current();
        current.as_ref().filter(|s| !s.is_closed()).cloned()
    }

    /// Drops the current connection if it is the closed one `failed` used.
    fn forget(&self, failed: &SendRequest<Body>) {
        if failed.is_closed() {
            let mut current = self.lock_current();
            if current.as_ref().is_some_and(SendRequest::is_closed) {
                *current = None;
            }
        }
    }

    fn lock_current(&self) -> std::sync::MutexGuard<'_, Option<SendRequest<Body>>> {
        self.0.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
