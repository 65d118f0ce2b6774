//! The load harness: in one run, on loopback only, it starts a canned-response gRPC upstream
//! ([`upstream`]), measures direct gRPC calls against it ([`direct`], a tonic client), then the same
//! calls through the release gateway binary over HTTP/1.1 keep-alive ([`wrk`]), and prints req/s,
//! p50/p99 latency, the gateway's CPU time per request and peak RSS ([`procs`]), the ratio
//! gateway / direct and the start-up-to-ready time — medians of `--runs` interleaved runs.
//!
//! Run it with `scripts/bench-load.sh` (builds the gateway, installs wrk when absent), or:
//! `cargo build --profile dist --features jemalloc && cargo bench --bench load -- [--runs 3] [--duration 5] [--scenario NAME]`.

#[path = "../support/fixtures.rs"]
mod fixtures;
#[path = "../../tests/common/raw_service.rs"]
mod raw_service;

mod direct;
mod paced;
mod procs;
mod report;
mod upstream;
mod wrk;

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use clap::Parser;

/// Phases of a measured load, shared by the callers through an `AtomicU8`: calls made while
/// warming are not recorded, calls that start and end while measuring are, and callers return when
/// stopped.
pub const WARMING: u8 = 0;
pub const MEASURING: u8 = 1;
pub const STOPPED: u8 = 2;

/// The outcome of one measured period.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    /// Calls completed in the period.
    pub requests: u64,
    /// Calls with an unexpected answer or a transport error.
    pub errors: u64,
    /// Length of the period.
    pub seconds: f64,
    /// Median latency, µs.
    pub p50_us: f64,
    /// 99th percentile latency, µs.
    pub p99_us: f64,
}

impl Sample {
    /// From exact per-call latencies in nanoseconds.
    pub fn from_latencies(mut ns: Vec<u64>, errors: u64, elapsed: Duration) -> Self {
        ns.sort_unstable();
        let pct = |p: f64| {
            if ns.is_empty() {
                0.0
            } else {
                ns[((ns.len() as f64 * p) as usize).min(ns.len() - 1)] as f64 / 1e3
            }
        };
        Self {
            requests: ns.len() as u64,
            errors,
            seconds: elapsed.as_secs_f64(),
            p50_us: pct(0.50),
            p99_us: pct(0.99),
        }
    }

    fn rps(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }
}

