//! HTTP/2 attacks: streams whose window never opens, and streams reset a few milliseconds after
//! their HEADERS (which h2's own reset limit does not count, since the gateway accepted them).

use std::time::{Duration, Instant};

use cloud_ops_gateway::listener::ConnectionLimits;

use super::{GET_USERS, assert_unharmed, eventually, gateway, get, h2_connect, metric, steady_calls, users_answer};
use crate::common::Options;
use crate::common::recorder::Answer;

#[tokio::test]
async fn zero_window_streams_are_closed_after_the_write_timeout_and_give_their_memory_back() {
    let connections = ConnectionLimits {
        write_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_secs(30),
        ..ConnectionLimits::DEFAULT
    };
    let (upstream, gateway) = gateway(Options {
        connections,
        ..Options::default()
    })
    .await;
    upstream.answer(GET_USERS, users_answer(200_000));
    let base = gateway.base.clone();
    // The document is compressed on its first request here (no start-up in a test gateway).
    let warm_up = crate::common::client().get(format!("{base}/openapi.json")).send().await;
    assert_eq!(warm_up.unwrap().status(), 200);
    let baseline = steady_calls(&base, 40).await;

    let addr = super::addr(&gateway);
    let (mut send, driver) = h2_connect(&addr, 0).await;
    let mut held = Vec::new();
    for i in 0..60 {
        let path = if i % 2 == 0 {
            "/openapi.json"
        } else {
            "/cloud/users?pageSize=1000"
        };
        send = send.ready().await.unwrap();
        let (response, _) = send.send_request(get(&addr, path), true).unwrap();
        held.push(response);
    }
    let opened = Instant::now();
    // The answers' heads arrive; their bodies cannot move.
    for response in held.iter_mut().take(4) {
        let head = tokio::time::timeout(Duration::from_secs(5), response).await;
        assert!(head.is_ok(), "no answer head");
    }
    assert!(
        eventually(Duration::from_secs(2), || async {
            metric(&base, "cloud_ops_gateway_memory_held_bytes").await > 0.0
        })
        .await,
        "the unwritten API answers are held against the memory budget"
    );
    let attacked = steady_calls(&base, 40).await;

    let closed = tokio::time::timeout(Duration::from_secs(8), driver).await;
    assert!(
        closed.is_ok(),
        "the stalled connection is still open after {:?}",
        opened.elapsed()
    );
    let after = opened.elapsed();
    assert!(
        after >= Duration::from_millis(1500),
        "closed after {after:?}, before the write timeout"
    );
    let closed_for_stall = metric(
        &base,
        "cloud_ops_gateway_connections_closed_total{reason=\"write_timeout\"}",
    )
    .await;
    assert_eq!(closed_for_stall, 1.0);
    assert!(
        eventually(Duration::from_secs(2), || async {
            metric(&base, "cloud_ops_gateway_memory_held_bytes").await == 0.0
        })
        .await,
        "the closed connection's answers are given back"
    );
    assert_unharmed(baseline, attacked);
}

#[tokio::test]
async fn streams_reset_after_their_headers_are_counted_and_the_connection_told_to_go_away() {
    let connections = ConnectionLimits {
        max_cancelled: 20,
        ..ConnectionLimits::DEFAULT
    };
    let (upstream, gateway) = gateway(Options {
        connections,
        ..Options::default()
    })
    .await;
    // The attacker's calls are slow enough upstream that each is in flight when reset.
    let slow = Answer {
        delay: Duration::from_millis(300),
        ..Answer::default()
    };
    upstream.answer("/temporal.api.cloud.cloudservice.v1.CloudService/GetUser", slow);
    let base = gateway.base.clone();
    let baseline = steady_calls(&base, 40).await;

    let addr = super::addr(&gateway);
    let (mut send, driver) = h2_connect(&addr, 65_535).await;
    let attacker = tokio::spawn(async move {
        let mut sent = 0;
        for _ in 0..2_000 {
            let Ok(ready) = send.ready().await else { break };
            send = ready;
            let Ok((response, _)) = send.send_request(get(&addr, "/cloud/users/victim"), true) else {
                break;
            };
            sent += 1;
            // Long enough for the gateway to start the call, then reset (RST_STREAM CANCEL).
            let _ = tokio::time::timeout(Duration::from_millis(5), response).await;
        }
        sent
    });
    let attacked = steady_calls(&base, 40).await;
    let sent = tokio::time::timeout(Duration::from_secs(20), attacker)
        .await
        .unwrap()
        .unwrap();
    assert!(
        sent < 200,
        "{sent} streams were accepted before the gateway sent GOAWAY"
    );
    assert!(
        tokio::time::timeout(Duration::from_secs(5), driver).await.is_ok(),
        "the connection stayed open"
    );

    let calls = upstream.calls().iter().filter(|c| c.path.ends_with("/GetUser")).count();
    assert!(calls <= sent && calls < 200, "{calls} calls reached the upstream");
    assert!(
        eventually(Duration::from_secs(2), || async {
            metric(
                &base,
                "cloud_ops_gateway_connections_closed_total{reason=\"cancelled_requests\"}",
            )
            .await
                == 1.0
        })
        .await
    );
    // Every call cancelled once its handler ran is counted (and logged) as such, 499 in the access
    // log: nearly all of them. (A stream reset before hyper first polls its request did no work
    // and counts only against the connection's budget, so a loaded machine may show a few less.)
    let cancelled = metric(&base, "cloud_ops_gateway_requests_total{route=\"/cloud/users/{user_id}\",method=\"GET\",rpc=\"GetUser\",code=\"CANCELLED\"}").await;
    assert!(
        cancelled >= 15.0 && cancelled <= sent as f64,
        "{cancelled} of {sent} counted as cancelled"
    );
    assert_unharmed(baseline, attacked);
}
