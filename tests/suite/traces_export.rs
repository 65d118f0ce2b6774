//! Trace export that cannot hurt a request: a collector that refuses connections or takes them
//! and never answers, over either protocol, neither fails nor slows requests while exports to it
//! are stuck, and the shutdown flush gives up in its bound. And the whole path as an operator runs
//! it: `dev` configured only by the standard `OTEL_*` variables exports its spans (the last ones on
//! SIGTERM, through the shutdown flush) to a real collector.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cloud_ops_gateway::routes::by_rpc;
use cloud_ops_gateway::traces::Protocol;
use common::collector::{Collector, black_hole, hex, refusing_port, settings};
use common::recorder::{Answer, Recorder};
use common::{Options, client, encode_json, start_gateway_with_state};
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;

const SECRET: &str = "tmprl-DEV-TRACE-SECRET-51c7";
const TRACE_ID: &str = "0af7651916cd43dd8448eb211c80319c";

#[tokio::test]
async fn a_dead_collector_neither_fails_nor_delays_requests() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(
        route.grpc_path,
        Answer {
            body: encode_json(route.output_type, r#"{"user": {"id": "u1"}}"#).into(),
            ..Default::default()
        },
    );
    let (refusing, silent) = (refusing_port().await, black_hole().await);
    for (collector, protocol) in [
        (refusing, Protocol::Grpc),
        (refusing, Protocol::HttpProtobuf),
        (silent, Protocol::Grpc),
        (silent, Protocol::HttpProtobuf),
    ] {
        let options = Options {
            traces: Some(settings(&format!("http://{collector}"), protocol)),
            ..Options::default()
        };
        let (gw, state) = start_gateway_with_state(&upstream.url(), options).await;
        // An export under way the whole time: the spans of a first request, which the export
        // thread is stuck on (or retrying) while the requests are served.
        let first = client()
            .get(format!("{}/cloud/users/u1", gw.base))
            .header("authorization", "Bearer k");
        assert_eq!(first.send().await.unwrap().status(), 200);
        let flushing = {
            let traces = state.traces.clone();
            tokio::spawn(async move { traces.flush().await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        let mut slowest = Duration::ZERO;
        for _ in 0..40 {
            let sent = Instant::now();
            let response = client()
                .get(format!("{}/cloud/users/u1", gw.base))
                .header("authorization", "Bearer k")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{protocol:?} to {collector}");
            slowest = slowest.max(sent.elapsed());
        }
        let took = started.elapsed();
        // Bounds far below what waiting on the collector would cost (a silent one holds an export
        // for its 10 s timeout; a refusing one costs each export its retries and backoff), far
        // above what 40 local requests need on a loaded machine.
        assert!(
            slowest < Duration::from_secs(2) && took < Duration::from_secs(8),
            "{protocol:?} to {collector}: 40 requests took {took:?}, the slowest {slowest:?}"
        );
        assert!(
            !flushing.is_finished() || collector == refusing,
            "the export to a silent collector is still stuck: the requests did not wait for it"
        );
        // The shutdown flush gives up within its bound.
        let stopping = Instant::now();
        state.traces.shutdown(Duration::from_millis(300)).await;
        assert!(
            stopping.elapsed() < Duration::from_secs(3),
            "{protocol:?} to {collector}: shutdown took {:?}",
            stopping.elapsed()
        );
        flushing.abort();
    }
}

/// Runs `dev` with `env`, sends one traced request, stops it with SIGTERM; its exit code and log.
async fn run_dev(env: &[(&str, String)]) -> (Option<i32>, String) {
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log = std::env::temp_dir().join(format!("cog-traces-{}-{n}.log", std::process::id()));
    let code = run_dev_logging(env, &log).await;
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::remove_file(&log).unwrap();
    (code, text)
}

async fn run_dev_logging(env: &[(&str, String)], log: &std::path::Path) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloud-ops-gateway"))
        .args([
            "dev",
            "--op-latency",
            "0s",
            "--listen",
            "127.0.0.1:0",
            "--api-key",
            SECRET,
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in the banner: {first}"))
        .to_string();
    let response = client()
        .get(format!("{base}/cloud/namespaces"))
        .header("authorization", format!("Bearer {SECRET}"))
        .header("traceparent", format!("00-{TRACE_ID}-b7ad6b7169203331-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    None
}

#[tokio::test]
async fn dev_exports_over_the_standard_variables_and_flushes_on_sigterm() {
    for collector in [Collector::grpc().await, Collector::http().await] {
        let protocol = match collector.protocol {
            Protocol::Grpc => "grpc",
            Protocol::HttpProtobuf => "http/protobuf",
        };
        let env = [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", protocol.to_string()),
            ("OTEL_SERVICE_NAME", "gateway-under-test".to_string()),
            // Nothing is exported on a timer within the test: what arrives came with the shutdown.
            ("OTEL_BSP_SCHEDULE_DELAY", "600000".to_string()),
        ];
        let (code, log) = run_dev(&env).await;
        assert_eq!(code, Some(0), "{protocol}: dev exits cleanly: {log}");
        assert!(
            log.contains("trace exporter flushed and stopped"),
            "{protocol}: flushed at shutdown: {log}"
        );
        assert!(!log.contains(SECRET), "{protocol}: the API key is in the log");
        let spans = collector.spans();
        let server = spans.iter().find(|r| r.span.kind == SpanKind::Server as i32);
        let server = server.unwrap_or_else(|| panic!("{protocol}: the server span arrived: {spans:#?}"));
        assert_eq!(server.span.name, "GET /cloud/namespaces");
        assert_eq!(server.service_name, "gateway-under-test");
        assert_eq!(hex(&server.span.trace_id), TRACE_ID);
        let call = spans.iter().find(|r| r.span.kind == SpanKind::Client as i32);
        let call = call.unwrap_or_else(|| panic!("{protocol}: the client span arrived: {spans:#?}"));
        assert_eq!(call.span.parent_span_id, server.span.span_id);
        assert!(
            !collector.everything().contains(SECRET),
            "{protocol}: the API key is in a span"
        );
    }
}
