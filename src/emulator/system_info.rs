//! The one `temporal.api.workflowservice.v1.WorkflowService` call a Cloud Ops client makes:
//! `GetSystemInfo`, which the core of Temporal's SDKs (Python's `temporalio`, through its Rust core)
//! sends when it connects, before any CloudService call; an UNIMPLEMENTED answer fails the
//! connection. Every other WorkflowService method answers UNIMPLEMENTED.
//!
//! Why a hand-written tower service and not the generated WorkflowService server: the project
//! vendors only the Cloud Ops protos, and this one call needs none of the workflow protos. Its
//! request is read and ignored, and its answer is an empty `GetSystemInfoResponse` (no server
//! version, no capabilities), which encodes as zero bytes — exactly what prost's `()` message
//! encodes as. So tonic's own server machinery (`Grpc::unary` with the prost codec over `()`)
//! does the framing, gzip and errors, as it does for the generated CloudService server.

use std::convert::Infallible;
use std::task::{Context, Poll};

use tonic::codec::CompressionEncoding;
use tonic::codegen::{Body, BoxFuture, Service, StdError, http};
use tonic::{Request, Response, Status};

/// The WorkflowService's gRPC service name (the router sends every path under it here).
pub const WORKFLOW_SERVICE: &str = "temporal.api.workflowservice.v1.WorkflowService";

/// The path of `GetSystemInfo`.
pub const GET_SYSTEM_INFO: &str = "/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo";

/// `GetSystemInfo` answered with an empty response; every other WorkflowService method
/// UNIMPLEMENTED. Requests may be gzip-compressed; answers are compressed for clients that accept
/// gzip.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemInfoService;

impl tonic::server::NamedService for SystemInfoService {
    const NAME: &'static str = WORKFLOW_SERVICE;
}

impl<B> Service<http::Request<B>> for SystemInfoService
where
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if request.uri().path() != GET_SYSTEM_INFO {
            let method = request.uri().path().rsplit('/').next().unwrap_or_default().to_string();
            return Box::pin(async move {
                tracing::debug!(target: "cloud_ops_gateway::emulator", method, "WorkflowService call refused");
                Ok(Status::unimplemented(format!(
                    "the Cloud Ops emulator serves no WorkflowService method but GetSystemInfo, not {method}"
                ))
                .into_http())
            });
        }
        Box::pin(async move {
            let answer = tower::service_fn(|_: Request<()>| async { Ok::<_, Status>(Response::new(())) });
            let mut grpc = tonic::server::Grpc::new(tonic_prost::ProstCodec::<(), ()>::default())
                .accept_compressed(CompressionEncoding::Gzip)
                .send_compressed(CompressionEncoding::Gzip);
            Ok(grpc.unary(answer, request).await)
        })
    }
}
