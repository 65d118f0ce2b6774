//! The HTTP client of the OTLP/HTTP exporter: one plaintext HTTP/1.1 POST per exported batch, over
//! hyper, which the gateway has anyway. opentelemetry-otlp's own clients are reqwest's, which would
//! add an HTTP stack, a URL parser and Unicode tables to every build of the gateway (about a minute
//! of a fresh build) for one request every few seconds.
//!
//! The exporter runs on the batch processor's own thread, outside the Tokio runtime, so each post
//! is spawned onto the runtime the pipeline was started in and awaited from there. A post gets
//! [`EXPORT_TIMEOUT`] in all (connect, send, answer); the answer's body is read up to
//! [`MAX_ANSWER_BYTES`]. A collector that keeps connections open gains nothing from a pool at this
//! rate, so none is kept.

use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::rt::TokioIo;
use opentelemetry_http::{HttpClient, HttpError};

/// The whole of one export's HTTP exchange (OTLP's default export timeout).
pub const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a collector's answer that is read (it is a small protobuf status).
const MAX_ANSWER_BYTES: usize = 4 << 20;

/// Posts on the runtime `runtime`.
#[derive(Debug)]
pub struct OtlpHttpClient {
    runtime: tokio::runtime::Handle,
}

impl OtlpHttpClient {
    /// A client for the current Tokio runtime (call from inside it).
    pub fn current() -> Self {
        Self {
            runtime: tokio::runtime::Handle::current(),
        }
    }
}

#[async_trait::async_trait]
impl HttpClient for OtlpHttpClient {
    async fn send_bytes(&self, request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        // The timer is made inside the spawned task: it needs the runtime this thread is not in.
        let post = async move { tokio::time::timeout(EXPORT_TIMEOUT, post(request)).await };
        match self.runtime.spawn(post).await? {
            Ok(answer) => answer,
            Err(_) => Err(format!("no answer from the collector within {EXPORT_TIMEOUT:?}").into()),
        }
    }
}

/// One request on a new connection to the request URI's host.
async fn post(request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
    let (mut parts, body) = request.into_parts();
    let authority = parts.uri.authority().ok_or("the OTLP endpoint has no host")?.clone();
    let port = authority.port_u16().unwrap_or(80);
    let host = authority.host().trim_start_matches('[').trim_end_matches(']');
    let tcp = tokio::net::TcpStream::connect((host, port)).await?;
    let _ = tcp.set_nodelay(true);
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await?;
    tokio::spawn(connection);
    // HTTP/1.1 wants the origin form of the target and the authority in `Host`.
    parts.headers.insert(http::header::HOST, authority.as_str().parse()?);
    parts.uri = parts.uri.path_and_query().map_or("/", |p| p.as_str()).parse()?;
    let answer = sender.send_request(Request::from_parts(parts, Full::new(body))).await?;
    let (parts, body) = answer.into_parts();
    let body = Limited::new(body, MAX_ANSWER_BYTES).collect().await?.to_bytes();
    Ok(Response::from_parts(parts, body))
}
