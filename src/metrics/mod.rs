//! Prometheus metrics (prometheus-client, one registry per gateway so tests stay independent):
//! request counts and latency by route template, RPC and gRPC code — never raw paths, so
//! cardinality is bounded by the route table — plus in-flight requests, upstream errors by kind,
//! shed requests, open and refused connections, and a build-info gauge. Served as text at `/metrics`
//! in either exposition format ([`exposition`]).

mod exposition;
pub mod log_lines;

mod connections;
pub use connections::{CloseReason, ConnectionMetrics, MemoryScope};
pub use exposition::{OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, prefers_openmetrics};

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The route label of requests that matched no route (404, 431 and parser refusals).
pub const UNMATCHED: &str = "unmatched";
/// The RPC label of requests that reached no RPC.
pub const NO_RPC: &str = "none";

/// Labels of a finished request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// Route template (`/cloud/namespaces/{namespace}`), or `unmatched`.
    pub route: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// RPC name, or `none`.
    pub rpc: &'static str,
    /// gRPC code name (`OK`, `NOT_FOUND`, …).
    pub code: &'static str,
}

/// Labels of latency histograms.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// Route template.
    pub route: &'static str,
    /// RPC name.
    pub rpc: &'static str,
}

/// Labels of upstream errors.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    /// `unavailable`, `deadline_exceeded` or `bad_response`.
    pub kind: &'static str,
}

/// Labels of upstream retries.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RetryLabels {
    /// RPC name.
    pub rpc: &'static str,
    /// gRPC code name of the answer that was retried (`UNAVAILABLE`, `RESOURCE_EXHAUSTED`).
    pub code: &'static str,
}

/// Labels of `Prefer: wait` answers.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WaitLabels {
    /// RPC name.
    pub rpc: &'static str,
    /// The operation's state when the wait ended (`STATE_FULFILLED`, `STATE_IN_PROGRESS`, …).
    pub state: &'static str,
}

/// Labels of the build-info gauge.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BuildLabels {
    /// Crate version.
    pub version: &'static str,
    /// Pinned Cloud Ops API version.
    pub api_version: String,
}

type Histograms = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The gateway's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Finished requests.
    pub requests: Family<RequestLabels, Counter>,
    /// Whole-request latency, seconds.
    pub latency: Histograms,
    /// Upstream call latency, seconds.
    pub upstream_latency: Histograms,
    /// Requests being served.
    pub in_flight: Gauge<i64, std::sync::atomic::AtomicI64>,
    /// Upstream failures made visible by the gateway (not upstream statuses).
    pub upstream_errors: Family<ErrorLabels, Counter>,
    /// Requests refused by the concurrency limit.
    pub shed: Counter<u64, AtomicU64>,
    /// Upstream calls retried, by RPC and the code that was retried.
    pub retries: Family<RetryLabels, Counter>,
    /// Requests that waited for their operation (`Prefer: wait`), by RPC and final state.
    pub waits: Family<WaitLabels, Counter>,
    /// Connections of the API listener.
    pub connections: ConnectionMetrics,
}

fn latency_histogram() -> Histogram {
    // 100 µs … ~52 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 20))
}

