//! The canned-response upstream: a tonic gRPC server (`tests/common/raw_service.rs`, as the test
//! recorder uses) that answers every call from a table of pre-encoded responses, so its cost per call is
//! small and the same whether the caller is the direct client or the gateway.
//!
//! - GetNamespace → one namespace; GetUsers → 50 or 1000 users (by the request's page_size);
//!   CreateUser → user id + async operation; GetUser → NOT_FOUND; anything else → UNIMPLEMENTED.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::GetUsersRequest;
use prost::Message as _;
use tokio_stream::StreamExt as _;

use crate::fixtures;
use crate::raw_service::RawCloudService;

/// The pre-encoded answers, by gRPC path.
struct Answers {
    by_path: HashMap<String, Bytes>,
    users_50: Bytes,
    users_1000: Bytes,
}

impl Answers {
    fn new() -> Self {
        let mut by_path = HashMap::new();
        by_path.insert(
            fixtures::grpc_path("GetNamespace"),
            Bytes::from(fixtures::get_namespace_response()),
        );
        by_path.insert(
            fixtures::grpc_path("CreateUser"),
            Bytes::from(fixtures::create_user_response()),
        );
        Self {
            by_path,
            users_50: Bytes::from(fixtures::get_users_response(50)),
            users_1000: Bytes::from(fixtures::get_users_response(1000)),
        }
    }

    fn answer(&self, path: &str, request: &[u8]) -> Result<Bytes, tonic::Status> {
        if path == fixtures::grpc_path("GetUsers") {
            let page_size = GetUsersRequest::decode(request).map_or(0, |r| r.page_size);
            return Ok(if page_size > 50 {
                self.users_1000.clone()
            } else {
                self.users_50.clone()
            });
        }
        if path == fixtures::grpc_path("GetUser") {
            return Err(tonic::Status::not_found("user not found: user-missing"));
        }
        self.by_path
            .get(path)
            .cloned()
            .ok_or_else(|| tonic::Status::unimplemented("not canned"))
    }
}

/// Serves the canned CloudService on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) {
    let answers = Arc::new(Answers::new());
    let service = RawCloudService::new(move |path, request| {
        let reply = answers.answer(path, request.get_ref()).map(tonic::Response::new);
        Box::pin(std::future::ready(reply))
    });
    // TCP_NODELAY as a real gRPC server sets it: without it, Nagle holds the trailers frame of
    // small answers until the peer's delayed ACK (40 ms).
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener).map(|stream| {
        let stream = stream?;
        stream.set_nodelay(true)?;
        Ok::<_, std::io::Error>(stream)
    });
    tonic::transport::Server::builder()
        .add_service(service)
        .serve_with_incoming(incoming)
        .await
        .expect("the canned upstream serves");
}
