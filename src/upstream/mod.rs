//! The connection to the upstream CloudService: tonic's gRPC client over one lazily opened,
//! shared HTTP/2 connection ([`transport`]; TLS via rustls with the webpki and system roots,
//! connect timeout, HTTP/2 keepalive, see [`connect`]), and the unary call that every route
//! shares. It moves bytes and the metadata it is given; what may cross the gateway is decided by
//! [`crate::headers`].

mod checked;
mod codec;
mod connect;
mod transport;

pub use codec::RawCodec;

use checked::{Checked, NotGrpc, SentStatus};

use std::time::Duration;

use bytes::Bytes;
use http::uri::PathAndQuery;
use http::{HeaderMap, Uri};
use tonic::metadata::MetadataMap;

use crate::error::GatewayError;
use crate::headers::API_VERSION_HEADER;
use crate::traces::spans::ClientSpan;

/// How to reach the upstream.
#[derive(Clone, Debug)]
pub struct UpstreamConfig {
    /// `https://host:port` (or `http://` for loopback / explicitly insecure upstreams).
    pub uri: Uri,
    /// Allow plaintext to a non-loopback address.
    pub insecure: bool,
    /// TCP + TLS connect timeout.
    pub connect_timeout: Duration,
    /// HTTP/2 keepalive ping interval.
    pub keepalive_interval: Duration,
    /// Extra CA certificate (PEM file) to trust.
    pub ca_file: Option<std::path::PathBuf>,
    /// Client certificate and key (PEM files) for mTLS.
    pub client_identity: Option<(std::path::PathBuf, std::path::PathBuf)>,
    /// Largest response header block (headers or trailers) accepted from the upstream: a gRPC
    /// error's message and details travel in trailers, and can be large.
    pub max_header_bytes: u32,
}

impl UpstreamConfig {
    /// The default of [`UpstreamConfig::max_header_bytes`], also the command-line default: 1 MiB.
    pub const DEFAULT_MAX_HEADER_BYTES: u32 = 1 << 20;
}

/// The RPC readiness probes call (without credentials).
const PROBE_PATH: &str = "/temporal.api.cloud.cloudservice.v1.CloudService/GetCurrentIdentity";

/// The upstream client. Cloning shares the connection.
#[derive(Clone, Debug)]
pub struct Upstream {
    transport: transport::Transport,
    uri: Uri,
    max_header_bytes: u32,
}

/// A successful upstream answer: the encoded response and the response metadata.
pub struct Reply {
    /// The encoded response message.
    pub body: Bytes,
    /// Headers and trailers of the upstream response.
    pub metadata: MetadataMap,
}

impl Upstream {
    /// Prepares the connection; connects on first use, so the gateway starts while the upstream is down.
    pub fn new(config: &UpstreamConfig) -> Result<Self, String> {
        let scheme = config.uri.scheme_str().unwrap_or_default();
        let host = config.uri.host().ok_or("the upstream URL has no host")?;
        match scheme {
            "https" => {}
            "http" if config.insecure || is_loopback(host) => {}
            "http" => {
                return Err(format!(
                    "refusing plaintext to non-loopback upstream {host}: API keys would travel in clear \
                     (use https, or --insecure-upstream if you really mean it)"
                ));
            }
            other => {
                return Err(format!(
                    "unsupported upstream scheme {other:?}: use https:// (or http:// for loopback)"
                ));
            }
        }
        Ok(Self {
            transport: transport::Transport::new(connect::Connector::new(config)?),
            uri: config.uri.clone(),
            max_header_bytes: config.max_header_bytes,
        })
    }

    /// Whether the upstream answers gRPC within `timeout`: an unauthenticated GetCurrentIdentity
    /// call — any gRPC status (UNAUTHENTICATED, typically) proves the connection works; a
    /// transport failure or timeout does not. No API key is involved.
    pub async fn probe(&self, timeout: Duration) -> Result<(), String> {
        let mut metadata = HeaderMap::new();
        metadata.insert(
            API_VERSION_HEADER,
            http::HeaderValue::from_static(crate::pb::API_VERSION),
        );
        match self.unary(PROBE_PATH, Bytes::new(), metadata, timeout).await {
            Ok(_) | Err(GatewayError::Upstream(_)) => Ok(()),
            Err(e) => Err(e.message()),
        }
    }

