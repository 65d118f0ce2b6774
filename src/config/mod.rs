//! Command-line and environment configuration (clap; every flag also reads
//! `CLOUD_OPS_GATEWAY_<FLAG>`), turned into the runtime settings of the other modules.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use http::{HeaderValue, Uri};

use crate::gateway::Limits;
use crate::headers::CallPolicy;
use crate::listener::ConnectionLimits;
use crate::retry::RetryPolicy;
use crate::tls::TlsFiles;
use crate::upstream::UpstreamConfig;

mod connections;
mod emulator;
pub use connections::ConnectionOptions;
pub use emulator::{EmulatorOptions, Switch};

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
    /// Run the Cloud Ops API emulator alone (gRPC), for the gateway's --upstream or gRPC clients.
    Emulator(Box<EmulatorArgs>),
    /// Run the gateway with an embedded emulator and demo data: the whole API locally, no account needed.
    Dev(Box<DevArgs>),
    /// Print the route table: verb, path template, RPC.
    Routes,
    /// Probe a running gateway or emulator (for container health checks): exit 0 if healthy.
    Healthcheck {
        /// Expect HTTP 200 from a GET of this URL, e.g. http://127.0.0.1:8080/healthz.
        #[arg(long, conflicts_with = "tcp")]
        url: Option<String>,
        /// Expect a TCP connection to this address, e.g. 127.0.0.1:7233 (the emulator).
        #[arg(long)]
        tcp: Option<String>,
        /// Give up after this long.
        #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
        timeout: Duration,
    },
    /// Print the OpenAPI 3.1 document of the REST API (JSON; YAML with --yaml), as served at /openapi.json.
    Openapi {
        /// Print YAML instead of JSON.
        #[arg(long)]
        yaml: bool,
    },
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
    /// PEM file of a private CA to trust for the upstream (in addition to the system roots).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_UPSTREAM_CA_FILE")]
    pub upstream_ca_file: Option<PathBuf>,
    /// PEM client certificate for mTLS to the upstream (with --upstream-client-key).
    #[arg(
        long,
        env = "CLOUD_OPS_GATEWAY_UPSTREAM_CLIENT_CERT",
        requires = "upstream_client_key"
    )]
    pub upstream_client_cert: Option<PathBuf>,
    /// PEM private key of --upstream-client-cert.
    #[arg(
        long,
        env = "CLOUD_OPS_GATEWAY_UPSTREAM_CLIENT_KEY",
        requires = "upstream_client_cert"
    )]
    pub upstream_client_key: Option<PathBuf>,
    /// Per-call settings.
    #[command(flatten)]
    pub gateway: GatewayOptions,
}

