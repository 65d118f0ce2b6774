//! A recording fake CloudService on 127.0.0.1:0: a real tonic gRPC server that accepts every
//! method of the service, records the path, metadata and encoded request of each call, and answers
//! with whatever the test queued for that method (bytes + metadata, or a status), optionally late.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;
use tonic::metadata::MetadataMap;

use super::raw_service::{BoxFuture, RawCloudService, Reply};

/// One call the fake upstream received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// gRPC path, e.g. `/temporal.api.cloud.cloudservice.v1.CloudService/GetNamespace`.
    pub path: String,
    /// Request metadata as HTTP/2 headers.
    pub metadata: HeaderMap,
    /// The encoded request message.
    pub body: Bytes,
}

/// What the fake answers for one method.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The encoded response message (used when `status` is None).
    pub body: Bytes,
    /// Response metadata (headers).
    pub metadata: HeaderMap,
    /// An error status to return instead (code, message, details bytes).
    pub status: Option<(tonic::Code, String, Bytes)>,
    /// Wait this long before answering.
    pub delay: Duration,
}

#[derive(Default)]
struct State {
    calls: Mutex<Vec<Recorded>>,
    answers: Mutex<HashMap<String, Answer>>,
    /// Answers used once each, before `answers`, oldest first.
    first: Mutex<HashMap<String, std::collections::VecDeque<Answer>>>,
}

/// Handle to a running fake upstream.
pub struct Recorder {
    state: Arc<State>,
    /// Where it listens.
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Recorder {
    /// Starts the fake on 127.0.0.1:0.
    pub async fn start() -> Self {
        Self::start_with(None).await
    }

    /// Starts the fake on 127.0.0.1:0 serving TLS as `tls` says (reach it at [`Recorder::https_url`]).
    pub async fn start_tls(tls: tonic::transport::ServerTlsConfig) -> Self {
        Self::start_with(Some(tls)).await
    }

    async fn start_with(tls: Option<tonic::transport::ServerTlsConfig>) -> Self {
        let state = Arc::new(State::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel();
        let service = {
            let state = state.clone();
            RawCloudService::new(move |path, request| handle(&state, path, request))
        };
        let mut server = tonic::transport::Server::builder();
        if let Some(tls) = tls {
            server = server.tls_config(tls).unwrap();
        }
        tokio::spawn(async move {
            server
                .add_service(service)
                .serve_with_incoming_shutdown(super::incoming(listener), async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Self {
            state,
            addr,
            shutdown: Some(tx),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `https://localhost:<port>`, the name the test certificates are for.
    pub fn https_url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }

    /// Queues the answer for calls to `grpc_path`.
    pub fn answer(&self, grpc_path: &str, answer: Answer) {
        self.state.answers.lock().unwrap().insert(grpc_path.to_string(), answer);
    }

    /// Answers the next calls to `grpc_path` with `first`, one each, before the queued answer.
    pub fn answer_first(&self, grpc_path: &str, first: Vec<Answer>) {
        self.state
            .first
            .lock()
            .unwrap()
            .insert(grpc_path.to_string(), first.into());
    }

    /// Every call so far, oldest first.
    pub fn calls(&self) -> Vec<Recorded> {
        self.state.calls.lock().unwrap().clone()
    }

    /// Forgets the calls recorded so far.
    pub fn clear(&self) {
        self.state.calls.lock().unwrap().clear();
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Records the call, then answers as queued.
fn handle(state: &State, path: &str, request: tonic::Request<Bytes>) -> BoxFuture<Reply> {
    let (metadata, _, body) = request.into_parts();
    state.calls.lock().unwrap().push(Recorded {
        path: path.to_string(),
        metadata: metadata.into_headers(),
        body: body.clone(),
    });
    let once = state.first.lock().unwrap().get_mut(path).and_then(|q| q.pop_front());
    let answer = once.or_else(|| state.answers.lock().unwrap().get(path).cloned());
    Box::pin(async move {
        let Some(answer) = answer else {
            return Err(tonic::Status::unimplemented("no answer queued in the recorder"));
        };
        tokio::time::sleep(answer.delay).await;
        if let Some((code, message, details)) = answer.status {
            return Err(tonic::Status::with_details_and_metadata(
                code,
                message,
                details,
                MetadataMap::from_headers(answer.metadata),
            ));
        }
        let mut response = tonic::Response::new(answer.body);
        *response.metadata_mut() = MetadataMap::from_headers(answer.metadata);
        Ok(response)
    })
}
