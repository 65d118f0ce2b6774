//! Bodies held open: request bodies that keep arriving (each just under the size limit, never
//! finished) are bounded by the memory budget, per connection and in all; and HTTP/1.1 clients
//! that never read their answers lose their connections, and their slots, to the write timeout.

use std::time::{Duration, Instant};

use bytes::Bytes;
use cloud_ops_gateway::gateway::Limits;
use cloud_ops_gateway::listener::ConnectionLimits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{assert_unharmed, eventually, gateway, h2_connect, metric, steady_calls};
use crate::common::Options;

const MIB: usize = 1024 * 1024;

/// Opens `streams` POSTs on one HTTP/2 connection, each sending `bytes` of a body it never ends.
async fn unfinished_bodies(
    addr: &str,
    streams: usize,
    bytes: usize,
) -> (
    Vec<h2::client::ResponseFuture>,
    Vec<h2::SendStream<Bytes>>,
    tokio::task::JoinHandle<Result<(), h2::Error>>,
) {
    let (mut send, driver) = h2_connect(addr, 65_535).await;
    let (mut responses, mut bodies) = (Vec::new(), Vec::new());
    for _ in 0..streams {
        send = send.ready().await.unwrap();
        let request = http::Request::post(format!("http://{addr}/cloud/users"))
            .header("authorization", "Bearer attacker")
            .header("content-type", "application/json")
            .body(())
            .unwrap();
        let (response, mut body) = send.send_request(request, false).unwrap();
        body.send_data(Bytes::from(vec![b' '; bytes]), false).unwrap();
        responses.push(response);
        bodies.push(body);
    }
    (responses, bodies, driver)
}

#[tokio::test]
async fn bodies_still_arriving_are_bounded_by_the_connection_share_and_the_budget() {
    let connections = ConnectionLimits {
        memory_budget: 12 * MIB,
        connection_memory: 5 * MIB,
        ..ConnectionLimits::DEFAULT
    };
    let limits = Limits {
        body_read_timeout: Duration::from_secs(30),
        ..Limits::default()
    };
    let (_upstream, gateway) = gateway(Options {
        connections,
        limits,
        ..Options::default()
    })
    .await;
    let (base, addr) = (gateway.base.clone(), super::addr(&gateway));
    let baseline = steady_calls(&base, 40).await;

    // One connection: 12 bodies of 1 MiB - 1 byte; its share holds 5 of them.
    let (responses, _bodies, _driver) = unfinished_bodies(&addr, 12, MIB - 1).await;
    let mut refused = 0;
    for response in responses {
        if let Ok(Ok(response)) = tokio::time::timeout(Duration::from_secs(3), response).await {
            assert_eq!(response.status(), 503);
            assert_eq!(response.headers()["content-type"], "application/json");
            refused += 1;
        }
    }
    assert!(refused >= 7, "only {refused} of 12 unfinished bodies were refused");
    let held = metric(&base, "cloud_ops_gateway_memory_held_bytes").await;
    assert!(held <= (5 * MIB) as f64, "{held} bytes held for one connection");
    assert!(metric(&base, "cloud_ops_gateway_memory_refusals_total{scope=\"connection\"}").await >= 7.0);

    // Two more connections fill the budget: the one holding the most is closed, and the others
    // are served again.
    let _second = unfinished_bodies(&addr, 5, MIB - 1).await;
    let _third = unfinished_bodies(&addr, 5, MIB - 1).await;
    assert!(
        eventually(Duration::from_secs(5), || async {
            metric(&base, "cloud_ops_gateway_connections_closed_total{reason=\"memory\"}").await >= 1.0
        })
        .await,
        "no connection was closed when the budget ran out"
    );
    assert!(metric(&base, "cloud_ops_gateway_memory_held_bytes").await <= (12 * MIB) as f64);
    let attacked = steady_calls(&base, 40).await;
    assert_unharmed(baseline, attacked);
}

#[tokio::test]
async fn http1_clients_that_never_read_lose_their_slots_to_the_write_timeout() {
    let connections = ConnectionLimits {
        max_connections: 4,
        write_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(30),
        ..ConnectionLimits::DEFAULT
    };
    let (_upstream, gateway) = gateway(Options {
        connections,
        ..Options::default()
    })
    .await;
    let (base, addr) = (gateway.base.clone(), super::addr(&gateway));
    // The document is compressed on its first request here (no start-up in a test gateway).
    let warm_up = crate::common::client().get(format!("{base}/openapi.json")).send().await;
    assert_eq!(warm_up.unwrap().status(), 200);
    // Four clients take every slot: each asks for the document 40 times over and reads nothing.
    let request = format!("GET /openapi.json HTTP/1.1\r\nHost: {addr}\r\n\r\n").repeat(40);
    let mut readers = Vec::new();
    for _ in 0..4 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        readers.push(stream);
    }
    let started = Instant::now();
    // Until their output stalls for the write timeout, a fifth connection is refused at accept.
    let served = eventually(Duration::from_secs(8), || async {
        let client = crate::common::client();
        matches!(client.get(format!("{base}/healthz")).send().await, Ok(r) if r.status() == 200)
    })
    .await;
    assert!(served, "the slots were still held after {:?}", started.elapsed());
    // Each stalls on its own clock: the last may close a moment after the first slot came back.
    assert!(
        eventually(Duration::from_secs(3), || async {
            metric(
                &base,
                "cloud_ops_gateway_connections_closed_total{reason=\"write_timeout\"}",
            )
            .await
                >= 4.0
        })
        .await
    );
    // The stalled clients' connections were closed: reading drains what was sent, then ends.
    for mut stream in readers {
        let mut sink = vec![0u8; 1 << 20];
        let ended = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                match stream.read(&mut sink).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "a stalled client's connection is still open");
    }
}