#[derive(Debug, Parser)]
#[command(about = "Load harness: direct gRPC vs through the gateway, on loopback")]
struct Args {
    /// `run` (default) or `upstream` (internal: serve the canned upstream, print its address).
    #[arg(default_value = "run")]
    mode: String,
    /// The gateway binary (a release build).
    #[arg(long, default_value = "target/dist/cloud-ops-gateway")]
    gateway_bin: PathBuf,
    /// Measured seconds per scenario and side.
    #[arg(long, default_value_t = 5)]
    duration: u64,
    /// Warm-up seconds before each measurement.
    #[arg(long, default_value_t = 1)]
    warmup: u64,
    /// Runs per scenario (medians are reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Only scenarios whose name contains this (repeatable).
    #[arg(long)]
    scenario: Vec<String>,
    /// HTTP/2 connections of the direct client.
    #[arg(long, default_value_t = 1)]
    direct_connections: usize,
    /// Write the gateway's log here (default: discarded, still formatted at the default `info`).
    #[arg(long)]
    gateway_log: Option<PathBuf>,
    /// Extra environment for the gateway process only, `NAME=VALUE` (repeatable), e.g.
    /// `RUST_LOG=warn` to see what the access log costs.
    #[arg(long)]
    gateway_env: Vec<String>,
    /// Rate of the fixed-rate (open-loop) latency runs, as a fraction of the gateway's closed-loop
    /// throughput in the same run (so both sides run well below saturation); 0 skips them. They run
    /// for the scenarios with 32 connections, one caller per connection.
    #[arg(long, default_value_t = 0.25)]
    paced_load: f64,
    /// Also write the medians as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// One load scenario: the same call made directly and through the gateway.
struct Scenario {
    name: &'static str,
    rpc: &'static str,
    request: fn() -> Vec<u8>,
    method: &'static str,
    target: &'static str,
    body: Option<&'static str>,
    expect_code: tonic::Code,
    expect_status: u16,
    connections: usize,
}

fn scenarios() -> Vec<Scenario> {
    let get_namespace = |connections| Scenario {
        name: if connections == 32 {
            "get_namespace/32"
        } else {
            "get_namespace/256"
        },
        rpc: "GetNamespace",
        request: fixtures::get_namespace_request,
        method: "GET",
        target: "/cloud/namespaces/ns-a.acct1",
        body: None,
        expect_code: tonic::Code::Ok,
        expect_status: 200,
        connections,
    };
    vec![
        get_namespace(32),
        Scenario {
            name: "get_users_50/32",
            rpc: "GetUsers",
            request: || fixtures::get_users_request(50),
            method: "GET",
            target: "/cloud/users?pageSize=50",
            body: None,
            expect_code: tonic::Code::Ok,
            expect_status: 200,
            connections: 32,
        },
        Scenario {
            name: "get_users_1000/32",
            rpc: "GetUsers",
            request: || fixtures::get_users_request(1000),
            method: "GET",
            target: "/cloud/users?pageSize=1000",
            body: None,
            expect_code: tonic::Code::Ok,
            expect_status: 200,
            connections: 32,
        },
        Scenario {
            name: "create_user/32",
            rpc: "CreateUser",
            request: fixtures::create_user_request,
            method: "POST",
            target: "/cloud/users",
            body: Some(fixtures::CREATE_USER_BODY),
            expect_code: tonic::Code::Ok,
            expect_status: 200,
            connections: 32,
        },
        Scenario {
            name: "not_found/32",
            rpc: "GetUser",
            request: Vec::new,
            method: "GET",
            target: "/cloud/users/user-missing",
            body: None,
            expect_code: tonic::Code::NotFound,
            expect_status: 404,
            connections: 32,
        },
        get_namespace(256),
    ]
}

/// One run of one scenario.
#[derive(Clone, Debug, Default)]
struct RunResult {
    direct: Sample,
    gateway: Sample,
    gateway_cpu_us: f64,
    upstream_cpu_us_direct: f64,
    upstream_cpu_us_gateway: f64,
    client_cpu_us_direct: f64,
    rss_mib: f64,
    startup_ms: f64,
    /// Fixed-rate latency, direct and through the gateway (when measured).
    paced: Option<(Sample, Sample)>,
}

fn main() {
    // `cargo bench` passes `--bench`; it means nothing here.
    let args = Args::parse_from(std::env::args().filter(|a| a != "--bench"));
    if args.mode == "upstream" {
        return serve_upstream();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run(args));
}

fn serve_upstream() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("loopback");
        println!("listening {}", listener.local_addr().expect("bound"));
        upstream::serve(listener).await;
    });
}

