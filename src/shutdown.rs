//! The process's stop signal: SIGINT or SIGTERM, as a future the serving loops wait on.

use std::future::Future;

/// A future that resolves on SIGINT or SIGTERM. The handlers are installed now, when this is
/// called, not when the future is first polled: a signal that arrives while the process is still
/// starting (between the banner and the first poll) then starts a clean shutdown instead of
/// killing the process with the default action.
pub fn signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let terminate = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (terminate, interrupt) {
                (Ok(mut terminate), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {},
                        _ = interrupt.recv() => {},
                    }
                }
                _ => std::future::pending().await,
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
