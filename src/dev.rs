//! `emulator` (the Cloud Ops API emulator alone, over gRPC) and `dev` (gateway + embedded emulator
//! with demo data). Both print the bootstrap owner's API key on stdout at start-up — it is a local,
//! emulator-only key, printed so the curl line can be pasted; it is never written to the logs.

use tokio::net::TcpListener;

use crate::config::{DevArgs, EmulatorArgs, EmulatorOptions, Switch};
use crate::emulator::limits::RateLimits;
use crate::emulator::{Clock, Emulator, EmulatorConfig, demo, persist};
use crate::serve::{RunError, bind, build_gateway, serve_gateway};
use crate::shutdown;
use crate::tls::ServerTls;
use crate::wkt::Timestamp;

/// Runs the emulator alone until SIGINT/SIGTERM: over TLS with `--tls-cert`/`--tls-key` (or their
/// `--emulator-tls-*` names, which `dev` uses).
pub async fn emulator(args: EmulatorArgs) -> Result<(), RunError> {
    let stop = shutdown::signal();
    let options = args.options();
    let (emulator, key) = open(&options)?;
    let tls = tls(&options)?;
    let listener = bind(args.listen).await?;
    let addr = listener.local_addr().map_err(|e| RunError::Runtime(e.to_string()))?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("cloud-ops-gateway emulator: Cloud Ops API (gRPC) on {scheme}://{addr}");
    println!("  API key of the account owner ({}): {key}", demo::ADMIN_EMAIL);
    println!("  Put a gateway in front of it:  cloud-ops-gateway serve --upstream {scheme}://{addr}");
    tracing::info!(listen = %addr, tls = tls.is_some(), api_version = crate::pb::API_VERSION, "emulator serving");
    let served = match tls {
        Some(tls) => emulator.clone().serve_tls(listener, tls, stop).await,
        None => emulator.clone().serve(listener, stop).await,
    };
    served.map_err(|e| RunError::Runtime(format!("emulator: {e}")))?;
    flush(&emulator)
}

/// The emulator port's TLS acceptor, when its certificate and key are given (a pair that cannot be
/// loaded is a configuration error).
fn tls(options: &EmulatorOptions) -> Result<Option<ServerTls>, RunError> {
    options
        .tls_files()
        .map(|files| crate::tls::acceptor(&files).map_err(RunError::Config))
        .transpose()
}

/// Runs the gateway in front of an embedded emulator until SIGINT/SIGTERM.
///
/// The gateway reaches the emulator in plaintext on an internal loopback port. With
/// `--emulator-tls-cert`/`--emulator-tls-key` the same emulator also serves TLS on a second
/// loopback port, for SDKs that insist on TLS: the gateway's own link needs no CA that way.
pub async fn dev(args: DevArgs) -> Result<(), RunError> {
    let signal = shutdown::signal();
    let (emulator, key) = open(&args.emulator)?;
    let emulator_tls = tls(&args.emulator)?;
    let listener = bind(args.listen).await?;
    let internal = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| RunError::Runtime(format!("cannot bind the emulator's loopback port: {e}")))?;
    let upstream = format!(
        "http://{}",
        internal.local_addr().map_err(|e| RunError::Runtime(e.to_string()))?
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    };
    let emulator_tls_addr = match emulator_tls {
        None => None,
        Some(tls) => {
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| RunError::Runtime(format!("cannot bind the emulator's TLS port: {e}")))?;
            let addr = listener.local_addr().map_err(|e| RunError::Runtime(e.to_string()))?;
            let server = emulator.clone().serve_tls(listener, tls, stopped());
            tokio::spawn(async move {
                if let Err(e) = server.await {
                    tracing::error!("emulator (TLS): {e}");
                }
            });
            Some(addr)
        }
    };
    let emulator_task = tokio::spawn(emulator.clone().serve(internal, stopped()));
    let upstream_config = args
        .gateway
        .upstream_config(upstream.parse().expect("a loopback URL parses"), false);
    let gateway = build_gateway(&args.gateway, &upstream_config)?;
    let scheme = if gateway.tls.is_some() { "https" } else { "http" };
    let url = format!(
        "{scheme}://{}",
        listener.local_addr().map_err(|e| RunError::Runtime(e.to_string()))?
    );
    println!("cloud-ops-gateway dev: the Cloud Ops API as REST/JSON at {url} (emulator at {upstream})");
    if let Some(addr) = emulator_tls_addr {
        println!("  The emulator over TLS (gRPC, for SDKs): https://{addr}");
    }
    println!("  API key of the account owner ({}): {key}", demo::ADMIN_EMAIL);
    println!("  Try:  curl -s -H 'Authorization: Bearer {key}' {url}/cloud/namespaces");
    let served = serve_gateway(listener, gateway, &args.gateway, signal).await;
    let _ = stop.send(true);
    if let Ok(Err(e)) = emulator_task.await {
        tracing::error!("emulator: {e}");
    }
    flush(&emulator)?;
    served
}

/// The emulator for `options`: the state file's state if it exists, else a new account (with demo
/// data unless `--empty`); the bootstrap key (given or random) always authenticates as the owner.
fn open(options: &EmulatorOptions) -> Result<(Emulator, String), RunError> {
    let now = Timestamp::now();
    let key = options
        .api_key
        .clone()
        .unwrap_or_else(|| format!("dev-{}", crate::emulator::new_id()));
    let loaded = match &options.state_file {
        Some(path) => persist::load(path).map_err(RunError::Config)?,
        None => None,
    };
    let state = match loaded {
        Some(mut state) => {
            demo::ensure_owner_key(&mut state, &key, now);
            state
        }
        None => {
            let mut state = demo::bootstrap(&key, now);
            if !options.empty {
                demo::populate(&mut state, now);
            }
            state
        }
    };
    let config = EmulatorConfig {
        op_latency: options.op_latency,
        clock: Clock::System,
        state_file: options.state_file.clone(),
        limits: (options.rate_limits == Switch::On).then_some(RateLimits::TEMPORAL),
        unavailable_fraction: options.unavailable_fraction,
    };
    let emulator = Emulator::new(state, config).map_err(RunError::Config)?;
    Ok((emulator, key))
}

/// Writes the final state (the background writes may still be queued at shutdown).
fn flush(emulator: &Emulator) -> Result<(), RunError> {
    emulator
        .flush()
        .map_err(|e| RunError::Runtime(format!("cannot write the state file: {e}")))
}
