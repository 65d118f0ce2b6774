//! What only a whole process shows: its resident memory under every kind of held work at once,
//! and its open-file limit against the connection limit. `dev` runs as its own process here.

use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{get, h2_connect};
use crate::common::dev::Dev;

const MIB: u64 = 1024 * 1024;

/// `GET /healthz` on a new connection, kept open; whether it was answered 200 within 2 s (a
/// refused connection is closed at once, so the read ends early with nothing).
async fn healthz_on_new_connection(addr: &str) -> (bool, Option<TcpStream>) {
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return (false, None);
    };
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return (false, None);
    }
    let mut buf = [0u8; 512];
    let answered = matches!(
        tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf)).await,
        Ok(Ok(n)) if n > 12 && buf.starts_with(b"HTTP/1.1 200")
    );
    (answered, Some(stream))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resident_memory_stays_within_the_budget_whatever_the_clients_hold() {
    let budget = 32 * MIB;
    let (dev, _) = Dev::start(&[
        "--memory-budget",
        &budget.to_string(),
        "--connection-memory",
        &(8 * MIB).to_string(),
        "--write-timeout",
        "5s",
        "--body-read-timeout",
        "30s",
    ]);
    let addr = dev.base.trim_start_matches("http://").to_string();
    // Warm up every path the attack takes, then take the baseline.
    let client = crate::common::client();
    for path in ["/openapi.json", "/cloud/namespaces"] {
        let _ = client
            .get(format!("{}{path}", dev.base))
            .send()
            .await
            .unwrap()
            .bytes()
            .await;
    }
    let baseline = dev.rss();

    let mut held = Vec::new();
    // Four connections of zero-window streams of the 846 KB document, compressed...
    for _ in 0..4 {
        let (mut send, driver) = h2_connect(&addr, 0).await;
        for _ in 0..100 {
            send = send.ready().await.unwrap();
            let (response, _) = send.send_request(get(&addr, "/openapi.json"), true).unwrap();
            held.push(Box::new(response) as Box<dyn Send>);
        }
        held.push(Box::new((send, driver)));
    }
    // ...and four of unfinished request bodies just under the size limit.
    for _ in 0..4 {
        let (mut send, driver) = h2_connect(&addr, 65_535).await;
        for _ in 0..40 {
            send = send.ready().await.unwrap();
            let request = http::Request::post(format!("http://{addr}/cloud/users"))
                .header("authorization", "Bearer bogus")
                .header("content-type", "application/json")
                .body(())
                .unwrap();
            let (response, mut body) = send.send_request(request, false).unwrap();
            body.send_data(Bytes::from(vec![b' '; (MIB - 1) as usize]), false)
                .unwrap();
            held.push(Box::new((response, body)));
        }
        held.push(Box::new((send, driver)));
    }
    let mut peak = 0;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(4) {
        peak = peak.max(dev.rss());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(held);
    let grown = peak.saturating_sub(baseline);
    eprintln!(
        "RSS: baseline {} KiB, peak {} KiB under attack",
        baseline / 1024,
        peak / 1024
    );
    // The documented bound (docs/reliability.md): the budget, plus each connection's HTTP/2
    // receive window and buffers, plus allocator slack.
    assert!(
        grown < budget + 64 * MIB,
        "RSS grew by {} MiB (baseline {} MiB) with a budget of {} MiB",
        grown / MIB,
        baseline / MIB,
        budget / MIB
    );
    dev.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_soft_open_file_limit_is_raised_to_serve_the_connection_limit() {
    let (dev, _) = Dev::start_wrapped(&["prlimit", "--nofile=1024:8192", "--"], &[], None);
    let addr = dev.base.trim_start_matches("http://").to_string();
    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..1500 {
        let (answered, stream) = healthz_on_new_connection(&addr).await;
        refused += usize::from(!answered);
        open.extend(stream);
    }
    assert_eq!(
        refused, 0,
        "of 1500 connections under a soft limit of 1024, {refused} were not served"
    );
    drop(open);
    dev.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_low_hard_limit_the_connection_limit_is_lowered_and_extra_connections_refused_at_once() {
    let (dev, _) = Dev::start_wrapped(&["prlimit", "--nofile=300:300", "--"], &[], None);
    let addr = dev.base.trim_start_matches("http://").to_string();
    let mut open = Vec::new();
    let (mut served, mut refused) = (0, 0);
    for _ in 0..250 {
        let started = Instant::now();
        let (answered, stream) = healthz_on_new_connection(&addr).await;
        if answered {
            served += 1;
        } else {
            refused += 1;
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "a connection over the limit waited"
            );
        }
        open.extend(stream);
    }
    let lowered = 300 - 128;
    assert_eq!((served, refused), (lowered, 250 - lowered));
    drop(open);
    // The closed connections' slots come back as the gateway sees them close.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let metrics = crate::common::metrics_text(&dev.base).await;
    assert!(
        metrics.contains(&format!(
            "cloud_ops_gateway_connections_refused_total {}",
            250 - lowered
        )),
        "{metrics}"
    );
    let (_, log) = dev.stop_with_log();
    assert!(
        log.contains("the open-file limit cannot hold --max-connections"),
        "{log}"
    );
}
