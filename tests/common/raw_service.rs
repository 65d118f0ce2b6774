//! A CloudService gRPC server that accepts every method with the raw-bytes codec and hands each call
//! (gRPC path + request) to one function. The recording fake upstream of the tests and the canned
//! upstream of the load harness (`benches/load/upstream.rs`, which includes this file) are both this
//! server with a different function.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use cloud_ops_gateway::upstream::RawCodec;
use tonic::body::Body;
use tonic::server::{Grpc, NamedService, UnaryService};

/// A boxed, sendable future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
/// What a call answers: the encoded response (with metadata) or a status.
pub type Reply = Result<tonic::Response<Bytes>, tonic::Status>;

type Handler = dyn Fn(&str, tonic::Request<Bytes>) -> BoxFuture<Reply> + Send + Sync;

/// The server; add it to a `tonic::transport::Server`.
#[derive(Clone)]
pub struct RawCloudService {
    handler: Arc<Handler>,
}

impl RawCloudService {
    /// Every call goes to `handler(grpc_path, request)`.
    pub fn new(handler: impl Fn(&str, tonic::Request<Bytes>) -> BoxFuture<Reply> + Send + Sync + 'static) -> Self {
        Self {
            handler: Arc::new(handler),
        }
    }
}

impl NamedService for RawCloudService {
    const NAME: &'static str = "temporal.api.cloud.cloudservice.v1.CloudService";
}

impl tower::Service<http::Request<Body>> for RawCloudService {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let method = Method {
            handler: self.handler.clone(),
            path: request.uri().path().to_string(),
        };
        Box::pin(async move { Ok(Grpc::new(RawCodec).unary(method, request).await) })
    }
}

struct Method {
    handler: Arc<Handler>,
    path: String,
}

impl UnaryService<Bytes> for Method {
    type Response = Bytes;
    type Future = BoxFuture<Reply>;

    fn call(&mut self, request: tonic::Request<Bytes>) -> Self::Future {
        (self.handler)(&self.path, request)
    }
}