    /// The upstream's URL.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// Calls `grpc_path` with an encoded request; `deadline` bounds the whole call. Inside a traced
    /// request, the call is a client span whose trace context the upstream receives.
    pub async fn unary(
        &self,
        grpc_path: &'static str,
        request: Bytes,
        mut metadata: HeaderMap,
        deadline: Duration,
    ) -> Result<Reply, GatewayError> {
        let Some(span) = ClientSpan::start(grpc_path, &self.uri, &mut metadata) else {
            return self.call(grpc_path, request, metadata, deadline).await;
        };
        let result = self.call(grpc_path, request, metadata, deadline).await;
        span.end(
            result.as_ref().map_or_else(GatewayError::code, |_| tonic::Code::Ok),
            result.as_ref().err().and_then(GatewayError::kind),
        );
        result
    }

    async fn call(
        &self,
        grpc_path: &'static str,
        request: Bytes,
        metadata: HeaderMap,
        deadline: Duration,
    ) -> Result<Reply, GatewayError> {
        let call = async {
            let mut grpc = tonic::client::Grpc::with_origin(Checked(self.transport.clone()), self.uri.clone());
            grpc.ready()
                .await
                .map_err(|e| GatewayError::UpstreamUnavailable(e.to_string()))?;
            let sent = SentStatus::default();
            let mut extensions = tonic::Extensions::new();
            extensions.insert(sent.clone());
            let mut request = tonic::Request::from_parts(MetadataMap::from_headers(metadata), extensions, request);
            request.set_timeout(deadline);
            let response = grpc
                .unary(request, PathAndQuery::from_static(grpc_path), RawCodec)
                .await
                .map_err(|status| classify(status, sent.get(), self.max_header_bytes))?;
            let (metadata, body, _) = response.into_parts();
            Ok(Reply { body, metadata })
        };
        // The upstream is told the deadline (`grpc-timeout`); this enforces it on our side, the
        // connect included.
        tokio::time::timeout(deadline, call)
            .await
            .unwrap_or(Err(GatewayError::DeadlineExceeded(deadline)))
    }
}

/// Who made a failed call's status. It is the upstream's verdict only if the upstream sent that
/// very `grpc-status` (`sent`); a status without a source that the upstream did not send is
/// tonic's word for an answer that is not proper gRPC — the upstream answered, badly. A status
/// with a source was made by the client side: an answer that is not gRPC at all
/// (unavailable if its HTTP status says so); a stream the HTTP/2 client itself reset as a protocol
/// error, which is how it refuses an answer it cannot take (a header block over
/// `max_header_bytes`, a malformed frame); anything else (connect failure, broken connection)
/// means the upstream could not be reached.
fn classify(status: tonic::Status, sent: Option<i32>, max_header_bytes: u32) -> GatewayError {
    let mut source = std::error::Error::source(&status);
    if source.is_none() {
        if sent == Some(status.code() as i32) {
            return GatewayError::Upstream(status);
        }
        return GatewayError::BadUpstreamResponse(format!("the answer is not valid gRPC: {}", status.message()));
    }
    while let Some(err) = source {
        if let Some(answer) = err.downcast_ref::<NotGrpc>() {
            return if answer.means_unavailable() {
                GatewayError::UpstreamUnavailable(answer.to_string())
            } else {
                GatewayError::BadUpstreamResponse(answer.to_string())
            };
        }
        if let Some(h2) = err.downcast_ref::<h2::Error>()
            && h2.is_reset()
            && h2.is_library()
            && h2.reason() == Some(h2::Reason::PROTOCOL_ERROR)
        {
            return GatewayError::BadUpstreamResponse(format!(
                "the answer was refused by the HTTP/2 client: a header block over {max_header_bytes} bytes \
                 (--upstream-max-header-bytes) or a malformed frame"
            ));
        }
        source = err.source();
    }
    GatewayError::UpstreamUnavailable(status.message().to_string())
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(uri: &str, insecure: bool) -> UpstreamConfig {
        UpstreamConfig {
            uri: uri.parse().unwrap(),
            insecure,
            connect_timeout: Duration::from_secs(1),
            keepalive_interval: Duration::from_secs(30),
            ca_file: None,
            client_identity: None,
            max_header_bytes: UpstreamConfig::DEFAULT_MAX_HEADER_BYTES,
        }
    }

    #[tokio::test]
    async fn plaintext_only_to_loopback_unless_insecure() {
        assert!(Upstream::new(&config("http://127.0.0.1:7233", false)).is_ok());
        assert!(Upstream::new(&config("http://[::1]:7233", false)).is_ok());
        assert!(Upstream::new(&config("http://localhost:7233", false)).is_ok());
        let refused = Upstream::new(&config("http://emulator:7233", false)).unwrap_err();
        assert!(refused.contains("--insecure-upstream"), "{refused}");
        assert!(Upstream::new(&config("http://emulator:7233", true)).is_ok());
        assert!(Upstream::new(&config("https://saas-api.tmprl.cloud:443", false)).is_ok());
        assert!(Upstream::new(&config("ftp://x", false)).is_err());
    }
}