/// Gateway settings shared by `serve` and `dev`.
#[derive(Clone, Debug, Args)]
pub struct GatewayOptions {
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
    /// Largest response header block (headers or trailers, where gRPC errors travel) accepted from the upstream, in bytes.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_UPSTREAM_MAX_HEADER_BYTES", default_value_t = UpstreamConfig::DEFAULT_MAX_HEADER_BYTES)]
    pub upstream_max_header_bytes: u32,
    /// Largest accepted request body in bytes (larger → 413).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.max_body_bytes)]
    pub max_body_bytes: usize,
    /// Largest total size of request headers in bytes (larger → 431).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_HEADER_BYTES", default_value_t = Limits::DEFAULT.max_header_bytes)]
    pub max_header_bytes: usize,
    /// API requests served at once (counted once their body has arrived); more are shed with 503 + Retry-After.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_CONCURRENCY", default_value_t = Limits::DEFAULT.max_concurrency)]
    pub max_concurrency: usize,
    /// Upstream attempts per request, the first included, for UNAVAILABLE and RESOURCE_EXHAUSTED answers (reads, and mutations with an operation id); 1 turns retries off.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_RETRY_MAX_ATTEMPTS", default_value_t = RetryPolicy::DEFAULT.max_attempts)]
    pub retry_max_attempts: u32,
    /// Backoff before the first retry (doubling, full jitter, at most --retry-max-delay); an upstream RetryInfo delay takes precedence.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_RETRY_BASE_DELAY", default_value = "250ms", value_parser = humantime::parse_duration)]
    pub retry_base_delay: Duration,
    /// Longest backoff between two attempts.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_RETRY_MAX_DELAY", default_value = "5s", value_parser = humantime::parse_duration)]
    pub retry_max_delay: Duration,
    /// Longest `Prefer: wait=N` honoured (the request's deadline bounds it too).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_MAX_WAIT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub max_wait: Duration,
    /// Time a client has to send a request body once its head has arrived (408 after).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_BODY_READ_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub body_read_timeout: Duration,
    /// Bounds of each client connection and of what the gateway holds for callers.
    #[command(flatten)]
    pub connections: ConnectionOptions,
    /// Browser origin allowed by CORS, exact (`https://portal.example.com`); repeatable. Off when unset.
    #[arg(long = "cors-allow-origin", env = "CLOUD_OPS_GATEWAY_CORS_ALLOW_ORIGIN", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_allow_origins: Vec<HeaderValue>,
    /// PEM certificate chain to serve TLS with (with --tls-key); reloaded when the file changes.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// How often the TLS files are checked for a new certificate.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_TLS_RELOAD_INTERVAL", default_value = "10s", value_parser = humantime::parse_duration)]
    pub tls_reload_interval: Duration,
    /// Serve /metrics on this separate address instead of the API listener.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Serve /docs, /openapi.json and /openapi.yaml only on --metrics-listen, not on the API listener
    /// (for deployments that must not expose them).
    #[arg(
        long,
        env = "CLOUD_OPS_GATEWAY_DOCS_ON_METRICS_LISTENER",
        requires = "metrics_listen"
    )]
    pub docs_on_metrics_listener: bool,
    /// On SIGTERM/SIGINT: stop accepting, let in-flight requests finish for at most this long, exit.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_SHUTDOWN_GRACE", default_value = "25s", value_parser = humantime::parse_duration)]
    pub shutdown_grace: Duration,
    /// OpenTelemetry traces (with the standard OTEL_* variables).
    #[command(flatten)]
    pub traces: crate::traces::TraceOptions,
}

impl GatewayOptions {
    /// The upstream connection settings for `uri` (TLS files unset).
    pub fn upstream_config(&self, uri: Uri, insecure: bool) -> UpstreamConfig {
        UpstreamConfig {
            uri,
            insecure,
            connect_timeout: self.connect_timeout,
            keepalive_interval: self.keepalive_interval,
            ca_file: None,
            client_identity: None,
            max_header_bytes: self.upstream_max_header_bytes,
        }
    }

    /// The request limits; zero limits are configuration errors.
    pub fn limits(&self) -> Result<Limits, String> {
        for (flag, value) in [
            ("--max-body-bytes", self.max_body_bytes),
            ("--max-header-bytes", self.max_header_bytes),
            ("--max-concurrency", self.max_concurrency),
        ] {
            if value == 0 {
                return Err(format!("{flag} must be greater than zero"));
            }
        }
        non_zero("--body-read-timeout", self.body_read_timeout)?;
        Ok(Limits {
            max_body_bytes: self.max_body_bytes,
            max_header_bytes: self.max_header_bytes,
            max_concurrency: self.max_concurrency,
            body_read_timeout: self.body_read_timeout,
        })
    }

    /// The retry policy; zero attempts is a configuration error.
    pub fn retry_policy(&self) -> Result<RetryPolicy, String> {
        if self.retry_max_attempts == 0 {
            return Err("--retry-max-attempts must be at least 1 (1 turns retries off)".into());
        }
        Ok(RetryPolicy {
            max_attempts: self.retry_max_attempts,
            base_delay: self.retry_base_delay,
            max_delay: self.retry_max_delay.max(self.retry_base_delay),
        })
    }

    /// The TLS files, when --tls-cert and --tls-key are given.
    pub fn tls_files(&self) -> Option<TlsFiles> {
        Some(TlsFiles {
            cert: self.tls_cert.clone()?,
            key: self.tls_key.clone()?,
            reload_interval: self.tls_reload_interval.max(Duration::from_millis(100)),
        })
    }

    /// The per-connection bounds; zero is a configuration error.
    pub fn connection_limits(&self) -> Result<ConnectionLimits, String> {
        self.connections.limits()
    }

