//! `Prefer: wait` over real sockets, through the gateway to an emulator on the system clock whose
//! operations take a real `--op-latency`: the answer carries the operation as it ended (or as it
//! was when the wait ran out), `Preference-Applied`, `x-operation-state` and the status of the
//! documented mapping (200 fulfilled, 202 still running with `Retry-After`, 422 failed, cancelled
//! or rejected); the wait is capped by `--max-wait`; waits are counted.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_ops_gateway::emulator::{Clock, Emulator, EmulatorConfig, demo};
use cloud_ops_gateway::gateway::Gateway;
use common::{Options, TestGateway, client, start_gateway_with_state};
use serde_json::{Value, json};

const KEY: &str = "wait-test-key";

struct Live {
    gateway: TestGateway,
    state: Arc<Gateway>,
    emulator: Emulator,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// An emulator on the system clock with operations taking `latency`, and a gateway in front.
async fn live(latency: Duration) -> Live {
    live_with(latency, Gateway::DEFAULT_MAX_WAIT).await
}

/// [`live`] with the gateway's `--max-wait`.
async fn live_with(latency: Duration, max_wait: Duration) -> Live {
    let config = EmulatorConfig {
        op_latency: latency,
        clock: Clock::System,
        state_file: None,
        limits: None,
        unavailable_fraction: 0.0,
    };
    let emulator = Emulator::new(demo::bootstrap(KEY, Clock::System.now()), config).unwrap();
    let handle = emulator.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(emulator.serve(listener, async {
        let _ = stopped.await;
    }));
    let options = Options {
        max_wait,
        ..Options::default()
    };
    let (gateway, state) = start_gateway_with_state(&url, options).await;
    Live {
        gateway,
        state,
        emulator: handle,
        _stop: stop,
    }
}

struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Value,
    took: Duration,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string())
    }
}

async fn send(live: &Live, method: &str, path: &str, prefer: Option<&str>, body: Option<Value>) -> Answer {
    let mut request = client()
        .request(method.parse().unwrap(), format!("{}{path}", live.gateway.base))
        .header("authorization", format!("Bearer {KEY}"));
    if let Some(prefer) = prefer {
        request = request.header("prefer", prefer);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let headers = response.headers().clone();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap();
    Answer {
        status,
        headers,
        body,
        took: started.elapsed(),
    }
}

fn namespace(name: &str, operation_id: Option<&str>) -> Value {
    let mut body = json!({"spec": {"name": name, "retentionDays": 7, "replicas": [{"region": "aws-us-east-1"}], "apiKeyAuth": {"enabled": true}}});
    if let Some(id) = operation_id {
        body["asyncOperationId"] = json!(id);
    }
    body
}

#[tokio::test]
async fn a_create_with_prefer_wait_answers_the_fulfilled_operation_in_one_call() {
    let live = live(Duration::from_millis(600)).await;
    let r = send(
        &live,
        "POST",
        "/cloud/namespaces",
        Some("wait=10"),
        Some(namespace("waited", None)),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["asyncOperation"]["state"], "STATE_FULFILLED", "{}", r.body);
    assert!(
        r.body["namespace"].is_string(),
        "the rest of the response stays: {}",
        r.body
    );
    assert_eq!(r.header("x-operation-state").as_deref(), Some("STATE_FULFILLED"));
    assert_eq!(r.header("preference-applied").as_deref(), Some("wait=10"));
    assert!(r.took >= Duration::from_millis(500), "it waited: {:?}", r.took);
    let metrics = live.state.metrics.render();
    assert!(
        metrics.contains(r#"cloud_ops_gateway_operation_waits_total{rpc="CreateNamespace",state="STATE_FULFILLED"} 1"#),
        "{metrics}"
    );

    // Without the preference: at once, still pending, nothing applied.
    let r = send(
        &live,
        "POST",
        "/cloud/namespaces",
        None,
        Some(namespace("unwaited", None)),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["asyncOperation"]["state"], "STATE_PENDING", "{}", r.body);
    assert_eq!(r.header("preference-applied"), None);

    // GetAsyncOperation takes it too.
    let id = r.body["asyncOperation"]["id"].as_str().unwrap().to_string();
    let r = send(
        &live,
        "GET",
        &format!("/cloud/operations/{id}"),
        Some("respond-async, wait=10"),
        None,
    )
    .await;
    assert_eq!(
        (r.status, r.body["asyncOperation"]["state"].as_str()),
        (200, Some("STATE_FULFILLED"))
    );
}

#[tokio::test]
async fn a_poll_that_meets_an_outage_is_tried_again_within_the_wait() {
    let live = live(Duration::from_millis(1500)).await;
    let created = send(
        &live,
        "POST",
        "/cloud/namespaces",
        None,
        Some(namespace("outage", None)),
    )
    .await;
    let id = created.body["asyncOperation"]["id"].as_str().unwrap().to_string();
    let waiting = {
        let base = live.gateway.base.clone();
        tokio::spawn(async move {
            let response = client()
                .get(format!("{base}/cloud/operations/{id}"))
                .header("authorization", format!("Bearer {KEY}"))
                .header("prefer", "wait=10")
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), response.json::<Value>().await.unwrap())
        })
    };
    // The wait's first poll comes about 1.5 s in (the operation's checkDuration); the outage is
    // in place well before it and takes that poll and the next.
    tokio::time::sleep(Duration::from_millis(500)).await;
    live.emulator.fail_next(2);
    let (status, body) = waiting.await.unwrap();
    assert_eq!(status, 200, "the wait outlived the outage: {body}");
    assert_eq!(body["asyncOperation"]["state"], "STATE_FULFILLED", "{body}");
}

