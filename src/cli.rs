//! Command dispatch: `serve` runs the gateway ([`crate::serve`]), `emulator` the emulator and `dev`
//! both with demo data ([`crate::dev`]), `healthcheck` probes a running one, `routes` and `openapi`
//! print the route table and the OpenAPI document. Each command's outcome becomes the exit status.

use std::future::Future;
use std::pin::Pin;

use crate::config::Command;
use crate::routes::ROUTES;
use crate::serve::RunError;

/// Exit status for invalid configuration (EX_USAGE).
pub const EXIT_CONFIG: i32 = 64;

/// Runs `command`; returns the process exit status.
///
/// Boxed, and never inlined, for the build time: the binary then holds only a `dyn Future`, so the
/// command's future tree (the emulator's tonic server, hyper, axum, each instantiated per RPC) is
/// compiled once, in the library. As a plain `async fn` its body was inlined across crates and the
/// binary compiled all of that a second time: 35 s of a fresh `release` build (docs/build-profiles.md).
#[inline(never)]
pub fn run(command: Command) -> Pin<Box<dyn Future<Output = i32> + Send>> {
    Box::pin(run_command(command))
}

async fn run_command(command: Command) -> i32 {
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
        Command::Serve(args) => crate::serve::serve(*args).await,
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