    /// The per-call policy; fails on an API version that is not a valid header value.
    pub fn call_policy(&self) -> Result<CallPolicy, String> {
        let version = self.api_version.as_deref().unwrap_or(crate::pb::API_VERSION);
        let api_version = HeaderValue::from_str(version)
            .map_err(|_| format!("--api-version {version:?} is not a valid header value"))?;
        non_zero("--request-timeout", self.request_timeout)?;
        Ok(CallPolicy {
            api_version,
            max_deadline: self.request_timeout,
        })
    }
}

/// Settings of `emulator`.
#[derive(Clone, Debug, Args)]
pub struct EmulatorArgs {
    /// Address of the emulator's gRPC server.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_EMULATOR_LISTEN", default_value = "127.0.0.1:7233")]
    pub listen: SocketAddr,
    /// PEM certificate chain to serve TLS with (with --tls-key), as the gateway's flag; the same as
    /// --emulator-tls-cert, which `dev` needs because there --tls-cert is the gateway's.
    #[arg(long, requires = "tls_key", conflicts_with = "emulator_tls_cert")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// The emulated account.
    #[command(flatten)]
    pub emulator: EmulatorOptions,
}

impl EmulatorArgs {
    /// The emulator's options, `--tls-cert`/`--tls-key` taken as the emulator's TLS pair.
    pub fn options(&self) -> EmulatorOptions {
        let mut options = self.emulator.clone();
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            options.emulator_tls_cert = Some(cert.clone());
            options.emulator_tls_key = Some(key.clone());
        }
        options
    }
}

/// Settings of `dev`: the gateway's address, its options, and the embedded emulator's.
#[derive(Clone, Debug, Args)]
pub struct DevArgs {
    /// Address of the gateway (the emulator listens on an internal loopback port).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Gateway settings.
    #[command(flatten)]
    pub gateway: GatewayOptions,
    /// The emulated account.
    #[command(flatten)]
    pub emulator: EmulatorOptions,
}

pub(crate) fn non_zero(flag: &str, value: Duration) -> Result<(), String> {
    if value.is_zero() {
        return Err(format!("{flag} must be greater than zero"));
    }
    Ok(())
}

/// An exact browser origin: `scheme://host[:port]`, no path, never `*`.
fn parse_origin(text: &str) -> Result<HeaderValue, String> {
    let uri: Uri = text.parse().map_err(|e| format!("{text:?} is not an origin: {e}"))?;
    let exact = matches!(uri.scheme_str(), Some("http" | "https"))
        && uri.host().is_some()
        && uri
            .path_and_query()
            .is_none_or(|p| p.as_str() == "/" && !text.ends_with('/'));
    if !exact {
        return Err(format!(
            "{text:?} is not an exact origin like https://portal.example.com (no '*', no path)"
        ));
    }
    HeaderValue::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve_options(args: &[&str]) -> Result<GatewayOptions, clap::Error> {
        let argv = ["cloud-ops-gateway", "serve"].iter().chain(args);
        match Cli::try_parse_from(argv)?.command {
            Command::Serve(serve) => Ok(serve.gateway),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_command_line_defaults_are_the_library_defaults() {
        let options = serve_options(&[]).unwrap();
        assert_eq!(options.limits().unwrap(), Limits::DEFAULT);
        assert_eq!(options.connection_limits().unwrap(), ConnectionLimits::DEFAULT);
        assert_eq!(options.retry_policy().unwrap(), RetryPolicy::DEFAULT);
        assert_eq!(options.max_wait, crate::gateway::Gateway::DEFAULT_MAX_WAIT);
    }

    #[test]
    fn zero_bounds_are_configuration_errors() {
        for (flag, value) in [
            ("--body-read-timeout", "0s"),
            ("--header-read-timeout", "0s"),
            ("--idle-timeout", "0s"),
            ("--max-connections", "0"),
            ("--max-concurrency", "0"),
            ("--write-timeout", "0s"),
            ("--max-streams", "0"),
            ("--max-cancelled-requests", "0"),
            ("--memory-budget", "0"),
            ("--connection-memory", "0"),
        ] {
            let options = serve_options(&[flag, value]).unwrap();
            let error = options
                .limits()
                .and_then(|_| options.connection_limits())
                .expect_err(flag);
            assert!(error.starts_with(flag), "{error}");
        }
    }
}
