//! Watching output move: a response body that tells its connection's [`Activity`] when the client
//! takes a frame and when the request is over (its last frame handed on, or the body dropped),
//! and a socket wrapper that tells when the socket refuses bytes. Together they let the watchdog
//! see a client that stopped reading — an HTTP/2 stream whose window stays at zero, an HTTP/1.1
//! client that never reads — which no request timer sees once the handler has returned.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::activity::Activity;

pin_project_lite::pin_project! {
    /// A response body whose progress its connection watches; the request it answers ends when
    /// it ends or is dropped.
    pub(super) struct TrackedBody<B> {
        #[pin]
        inner: B,
        watch: Option<Watch>,
    }

    impl<B> PinnedDrop for TrackedBody<B> {
        fn drop(this: Pin<&mut Self>) {
            this.project().watch.take();
        }
    }
}

/// The slot of one body; finishing it ends the request.
struct Watch {
    activity: Arc<Activity>,
    slot: usize,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.activity.body_finished(self.slot);
        self.activity.end();
    }
}

impl<B> TrackedBody<B> {
    /// `inner`, answering a request that has begun on `activity`.
    pub(super) fn new(inner: B, activity: Arc<Activity>) -> Self {
        let slot = activity.body_started();
        Self {
            inner,
            watch: Some(Watch { activity, slot }),
        }
    }
}

impl<B> Body for TrackedBody<B>
where
    B: Body<Data = Bytes>,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let this = self.project();
        let polled = this.inner.poll_frame(cx);
        match &polled {
            Poll::Pending => {
                if let Some(watch) = this.watch {
                    watch.activity.body_moved(watch.slot, false);
                }
            }
            Poll::Ready(Some(Ok(_))) => {
                if let Some(watch) = this.watch {
                    watch.activity.body_moved(watch.slot, true);
                }
            }
            Poll::Ready(None | Some(Err(_))) => {
                this.watch.take();
            }
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

pin_project_lite::pin_project! {
    /// A connection's socket, reporting whether it takes the bytes written to it.
    pub(super) struct TrackedIo<S> {
        #[pin]
        inner: S,
        activity: Arc<Activity>,
    }
}

impl<S> TrackedIo<S> {
    pub(super) fn new(inner: S, activity: Arc<Activity>) -> Self {
        Self { inner, activity }
    }
}

impl<S: AsyncRead> AsyncRead for TrackedIo<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_read(cx, buf)
    }
}

impl<S: AsyncWrite> TrackedIo<S> {
    /// Notes whether a write or flush went through.
    fn note<T>(activity: &Activity, polled: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        activity.socket_blocked(polled.is_pending());
        polled
    }
}

impl<S: AsyncWrite> AsyncWrite for TrackedIo<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.project();
        Self::note(this.activity, this.inner.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        Self::note(this.activity, this.inner.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.project();
        Self::note(this.activity, this.inner.poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_shutdown(cx)
    }
}
