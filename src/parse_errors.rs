//! JSON bodies for the answers hyper's HTTP/1.1 parser makes by itself. When a request head
//! cannot be parsed — a control byte in a header (400), a target over hyper's 64 KiB limit (414),
//! a head over its buffer (431) — hyper writes a bodiless response and closes the connection;
//! the request never reaches the router. This wrapper around the client's socket recognises
//! that response on its way out and writes the gateway's `google.rpc.Status` answer instead.
//!
//! The signature is exact: a response head with status 400, 414 or 431 and
//! `content-length: 0`, and nothing after it. The gateway's own errors always carry a JSON body,
//! so they never match.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::GatewayError;
use crate::headers::GATEWAY_ERROR_HEADER;

/// hyper's limit on the request target (its `MAX_URI_LEN`).
pub const MAX_URI_BYTES: usize = 65534;

/// A socket whose parser-made error answers get JSON bodies.
pub struct JsonParseErrors<T> {
    inner: T,
    /// The replacement answer and how much of it is written.
    pending: Option<(Vec<u8>, usize)>,
    /// Called once per replaced answer, with its HTTP status (for metrics and the access log).
    on_refusal: Box<dyn Fn(u16) + Send + Sync>,
    max_head_bytes: usize,
}

impl<T> JsonParseErrors<T> {
    /// Wraps `inner`; `max_head_bytes` is hyper's head buffer limit, named in the 431 message.
    pub fn new(inner: T, max_head_bytes: usize, on_refusal: impl Fn(u16) + Send + Sync + 'static) -> Self {
        Self {
            inner,
            pending: None,
            on_refusal: Box::new(on_refusal),
            max_head_bytes,
        }
    }
}

/// The gateway's answer for hyper's automatic response `buf`, if `buf` is one.
fn replacement(buf: &[u8], max_head_bytes: usize) -> Option<(u16, Vec<u8>)> {
    let (status, error) = match buf.get(..13)? {
        b"HTTP/1.1 400 " => (400, GatewayError::MalformedHttp),
        b"HTTP/1.1 414 " => (414, GatewayError::UriTooLong(MAX_URI_BYTES)),
        b"HTTP/1.1 431 " => (431, GatewayError::HeadersTooLarge(max_head_bytes)),
        _ => return None,
    };
    let head = std::str::from_utf8(buf).ok()?;
    let lines = head.strip_suffix("\r\n\r\n")?;
    if lines.contains("\r\n\r\n") || !lines.to_ascii_lowercase().contains("\r\ncontent-length: 0") {
        return None;
    }
    let date = lines
        .split("\r\n")
        .find(|line| line.to_ascii_lowercase().starts_with("date:"))
        .map(|line| format!("{line}\r\n"))
        .unwrap_or_default();
    let body = error.json_body();
    let reason = http::StatusCode::from_u16(status)
        .ok()?
        .canonical_reason()
        .unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{}: {}\r\nconnection: close\r\n{date}\r\n",
        body.len(),
        GATEWAY_ERROR_HEADER,
        error.kind().unwrap_or_default(),
    )
    .into_bytes();
    out.extend_from_slice(&body);
    Some((status, out))
}

impl<T: AsyncWrite + Unpin> JsonParseErrors<T> {
    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.pending {
            if *written == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Takes `buf` as written when it is hyper's automatic answer, queueing the replacement.
    fn replace(&mut self, buf: &[u8]) -> bool {
        match replacement(buf, self.max_head_bytes) {
            Some((status, bytes)) => {
                (self.on_refusal)(status);
                self.pending = Some((bytes, 0));
                true
            }
            None => false,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonParseErrors<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonParseErrors<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if self.replace(buf) {
            // Whatever of it cannot be written now is written on the next write or flush.
            let _ = self.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        let non_empty: Vec<&io::IoSlice<'_>> = bufs.iter().filter(|b| !b.is_empty()).collect();
        if let [only] = non_empty.as_slice()
            && self.replace(only)
        {
            let _ = self.poll_pending(cx)?;
            return Poll::Ready(Ok(only.len()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_bodiless_parse_error_answers_are_replaced() {
        let hyper = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 20:00:00 GMT\r\n\r\n";
        let (status, out) = replacement(hyper, 417_792).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(status, 414);
        assert!(
            text.starts_with("HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\n"),
            "{text}"
        );
        assert!(text.contains("\r\nx-gateway-error: uri_too_long\r\n"), "{text}");
        assert!(text.contains("\r\ndate: Tue, 01 Dec 2026 20:00:00 GMT\r\n"), "{text}");
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(length, body.len());
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["code"], 8);
        assert!(json["message"].as_str().unwrap().contains("65534"));

        for other in [
            &b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 42\r\n\r\n"[..],
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}",
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n",
        ] {
            assert!(replacement(other, 1).is_none(), "{}", String::from_utf8_lossy(other));
        }
    }
}