impl Metrics {
    /// A registry with every metric registered; `api_version` labels the build-info gauge.
    pub fn new(api_version: &str) -> Self {
        let mut registry = Registry::with_prefix("cloud_ops_gateway");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "requests",
            "HTTP requests served, by route, RPC and gRPC code",
            requests.clone(),
        );
        let latency: Histograms = Family::new_with_constructor(latency_histogram);
        registry.register("request_duration_seconds", "Time to serve a request", latency.clone());
        let upstream_latency: Histograms = Family::new_with_constructor(latency_histogram);
        registry.register(
            "upstream_duration_seconds",
            "Time of the upstream gRPC call",
            upstream_latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register("in_flight_requests", "Requests being served", in_flight.clone());
        let upstream_errors = Family::<ErrorLabels, Counter>::default();
        registry.register(
            "upstream_errors",
            "Upstream failures seen by the gateway, by kind",
            upstream_errors.clone(),
        );
        let shed = Counter::default();
        registry.register(
            "shed_requests",
            "Requests refused because the concurrency limit was reached",
            shed.clone(),
        );
        let waits = Family::<WaitLabels, Counter>::default();
        registry.register(
            "operation_waits",
            "Requests that waited for their async operation (Prefer: wait), by RPC and the state it ended in",
            waits.clone(),
        );
        let retries = Family::<RetryLabels, Counter>::default();
        registry.register(
            "upstream_retries",
            "Upstream calls retried, by RPC and the gRPC code of the answer retried",
            retries.clone(),
        );
        let connections = ConnectionMetrics::default();
        connections.register(&mut registry);
        registry.register_collector(Box::new(log_lines::DroppedLines));
        let build = Family::<BuildLabels, Gauge>::default();
        registry.register("build_info", "Build information", build.clone());
        build
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
                api_version: api_version.to_string(),
            })
            .set(1);
        Self {
            registry,
            requests,
            latency,
            upstream_latency,
            in_flight,
            upstream_errors,
            shed,
            retries,
            waits,
            connections,
        }
    }

    /// Records a finished API request: its count by route, method, RPC and code, its latency,
    /// and the upstream call's latency when one was made.
    pub fn record_request(
        &self,
        route: &'static str,
        rpc: &'static str,
        method: &http::Method,
        code: tonic::Code,
        elapsed: Duration,
        upstream: Option<Duration>,
    ) {
        let labels = RequestLabels {
            route,
            method: method_label(method),
            rpc,
            code: code_name(code),
        };
        self.requests.get_or_create(&labels).inc();
        let route_labels = RouteLabels { route, rpc };
        self.latency.get_or_create(&route_labels).observe(elapsed.as_secs_f64());
        if let Some(upstream) = upstream {
            self.upstream_latency
                .get_or_create(&route_labels)
                .observe(upstream.as_secs_f64());
        }
    }

    /// Counts an upstream failure the gateway saw, by kind (`None`: nothing to count).
    pub fn record_upstream_failure(&self, kind: Option<&'static str>) {
        if let Some(kind) = kind {
            self.upstream_errors.get_or_create(&ErrorLabels { kind }).inc();
        }
    }

    /// Counts a retry of an upstream call of `rpc` that answered `code`.
    pub fn record_retry(&self, rpc: &'static str, code: tonic::Code) {
        let code = code_name(code);
        self.retries.get_or_create(&RetryLabels { rpc, code }).inc();
    }

    /// Counts a `Prefer: wait` answer of `rpc` whose operation ended the wait in `state`.
    pub fn record_wait(&self, rpc: &'static str, state: &'static str) {
        self.waits.get_or_create(&WaitLabels { rpc, state }).inc();
    }

    /// Counts a request as in flight for as long as the guard lives.
    pub fn in_flight_guard(&self) -> InFlight<'_> {
        self.in_flight.inc();
        InFlight(&self.in_flight)
    }
}

/// A request being served; dropping it ends the count.
pub struct InFlight<'a>(&'a Gauge<i64, std::sync::atomic::AtomicI64>);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// A `'static` method label (routes only have these verbs; HEAD is served by GET routes).
fn method_label(method: &http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        _ => "OTHER",
    }
}

/// The canonical name of a gRPC code (`NOT_FOUND`). Exhaustive: a new code is a compile error.
pub fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_by_route_method_rpc_and_code_with_both_latencies() {
        let metrics = Metrics::new("v0.0.0");
        let route = crate::routes::by_rpc("GetNamespace").unwrap();
        let ms = Duration::from_millis(3);
        let (template, rpc, get, not_found) = (route.template, route.rpc, &http::Method::GET, tonic::Code::NotFound);
        metrics.record_request(template, rpc, get, not_found, ms, Some(ms));
        metrics.record_request(template, rpc, get, not_found, ms, None);
        let text = metrics.render();
        let counter = format!(
            "cloud_ops_gateway_requests_total{{route=\"{}\",method=\"GET\",rpc=\"GetNamespace\",code=\"NOT_FOUND\"}} 2",
            route.template
        );
        assert!(text.contains(&counter), "{text}");
        let count = |name: &str| format!("{name}_count{{route=\"{}\",rpc=\"GetNamespace\"}} ", route.template);
        assert!(
            text.contains(&(count("cloud_ops_gateway_request_duration_seconds") + "2")),
            "{text}"
        );
        assert!(
            text.contains(&(count("cloud_ops_gateway_upstream_duration_seconds") + "1")),
            "{text}"
        );
    }

    #[test]
    fn in_flight_lasts_as_long_as_the_guard_and_failures_count_by_kind() {
        let metrics = Metrics::new("v0.0.0");
        let guard = metrics.in_flight_guard();
        assert_eq!(metrics.in_flight.get(), 1);
        drop(guard);
        assert_eq!(metrics.in_flight.get(), 0);
        metrics.record_upstream_failure(None);
        metrics.record_upstream_failure(Some("unavailable"));
        let text = metrics.render();
        assert!(
            text.contains("cloud_ops_gateway_upstream_errors_total{kind=\"unavailable\"} 1"),
            "{text}"
        );
        assert_eq!(
            text.matches("cloud_ops_gateway_upstream_errors_total{").count(),
            1,
            "{text}"
        );
    }
}
