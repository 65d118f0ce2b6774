//! Cheap attacks on memory, CPU and connection slots (issue 23): zero-window HTTP/2 streams, slow
//! readers, delayed resets, bodies held open, an open-file limit below the connection limit. Each
//! case runs over real sockets — HTTP/2 ones with the `h2` crate's client, which lets a test set
//! its windows and reset streams itself — most of them beside a well-behaved client whose latency
//! is compared with its own baseline taken in the same test.

mod bodies;
mod processes;
mod streams;

use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::net::TcpStream;

use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, TestGateway, client, encode_json, start_gateway};

/// The RPC the well-behaved client calls, and its route.
const GET_NAMESPACE: &str = "/temporal.api.cloud.cloudservice.v1.CloudService/GetNamespace";
const GET_USERS: &str = "/temporal.api.cloud.cloudservice.v1.CloudService/GetUsers";

/// A gateway in front of a recording upstream, with `options`.
async fn gateway(options: Options) -> (Recorder, TestGateway) {
    let upstream = Recorder::start().await;
    upstream.answer(GET_NAMESPACE, Answer::default());
    let gateway = start_gateway(&upstream.url(), options).await;
    (upstream, gateway)
}

fn addr(gateway: &TestGateway) -> String {
    gateway.base.trim_start_matches("http://").to_string()
}

/// An HTTP/2 (prior knowledge) connection whose streams' receive window is `window`; the task
/// driving it ends when the gateway closes it.
async fn h2_connect(
    addr: &str,
    window: u32,
) -> (
    h2::client::SendRequest<Bytes>,
    tokio::task::JoinHandle<Result<(), h2::Error>>,
) {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let (send, connection) = h2::client::Builder::new()
        .initial_window_size(window)
        .max_concurrent_reset_streams(100_000)
        .handshake::<_, Bytes>(tcp)
        .await
        .unwrap();
    (send, tokio::spawn(connection))
}

fn get(addr: &str, path: &str) -> http::Request<()> {
    http::Request::get(format!("http://{addr}{path}"))
        .header("authorization", "Bearer attacker")
        .header("accept-encoding", "br")
        .body(())
        .unwrap()
}

/// A users list of about `bytes` of JSON, as the upstream's encoded answer.
fn users_answer(bytes: usize) -> Answer {
    let users: Vec<_> = (0..bytes / 100)
        .map(|i| serde_json::json!({"id": format!("user-{i:06}"), "spec": {"email": format!("someone-{i:06}@example.com")}}))
        .collect();
    let json = serde_json::json!({ "users": users }).to_string();
    Answer {
        body: encode_json("temporal.api.cloud.cloudservice.v1.GetUsersResponse", &json).into(),
        ..Answer::default()
    }
}

/// The latencies of `n` sequential calls of the well-behaved client.
async fn steady_calls(base: &str, n: usize) -> Vec<Duration> {
    let client = client();
    let mut took = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let response = client
            .get(format!("{base}/cloud/namespaces/steady"))
            .header("authorization", "Bearer well-behaved")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the well-behaved client was refused");
        response.bytes().await.unwrap();
        took.push(started.elapsed());
    }
    took
}

fn p99(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[(samples.len() * 99 / 100).min(samples.len() - 1)]
}

/// The well-behaved client's p99 under attack stays within twice its baseline. The floor of
/// 50 ms absorbs a shared 2-core machine running other tests at once (with both cores also busy
/// elsewhere, a 25 ms floor failed 1 run in 3 at 42 ms); the attacks this guards against moved it
/// by 100–200 ms.
fn assert_unharmed(baseline: Vec<Duration>, attacked: Vec<Duration>) {
    let (before, during) = (p99(baseline), p99(attacked));
    let bound = (before * 2).max(before + Duration::from_millis(50));
    assert!(during <= bound, "p99 {during:?} under attack, baseline {before:?}");
}

/// The sum of the samples of `name` (with labels, if given) in the gateway's metrics.
async fn metric(base: &str, name: &str) -> f64 {
    let text = crate::common::metrics_text(base).await;
    text.lines()
        .filter(|line| line.starts_with(name) && !line.starts_with('#'))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// Waits until `check` holds (polled every 50 ms) or `within` passes; whether it held.
async fn eventually<F: Future<Output = bool>>(within: Duration, mut check: impl FnMut() -> F) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    check().await
}