#[tokio::test]
async fn rejected_and_failed_operations_end_the_wait_with_422() {
    let live = live(Duration::from_millis(400)).await;
    let r = send(
        &live,
        "POST",
        "/cloud/namespaces",
        Some("wait=10"),
        Some(namespace("refused", Some("reject-1"))),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.header("x-operation-state").as_deref(), Some("STATE_REJECTED"));
    assert!(
        r.took < Duration::from_millis(400),
        "a rejection ends the wait at once: {:?}",
        r.took
    );

    let r = send(
        &live,
        "POST",
        "/cloud/namespaces",
        Some("wait=10"),
        Some(namespace("broken", Some("fail-1"))),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.header("x-operation-state").as_deref(), Some("STATE_FAILED"));
    assert!(r.body["asyncOperation"]["failureReason"].is_string(), "{}", r.body);
}

#[tokio::test]
async fn a_short_wait_on_a_slow_operation_answers_202_with_retry_after() {
    let live = live(Duration::from_secs(5)).await;
    let r = send(
        &live,
        "POST",
        "/cloud/namespaces",
        Some("wait=1"),
        Some(namespace("slow", None)),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let state = r.header("x-operation-state").unwrap();
    assert!(state == "STATE_PENDING" || state == "STATE_IN_PROGRESS", "{state}");
    assert_eq!(r.body["asyncOperation"]["state"], state.as_str());
    assert!(r.header("retry-after").is_some());
    assert_eq!(r.header("preference-applied").as_deref(), Some("wait=1"));
    assert!(
        r.took >= Duration::from_millis(900) && r.took < Duration::from_millis(2500),
        "about a second: {:?}",
        r.took
    );
}

#[tokio::test]
async fn the_operator_cap_bounds_the_wait() {
    let live = live_with(Duration::from_secs(5), Duration::from_secs(1)).await;
    let r = send(
        &live,
        "POST",
        "/cloud/namespaces",
        Some("wait=30"),
        Some(namespace("capped", None)),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.header("preference-applied").as_deref(), Some("wait=1"));
    assert!(r.took < Duration::from_millis(2500), "{:?}", r.took);
}

/// The client going away ends the polling: no GetAsyncOperation call after it left.
#[tokio::test]
async fn a_client_that_leaves_stops_the_polling() {
    use common::recorder::{Answer as Canned, Recorder};
    use tokio::io::AsyncWriteExt;
    let upstream = Recorder::start().await;
    let pending = r#"{"asyncOperation": {"id": "op-1", "state": "STATE_PENDING", "checkDuration": "0.2s"}}"#;
    for rpc in ["CreateUser", "GetAsyncOperation"] {
        let route = cloud_ops_gateway::routes::by_rpc(rpc).unwrap();
        let body = common::encode_json(route.output_type, pending).into();
        upstream.answer(
            route.grpc_path,
            Canned {
                body,
                ..Default::default()
            },
        );
    }
    let gateway = common::start_gateway(&upstream.url(), Options::default()).await;
    let polls = || {
        upstream
            .calls()
            .iter()
            .filter(|c| c.path.ends_with("/GetAsyncOperation"))
            .count()
    };
    let address = gateway.base.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let body = r#"{"spec": {"email": "dan@example.com"}}"#;
    let request = format!(
        "POST /cloud/users HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {KEY}\r\nprefer: wait=20\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert!(polls() >= 2, "it was polling: {}", polls());
    drop(socket);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after_leaving = polls();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(polls(), after_leaving, "no poll after the client left");
}
