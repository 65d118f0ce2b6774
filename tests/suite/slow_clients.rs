//! Slow and idle clients cannot hold the gateway: a half-sent request head or body, an idle
//! keep-alive connection and a flood of connections are each bounded, and a slow body holds no
//! concurrency slot. Each scenario talks raw TCP so that it controls every byte and pause.

use std::time::{Duration, Instant};

use cloud_ops_gateway::gateway::Limits;
use cloud_ops_gateway::listener::ConnectionLimits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::recorder::Recorder;
use crate::common::{Options, TestGateway, client, start_gateway};

const KEY: &str = "Bearer slow-test-key";
/// How long a test waits before concluding that the gateway kept a connection open.
const PATIENCE: Duration = Duration::from_secs(5);

async fn gateway(limits: Limits, connections: ConnectionLimits) -> (Recorder, TestGateway) {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(
        &upstream.url(),
        Options {
            limits,
            connections,
            ..Options::default()
        },
    )
    .await;
    (upstream, gateway)
}

async fn connect(gateway: &TestGateway) -> TcpStream {
    TcpStream::connect(gateway.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the gateway closes the connection or `PATIENCE` runs out; returns what was read,
/// whether the connection was closed, and when.
async fn read_until_closed(stream: &mut TcpStream) -> (String, bool, Duration) {
    let started = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((started + PATIENCE).into(), stream.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&out).into_owned(), false, started.elapsed()),
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&out).into_owned(), true, started.elapsed()),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// The head of a POST that announces 100 bytes of body.
fn slow_post_head() -> String {
    format!(
        "POST /cloud/users HTTP/1.1\r\nHost: gw\r\nAuthorization: {KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
}

#[tokio::test]
async fn a_half_sent_request_head_is_closed_after_the_header_read_timeout() {
    let connections = ConnectionLimits {
        header_read_timeout: Duration::from_millis(500),
        ..ConnectionLimits::default()
    };
    let (_upstream, gateway) = gateway(Limits::default(), connections).await;
    let mut stream = connect(&gateway).await;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: gw\r\n")
        .await
        .unwrap();
    let (_, closed, after) = read_until_closed(&mut stream).await;
    assert!(closed, "a half-sent head kept the connection open for {after:?}");
    assert!(after < Duration::from_secs(3), "closed only after {after:?}");
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_header_read_timeout() {
    let connections = ConnectionLimits {
        header_read_timeout: Duration::from_millis(500),
        ..ConnectionLimits::default()
    };
    let (_upstream, gateway) = gateway(Limits::default(), connections).await;
    let mut stream = connect(&gateway).await;
    let (_, closed, after) = read_until_closed(&mut stream).await;
    assert!(closed, "a silent connection stayed open for {after:?}");
    assert!(after < Duration::from_secs(3), "closed only after {after:?}");
}

#[tokio::test]
async fn a_slow_body_is_answered_408_after_the_body_read_timeout() {
    let limits = Limits {
        body_read_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let (upstream, gateway) = gateway(limits, ConnectionLimits::default()).await;
    let mut stream = connect(&gateway).await;
    stream.write_all(slow_post_head().as_bytes()).await.unwrap();
    stream.write_all(b"{\"spec\":").await.unwrap();
    let (response, _, after) = read_until_closed(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 408"), "after {after:?}: {response:?}");
    assert!(after < Duration::from_secs(3), "answered only after {after:?}");
    let lower = response.to_ascii_lowercase();
    assert!(lower.contains("x-gateway-error: request_timeout"), "{response}");
    assert!(lower.contains("connection: close"), "{response}");
    let body = &response[response.find("\r\n\r\n").unwrap() + 4..];
    let body: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
    assert_eq!(body["code"], 4, "DEADLINE_EXCEEDED: {body}");
    assert!(body["message"].as_str().unwrap().contains("request body"), "{body}");
    assert!(upstream.calls().is_empty(), "nothing reached the upstream");
}

#[tokio::test]
async fn slow_bodies_hold_no_concurrency_slot() {
    let limits = Limits {
        max_concurrency: 2,
        ..Limits::default()
    };
    let (upstream, gateway) = gateway(limits, ConnectionLimits::default()).await;
    let (path, answer) = crate::operability::get_user_answer(Duration::ZERO);
    upstream.answer(path, answer);
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut stream = connect(&gateway).await;
        stream.write_all(slow_post_head().as_bytes()).await.unwrap();
        stream.write_all(b"{\"spec\":").await.unwrap();
        slow.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let metrics = crate::common::metrics_text(&gateway.base).await;
    assert!(
        metrics.contains("cloud_ops_gateway_in_flight_requests 0\n"),
        "slow senders are not in flight: {metrics}"
    );
    let response = client()
        .get(format!("{}/cloud/users/u1", gateway.base))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    drop(slow);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let connections = ConnectionLimits {
        idle_timeout: Duration::from_millis(500),
        ..ConnectionLimits::default()
    };
    let (_upstream, gateway) = gateway(Limits::default(), connections).await;
    let mut stream = connect(&gateway).await;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n")
        .await
        .unwrap();
    let (response, closed, after) = read_until_closed(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(closed, "an idle connection stayed open for {after:?}");
    assert!(after < Duration::from_secs(3), "closed only after {after:?}");
}

#[tokio::test]
async fn an_idle_http2_connection_is_closed_after_the_idle_timeout() {
    let connections = ConnectionLimits {
        idle_timeout: Duration::from_millis(500),
        ..ConnectionLimits::default()
    };
    let (_upstream, gateway) = gateway(Limits::default(), connections).await;
    let stream = connect(&gateway).await;
    let (mut sender, connection) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let connection = tokio::spawn(connection);
    let request = http::Request::get(format!("{}/healthz", gateway.base))
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .unwrap();
    assert_eq!(sender.send_request(request).await.unwrap().status(), 200);
    let ended = tokio::time::timeout(PATIENCE, connection).await;
    assert!(
        ended.is_ok(),
        "an idle HTTP/2 connection stayed open for {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "closed only after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connections_over_the_limit_are_closed_at_once_and_counted() {
    let connections = ConnectionLimits {
        max_connections: 2,
        ..ConnectionLimits::default()
    };
    let (_upstream, gateway) = gateway(Limits::default(), connections).await;
    let first = connect(&gateway).await;
    let _second = connect(&gateway).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = connect(&gateway).await;
    let (_, closed, after) = read_until_closed(&mut third).await;
    assert!(
        closed && after < Duration::from_secs(2),
        "a third connection was held for {after:?}"
    );

    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let metrics = crate::common::metrics_text(&gateway.base).await;
    assert!(
        metrics.contains("cloud_ops_gateway_connections_refused_total 1"),
        "{metrics}"
    );
    assert!(metrics.contains("cloud_ops_gateway_open_connections 2"), "{metrics}");
}
