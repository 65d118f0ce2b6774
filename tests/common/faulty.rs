//! A controllable bad upstream on 127.0.0.1:0: each new connection meets the current [`Fault`] —
//! garbage bytes, an immediate close, silence, an HTTP/2 call answered with headers and then reset
//! or cut off, or a well-formed HTTP/2 answer whose gRPC content is wrong (bytes that are no
//! message, a cut frame, a compressed flag with no encoding, no status, a proxy's HTML page) — or,
//! when healthy, is spliced byte for byte to a real fake upstream, so one test can break the
//! upstream and watch the gateway recover without a restart.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// What a new connection gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Spliced to the healthy upstream.
    None,
    /// Bytes that are not HTTP/2, then a close.
    Garbage,
    /// Closed as soon as accepted.
    Close,
    /// Accepted and never answered (not even the HTTP/2 handshake).
    Silent,
    /// An HTTP/2 server that takes each call and never answers it.
    NoAnswer,
    /// An HTTP/2 server that answers each call's headers, then resets the stream.
    ResetAfterHeaders,
    /// An HTTP/2 server that answers each call's headers, then closes the connection.
    CloseAfterHeaders,
    /// A gRPC answer, status OK, whose message bytes are not a protobuf message.
    UndecodableMessage,
    /// A gRPC answer whose frame announces 100 bytes and carries 10, then status OK.
    TruncatedMessage,
    /// A gRPC answer whose frame is flagged compressed with no `grpc-encoding`.
    CompressedWithoutEncoding,
    /// A gRPC answer with a message and no `grpc-status` at all.
    NoStatus,
    /// What a load balancer in front of the API answers when it is in trouble: HTTP 502, HTML.
    ProxyErrorPage,
    /// A web page where the API should be: HTTP 200, HTML.
    HtmlPage,
}

/// What a well-formed HTTP/2 answer of a [`Fault`] carries: status, content type, DATA bytes, and
/// whether `grpc-status: 0` trailers follow.
fn wrong_grpc_answer(fault: Fault) -> Option<(u16, &'static str, Vec<u8>, bool)> {
    let frame = |flag: u8, length: u32, bytes: &[u8]| {
        let mut out = vec![flag];
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(bytes);
        out
    };
    let grpc = "application/grpc";
    match fault {
        // Field 1 (the user), length-delimited, claiming 0x7f bytes that are not there.
        Fault::UndecodableMessage => Some((200, grpc, frame(0, 3, &[0x0a, 0x7f, 0x01]), true)),
        Fault::TruncatedMessage => Some((
            200,
            grpc,
            frame(0, 100, &[0x0a, 0x04, b'u', b'1', 0, 0, 0, 0, 0, 0]),
            true,
        )),
        Fault::CompressedWithoutEncoding => Some((200, grpc, frame(1, 2, &[0x0a, 0x00]), true)),
        Fault::NoStatus => Some((200, grpc, frame(0, 2, &[0x0a, 0x00]), false)),
        Fault::ProxyErrorPage => Some((
            502,
            "text/html",
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
            false,
        )),
        Fault::HtmlPage => Some((200, "text/html", b"<html><body>Welcome</body></html>".to_vec(), false)),
        Fault::None
        | Fault::Garbage
        | Fault::Close
        | Fault::Silent
        | Fault::NoAnswer
        | Fault::ResetAfterHeaders
        | Fault::CloseAfterHeaders => None,
    }
}

/// Handle to the running bad upstream.
pub struct Faulty {
    /// Where it listens.
    pub addr: SocketAddr,
    fault: Arc<Mutex<Fault>>,
    /// Bumped by [`Faulty::set`]: every open connection ends, so the next call meets the new fault.
    generation: tokio::sync::watch::Sender<u64>,
}

impl Faulty {
    /// Starts it in front of the healthy upstream at `healthy`.
    pub async fn start(healthy: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let fault = Arc::new(Mutex::new(Fault::None));
        let (generation, watcher) = tokio::sync::watch::channel(0);
        let current = fault.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let fault = *current.lock().unwrap();
                let mut ended = watcher.clone();
                ended.mark_unchanged();
                tokio::spawn(async move {
                    tokio::select! {
                        () = serve(stream, fault, healthy) => {}
                        _ = ended.changed() => {}
                    }
                });
            }
        });
        Self {
            addr,
            fault,
            generation,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What new connections get from now on.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
        self.generation.send_modify(|g| *g += 1);
    }
}

async fn serve(mut stream: TcpStream, fault: Fault, healthy: SocketAddr) {
    if let Some(answer) = wrong_grpc_answer(fault) {
        return answer_each_call(stream, answer).await;
    }
    match fault {
        Fault::None => {
            if let Ok(mut upstream) = TcpStream::connect(healthy).await {
                let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
            }
        }
        Fault::Garbage => {
            let _ = stream
                .write_all(b"\x00\xffthis is not HTTP/2 at all\r\n\r\n\x13\x37")
                .await;
        }
        Fault::Close => drop(stream),
        Fault::Silent => std::future::pending::<()>().await,
        Fault::NoAnswer => {
            let Ok(mut connection) = h2::server::handshake(stream).await else {
                return;
            };
            let mut held = Vec::new();
            while let Some(Ok(call)) = connection.accept().await {
                held.push(call);
            }
        }
        Fault::ResetAfterHeaders | Fault::CloseAfterHeaders => {
            let Ok(mut connection) = h2::server::handshake(stream).await else {
                return;
            };
            while let Some(Ok((_request, mut respond))) = connection.accept().await {
                let response = http::Response::builder()
                    .header("content-type", "application/grpc")
                    .body(())
                    .unwrap();
                let Ok(mut body) = respond.send_response(response, false) else {
                    return;
                };
                if fault == Fault::ResetAfterHeaders {
                    body.send_reset(h2::Reason::INTERNAL_ERROR);
                } else {
                    // Let the headers go out, then drop the connection with the call half answered.
                    let _ = tokio::time::timeout(std::time::Duration::from_millis(50), connection.accept()).await;
                    return;
                }
            }
        }
        Fault::UndecodableMessage
        | Fault::TruncatedMessage
        | Fault::CompressedWithoutEncoding
        | Fault::NoStatus
        | Fault::ProxyErrorPage
        | Fault::HtmlPage => unreachable!("{fault:?} is a wrong gRPC answer"),
    }
}

/// An HTTP/2 server that answers every call with `(status, content type, data, trailers?)`.
async fn answer_each_call(stream: TcpStream, (status, content_type, data, trailers): (u16, &str, Vec<u8>, bool)) {
    let Ok(mut connection) = h2::server::handshake(stream).await else {
        return;
    };
    // Accepting drives the connection, so the frames of earlier answers go out meanwhile.
    let mut answered = Vec::new();
    while let Some(Ok((_request, mut respond))) = connection.accept().await {
        let response = http::Response::builder()
            .status(status)
            .header("content-type", content_type)
            .body(())
            .unwrap();
        let Ok(mut body) = respond.send_response(response, false) else {
            return;
        };
        let _ = body.send_data(data.clone().into(), !trailers);
        if trailers {
            let mut map = http::HeaderMap::new();
            map.insert("grpc-status", http::HeaderValue::from_static("0"));
            let _ = body.send_trailers(map);
        }
        answered.push(body);
    }
}