async fn run(args: Args) {
    assert!(
        args.gateway_bin.exists(),
        "{} not found: run `cargo build --profile dist --features jemalloc` first",
        args.gateway_bin.display()
    );
    let dir = std::env::temp_dir().join(format!("cloud-ops-gateway-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let (upstream, upstream_url) = procs::start_upstream();
    let warmup = Duration::from_secs(args.warmup);
    let duration = Duration::from_secs(args.duration);
    let selected: Vec<Scenario> = scenarios()
        .into_iter()
        .filter(|s| args.scenario.is_empty() || args.scenario.iter().any(|f| s.name.contains(f.as_str())))
        .collect();
    println!(
        "load harness: {} scenario(s) × {} run(s), {}s measured (+{}s warm-up) per side; upstream {upstream_url}",
        selected.len(),
        args.runs,
        args.duration,
        args.warmup
    );
    let mut table = Vec::new();
    for scenario in &selected {
        let grpc_path: &'static str = Box::leak(fixtures::grpc_path(scenario.rpc).into_boxed_str());
        let request = Bytes::from((scenario.request)());
        let call = wrk::HttpCall {
            method: scenario.method,
            target: scenario.target,
            body: scenario.body,
            expect_status: scenario.expect_status,
        };
        let mut runs = Vec::new();
        for i in 0..args.runs {
            // Direct gRPC.
            let (up0, me0) = (upstream.cpu_seconds(), procs::cpu_seconds(std::process::id()));
            let direct = direct::run(
                &upstream_url,
                grpc_path,
                request.clone(),
                scenario.expect_code,
                &direct::Load {
                    concurrency: scenario.connections,
                    connections: args.direct_connections,
                    warmup,
                    duration,
                },
            )
            .await;
            let up_direct = (upstream.cpu_seconds() - up0) / direct.requests.max(1) as f64 * 1e6;
            let client_direct = (procs::cpu_seconds(std::process::id()) - me0) / direct.requests.max(1) as f64 * 1e6;

            // Through the gateway: a fresh process per run (start-up time and peak RSS per run).
            let (gateway, base, startup) = procs::start_gateway(
                &args.gateway_bin,
                &upstream_url,
                args.gateway_log.as_deref(),
                &args.gateway_env,
            )
            .await;
            wrk::run(&dir, &base, &call, scenario.connections, warmup);
            let (gw0, up0) = (gateway.cpu_seconds(), upstream.cpu_seconds());
            let through = wrk::run(&dir, &base, &call, scenario.connections, duration);
            let requests = through.requests.max(1) as f64;
            let (gateway_cpu, upstream_cpu) = (gateway.cpu_seconds() - gw0, upstream.cpu_seconds() - up0);
            let pace = paced::Pace {
                rate: (through.rps() * args.paced_load) as u32,
                tasks: scenario.connections,
                warmup,
                duration,
            };
            let paced = if args.paced_load > 0.0 && scenario.connections <= 32 {
                let addr = base.trim_start_matches("http://");
                let via_gateway = paced::gateway(pace, addr, &call).await;
                let direct = paced::direct(pace, &upstream_url, grpc_path, request.clone(), scenario.expect_code).await;
                Some((direct, via_gateway))
            } else {
                None
            };
            let result = RunResult {
                gateway_cpu_us: gateway_cpu / requests * 1e6,
                upstream_cpu_us_gateway: upstream_cpu / requests * 1e6,
                upstream_cpu_us_direct: up_direct,
                client_cpu_us_direct: client_direct,
                rss_mib: gateway.peak_rss_mib(),
                startup_ms: startup.as_secs_f64() * 1e3,
                direct,
                gateway: through,
                paced,
            };
            drop(gateway);
            let paced_note = result.paced.as_ref().map_or(String::new(), |(d, g)| {
                format!(
                    "; at {:.0} req/s p99 direct {:.0} µs, gateway {:.0} µs",
                    g.rps(),
                    d.p99_us,
                    g.p99_us
                )
            });
            println!(
                "  {:<18} run {}: direct {:>6.0} req/s ({:.1} µs client CPU/req, {} errors), gateway {:>6.0} req/s ({:.2}, {:.1} µs CPU/req, {} errors){paced_note}",
                scenario.name,
                i + 1,
                result.direct.rps(),
                result.client_cpu_us_direct,
                result.direct.errors,
                result.gateway.rps(),
                result.gateway.rps() / result.direct.rps().max(1e-9),
                result.gateway_cpu_us,
                result.gateway.errors,
            );
            runs.push(result);
        }
        table.push((scenario.name, scenario.connections, runs));
    }
    report::report(&table, args.json.as_deref());
    drop(upstream);
    let _ = std::fs::remove_dir_all(&dir);
}
