//! What the upstream really said. tonic turns an answer that is not proper gRPC (a cut frame, a
//! compressed flag with no encoding, no `grpc-status`, a proxy's HTML error page) into a status of
//! its own, which looks exactly like one the upstream sent: the caller would read "500 INTERNAL"
//! as the API's verdict. This layer between tonic and the channel notes the `grpc-status` the
//! upstream did send (in the response headers of a trailers-only answer, or in the trailers) and
//! refuses an answer that is not gRPC at all, so `classify` can tell the two apart. It also names
//! the gateway in `user-agent`.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use http_body::{Body, Frame, SizeHint};

use super::transport::Transport;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The `grpc-status` code the upstream sent for one call, if it sent one. Shared between the call
/// (which puts it in the request's extensions) and the response body that sees the trailers.
#[derive(Clone, Debug)]
pub struct SentStatus(Arc<AtomicI32>);

const NOT_SENT: i32 = -1;

impl Default for SentStatus {
    fn default() -> Self {
        Self(Arc::new(AtomicI32::new(NOT_SENT)))
    }
}

impl SentStatus {
    /// The code the upstream sent, if any.
    pub fn get(&self) -> Option<i32> {
        Some(self.0.load(Ordering::Acquire)).filter(|&code| code != NOT_SENT)
    }

    fn record(&self, headers: &HeaderMap) {
        if let Some(code) = headers
            .get("grpc-status")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i32>().ok())
        {
            self.0.store(code, Ordering::Release);
        }
    }
}

/// The upstream answered, but not with gRPC: an HTTP status other than 200, or another content type.
#[derive(Debug)]
pub struct NotGrpc {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// Its content type, if any.
    pub content_type: Option<String>,
}

impl NotGrpc {
    /// Whether the answer says the service behind is unreachable for now: HTTP 429, 502, 503 and
    /// 504 are UNAVAILABLE in gRPC's table for answers without a gRPC status.
    pub fn means_unavailable(&self) -> bool {
        matches!(self.status.as_u16(), 429 | 502 | 503 | 504)
    }
}

impl std::fmt::Display for NotGrpc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the upstream answered HTTP {} with content type {}, not gRPC",
            self.status,
            self.content_type.as_deref().unwrap_or("(none)")
        )
    }
}

impl std::error::Error for NotGrpc {}

/// What the gateway calls itself in `user-agent` upstream.
const USER_AGENT: &str = concat!("cloud-ops-gateway/", env!("CARGO_PKG_VERSION"));

/// The transport, with the answer checked and the sent status noted.
#[derive(Clone, Debug)]
pub struct Checked(pub Transport);

impl tower::Service<http::Request<tonic::body::Body>> for Checked {
    type Response = http::Response<Noting<hyper::body::Incoming>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    /// Always ready: the connection is opened (or found open) by the call itself.
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: http::Request<tonic::body::Body>) -> Self::Future {
        let sent = request.extensions().get::<SentStatus>().cloned().unwrap_or_default();
        request
            .headers_mut()
            .entry(http::header::USER_AGENT)
            .or_insert(http::HeaderValue::from_static(USER_AGENT));
        let transport = self.0.clone();
        Box::pin(async move {
            let response = transport.send(request).await?;
            let content_type = response.headers().get(http::header::CONTENT_TYPE);
            let grpc = content_type
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/grpc"));
            if response.status() != StatusCode::OK || !grpc {
                return Err(NotGrpc {
                    status: response.status(),
                    content_type: content_type.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
                }
                .into());
            }
            sent.record(response.headers());
            Ok(response.map(|inner| Noting { inner, sent }))
        })
    }
}

pin_project_lite::pin_project! {
    /// A response body that notes the `grpc-status` of its trailers.
    pub struct Noting<B> {
        #[pin]
        inner: B,
        sent: SentStatus,
    }
}

impl<B: Body<Data = Bytes>> Body for Noting<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let this = self.project();
        let frame = ready!(this.inner.poll_frame(cx));
        if let Some(Ok(trailers)) = frame.as_ref().map(|f| f.as_ref().map(Frame::trailers_ref))
            && let Some(trailers) = trailers
        {
            this.sent.record(trailers);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
