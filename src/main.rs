//! Entry point: parse the command line (invalid configuration exits 64), set up logging, run.

use clap::Parser as _;
use cloud_ops_gateway::cli::{self, EXIT_CONFIG};
use cloud_ops_gateway::config::Cli;

/// jemalloc instead of glibc's malloc (the `jemalloc` feature, on in the image): about 15 % less CPU
/// per request and less RSS under many connections (glibc's per-thread arenas fragment). Measured
/// in docs/performance.md; its options are compiled in by .cargo/config.toml.
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let _ = e.print();
            std::process::exit(EXIT_CONFIG);
        }
        Err(e) => {
            let _ = e.print();
            std::process::exit(0);
        }
    };
    let log = cloud_ops_gateway::telemetry::init(cli.log_format);
    let code = cli::run(cli.command).await;
    // `exit` runs no destructors: write out the queued log lines first.
    log.flush();
    std::process::exit(code);
}
