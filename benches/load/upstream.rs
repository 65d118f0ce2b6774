//! The canned-response upstream: a tonic gRPC server (the raw-bytes codec, as the test recorder
//! uses) that answers every call from a table of pre-encoded responses, so its cost per call is
//! small and the same whether the caller is the direct client or the gateway.
//!
//! - GetNamespace → one namespace; GetUsers → 50 or 1000 users (by the request's page_size);
//!   CreateUser → user id + async operation; GetUser → NOT_FOUND; anything else → UNIMPLEMENTED.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::GetUsersRequest;
use cloud_ops_gateway::upstream::RawCodec;
use prost::Message as _;
use tokio_stream::StreamExt as _;
use tonic::body::Body;
use tonic::server::{Grpc, NamedService, UnaryService};

use crate::fixtures;

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
    let service = Canned {
        answers: Arc::new(Answers::new()),
    };
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

#[derive(Clone)]
struct Canned {
    answers: Arc<Answers>,
}

impl NamedService for Canned {
    const NAME: &'static str = "temporal.api.cloud.cloudservice.v1.CloudService";
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl tower::Service<http::Request<Body>> for Canned {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let method = Method {
            answers: self.answers.clone(),
            path: request.uri().path().to_string(),
        };
        Box::pin(async move { Ok(Grpc::new(RawCodec).unary(method, request).await) })
    }
}

struct Method {
    answers: Arc<Answers>,
    path: String,
}

impl UnaryService<Bytes> for Method {
    type Response = Bytes;
    type Future = Ready<Result<tonic::Response<Bytes>, tonic::Status>>;

    fn call(&mut self, request: tonic::Request<Bytes>) -> Self::Future {
        ready(
            self.answers
                .answer(&self.path, request.get_ref())
                .map(tonic::Response::new),
        )
    }
}
