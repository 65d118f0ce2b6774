//! The upstream misbehaving, and the gateway still answering correctly: oversized error
//! trailers, garbage, closes, silence, resets and cuts mid-answer, and a restart under load.

use std::sync::Arc;

use cloud_ops_gateway::gateway::Gateway;
use cloud_ops_gateway::routes::by_rpc;

use crate::common::faulty::{Fault, Faulty};
use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, TestGateway, client, start_gateway_with_state};

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

/// GET /cloud/users/u1: status, `x-gateway-error`, body and how long it took.
async fn get_user(base: &str) -> (u16, String, serde_json::Value, std::time::Duration) {
    let started = std::time::Instant::now();
    let response = client()
        .get(format!("{base}/cloud/users/u1"))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("x-gateway-error")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response.json().await.unwrap_or(serde_json::Value::Null);
    (status, kind, body, started.elapsed())
}

fn healthy_answer(upstream: &Recorder) {
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(
        route.grpc_path,
        Answer {
            body: crate::common::encode_json(route.output_type, r#"{"user": {"id": "u1"}}"#).into(),
            ..Default::default()
        },
    );
}

/// The per-call deadline of the fault tests.
const FAULT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// A gateway (deadline [`FAULT_DEADLINE`]) in front of a breakable upstream, itself in front of a
/// healthy fake that answers GetUser.
async fn behind_faulty_upstream() -> (Recorder, Faulty, TestGateway, Arc<Gateway>) {
    let healthy = Recorder::start().await;
    healthy_answer(&healthy);
    let faulty = Faulty::start(healthy.addr).await;
    // Retries off: these tests watch each fault reach the caller (tests/suite/retries.rs covers retries).
    let options = Options {
        deadline: FAULT_DEADLINE,
        retry: cloud_ops_gateway::retry::RetryPolicy::OFF,
        ..Options::default()
    };
    let (gateway, state) = start_gateway_with_state(&faulty.url(), options).await;
    (healthy, faulty, gateway, state)
}

/// Every way the upstream can break gives its status and JSON error within the deadline, health
/// checks stay answerable meanwhile, and the gateway recovers by itself once the upstream does.
#[tokio::test]
async fn each_upstream_fault_is_answered_in_time_and_the_gateway_recovers() {
    let (_healthy, faulty, gateway, state) = behind_faulty_upstream().await;
    assert_eq!(get_user(&gateway.base).await.0, 200);
    for (fault, status, kind) in [
        (Fault::Garbage, 503, "upstream_unavailable"),
        (Fault::Close, 503, "upstream_unavailable"),
        (Fault::Silent, 504, "deadline_exceeded"),
        (Fault::NoAnswer, 504, "deadline_exceeded"),
        (Fault::ResetAfterHeaders, 503, "upstream_unavailable"),
        (Fault::CloseAfterHeaders, 503, "upstream_unavailable"),
        (Fault::UndecodableMessage, 502, "bad_upstream_response"),
        (Fault::TruncatedMessage, 502, "bad_upstream_response"),
        (Fault::CompressedWithoutEncoding, 502, "bad_upstream_response"),
        (Fault::NoStatus, 502, "bad_upstream_response"),
        (Fault::ProxyErrorPage, 503, "upstream_unavailable"),
        (Fault::HtmlPage, 502, "bad_upstream_response"),
    ] {
        faulty.set(fault);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let base = gateway.base.clone();
        let call = tokio::spawn(async move { get_user(&base).await });
        let health = client().get(format!("{}/healthz", gateway.base)).send().await.unwrap();
        assert_eq!(health.status(), 200, "{fault:?}: health checks are answered meanwhile");
        let (got, got_kind, body, took) = call.await.unwrap();
        assert_eq!((got, got_kind.as_str()), (status, kind), "{fault:?}: {body}");
        assert!(
            body["message"].is_string() && body["details"].is_array(),
            "{fault:?}: {body}"
        );
        assert!(
            took < FAULT_DEADLINE + std::time::Duration::from_millis(1500),
            "{fault:?} took {took:?}"
        );
        faulty.set(Fault::None);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let (got, _, body, _) = get_user(&gateway.base).await;
        assert_eq!(got, 200, "after {fault:?} the gateway did not recover: {body}");
    }
    let metrics = state.metrics.render();
    assert!(
        metrics.contains("upstream_errors_total{kind=\"deadline_exceeded\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("upstream_errors_total{kind=\"bad_response\"} 5"),
        "the five answers that are not proper gRPC are bad responses, not outages: {metrics}"
    );
}

/// The upstream going away and coming back while callers keep calling: every call gets an answer
/// (200, or a JSON 503 while it is gone) within its deadline, and calls succeed again once it is
/// back, without restarting the gateway.
#[tokio::test]
async fn an_upstream_restarted_under_load_is_recovered_from() {
    let (_healthy, faulty, gateway, _) = behind_faulty_upstream().await;
    let callers: Vec<_> = (0..4)
        .map(|_| {
            let base = gateway.base.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let until = std::time::Instant::now() + std::time::Duration::from_millis(1500);
                while std::time::Instant::now() < until {
                    let (status, kind, body, took) = get_user(&base).await;
                    seen.push((status, kind, body.is_object(), took));
                }
                seen
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    faulty.set(Fault::Close);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    faulty.set(Fault::None);
    let mut unavailable = 0;
    for caller in callers {
        let seen = caller.await.unwrap();
        for (status, kind, json, took) in &seen {
            assert!(*json, "every answer is JSON");
            assert!(
                *took < FAULT_DEADLINE + std::time::Duration::from_millis(500),
                "a call took {took:?}"
            );
            match status {
                200 => {}
                503 => {
                    assert_eq!(kind, "upstream_unavailable");
                    unavailable += 1;
                }
                other => panic!("unexpected status {other}"),
            }
        }
        assert_eq!(
            seen.last().unwrap().0,
            200,
            "calls succeed again once the upstream is back"
        );
    }
    assert!(unavailable > 0, "the outage was seen");
}
