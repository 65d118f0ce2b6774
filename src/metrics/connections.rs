//! The listener's metrics: open, refused and closed connections, requests the HTTP/1.1 parser
//! refused, and the memory budget (bytes held for callers, and the requests it refused).

use std::sync::atomic::{AtomicI64, AtomicU64};

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

/// Why the gateway closed a client connection on its own initiative.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)] // the label values as they appear
pub enum CloseReason {
    /// Its pending output did not move for `--write-timeout`.
    write_timeout,
    /// It cancelled more requests than `--max-cancelled-requests` allows (GOAWAY, then closed).
    cancelled_requests,
    /// The memory budget ran out and it held the most.
    memory,
}

/// Which bound of the memory budget refused a request.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum MemoryScope {
    /// The connection's share (`--connection-memory`).
    connection,
    /// The whole budget (`--memory-budget`).
    budget,
}

/// Labels of closed connections.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CloseLabels {
    /// Why.
    pub reason: CloseReason,
}

/// Labels of memory refusals.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MemoryLabels {
    /// Which bound.
    pub scope: MemoryScope,
}

/// Connection counts, shared with the listener's accept loop.
#[derive(Clone, Debug, Default)]
pub struct ConnectionMetrics {
    /// Connections open now.
    pub open: Gauge<i64, AtomicI64>,
    /// Connections closed at accept: the connection limit was reached, or no file descriptor was left.
    pub refused: Counter<u64, AtomicU64>,
    /// Requests the HTTP/1.1 parser refused before routing (400, 414, 431).
    pub parse_errors: Counter<u64, AtomicU64>,
    /// Connections the gateway closed, by reason.
    pub closed: Family<CloseLabels, Counter>,
    /// Bytes held for callers now (request bodies arriving, response bodies unwritten).
    pub memory_held: Gauge<i64, AtomicI64>,
    /// Requests refused by the memory budget, by the bound that refused them.
    pub memory_refused: Family<MemoryLabels, Counter>,
}

impl ConnectionMetrics {
    /// Registers every metric of the listener in `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register("open_connections", "Open client connections", self.open.clone());
        registry.register(
            "connections_refused",
            "Connections closed at accept because the connection limit was reached or no file descriptor was left",
            self.refused.clone(),
        );
        registry.register(
            "http_parse_errors",
            "Requests refused by the HTTP/1.1 parser before routing (malformed head, target or head too long)",
            self.parse_errors.clone(),
        );
        registry.register(
            "connections_closed",
            "Client connections the gateway closed, by reason (write_timeout, cancelled_requests, memory)",
            self.closed.clone(),
        );
        registry.register(
            "memory_held_bytes",
            "Bytes held for callers: request bodies arriving and response bodies not yet written",
            self.memory_held.clone(),
        );
        registry.register(
            "memory_refusals",
            "Requests refused by the memory budget, by scope (connection share or whole budget)",
            self.memory_refused.clone(),
        );
    }

    /// Counts a connection closed for `reason`.
    pub fn closed(&self, reason: CloseReason) {
        self.closed.get_or_create(&CloseLabels { reason }).inc();
    }

    /// Counts a request refused by the memory budget's `scope`.
    pub fn memory_refused(&self, scope: MemoryScope) {
        self.memory_refused.get_or_create(&MemoryLabels { scope }).inc();
    }
}
