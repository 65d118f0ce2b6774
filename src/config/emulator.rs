//! The emulated account's flags (`emulator`, `dev`): its bootstrap key, demo data, persistence,
//! operation latency, Temporal's rate limits, injected unavailability and TLS on its gRPC port.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::tls::TlsFiles;

/// The emulated account: its bootstrap key, initial data, persistence and operation latency.
#[derive(Clone, Debug, Args)]
pub struct EmulatorOptions {
    /// API key of the bootstrap account owner (admin@example.com); default: a random key, printed at start-up.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_API_KEY", value_parser = parse_api_key)]
    pub api_key: Option<String>,
    /// Start with no demo data (only the account owner and its key).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_EMPTY")]
    pub empty: bool,
    /// Keep the emulator's state in this JSON file across restarts (written atomically after every change).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_STATE_FILE")]
    pub state_file: Option<PathBuf>,
    /// How long async operations take (PENDING, then IN_PROGRESS, then FULFILLED).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_OP_LATENCY", default_value = "1s", value_parser = humantime::parse_duration)]
    pub op_latency: Duration,
    /// Temporal Cloud's limits: 160 requests/s per account, 40 per user, 80 per service account, 10 running async operations (RESOURCE_EXHAUSTED + RetryInfo over them).
    #[arg(long, env = "CLOUD_OPS_GATEWAY_RATE_LIMITS", value_enum, default_value_t = Switch::On)]
    pub rate_limits: Switch,
    /// The fraction of calls (0 to 1) the emulator answers UNAVAILABLE, to exercise clients' retries.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_UNAVAILABLE_FRACTION", default_value_t = 0.0, value_parser = parse_fraction)]
    pub unavailable_fraction: f64,
    /// PEM certificate chain for TLS on the emulator's gRPC port (with --emulator-tls-key; reloaded
    /// when the file changes). `dev` keeps the gateway's own link to it in plaintext and serves TLS
    /// on a second loopback port, printed at start-up.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_EMULATOR_TLS_CERT", requires = "emulator_tls_key")]
    pub emulator_tls_cert: Option<PathBuf>,
    /// PEM private key of --emulator-tls-cert.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_EMULATOR_TLS_KEY", requires = "emulator_tls_cert")]
    pub emulator_tls_key: Option<PathBuf>,
}

impl EmulatorOptions {
    /// How often the emulator's TLS files are checked for a new pair (the gateway's default).
    pub const TLS_RELOAD_INTERVAL: Duration = Duration::from_secs(10);

    /// The TLS files of the emulator's gRPC port, when --emulator-tls-cert and --emulator-tls-key are given.
    pub fn tls_files(&self) -> Option<TlsFiles> {
        Some(TlsFiles {
            cert: self.emulator_tls_cert.clone()?,
            key: self.emulator_tls_key.clone()?,
            reload_interval: Self::TLS_RELOAD_INTERVAL,
        })
    }
}

/// On or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

fn parse_fraction(text: &str) -> Result<f64, String> {
    let value: f64 = text.parse().map_err(|_| format!("{text:?} is not a number"))?;
    (0.0..=1.0)
        .contains(&value)
        .then_some(value)
        .ok_or_else(|| format!("{value} is not between 0 and 1"))
}

fn parse_api_key(text: &str) -> Result<String, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("an API key is non-empty visible ASCII without spaces".into());
    }
    Ok(text.to_string())
}
