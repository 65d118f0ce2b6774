//! The commands: `serve` runs the gateway, `emulator` the emulator, `dev` both with demo data,
//! `routes` and `openapi` print the route table and the OpenAPI document.

use std::sync::Arc;

use crate::config::{Command, GatewayOptions, ServeArgs};
use crate::gateway::Gateway;
use crate::routes::ROUTES;
use crate::upstream::{Upstream, UpstreamConfig};

/// Exit status for invalid configuration (EX_USAGE).
pub const EXIT_CONFIG: i32 = 64;

/// Why a long-running command stopped.
pub enum RunError {
    /// Invalid configuration: exit 64 with a one-line reason.
    Config(String),
    /// Failure while running: exit 1.
    Runtime(String),
}

/// Runs `command`; returns the process exit status.
pub async fn run(command: Command) -> i32 {
    let result = match command {
        Command::Routes => {
            print!("{}", route_listing());
            Ok(())
        }
        Command::Openapi { yaml } => {
            print!(
                "{}",
                if yaml {
                    crate::openapi::yaml()
                } else {
                    crate::openapi::json()
                }
            );
            Ok(())
        }
        Command::Healthcheck { url, tcp, timeout } => return crate::healthcheck::run(url, tcp, timeout).await,
        Command::Serve(args) => serve(*args).await,
        Command::Emulator(args) => crate::dev::emulator(*args).await,
        Command::Dev(args) => crate::dev::dev(*args).await,
    };
    match result {
        Ok(()) => 0,
        Err(RunError::Config(reason)) => {
            eprintln!("cloud-ops-gateway: invalid configuration: {reason}");
            EXIT_CONFIG
        }
        Err(RunError::Runtime(reason)) => {
            tracing::error!("{reason}");
            1
        }
    }
}

/// The route table as text, one route per line.
pub fn route_listing() -> String {
    ROUTES
        .iter()
        .map(|r| format!("{:<6} {:<72} {}\n", r.verb.method().as_str(), r.template, r.rpc))
        .collect()
}

async fn serve(args: ServeArgs) -> Result<(), RunError> {
    let mut upstream = args
        .gateway
        .upstream_config(args.upstream.clone(), args.insecure_upstream);
    upstream.ca_file = args.upstream_ca_file.clone();
    upstream.client_identity = args.upstream_client_cert.clone().zip(args.upstream_client_key.clone());
    let gateway = gateway(&args.gateway, &upstream)?;
    let listener = bind(args.listen).await?;
    serve_gateway(listener, gateway, &args.gateway, shutdown_signal()).await
}

/// Binds `addr` (a bind failure is a configuration error).
pub async fn bind(addr: std::net::SocketAddr) -> Result<tokio::net::TcpListener, RunError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| RunError::Config(format!("cannot listen on {addr}: {e}")))
}

/// The gateway state for `upstream` with `options`.
pub fn gateway(options: &GatewayOptions, upstream: &UpstreamConfig) -> Result<Arc<Gateway>, RunError> {
    let policy = options.call_policy().map_err(RunError::Config)?;
    let limits = options.limits().map_err(RunError::Config)?;
    let upstream = Upstream::new(upstream).map_err(RunError::Config)?;
    // Decode the embedded descriptors now rather than on the first request that needs them.
    let _ = crate::pb::pool();
    let mut gateway = Gateway::new(upstream, policy, limits);
    gateway.cors_origins = options.cors_allow_origins.clone();
    gateway.metrics_on_api_listener = options.metrics_listen.is_none();
    Ok(Arc::new(gateway))
}

/// Serves the REST API on `listener` (and `/metrics` on `--metrics-listen`) until `shutdown`
/// resolves; then readiness fails, the listener stops accepting, and in-flight requests get up to
/// `--shutdown-grace` to finish.
pub async fn serve_gateway(
    listener: tokio::net::TcpListener,
    gateway: Arc<Gateway>,
    options: &GatewayOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), RunError> {
    let local = listener.local_addr().map_err(|e| RunError::Runtime(e.to_string()))?;
    let metrics_listener = match options.metrics_listen {
        Some(addr) => Some(bind(addr).await?),
        None => None,
    };
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        api_version = ?gateway.policy.api_version,
        upstream = %gateway.upstream.uri(),
        listen = %local,
        metrics = %metrics_listener.as_ref().and_then(|l| l.local_addr().ok()).map_or("on the API listener".to_string(), |a| a.to_string()),
        routes = ROUTES.len(),
        "cloud-ops-gateway serving"
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    if let Some(listener) = metrics_listener {
        let mut stopped = stopped.clone();
        let app = crate::server::metrics_app(gateway.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.changed().await;
                })
                .await;
        });
    }
    let mut stopped_api = stopped.clone();
    // `into_make_service`: each connection shares the router (an `Arc` clone) instead of copying it.
    let server = axum::serve(listener, crate::server::app(gateway.clone()).into_make_service())
        .with_graceful_shutdown(async move {
            let _ = stopped_api.changed().await;
        })
        .into_future();
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => return result.map_err(|e| RunError::Runtime(format!("server error: {e}"))),
        () = shutdown => {}
    }
    gateway.begin_drain();
    let _ = stop.send(true);
    let in_flight = gateway.metrics.in_flight.get();
    tracing::info!(in_flight, grace = ?options.shutdown_grace, "shutting down: not ready, draining in-flight requests");
    match tokio::time::timeout(options.shutdown_grace, server).await {
        Ok(result) => result.map_err(|e| RunError::Runtime(format!("server error: {e}"))),
        Err(_) => {
            tracing::warn!(
                in_flight = gateway.metrics.in_flight.get(),
                "shutdown grace expired; exiting with requests in flight"
            );
            Ok(())
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
