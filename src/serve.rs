//! The serving lifecycle shared by the `serve` and `dev` commands: bind, build the gateway state
//! from the options, serve until a shutdown future resolves, then drain (readiness fails, the
//! listener stops accepting, in-flight requests get `--shutdown-grace`, the last spans are exported).

use std::sync::Arc;

use crate::config::{GatewayOptions, ServeArgs};
use crate::gateway::Gateway;
use crate::routes::ROUTES;
use crate::shutdown;
use crate::upstream::{Upstream, UpstreamConfig};

/// Why a long-running command stopped.
pub enum RunError {
    /// Invalid configuration: exit 64 with a one-line reason.
    Config(String),
    /// Failure while running: exit 1.
    Runtime(String),
}

/// The `serve` command: the gateway in front of the configured upstream until SIGINT/SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<(), RunError> {
    let stop = shutdown::signal();
    let mut upstream = args
        .gateway
        .upstream_config(args.upstream.clone(), args.insecure_upstream);
    upstream.ca_file = args.upstream_ca_file.clone();
    upstream.client_identity = args.upstream_client_cert.clone().zip(args.upstream_client_key.clone());
    let gateway = build_gateway(&args.gateway, &upstream)?;
    let listener = bind(args.listen).await?;
    serve_gateway(listener, gateway, &args.gateway, stop).await
}

/// Binds `addr` (a bind failure is a configuration error).
pub async fn bind(addr: std::net::SocketAddr) -> Result<tokio::net::TcpListener, RunError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| RunError::Config(format!("cannot listen on {addr}: {e}")))
}

/// The gateway state for `upstream` with `options`.
pub fn build_gateway(options: &GatewayOptions, upstream: &UpstreamConfig) -> Result<Arc<Gateway>, RunError> {
    let policy = options.call_policy().map_err(RunError::Config)?;
    let limits = options.limits().map_err(RunError::Config)?;
    let upstream = Upstream::new(upstream).map_err(RunError::Config)?;
    // Decode the embedded descriptors now rather than on the first request that needs them.
    let _ = crate::pb::pool();
    // Render the OpenAPI document and compress it and the docs UI once, now, in the background.
    crate::openapi::assets::prepare();
    let mut gateway = Gateway::new(upstream, policy, limits);
    gateway.cors_origins = options.cors_allow_origins.clone();
    gateway.metrics_on_api_listener = options.metrics_listen.is_none();
    gateway.docs_on_api_listener = !options.docs_on_metrics_listener;
    gateway.set_connection_limits(options.connection_limits().map_err(RunError::Config)?);
    gateway.retry = options.retry_policy().map_err(RunError::Config)?;
    gateway.max_wait = options.max_wait;
    let traces = options.traces.settings(|name| std::env::var(name).ok());
    gateway.traces =
        crate::traces::Traces::start(traces.map_err(RunError::Config)?.as_ref()).map_err(RunError::Config)?;
    if let Some(files) = options.tls_files() {
        gateway.tls = Some(crate::tls::acceptor(&files).map_err(RunError::Config)?);
    }
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
    if gateway.tls.is_none() && !local.ip().is_loopback() {
        tracing::warn!(
            listen = %local,
            "LISTENING IN PLAINTEXT ON A NON-LOOPBACK ADDRESS: API keys arrive in clear. \
             Serve TLS with --tls-cert/--tls-key, or keep this port behind a TLS-terminating proxy"
        );
    }
    let mut connection_limits = gateway.connection_limits.clone();
    connection_limits.max_connections = crate::listener::fit_open_file_limit(connection_limits.max_connections);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopped.changed().await;
    };
    if let Some(listener) = metrics_listener {
        let app = crate::server::metrics_app(gateway.clone());
        // The scrape listener's connections are not the API's: they are not counted with them.
        let metrics = crate::metrics::ConnectionMetrics::default();
        let stopped = until_stopped(stopped.clone());
        tokio::spawn(crate::listener::serve(
            listener,
            app,
            connection_limits.clone(),
            None,
            metrics,
            gateway.memory.clone(),
            stopped,
        ));
    }
    let server = crate::listener::serve(
        listener,
        crate::server::app(gateway.clone()),
        connection_limits,
        gateway.tls.clone(),
        gateway.metrics.connections.clone(),
        gateway.memory.clone(),
        until_stopped(stopped),
    );
    tokio::pin!(server);
    tokio::select! {
        // The listener only ends once told to, so this is the shutdown path in all but name.
        () = &mut server => {
            gateway.traces.shutdown(crate::traces::SHUTDOWN_TIMEOUT).await;
            return Ok(());
        }
        () = shutdown => {}
    }
    gateway.begin_drain();
    let _ = stop.send(true);
    let in_flight = gateway.metrics.in_flight.get();
    tracing::info!(in_flight, grace = ?options.shutdown_grace, "shutting down: not ready, draining in-flight requests");
    if tokio::time::timeout(options.shutdown_grace, server).await.is_err() {
        tracing::warn!(
            in_flight = gateway.metrics.in_flight.get(),
            "shutdown grace expired; exiting with requests in flight"
        );
    }
    gateway.traces.shutdown(crate::traces::SHUTDOWN_TIMEOUT).await;
    Ok(())
}
