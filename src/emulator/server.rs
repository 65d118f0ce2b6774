//! The emulator's gRPC server: CloudService (gzip in and out) beside the one WorkflowService call
//! SDKs make on connect ([`super::system_info`]), in plaintext or over TLS with the gateway's own
//! certificate code ([`crate::tls`]: PEM pair, reloaded when the files change).

use std::future::Future;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::server::TlsStream;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::{ReceiverStream, TcpListenerStream};

use super::service::Emulator;
use super::system_info::SystemInfoService;
use crate::tls::ServerTls;

/// How long a client has to finish its TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshaken connections waiting for the server to take them.
const HANDSHAKEN_BACKLOG: usize = 64;

impl Emulator {
    /// The tonic router: CloudService and the WorkflowService's GetSystemInfo.
    fn router(&self) -> tonic::transport::server::Router {
        tonic::transport::Server::builder()
            .add_service(self.service())
            .add_service(SystemInfoService)
    }

    /// Serves gRPC in plaintext on `listener` until `shutdown` resolves.
    ///
    /// Every connection has Nagle's algorithm off. A unary answer is three small writes (headers,
    /// message, trailers); with Nagle on, the last waits for the ACK of the first, which the
    /// caller delays by up to 40 ms, so every call took over 40 ms (tonic's own `tcp_nodelay`
    /// applies only to listeners it binds itself).
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), tonic::transport::Error> {
        let incoming = TcpListenerStream::new(listener).map(|accepted| {
            accepted.inspect(|stream| {
                let _ = stream.set_nodelay(true);
            })
        });
        self.router().serve_with_incoming_shutdown(incoming, shutdown).await
    }

    /// Serves gRPC over TLS on `listener` until `shutdown` resolves, with `tls` from
    /// [`crate::tls::acceptor`] (as the gateway's listener). Handshakes run side by side, each
    /// within [`HANDSHAKE_TIMEOUT`], so a client that stalls in its handshake holds up no other;
    /// one that fails is logged at debug level and closed.
    pub async fn serve_tls(
        self,
        listener: TcpListener,
        tls: ServerTls,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), tonic::transport::Error> {
        let (handshaken, incoming) = tokio::sync::mpsc::channel(HANDSHAKEN_BACKLOG);
        // Ends when the server drops `incoming` (it has stopped), and so drops the listener.
        tokio::spawn(accept_tls(listener, tls, handshaken));
        self.router()
            .serve_with_incoming_shutdown(ReceiverStream::new(incoming), shutdown)
            .await
    }
}

type Handshaken = tokio::sync::mpsc::Sender<std::io::Result<TlsStream<TcpStream>>>;

/// Accepts connections and hands each on once its TLS handshake is done.
async fn accept_tls(listener: TcpListener, tls: ServerTls, handshaken: Handshaken) {
    loop {
        let stream = tokio::select! {
            () = handshaken.closed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    // Out of file descriptors, most likely: wait for some to close.
                    tracing::warn!(target: "cloud_ops_gateway::emulator", "accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let (tls, handshaken) = (tls.clone(), handshaken.clone());
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, tls.0.accept(stream)).await {
                Ok(Ok(stream)) => {
                    let _ = handshaken.send(Ok(stream)).await;
                }
                Ok(Err(e)) => tracing::debug!(target: "cloud_ops_gateway::emulator", "TLS handshake failed: {e}"),
                Err(_) => tracing::debug!(target: "cloud_ops_gateway::emulator", "TLS handshake timed out"),
            }
        });
    }
}
