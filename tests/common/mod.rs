//! Shared test support: the recording fake upstream, the test OTLP collector, the gateway on a
//! real socket, and JSON helpers that use the embedded descriptors (independent of the pbjson code
//! under test).
#![allow(dead_code)]

pub mod collector;
pub mod dev;
pub mod emulator;
pub mod faulty;
pub mod raw_service;
pub mod recorder;
pub mod route_cases;
pub mod stack;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use cloud_ops_gateway::gateway::{Gateway, Limits};
use cloud_ops_gateway::headers::CallPolicy;
use cloud_ops_gateway::listener::ConnectionLimits;
use cloud_ops_gateway::upstream::{Upstream, UpstreamConfig};
use prost::Message as _;
use prost_reflect::{DynamicMessage, SerializeOptions};

/// A gateway serving on 127.0.0.1:0, stopped when dropped.
pub struct TestGateway {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestGateway {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Settings a test may change.
pub struct Options {
    pub limits: Limits,
    pub deadline: Duration,
    pub cors_origins: Vec<&'static str>,
    pub connections: ConnectionLimits,
    pub upstream_max_header_bytes: u32,
    /// Serve TLS with these files (`base` is then `https://127.0.0.1:<port>`).
    pub tls: Option<cloud_ops_gateway::tls::TlsFiles>,
    pub retry: cloud_ops_gateway::retry::RetryPolicy,
    pub max_wait: Duration,
    /// Export traces so (default: off).
    pub traces: Option<cloud_ops_gateway::traces::TraceSettings>,
    /// A CA (PEM file) to trust for an `https` upstream, besides the system's and webpki's roots.
    pub upstream_ca_file: Option<std::path::PathBuf>,
    /// Certificate and key (PEM files) for mTLS to the upstream.
    pub upstream_client_identity: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            deadline: Duration::from_secs(10),
            cors_origins: Vec::new(),
            connections: ConnectionLimits::default(),
            upstream_max_header_bytes: UpstreamConfig::DEFAULT_MAX_HEADER_BYTES,
            tls: None,
            retry: cloud_ops_gateway::retry::RetryPolicy::DEFAULT,
            max_wait: Gateway::DEFAULT_MAX_WAIT,
            traces: None,
            upstream_ca_file: None,
            upstream_client_identity: None,
        }
    }
}

/// How tests reach an upstream at `url`: plaintext, short connect timeout.
pub fn upstream_config(url: &str) -> UpstreamConfig {
    UpstreamConfig {
        uri: url.parse().unwrap(),
        insecure: false,
        connect_timeout: Duration::from_secs(2),
        keepalive_interval: Duration::from_secs(30),
        ca_file: None,
        client_identity: None,
        max_header_bytes: Options::default().upstream_max_header_bytes,
    }
}

/// The connections of `listener`, with Nagle's algorithm off (as the emulator's): a tonic server's
/// unary answer is several small writes, and with Nagle on each call waits ~40 ms for an ACK.
pub fn incoming(
    listener: tokio::net::TcpListener,
) -> impl tokio_stream::Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    use tokio_stream::StreamExt as _;
    tokio_stream::wrappers::TcpListenerStream::new(listener).map(|accepted| {
        accepted.inspect(|stream| {
            let _ = stream.set_nodelay(true);
        })
    })
}

/// Serves `service` on 127.0.0.1:0 for the rest of the test; returns its `http://` URL.
pub async fn serve_raw(service: raw_service::RawCloudService) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(incoming(listener)),
    );
    url
}

/// Starts a gateway in front of `upstream_url`; returns it and its shared state.
pub async fn start_gateway_with_state(upstream_url: &str, options: Options) -> (TestGateway, Arc<Gateway>) {
    let mut config = upstream_config(upstream_url);
    config.max_header_bytes = options.upstream_max_header_bytes;
    config.ca_file = options.upstream_ca_file.clone();
    config.client_identity = options.upstream_client_identity.clone();
    let upstream = Upstream::new(&config).unwrap();
    let policy = CallPolicy {
        api_version: cloud_ops_gateway::pb::API_VERSION.parse().unwrap(),
        max_deadline: options.deadline,
    };
    let mut gateway = Gateway::new(upstream, policy, options.limits);
    gateway.cors_origins = options.cors_origins.iter().map(|o| o.parse().unwrap()).collect();
    gateway.set_connection_limits(options.connections.clone());
    gateway.retry = options.retry.clone();
    gateway.max_wait = options.max_wait;
    gateway.traces = cloud_ops_gateway::traces::Traces::start(options.traces.as_ref()).unwrap();
    let gateway = Arc::new(gateway);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = cloud_ops_gateway::server::app(gateway.clone());
    let stop = async {
        let _ = rx.await;
    };
    let metrics = gateway.metrics.connections.clone();
    let tls = options
        .tls
        .as_ref()
        .map(|files| cloud_ops_gateway::tls::acceptor(files).unwrap());
    let scheme = if tls.is_some() { "https" } else { "http" };
    tokio::spawn(cloud_ops_gateway::listener::serve(
        listener,
        app,
        options.connections,
        tls,
        metrics,
        gateway.memory.clone(),
        stop,
    ));
    (
        TestGateway {
            base: format!("{scheme}://{addr}"),
            shutdown: Some(tx),
        },
        gateway,
    )
}

/// Starts a gateway in front of `upstream_url`.
pub async fn start_gateway(upstream_url: &str, options: Options) -> TestGateway {
    start_gateway_with_state(upstream_url, options).await.0
}

/// Encodes canonical JSON `json` as message `type_name`, via prost-reflect.
pub fn encode_json(type_name: &str, json: &str) -> Vec<u8> {
    let descriptor = cloud_ops_gateway::pb::pool().get_message_by_name(type_name).unwrap();
    let mut de = serde_json::Deserializer::from_str(json);
    let message = DynamicMessage::deserialize(descriptor, &mut de)
        .unwrap_or_else(|e| panic!("{type_name}: test JSON does not fit the message: {e}"));
    message.encode_to_vec()
}

/// Decodes `bytes` as message `type_name` and prints it as canonical JSON, via prost-reflect.
pub fn decode_to_json(type_name: &str, bytes: &[u8]) -> serde_json::Value {
    let descriptor = cloud_ops_gateway::pb::pool().get_message_by_name(type_name).unwrap();
    let message = DynamicMessage::decode(descriptor, bytes).unwrap();
    message
        .serialize_with_options(serde_json::value::Serializer, &SerializeOptions::new())
        .unwrap()
}

/// The `/metrics` text of the gateway at `base` (default `Accept`: the Prometheus text format).
pub async fn metrics_text(base: &str) -> String {
    client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The gateway gives a mutation sent without an operation id a fresh UUID (src/idempotency.rs):
/// checks that `received` (canonical JSON of what the upstream got) has one where `expected` has
/// none, and drops it, so that the rest compares exactly.
pub fn drop_filled_operation_id(received: &mut serde_json::Value, expected: &serde_json::Value) {
    let (Some(filled), None) = (received.get("asyncOperationId"), expected.get("asyncOperationId")) else {
        return;
    };
    let text = filled.as_str().unwrap_or_default();
    assert!(
        uuid::Uuid::parse_str(text).is_ok(),
        "the filled operation id {filled} is a UUID"
    );
    received.as_object_mut().unwrap().remove("asyncOperationId");
}

/// An HTTP client for the tests.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}
