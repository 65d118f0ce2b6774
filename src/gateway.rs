//! The gateway's shared state: the upstream client, the per-call policy, the limits and admission,
//! the metrics, the traces and the draining flag that readiness reports. One `Arc<Gateway>` per process (or per test).

use std::sync::atomic::{AtomicBool, Ordering};

use http::HeaderValue;

use tokio::sync::Semaphore;

use crate::headers::CallPolicy;
use crate::listener::ConnectionLimits;
use crate::metrics::Metrics;
use crate::retry::RetryPolicy;
use crate::traces::Traces;
use crate::upstream::Upstream;

/// Request limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted request body (413 above).
    pub max_body_bytes: usize,
    /// Largest total size of request header names and values (431 above).
    pub max_header_bytes: usize,
    /// Requests served at once; more are shed with 503 + Retry-After. A request counts once its
    /// body has arrived, so a slow sender holds no slot.
    pub max_concurrency: usize,
    /// Time a client has to send the whole request body (408 after).
    pub body_read_timeout: std::time::Duration,
}

impl Limits {
    /// The defaults, also the command-line defaults.
    pub const DEFAULT: Limits = Limits {
        max_body_bytes: 1024 * 1024,
        max_header_bytes: 16 * 1024,
        max_concurrency: 1024,
        body_read_timeout: std::time::Duration::from_secs(10),
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Everything the request path needs.
#[derive(Debug)]
pub struct Gateway {
    /// The upstream CloudService.
    pub upstream: Upstream,
    /// Pinned version and deadline bound.
    pub policy: CallPolicy,
    /// Request limits.
    pub limits: Limits,
    /// Browser origins allowed by CORS (empty: CORS off).
    pub cors_origins: Vec<HeaderValue>,
    /// Whether `/metrics` is served on the API listener (false when it has its own).
    pub metrics_on_api_listener: bool,
    /// Whether `/docs` and `/openapi.*` are served on the API listener (false: only on the
    /// metrics listener, `--docs-on-metrics-listener`).
    pub docs_on_api_listener: bool,
    /// Bounds of each client connection (the listener's).
    pub connection_limits: ConnectionLimits,
    /// Bytes held for callers, within `connection_limits`' memory budget.
    pub memory: std::sync::Arc<crate::memory::Budget>,
    /// Inbound TLS, when configured (the listener's).
    pub tls: Option<crate::tls::ServerTls>,
    /// How failed upstream calls are retried.
    pub retry: RetryPolicy,
    /// The longest `Prefer: wait` the gateway honours.
    pub max_wait: std::time::Duration,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// OpenTelemetry traces (off unless configured).
    pub traces: Traces,
    /// Admission of API requests whose body has arrived: `max_concurrency` permits.
    pub admission: Semaphore,
    draining: AtomicBool,
}

impl Gateway {
    /// The default of [`Gateway::max_wait`], also the command-line default.
    pub const DEFAULT_MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

    /// A gateway with CORS off, metrics on the API listener, default connection limits and retries.
    pub fn new(upstream: Upstream, policy: CallPolicy, limits: Limits) -> Self {
        let admission = Semaphore::new(limits.max_concurrency.min(Semaphore::MAX_PERMITS));
        let api_version = String::from_utf8_lossy(policy.api_version.as_bytes()).into_owned();
        let metrics = Metrics::new(&api_version);
        let connection_limits = ConnectionLimits::default();
        let memory = budget(&connection_limits, &metrics);
        Self {
            upstream,
            policy,
            limits,
            cors_origins: Vec::new(),
            metrics_on_api_listener: true,
            docs_on_api_listener: true,
            connection_limits,
            memory,
            tls: None,
            retry: RetryPolicy::DEFAULT,
            max_wait: Self::DEFAULT_MAX_WAIT,
            metrics,
            traces: Traces::off(),
            admission,
            draining: AtomicBool::new(false),
        }
    }

    /// Sets the connection bounds, and the memory budget they give.
    pub fn set_connection_limits(&mut self, limits: ConnectionLimits) {
        self.memory = budget(&limits, &self.metrics);
        self.connection_limits = limits;
    }

    /// Marks the start of shutdown: readiness fails from now on.
    pub fn begin_drain(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Whether shutdown has started.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

fn budget(limits: &ConnectionLimits, metrics: &Metrics) -> std::sync::Arc<crate::memory::Budget> {
    let held = metrics.connections.memory_held.clone();
    crate::memory::Budget::new(limits.memory_budget, limits.connection_memory, held)
}
