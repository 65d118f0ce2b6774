//! Requests the client gave up on. A request whose client resets its stream or closes its
//! connection before the answer is ready is dropped mid-way by hyper; it is still counted in
//! `requests_total` (code `CANCELLED`) and gets its access line, with status 499 as nginx and
//! grpc-gateway write it, so that cancelled floods are visible.

use std::time::Instant;

use http::request::Parts;
use http::{HeaderValue, Method, StatusCode};
use tonic::Code;

use crate::gateway::Gateway;
use crate::headers::REQUEST_ID_HEADER;

/// The status written for a request the client cancelled (not an HTTP status anyone receives).
pub const CLIENT_CLOSED_REQUEST: u16 = 499;

/// A request being served: dropped before [`Unanswered::answered`], it is recorded as cancelled.
pub struct Unanswered<'a> {
    gateway: &'a Gateway,
    route: &'static str,
    rpc: &'static str,
    method: Method,
    request_id: Option<HeaderValue>,
    started: Instant,
    answered: bool,
}

impl<'a> Unanswered<'a> {
    /// A request of `route` (`rpc`) that arrived at `started`.
    pub fn new(gateway: &'a Gateway, route: &'static str, rpc: &'static str, parts: &Parts, started: Instant) -> Self {
        Self {
            gateway,
            route,
            rpc,
            method: parts.method.clone(),
            request_id: parts.headers.get(REQUEST_ID_HEADER).cloned(),
            started,
            answered: false,
        }
    }

    /// The request has its answer: nothing to record here.
    pub fn answered(mut self) {
        self.answered = true;
    }
}

impl Drop for Unanswered<'_> {
    fn drop(&mut self) {
        if self.answered {
            return;
        }
        let elapsed = self.started.elapsed();
        let (route, rpc) = (self.route, self.rpc);
        self.gateway
            .metrics
            .record_request(route, rpc, &self.method, Code::Cancelled, elapsed, None);
        // The access line reads the method and the request id from the request's head.
        let mut parts = http::Request::new(()).into_parts().0;
        parts.method = self.method.clone();
        if let Some(id) = self.request_id.take() {
            parts.headers.insert(REQUEST_ID_HEADER, id);
        }
        let status = StatusCode::from_u16(CLIENT_CLOSED_REQUEST).unwrap_or(StatusCode::BAD_REQUEST);
        let detail = (
            "cancelled",
            "the client cancelled the request before its answer was ready".to_string(),
        );
        crate::access_log::write(&parts, route, rpc, status, Code::Cancelled, elapsed, None, Some(detail));
    }
}
