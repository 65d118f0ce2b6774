//! The spans of a request. [`ServerSpan`] (kind SERVER, named `{METHOD} {route template}`, or only `{METHOD}` without a route) starts
//! with the request's W3C trace context as its parent and ends with the answer; while the request
//! is served its context is current, carrying the tracer, so that every upstream call made on the
//! request's behalf — the first attempt, each retry, each `Prefer: wait` poll — gets a
//! [`ClientSpan`] (kind CLIENT, named `{rpc.service}/{rpc.method}`) as its child, whose own id is
//! the parent in the `traceparent` the upstream receives.
//!
//! Attributes are the route template, method, RPC, statuses and the request id: never a header
//! other than the request id, never a path value, query value or body, never the API key.

use std::borrow::Cow;

use http::{HeaderMap, Method, StatusCode, Uri};
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry::trace::{SpanKind, Status, TraceContextExt as _, Tracer as _};
use opentelemetry::{Context, KeyValue, Value};
use opentelemetry_http::{HeaderExtractor, HeaderInjector};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracer;
use tonic::Code;

use super::Traces;
use crate::headers::{REQUEST_ID_HEADER, TRACESTATE_HEADER};
use crate::metrics::code_name;

/// The tracer of the request being served, in its context: what tells an upstream call that it
/// is traced.
struct RequestTracer(SdkTracer);

/// The span of one request; its context is to be current while the request is served.
pub struct ServerSpan {
    cx: Context,
}

/// The span of one upstream call.
pub struct ClientSpan {
    cx: Context,
}

impl Traces {
    /// Starts the server span of a request to `route` (the template; `None`: no route matched)
    /// for `grpc_path` (`None`: no RPC), the caller's `traceparent`/`tracestate` its parent.
    /// `None` when off.
    pub fn server_span(
        &self,
        method: &Method,
        route: Option<&'static str>,
        grpc_path: Option<&'static str>,
        headers: &HeaderMap,
    ) -> Option<ServerSpan> {
        let tracer = self.tracer()?;
        let parent = TraceContextPropagator::new().extract(&HeaderExtractor(headers));
        // The method and the request id are the caller's text: capped like every other quote of it.
        let method = crate::error::caller_text::bare(method.as_str()).to_string();
        let mut attributes = vec![KeyValue::new("http.request.method", method.clone())];
        attributes.extend(route.map(|route| KeyValue::new("http.route", route)));
        attributes.extend(grpc_path.map(rpc_attributes).into_iter().flatten());
        if let Some(id) = headers.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()) {
            attributes.push(KeyValue::new(
                "http.request.header.x-request-id",
                Value::Array(
                    vec![opentelemetry::StringValue::from(
                        crate::error::caller_text::bare(id).to_string(),
                    )]
                    .into(),
                ),
            ));
        }
        let span = tracer
            .span_builder(match route {
                Some(route) => format!("{method} {route}"),
                None => method.to_string(),
            })
            .with_kind(SpanKind::Server)
            .with_attributes(attributes)
            .start_with_context(tracer, &parent);
        let cx = parent.with_span(span).with_value(RequestTracer(tracer.clone()));
        Some(ServerSpan { cx })
    }
}

impl ServerSpan {
    /// The context to make current while the request is served.
    pub fn context(&self) -> Context {
        self.cx.clone()
    }

    /// Ends the span with the answer: its HTTP status, gRPC code and, for an error, its kind
    /// (an error kind of the gateway, or the upstream's code). A 5xx is an error (a 4xx is the
    /// caller's, and not the server span's).
    pub fn end(self, status: StatusCode, code: Code, error_kind: Option<&'static str>) {
        let span = self.cx.span();
        span.set_attribute(KeyValue::new("http.response.status_code", i64::from(status.as_u16())));
        span.set_attribute(KeyValue::new("rpc.grpc.status_code", code as i64));
        let error = (code != Code::Ok).then(|| error_kind.unwrap_or(code_name(code)));
        if let Some(kind) = error {
            span.set_attribute(KeyValue::new("error.type", kind));
        }
        if status.is_server_error() {
            span.set_status(Status::error(error.unwrap_or("server error")));
        }
        span.end();
    }
}

impl ClientSpan {
    /// Starts the span of a call of `grpc_path` to `upstream` when the current context is a traced
    /// request's, and sets the call's `traceparent` (and `tracestate`) in `metadata` to it. `None`
    /// — and `metadata` untouched — otherwise.
    pub fn start(grpc_path: &'static str, upstream: &Uri, metadata: &mut HeaderMap) -> Option<Self> {
        let cx = Context::map_current(|cx| {
            let RequestTracer(tracer) = cx.get::<RequestTracer>()?;
            let mut attributes: Vec<KeyValue> = rpc_attributes(grpc_path).into();
            attributes.extend(upstream.host().map(|h| KeyValue::new("server.address", h.to_string())));
            attributes.extend(upstream.port_u16().map(|p| KeyValue::new("server.port", i64::from(p))));
            let span = tracer
                .span_builder(Cow::Borrowed(grpc_path.trim_start_matches('/')))
                .with_kind(SpanKind::Client)
                .with_attributes(attributes)
                .start_with_context(tracer, cx);
            Some(cx.with_span(span))
        })?;
        // The caller's tracestate went with its traceparent; the span context carries it on.
        metadata.remove(TRACESTATE_HEADER);
        TraceContextPropagator::new().inject_context(&cx, &mut HeaderInjector(metadata));
        Some(Self { cx })
    }

    /// Ends the span with the call's gRPC code (the upstream's, or the one the gateway reports for
    /// a transport failure) and, for a failure, its kind. Any code but OK is an error.
    pub fn end(self, code: Code, error_kind: Option<&'static str>) {
        let span = self.cx.span();
        span.set_attribute(KeyValue::new("rpc.grpc.status_code", code as i64));
        if code != Code::Ok {
            let kind = error_kind.unwrap_or(code_name(code));
            span.set_attribute(KeyValue::new("error.type", kind));
            span.set_status(Status::error(kind));
        }
        span.end();
    }
}

/// `rpc.system`, `rpc.service` and `rpc.method` of `/package.Service/Method`.
fn rpc_attributes(grpc_path: &'static str) -> [KeyValue; 3] {
    let (service, method) = grpc_path
        .trim_start_matches('/')
        .split_once('/')
        .unwrap_or(("", grpc_path));
    [
        KeyValue::new("rpc.system", "grpc"),
        KeyValue::new("rpc.service", service),
        KeyValue::new("rpc.method", method),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpc_attributes_split_the_grpc_path() {
        let [system, service, method] = rpc_attributes("/temporal.api.cloud.cloudservice.v1.CloudService/GetUser");
        assert_eq!(system.value.as_str(), "grpc");
        assert_eq!(
            service.value.as_str(),
            "temporal.api.cloud.cloudservice.v1.CloudService"
        );
        assert_eq!(method.value.as_str(), "GetUser");
    }

    #[test]
    fn off_makes_no_span_and_leaves_the_metadata_alone() {
        let traces = Traces::off();
        assert!(
            traces
                .server_span(&Method::GET, Some("/x"), None, &HeaderMap::new())
                .is_none()
        );
        let mut metadata = HeaderMap::new();
        metadata.insert(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                .parse()
                .unwrap(),
        );
        let before = metadata.clone();
        assert!(ClientSpan::start("/a.B/C", &"http://u:1".parse().unwrap(), &mut metadata).is_none());
        assert_eq!(metadata, before);
    }
}
