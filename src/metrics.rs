//! Prometheus metrics (prometheus-client, one registry per gateway so tests stay independent):
//! request counts and latency by route template, RPC and gRPC code — never raw paths, so
//! cardinality is bounded by the route table — plus in-flight requests, upstream errors by kind,
//! shed requests and a build-info gauge. Served as text at `/metrics`.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

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
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
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
