//! Operation ids and retries over real sockets, against the recording fake upstream: every
//! mutation leaves with an operation id (the caller's `Idempotency-Key`, its own, or a fresh
//! UUID); UNAVAILABLE and RESOURCE_EXHAUSTED are retried — reads always, mutations with their
//! id unchanged — after the upstream's RetryInfo delay or a jittered backoff, inside the deadline;
//! no other code ever is; the attempts header and the retry metric say what happened.

use crate::common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use cloud_ops_gateway::retry::RetryPolicy;
use cloud_ops_gateway::routes::by_rpc;
use common::recorder::{Answer, Recorder};
use common::{Options, TestGateway, client, decode_to_json, encode_json, start_gateway_with_state};
use serde_json::{Value, json};

const KEY: &str = "Bearer retry-key";

fn failure(code: tonic::Code) -> Answer {
    Answer {
        status: Some((code, format!("upstream says {code:?}"), Bytes::new())),
        ..Default::default()
    }
}

/// RESOURCE_EXHAUSTED with a `google.rpc.RetryInfo` asking for `delay`.
fn rate_limited(delay: Duration) -> Answer {
    let status =
        cloud_ops_gateway::retry_advice::with_retry_delay(tonic::Code::ResourceExhausted, "rate limited", delay);
    Answer {
        status: Some((
            status.code(),
            status.message().to_string(),
            status.details().to_vec().into(),
        )),
        ..Default::default()
    }
}

fn ok(rpc: &str, json: &str) -> Answer {
    Answer {
        body: encode_json(by_rpc(rpc).unwrap().output_type, json).into(),
        ..Default::default()
    }
}

async fn gateway(
    upstream: &Recorder,
    retry: RetryPolicy,
) -> (TestGateway, std::sync::Arc<cloud_ops_gateway::gateway::Gateway>) {
    let options = Options {
        retry,
        deadline: Duration::from_secs(5),
        ..Options::default()
    };
    start_gateway_with_state(&upstream.url(), options).await
}

fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(50),
    }
}

struct Answered {
    status: u16,
    attempts: Option<String>,
    retry_after: Option<String>,
    body: Value,
}

