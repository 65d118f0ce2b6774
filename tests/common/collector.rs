//! A test OTLP collector on 127.0.0.1:0 that keeps every span it receives: the TraceService of
//! `opentelemetry-proto` on a tonic server (OTLP/gRPC), or `POST /v1/traces` with a protobuf
//! body on an axum server (OTLP/HTTP). Each speaks only its own protocol, so spans that arrive
//! prove which exporter sent them. Also the two collectors that never take a span: a port where
//! nothing listens, and one that accepts connections and never answers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use cloud_ops_gateway::traces::{Protocol, TraceOptions, TraceSettings};
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{TraceService, TraceServiceServer};
use opentelemetry_proto::tonic::collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse};
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message as _;

/// One span as received, with the `service.name` of its resource.
#[derive(Clone, Debug)]
pub struct Received {
    pub service_name: String,
    pub span: Span,
}

/// A running collector; stops when dropped.
pub struct Collector {
    /// Every export request received, in order.
    requests: Arc<Mutex<Vec<ExportTraceServiceRequest>>>,
    pub addr: SocketAddr,
    pub protocol: Protocol,
    _stop: tokio::sync::oneshot::Sender<()>,
}

#[derive(Clone, Default)]
struct Store(Arc<Mutex<Vec<ExportTraceServiceRequest>>>);

#[tonic::async_trait]
impl TraceService for Store {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        self.0.lock().unwrap().push(request.into_inner());
        Ok(tonic::Response::new(ExportTraceServiceResponse::default()))
    }
}

impl Collector {
    /// An OTLP/gRPC collector.
    pub async fn grpc() -> Self {
        let store = Store::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let service = TraceServiceServer::new(store.clone());
        tokio::spawn(async move {
            tonic::transport::Server::builder()
                .add_service(service)
                .serve_with_incoming_shutdown(super::incoming(listener), async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Self {
            requests: store.0,
            addr,
            protocol: Protocol::Grpc,
            _stop: stop,
        }
    }

    /// An OTLP/HTTP collector taking protobuf only (anything else is a 415).
    pub async fn http() -> Self {
        let store = Store::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let kept = store.clone();
        let app = axum::Router::new().route(
            "/v1/traces",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| async move {
                if headers
                    .get(header::CONTENT_TYPE)
                    .is_none_or(|v| v != "application/x-protobuf")
                {
                    return (StatusCode::UNSUPPORTED_MEDIA_TYPE, Vec::new());
                }
                let Ok(request) = ExportTraceServiceRequest::decode(body) else {
                    return (StatusCode::BAD_REQUEST, Vec::new());
                };
                kept.0.lock().unwrap().push(request);
                (StatusCode::OK, ExportTraceServiceResponse::default().encode_to_vec())
            }),
        );
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Self {
            requests: store.0,
            addr,
            protocol: Protocol::HttpProtobuf,
            _stop: stop,
        }
    }

    /// `http://127.0.0.1:<port>`: the base URL (HTTP appends `/v1/traces`) or the gRPC endpoint.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Gateway trace settings pointing at this collector, resolved the way `--otlp-endpoint` and
    /// `--otlp-protocol` are (no environment).
    pub fn settings(&self) -> TraceSettings {
        settings(&self.url(), self.protocol)
    }

    /// Every span received so far.
    pub fn spans(&self) -> Vec<Received> {
        let requests = self.requests.lock().unwrap();
        let mut out = Vec::new();
        for request in requests.iter() {
            for resource_spans in &request.resource_spans {
                let attributes = resource_spans.resource.as_ref().map(|r| r.attributes.as_slice());
                let service_name = attributes.and_then(|a| attr(a, "service.name")).unwrap_or_default();
                for scope in &resource_spans.scope_spans {
                    out.extend(scope.spans.iter().map(|span| Received {
                        service_name: service_name.clone(),
                        span: span.clone(),
                    }));
                }
            }
        }
        out
    }

    /// Everything received, as text: the whole export requests (resources, scopes, spans,
    /// attributes, events, statuses), for "it is nowhere" checks.
    pub fn everything(&self) -> String {
        format!("{:?}", self.requests.lock().unwrap())
    }

    /// Waits up to `timeout` for at least `n` spans; returns what arrived.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let spans = self.spans();
            if spans.len() >= n || tokio::time::Instant::now() >= deadline {
                return spans;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Trace settings for `url` over `protocol`, resolved as the command-line flags are.
pub fn settings(url: &str, protocol: Protocol) -> TraceSettings {
    let options = TraceOptions {
        otlp_endpoint: Some(url.to_string()),
        otlp_protocol: Some(protocol),
    };
    options
        .settings(|_| None)
        .unwrap()
        .expect("an endpoint turns tracing on")
}

/// A port on which nothing listens (bound, then closed): connections are refused.
pub async fn refusing_port() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// A listener that accepts connections, reads nothing and never answers; runs until the test's
/// runtime ends.
pub async fn black_hole() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    addr
}

/// The string value of attribute `key`.
pub fn attr(attributes: &[KeyValue], key: &str) -> Option<String> {
    let value = attributes
        .iter()
        .find(|kv| kv.key == key)?
        .value
        .as_ref()?
        .value
        .as_ref()?;
    Some(match value {
        any_value::Value::StringValue(s) => s.clone(),
        any_value::Value::IntValue(i) => i.to_string(),
        any_value::Value::BoolValue(b) => b.to_string(),
        any_value::Value::DoubleValue(d) => d.to_string(),
        any_value::Value::ArrayValue(array) => array
            .values
            .iter()
            .filter_map(|v: &AnyValue| match &v.value {
                Some(any_value::Value::StringValue(s)) => Some(s.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(","),
        other => format!("{other:?}"),
    })
}

/// Lowercase hex of an id.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
