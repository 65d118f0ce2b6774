//! The emulator's Temporal limits and injected outages against the gateway's retries, over real
//! sockets: a create retried through UNAVAILABLE creates one resource; one Idempotency-Key sent
//! twice creates one resource; a burst over a user's request rate is 429 with Retry-After when
//! retries are off and succeeds when they are on, with attempts and the retry metric agreeing;
//! the eleventh running operation is refused.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use cloud_ops_gateway::emulator::limits::RateLimits;
use cloud_ops_gateway::gateway::Gateway;
use cloud_ops_gateway::retry::RetryPolicy;
use common::emulator::{ADMIN_KEY, TestEmulator};
use common::{Options, TestGateway, client, start_gateway_with_state};
use serde_json::{Value, json};

async fn stack(limits: Option<RateLimits>, retry: RetryPolicy) -> (TestEmulator, TestGateway, Arc<Gateway>) {
    let emu = TestEmulator::start_with_limits(limits).await;
    let options = Options {
        retry,
        ..Options::default()
    };
    let (gateway, state) = start_gateway_with_state(&emu.url, options).await;
    (emu, gateway, state)
}

fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    }
}

type Answer = (u16, u32, Option<String>, Value);

async fn send(
    gateway: &TestGateway,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    send_to(&gateway.base, method, path, headers, body).await
}

async fn send_to(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Answer {
    let mut request = client()
        .request(method.parse().unwrap(), format!("{base}{path}"))
        .header("authorization", format!("Bearer {ADMIN_KEY}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let attempts = response.headers()["x-upstream-attempts"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, attempts, retry_after, response.json().await.unwrap())
}

fn new_user(email: &str) -> Value {
    json!({"spec": {"email": email, "access": {"accountAccess": {"role": "ROLE_READ"}}}})
}

async fn user_count(gateway: &TestGateway) -> usize {
    send(gateway, "GET", "/cloud/users?pageSize=100", &[], None).await.3["users"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_create_retried_through_unavailable_creates_one_resource() {
    let (emu, gateway, _) = stack(None, quick(4)).await;
    let before = user_count(&gateway).await;
    emu.emulator.fail_next(2);
    let (status, attempts, _, body) =
        send(&gateway, "POST", "/cloud/users", &[], Some(new_user("fay@example.com"))).await;
    assert_eq!((status, attempts), (200, 3), "{body}");
    assert_eq!(user_count(&gateway).await, before + 1);

    emu.emulator.fail_next(1);
    let (status, attempts, _, _) = send(&gateway, "POST", "/cloud/users", &[], Some(new_user("gus@example.com"))).await;
    assert_eq!((status, attempts), (200, 2));
    assert_eq!(user_count(&gateway).await, before + 2, "exactly one more");
}

#[tokio::test]
async fn one_idempotency_key_sent_twice_creates_one_resource() {
    let (_emu, gateway, _) = stack(None, RetryPolicy::OFF).await;
    let before = user_count(&gateway).await;
    let key = [("idempotency-key", "add-hal-1")];
    let first = send(
        &gateway,
        "POST",
        "/cloud/users",
        &key,
        Some(new_user("hal@example.com")),
    )
    .await;
    let second = send(
        &gateway,
        "POST",
        "/cloud/users",
        &key,
        Some(new_user("hal@example.com")),
    )
    .await;
    assert_eq!((first.0, second.0), (200, 200), "{} {}", first.3, second.3);
    assert_eq!(first.3["asyncOperation"]["id"], "add-hal-1");
    assert_eq!(first.3["userId"], second.3["userId"], "the same user, reported twice");
    assert_eq!(user_count(&gateway).await, before + 1);
}

/// 120 calls at once from one user, whose limit is 40/s.
async fn burst(gateway: &TestGateway) -> Vec<Answer> {
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..120 {
        let base = gateway.base.clone();
        calls.spawn(async move { send_to(&base, "GET", "/cloud/users", &[], None).await });
    }
    calls.join_all().await
}

#[tokio::test]
async fn a_burst_over_the_rate_is_429_without_retries_and_succeeds_with_them() {
    let (_emu, gateway, _) = stack(Some(RateLimits::TEMPORAL), RetryPolicy::OFF).await;
    let answers = burst(&gateway).await;
    let limited: Vec<_> = answers.iter().filter(|a| a.0 == 429).collect();
    assert!(!limited.is_empty(), "the burst went over the rate");
    assert!(answers.iter().all(|a| a.0 == 200 || a.0 == 429));
    for (_, attempts, retry_after, body) in &limited {
        assert_eq!(*attempts, 1);
        assert!(retry_after.is_some(), "{body}");
        assert_eq!(body["code"], 8, "RESOURCE_EXHAUSTED: {body}");
    }

    let spread = RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(1),
    };
    let (_emu, gateway, state) = stack(Some(RateLimits::TEMPORAL), spread).await;
    let answers = burst(&gateway).await;
    assert!(
        answers.iter().all(|a| a.0 == 200),
        "{:?}",
        answers.iter().find(|a| a.0 != 200)
    );
    let retried: u32 = answers.iter().map(|a| a.1 - 1).sum();
    assert!(retried > 0, "some calls were retried");
    let metrics = state.metrics.render();
    let line =
        format!(r#"cloud_ops_gateway_upstream_retries_total{{rpc="GetUsers",code="RESOURCE_EXHAUSTED"}} {retried}"#);
    assert!(metrics.contains(&line), "{line} in\n{metrics}");
}

#[tokio::test]
async fn the_eleventh_running_operation_is_refused() {
    let (_emu, gateway, _) = stack(Some(RateLimits::TEMPORAL), RetryPolicy::OFF).await;
    for i in 0..10 {
        let (status, _, _, body) = send(
            &gateway,
            "POST",
            "/cloud/users",
            &[],
            Some(new_user(&format!("u{i}@example.com"))),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, _, retry_after, body) =
        send(&gateway, "POST", "/cloud/users", &[], Some(new_user("u10@example.com"))).await;
    assert_eq!(status, 429, "{body}");
    assert!(body["message"].as_str().unwrap().contains("at most 10"), "{body}");
    assert!(retry_after.is_some());
}