async fn send(gw: &TestGateway, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Answered {
    let mut request = client()
        .request(method.parse().unwrap(), format!("{}{path}", gw.base))
        .header("authorization", KEY);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    let (attempts, retry_after) = (header("x-upstream-attempts"), header("retry-after"));
    Answered {
        status: response.status().as_u16(),
        attempts,
        retry_after,
        body: response.json().await.unwrap_or(Value::Null),
    }
}

fn operation_ids(upstream: &Recorder, rpc: &str) -> Vec<String> {
    let route = by_rpc(rpc).unwrap();
    upstream
        .calls()
        .iter()
        .filter(|c| c.path == route.grpc_path)
        .map(|c| {
            decode_to_json(route.input_type, &c.body)["asyncOperationId"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_read_is_retried_through_unavailable_and_says_how_many_attempts_it_took() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(route.grpc_path, ok("GetUser", r#"{"user": {"id": "u1"}}"#));
    upstream.answer_first(
        route.grpc_path,
        vec![failure(tonic::Code::Unavailable), failure(tonic::Code::Unavailable)],
    );
    let (gw, state) = gateway(&upstream, quick(4)).await;
    let r = send(&gw, "GET", "/cloud/users/u1", &[], None).await;
    assert_eq!((r.status, r.attempts.as_deref()), (200, Some("3")), "{}", r.body);
    assert_eq!(r.body["user"]["id"], "u1");
    let metrics = state.metrics.render();
    assert!(
        metrics.contains(r#"cloud_ops_gateway_upstream_retries_total{rpc="GetUser",code="UNAVAILABLE"} 2"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_mutation_is_retried_with_the_same_operation_id_so_it_applies_once() {
    let upstream = Recorder::start().await;
    let create = by_rpc("CreateUser").unwrap();
    upstream.answer(create.grpc_path, ok("CreateUser", r#"{"userId": "u9"}"#));
    upstream.answer_first(create.grpc_path, vec![failure(tonic::Code::Unavailable)]);
    let (gw, _) = gateway(&upstream, quick(4)).await;
    let body = json!({"spec": {"email": "dan@example.com"}});
    let r = send(&gw, "POST", "/cloud/users", &[], Some(body)).await;
    assert_eq!((r.status, r.attempts.as_deref()), (200, Some("2")), "{}", r.body);
    let ids = operation_ids(&upstream, "CreateUser");
    assert_eq!(ids.len(), 2);
    assert!(uuid::Uuid::parse_str(&ids[0]).is_ok(), "a fresh UUID: {ids:?}");
    assert_eq!(ids[0], ids[1], "the retry carries the same operation id");
}

#[tokio::test]
async fn the_idempotency_key_becomes_the_operation_id_and_must_agree_with_the_body() {
    let upstream = Recorder::start().await;
    let create = by_rpc("CreateUser").unwrap();
    upstream.answer(create.grpc_path, ok("CreateUser", r#"{"userId": "u9"}"#));
    let (gw, _) = gateway(&upstream, quick(4)).await;
    let body = json!({"spec": {"email": "dan@example.com"}});
    let keyed = [("idempotency-key", "\"create-dan-1\"")];
    assert_eq!(
        send(&gw, "POST", "/cloud/users", &keyed, Some(body.clone()))
            .await
            .status,
        200
    );
    let mut with_id = body.clone();
    with_id["asyncOperationId"] = json!("create-dan-1");
    assert_eq!(
        send(&gw, "POST", "/cloud/users", &keyed, Some(with_id)).await.status,
        200
    );
    assert_eq!(operation_ids(&upstream, "CreateUser"), ["create-dan-1", "create-dan-1"]);

    let mut other = body.clone();
    other["asyncOperationId"] = json!("create-dan-2");
    let r = send(&gw, "POST", "/cloud/users", &keyed, Some(other)).await;
    assert_eq!((r.status, r.body["code"].as_i64()), (400, Some(3)), "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains("differs"), "{}", r.body);
    let r = send(&gw, "GET", "/cloud/users", &keyed, None).await;
    assert_eq!(r.status, 400, "a read has no operation id to set: {}", r.body);
    assert_eq!(
        operation_ids(&upstream, "CreateUser").len(),
        2,
        "refusals never reach the upstream"
    );
}

#[tokio::test]
async fn other_codes_are_never_retried() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    let (gw, state) = gateway(&upstream, quick(5)).await;
    for code in [
        tonic::Code::Internal,
        tonic::Code::Unknown,
        tonic::Code::Aborted,
        tonic::Code::DeadlineExceeded,
        tonic::Code::FailedPrecondition,
        tonic::Code::NotFound,
    ] {
        upstream.clear();
        upstream.answer(route.grpc_path, failure(code));
        let r = send(&gw, "GET", "/cloud/users/u1", &[], None).await;
        assert_eq!(r.attempts.as_deref(), Some("1"), "{code:?}");
        assert_eq!(upstream.calls().len(), 1, "{code:?}");
    }
    assert!(
        !state.metrics.render().contains("upstream_retries_total{"),
        "no retry counted"
    );
}

#[tokio::test]
async fn retry_info_sets_the_delay_and_with_retries_off_the_429_keeps_its_retry_after() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(route.grpc_path, ok("GetUser", r#"{"user": {"id": "u1"}}"#));
    upstream.answer_first(route.grpc_path, vec![rate_limited(Duration::from_millis(600))]);
    let (gw, _) = gateway(&upstream, quick(3)).await;
    let started = Instant::now();
    let r = send(&gw, "GET", "/cloud/users/u1", &[], None).await;
    assert_eq!((r.status, r.attempts.as_deref()), (200, Some("2")), "{}", r.body);
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "waited as asked: {:?}",
        started.elapsed()
    );

    let upstream = Recorder::start().await;
    upstream.answer(route.grpc_path, rate_limited(Duration::from_millis(1500)));
    let (gw, _) = gateway(&upstream, RetryPolicy::OFF).await;
    let r = send(&gw, "GET", "/cloud/users/u1", &[], None).await;
    assert_eq!((r.status, r.attempts.as_deref()), (429, Some("1")), "{}", r.body);
    assert_eq!(r.retry_after.as_deref(), Some("2"), "rounded up from 1.5 s");
}

#[tokio::test]
async fn retries_stop_at_the_attempt_limit_and_inside_the_deadline() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(route.grpc_path, failure(tonic::Code::Unavailable));
    let (gw, _) = gateway(&upstream, quick(3)).await;
    let r = send(&gw, "GET", "/cloud/users/u1", &[], None).await;
    assert_eq!((r.status, r.attempts.as_deref()), (503, Some("3")), "{}", r.body);
    assert_eq!(upstream.calls().len(), 3);

    // A RetryInfo delay that would end past the 5 s deadline is not waited for.
    upstream.clear();
    upstream.answer(route.grpc_path, rate_limited(Duration::from_secs(30)));
    let started = Instant::now();
    let r = send(&gw, "GET", "/cloud/users/u1", &[], None).await;
    assert_eq!((r.status, r.attempts.as_deref()), (429, Some("1")), "{}", r.body);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}
