//! Opening one HTTP/2 connection to the upstream: TCP (no Nagle, connect timeout), TLS with
//! rustls when the scheme is `https` (webpki and system roots plus `--upstream-ca-file`, the
//! client certificate for mTLS, ALPN `h2`), then hyper's HTTP/2 handshake with keepalive pings
//! and the header-list bound. The connection's I/O runs on a task of its own; what is handed back
//! is the cloneable [`SendRequest`] that calls open streams on.

use std::sync::Arc;
use std::time::Duration;

use hyper::client::conn::http2::{self, SendRequest};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{PrivateKeyDer, ServerName};
use tokio::net::TcpStream;

use super::UpstreamConfig;

/// Request bodies as tonic's client writes them.
pub type Body = tonic::body::Body;

/// How long a keepalive ping may go unanswered before the connection counts as dead.
const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(20);

/// Why no connection could be opened; its text names the address and the cause, never a key.
#[derive(Clone, Debug)]
pub struct ConnectError(pub String);

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

/// Everything needed to open a connection, prepared once.
pub struct Connector {
    host: String,
    port: u16,
    tls: Option<(tokio_rustls::TlsConnector, ServerName<'static>)>,
    connect_timeout: Duration,
    keepalive_interval: Duration,
    max_header_bytes: u32,
}

impl std::fmt::Debug for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connector")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Connector {
    /// Reads the TLS material (a configuration error if unreadable); connects nothing yet.
    pub fn new(config: &UpstreamConfig) -> Result<Self, String> {
        let https = config.uri.scheme_str() == Some("https");
        let host = config.uri.host().ok_or("the upstream URL has no host")?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        let port = config.uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let tls = if https {
            let name = ServerName::try_from(host.clone()).map_err(|e| format!("upstream host {host:?}: {e}"))?;
            Some((tokio_rustls::TlsConnector::from(Arc::new(client_config(config)?)), name))
        } else {
            None
        };
        Ok(Self {
            host,
            port,
            tls,
            connect_timeout: config.connect_timeout,
            keepalive_interval: config.keepalive_interval,
            max_header_bytes: config.max_header_bytes,
        })
    }

    /// Opens a connection and starts its I/O task, within the connect timeout.
    pub async fn connect(&self) -> Result<SendRequest<Body>, ConnectError> {
        let address = format!("{}:{}", self.host, self.port);
        let fail = |what: &str, e: &dyn std::fmt::Display| ConnectError(format!("{what} {address}: {e}"));
        let connecting = async {
            let tcp = TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| fail("cannot connect to the upstream", &e))?;
            let _ = tcp.set_nodelay(true);
            match &self.tls {
                None => self.handshake(tcp).await,
                Some((tls, name)) => {
                    let stream = tls
                        .connect(name.clone(), tcp)
                        .await
                        .map_err(|e| fail("TLS handshake failed with the upstream", &e))?;
                    self.handshake(stream).await
                }
            }
            .map_err(|e| fail("HTTP/2 handshake failed with the upstream", &e))
        };
        tokio::time::timeout(self.connect_timeout, connecting)
            .await
            .unwrap_or_else(|_| {
                Err(fail(
                    "timed out connecting to the upstream",
                    &format_args!("{:?}", self.connect_timeout),
                ))
            })
    }

    async fn handshake<S>(&self, stream: S) -> Result<SendRequest<Body>, hyper::Error>
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static,
    {
        let (sender, connection) = http2::Builder::new(TokioExecutor::new())
            .timer(TokioTimer::new())
            .keep_alive_interval(self.keepalive_interval)
            .keep_alive_timeout(KEEPALIVE_TIMEOUT)
            .keep_alive_while_idle(true)
            .max_header_list_size(self.max_header_bytes)
            .handshake(TokioIo::new(stream))
            .await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "upstream connection ended");
            }
        });
        Ok(sender)
    }
}

/// rustls client settings: the roots to trust, the client certificate if any, ALPN `h2`.
fn client_config(config: &UpstreamConfig) -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // Unreadable system roots are not fatal: the webpki roots and the CA file remain.
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = &config.ca_file {
        for cert in crate::tls::certificates(path)? {
            roots
                .add(cert)
                .map_err(|e| format!("{} is not a usable CA certificate: {e}", path.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_root_certificates(roots);
    let mut tls = match &config.client_identity {
        None => builder.with_no_client_auth(),
        Some((cert, key)) => {
            let key = PrivateKeyDer::from_pem_file(key)
                .map_err(|e| format!("cannot read the upstream client key {}: {e}", key.display()))?;
            builder
                .with_client_auth_cert(crate::tls::certificates(cert)?, key)
                .map_err(|e| format!("the upstream client certificate {}: {e}", cert.display()))?
        }
    };
    tls.alpn_protocols = vec![b"h2".to_vec()];
    Ok(tls)
}
