//! The commands: `serve` runs the gateway, `routes` prints the route table.

use std::sync::Arc;

use crate::config::{Command, ServeArgs};
use crate::proxy::Gateway;
use crate::routes::ROUTES;
use crate::upstream::Upstream;

/// Exit status for invalid configuration (EX_USAGE).
pub const EXIT_CONFIG: i32 = 64;

/// Runs `command`; returns the process exit status.
pub async fn run(command: Command) -> i32 {
    match command {
        Command::Routes => {
            print!("{}", route_listing());
            0
        }
        Command::Serve(args) => match serve(*args).await {
            Ok(()) => 0,
            Err(ServeError::Config(reason)) => {
                eprintln!("cloud-ops-gateway: invalid configuration: {reason}");
                EXIT_CONFIG
            }
            Err(ServeError::Runtime(reason)) => {
                tracing::error!("{reason}");
                1
            }
        },
    }
}

/// The route table as text, one route per line.
pub fn route_listing() -> String {
    ROUTES
        .iter()
        .map(|r| format!("{:<6} {:<72} {}\n", r.verb.method().as_str(), r.template, r.rpc))
        .collect()
}

enum ServeError {
    Config(String),
    Runtime(String),
}

async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let policy = args.call_policy().map_err(ServeError::Config)?;
    // Decode the embedded descriptors now rather than on the first request that needs them.
    let _ = crate::pb::pool();
    let upstream = Upstream::new(&args.upstream_config()).map_err(ServeError::Config)?;
    let gateway = Arc::new(Gateway {
        upstream,
        policy,
        max_body_bytes: args.max_body_bytes,
    });
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| ServeError::Config(format!("cannot listen on {}: {e}", args.listen)))?;
    let local = listener.local_addr().map_err(|e| ServeError::Runtime(e.to_string()))?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        api_version = ?gateway.policy.api_version,
        upstream = %args.upstream,
        listen = %local,
        routes = ROUTES.len(),
        "cloud-ops-gateway serving"
    );
    axum::serve(listener, crate::server::app(gateway))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| ServeError::Runtime(format!("server error: {e}")))
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
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
    tracing::info!("shutdown signal received, draining in-flight requests");
}
