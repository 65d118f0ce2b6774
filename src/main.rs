//! Entry point: parse the command line (invalid configuration exits 64), set up logging, run.

use clap::Parser as _;
use cloud_ops_gateway::cli::{self, EXIT_CONFIG};
use cloud_ops_gateway::config::Cli;

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
    cloud_ops_gateway::telemetry::init(cli.log_format);
    std::process::exit(cli::run(cli.command).await);
}
