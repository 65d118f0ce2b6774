//! The upstream misbehaving, and the gateway still answering correctly: oversized error
//! metadata, and (more to come) delays, resets, garbage and restarts.

use cloud_ops_gateway::routes::by_rpc;

use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, client, start_gateway_with_state};

const KEY: &str = "Bearer fault-test-key";

/// An upstream error with a 20,000-character message (what the emulator says about a name that
/// long) is the upstream's answer, not an outage.
#[tokio::test]
async fn a_large_upstream_error_message_is_the_upstreams_answer() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetNamespace").unwrap();
    let message = format!("namespace {} not found", "n".repeat(20_000));
    upstream.answer(
        route.grpc_path,
        Answer {
            status: Some((tonic::Code::NotFound, message.clone(), Default::default())),
            ..Default::default()
        },
    );
    let (gateway, state) = start_gateway_with_state(&upstream.url(), Options::default()).await;
    let response = client()
        .get(format!("{}/cloud/namespaces/ns1", gateway.base))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.headers().get("x-gateway-error").is_none());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["message"], message);
    assert!(
        !state.metrics.render().contains("upstream_errors_total{"),
        "no outage was counted"
    );
}

/// One over the configured header limit gets a bounded, truthful error: the answer was too
/// large to read (502), not "unavailable".
#[tokio::test]
async fn an_upstream_error_over_the_header_limit_is_a_bad_response_not_an_outage() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetNamespace").unwrap();
    upstream.answer(
        route.grpc_path,
        Answer {
            status: Some((tonic::Code::NotFound, "x".repeat(40_000), Default::default())),
            ..Default::default()
        },
    );
    let options = Options {
        upstream_max_header_bytes: 16 * 1024,
        ..Options::default()
    };
    let (gateway, state) = start_gateway_with_state(&upstream.url(), options).await;
    let response = client()
        .get(format!("{}/cloud/namespaces/ns1", gateway.base))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["x-gateway-error"], "bad_upstream_response");
    let body: serde_json::Value = response.json().await.unwrap();
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("16384"), "{message}");
    assert!(message.len() < 300, "bounded: {message}");
    let metrics = state.metrics.render();
    assert!(
        metrics.contains("upstream_errors_total{kind=\"bad_response\"} 1"),
        "{metrics}"
    );
    assert!(!metrics.contains("kind=\"unavailable\""), "{metrics}");
}
