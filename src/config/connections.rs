//! The flags that bound client connections and what the gateway holds on a caller's behalf: the
//! listener's timers, the connection and stream limits, the budget of cancelled streams, and the
//! memory budget (see `docs/reliability.md`, "Exhaustion").

use std::time::Duration;

use clap::Args;

use super::non_zero;
use crate::listener::ConnectionLimits;

/// Connection and memory bounds, shared by `serve` and `dev`.
#[derive(Clone, Debug, Args)]
pub struct ConnectionOptions {
    /// Time a client has to send a request head: after connecting, and on HTTP/1.1 between requests.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_HEADER_READ_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_read_timeout: Duration,
    /// A connection with no request in progress (none read, none being answered) for this long is closed (HTTP/1.1 and HTTP/2).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_IDLE_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub idle_timeout: Duration,
    /// A connection whose pending output (a response body or bytes for the socket) has not moved for this long is closed.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_WRITE_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub write_timeout: Duration,
    /// Client connections open at once; more are closed as soon as they are accepted (lowered at start-up when the open-file limit cannot hold them).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_CONNECTIONS", default_value_t = ConnectionLimits::DEFAULT.max_connections)]
    pub max_connections: usize,
    /// HTTP/2 streams a client may have open at once on one connection.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_STREAMS", default_value_t = ConnectionLimits::DEFAULT.max_streams)]
    pub max_streams: u32,
    /// Requests a client may cancel (HTTP/2 reset, or a closed connection) on one connection within 10 s, refilled
    /// continuously; one more and the connection is told to go away (GOAWAY) and closed.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_CANCELLED_REQUESTS", default_value_t = ConnectionLimits::DEFAULT.max_cancelled)]
    pub max_cancelled_requests: u32,
    /// Bytes the gateway holds for all callers at once: request bodies still arriving and response bodies not yet
    /// written. Over it new requests are refused (503) and the connection holding the most is closed.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MEMORY_BUDGET", default_value_t = ConnectionLimits::DEFAULT.memory_budget)]
    pub memory_budget: usize,
    /// The share of --memory-budget one connection may hold; over it its new requests are refused (503).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_CONNECTION_MEMORY", default_value_t = ConnectionLimits::DEFAULT.connection_memory)]
    pub connection_memory: usize,
}

impl ConnectionOptions {
    /// The per-connection bounds; zero is a configuration error.
    pub fn limits(&self) -> Result<ConnectionLimits, String> {
        non_zero("--header-read-timeout", self.header_read_timeout)?;
        non_zero("--idle-timeout", self.idle_timeout)?;
        non_zero("--write-timeout", self.write_timeout)?;
        for (flag, value) in [
            ("--max-connections", self.max_connections),
            ("--max-streams", self.max_streams as usize),
            ("--max-cancelled-requests", self.max_cancelled_requests as usize),
            ("--memory-budget", self.memory_budget),
            ("--connection-memory", self.connection_memory),
        ] {
            if value == 0 {
                return Err(format!("{flag} must be greater than zero"));
            }
        }
        Ok(ConnectionLimits {
            header_read_timeout: self.header_read_timeout,
            idle_timeout: self.idle_timeout,
            write_timeout: self.write_timeout,
            max_connections: self.max_connections,
            max_streams: self.max_streams,
            max_cancelled: self.max_cancelled_requests,
            memory_budget: self.memory_budget,
            connection_memory: self.connection_memory.min(self.memory_budget),
        })
    }
}

/// The options that give `limits` back (for callers that build options in code, such as tests).
impl From<&ConnectionLimits> for ConnectionOptions {
    fn from(limits: &ConnectionLimits) -> Self {
        Self {
            header_read_timeout: limits.header_read_timeout,
            idle_timeout: limits.idle_timeout,
            write_timeout: limits.write_timeout,
            max_connections: limits.max_connections,
            max_streams: limits.max_streams,
            max_cancelled_requests: limits.max_cancelled,
            memory_budget: limits.memory_budget,
            connection_memory: limits.connection_memory,
        }
    }
}
