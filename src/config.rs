//! Command-line and environment configuration (clap; every flag also reads
//! `CLOUD_OPS_GATEWAY_<FLAG>`), turned into the runtime settings of the other modules.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use http::{HeaderValue, Uri};

use crate::headers::CallPolicy;
use crate::upstream::UpstreamConfig;

/// REST/JSON gateway for the Temporal Cloud Operations API.
#[derive(Debug, Parser)]
#[command(name = "cloud-ops-gateway", version, about, long_about = None)]
pub struct Cli {
    /// Log format.
    #[arg(long, global = true, env = "CLOUD_OPS_GATEWAY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Log output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log pipelines.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the REST/JSON API, forwarding to the upstream CloudService.
    Serve(Box<ServeArgs>),
    /// Print the route table: verb, path template, RPC.
    Routes,
}

/// Settings of `serve`.
#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Upstream CloudService URL (https://; http:// only for loopback or with --insecure-upstream).
    #[arg(
        long,
        env = "CLOUD_OPS_GATEWAY_UPSTREAM",
        default_value = "https://saas-api.tmprl.cloud:443"
    )]
    pub upstream: Uri,
    /// Allow plaintext HTTP/2 to a non-loopback upstream (API keys travel in clear).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_INSECURE_UPSTREAM")]
    pub insecure_upstream: bool,
    /// Override the pinned temporal-cloud-api-version (default: the compiled protos' version).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_API_VERSION")]
    pub api_version: Option<String>,
    /// Per-call deadline; a caller's Grpc-Timeout header may shorten it, never extend it.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_REQUEST_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub request_timeout: Duration,
    /// Timeout for connecting (TCP + TLS) to the upstream.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_CONNECT_TIMEOUT", default_value = "5s", value_parser = humantime::parse_duration)]
    pub connect_timeout: Duration,
    /// HTTP/2 keepalive ping interval on the upstream connection.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_KEEPALIVE_INTERVAL", default_value = "30s", value_parser = humantime::parse_duration)]
    pub keepalive_interval: Duration,
    /// Largest accepted request body in bytes (larger → 413).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
}

impl ServeArgs {
    /// The upstream connection settings.
    pub fn upstream_config(&self) -> UpstreamConfig {
        UpstreamConfig {
            uri: self.upstream.clone(),
            insecure: self.insecure_upstream,
            connect_timeout: self.connect_timeout,
            keepalive_interval: self.keepalive_interval,
        }
    }

    /// The per-call policy; fails on an API version that is not a valid header value.
    pub fn call_policy(&self) -> Result<CallPolicy, String> {
        let version = self.api_version.as_deref().unwrap_or(crate::pb::API_VERSION);
        let api_version = HeaderValue::from_str(version)
            .map_err(|_| format!("--api-version {version:?} is not a valid header value"))?;
        if self.request_timeout.is_zero() {
            return Err("--request-timeout must be greater than zero".into());
        }
        Ok(CallPolicy {
            api_version,
            max_deadline: self.request_timeout,
        })
    }
}
