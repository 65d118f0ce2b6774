//! OpenTelemetry traces, received by a real OTLP collector (tests/common/collector.rs) over
//! gRPC and over HTTP/protobuf: a request's server span continues the caller's trace; each
//! upstream attempt — retries and `Prefer: wait` polls included — is a client span under it whose
//! id is the parent in the `traceparent` the upstream received; the attributes are the documented
//! ones and no span carries the API key or a query value; refusals get a span too; with tracing
//! off the caller's trace context reaches the upstream unchanged.

use crate::common;

use std::time::Duration;

use bytes::Bytes;
use cloud_ops_gateway::retry::RetryPolicy;
use cloud_ops_gateway::routes::by_rpc;
use common::collector::{Collector, Received, attr, hex};
use common::emulator::{ADMIN_KEY, LATENCY, TestEmulator};
use common::recorder::{Answer, Recorder};
use common::{Options, client, encode_json, start_gateway_with_state};
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use opentelemetry_proto::tonic::trace::v1::status::StatusCode;

const SECRET: &str = "tmprl-TRACE-SECRET-9d41";
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN: &str = "00f067aa0ba902b7";
const SERVICE: &str = "temporal.api.cloud.cloudservice.v1.CloudService";

fn of_kind(spans: &[Received], kind: SpanKind) -> Vec<&Received> {
    spans.iter().filter(|r| r.span.kind == kind as i32).collect()
}

fn a(received: &Received, key: &str) -> Option<String> {
    attr(&received.span.attributes, key)
}

fn ok(rpc: &str, json: &str) -> Answer {
    Answer {
        body: encode_json(by_rpc(rpc).unwrap().output_type, json).into(),
        ..Default::default()
    }
}

fn failure(code: tonic::Code) -> Answer {
    Answer {
        status: Some((code, format!("upstream says {code:?}"), Bytes::new())),
        ..Default::default()
    }
}

/// The upstream received `traceparent` `00-<trace>-<parent>-<flags>`: (trace, parent).
fn traceparent_of(metadata: &http::HeaderMap) -> (String, String) {
    let value = metadata["traceparent"].to_str().unwrap();
    let parts: Vec<&str> = value.split('-').collect();
    assert_eq!((parts.len(), parts[0], parts[3]), (4, "00", "01"), "{value}");
    (parts[1].to_string(), parts[2].to_string())
}

#[tokio::test]
async fn a_request_continues_the_callers_trace_down_to_the_upstream_over_grpc() {
    let collector = Collector::grpc().await;
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUsers").unwrap();
    upstream.answer(route.grpc_path, ok("GetUsers", r#"{"users": [{"id": "u1"}]}"#));
    let options = Options {
        traces: Some(collector.settings()),
        ..Options::default()
    };
    let (gw, state) = start_gateway_with_state(&upstream.url(), options).await;
    let response = client()
        .get(format!("{}/cloud/users?email=QUERYVALUE-7731%40example.com", gw.base))
        .header("authorization", format!("Bearer {SECRET}"))
        .header("traceparent", format!("00-{TRACE_ID}-{CALLER_SPAN}-01"))
        .header("tracestate", "vendor=abc")
        .header("x-request-id", "req-trace-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    state.traces.flush().await.unwrap();
    let spans = collector.wait_for(2, Duration::from_secs(5)).await;
    assert_eq!(spans.len(), 2, "{spans:#?}");

    let [server] = of_kind(&spans, SpanKind::Server)[..] else {
        panic!("one server span: {spans:#?}")
    };
    assert_eq!(server.span.name, "GET /cloud/users");
    assert_eq!(server.service_name, "cloud-ops-gateway");
    assert_eq!(hex(&server.span.trace_id), TRACE_ID, "the caller's trace");
    assert_eq!(
        hex(&server.span.parent_span_id),
        CALLER_SPAN,
        "the caller's span is the parent"
    );
    assert_eq!(server.span.trace_state, "vendor=abc");
    for (key, value) in [
        ("http.request.method", "GET"),
        ("http.route", "/cloud/users"),
        ("rpc.system", "grpc"),
        ("rpc.service", SERVICE),
        ("rpc.method", "GetUsers"),
        ("http.response.status_code", "200"),
        ("rpc.grpc.status_code", "0"),
        ("http.request.header.x-request-id", "req-trace-1"),
    ] {
        assert_eq!(a(server, key).as_deref(), Some(value), "server span {key}");
    }
    assert_eq!(a(server, "error.type"), None);
    assert_ne!(
        server.span.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );

    let [call] = of_kind(&spans, SpanKind::Client)[..] else {
        panic!("one client span: {spans:#?}")
    };
    assert_eq!(call.span.name, format!("{SERVICE}/GetUsers"));
    assert_eq!(call.span.trace_id, server.span.trace_id);
    assert_eq!(
        call.span.parent_span_id, server.span.span_id,
        "a child of the server span"
    );
    assert_eq!(call.span.trace_state, "vendor=abc", "the trace state travels on");
    assert!(call.span.start_time_unix_nano >= server.span.start_time_unix_nano);
    assert!(call.span.end_time_unix_nano <= server.span.end_time_unix_nano);
    for (key, value) in [
        ("rpc.system", "grpc"),
        ("rpc.service", SERVICE),
        ("rpc.method", "GetUsers"),
        ("rpc.grpc.status_code", "0"),
        ("server.address", "127.0.0.1"),
        ("server.port", &upstream.addr.port().to_string()),
    ] {
        assert_eq!(a(call, key).as_deref(), Some(value), "client span {key}");
    }

    // The upstream saw the client span as the parent, in the caller's trace.
    let calls = upstream.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        traceparent_of(&calls[0].metadata),
        (TRACE_ID.to_string(), hex(&call.span.span_id))
    );
    assert_eq!(calls[0].metadata["tracestate"], "vendor=abc");

    // Neither the key nor the query value is anywhere; the search does find what is there.
    let everything = collector.everything();
    assert!(
        everything.contains("req-trace-1") && everything.contains("GetUsers"),
        "{everything}"
    );
    assert!(!everything.contains(SECRET), "the API key is in a span: {everything}");
    assert!(
        !everything.contains("QUERYVALUE"),
        "a query value is in a span: {everything}"
    );
    state.traces.shutdown(Duration::from_secs(2)).await;
}

#[tokio::test]
async fn each_retry_is_its_own_client_span_over_http_protobuf() {
    let collector = Collector::http().await;
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(route.grpc_path, ok("GetUser", r#"{"user": {"id": "u1"}}"#));
    upstream.answer_first(route.grpc_path, vec![failure(tonic::Code::Unavailable)]);
    let options = Options {
        traces: Some(collector.settings()),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(50),
        },
        ..Options::default()
    };
    let (gw, state) = start_gateway_with_state(&upstream.url(), options).await;
    let response = client()
        .get(format!("{}/cloud/users/u1", gw.base))
        .header("authorization", format!("Bearer {SECRET}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-upstream-attempts"], "2");
    state.traces.flush().await.unwrap();
    let spans = collector.wait_for(3, Duration::from_secs(5)).await;
    let [server] = of_kind(&spans, SpanKind::Server)[..] else {
        panic!("one server span: {spans:#?}")
    };
    assert_eq!(
        server.span.parent_span_id,
        Vec::<u8>::new(),
        "no caller context: a new trace"
    );
    assert_eq!(a(server, "http.route").as_deref(), Some("/cloud/users/{user_id}"));
    let mut attempts = of_kind(&spans, SpanKind::Client);
    attempts.sort_by_key(|r| r.span.start_time_unix_nano);
    assert_eq!(attempts.len(), 2, "one client span per attempt: {spans:#?}");
    for attempt in &attempts {
        assert_eq!(attempt.span.parent_span_id, server.span.span_id);
        assert_eq!(attempt.span.trace_id, server.span.trace_id);
    }
    assert_eq!(a(attempts[0], "rpc.grpc.status_code").as_deref(), Some("14"));
    assert_eq!(a(attempts[0], "error.type").as_deref(), Some("UNAVAILABLE"));
    assert_eq!(
        attempts[0].span.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );
    assert_eq!(a(attempts[1], "rpc.grpc.status_code").as_deref(), Some("0"));
    assert!(attempts[0].span.end_time_unix_nano <= attempts[1].span.start_time_unix_nano);

    // Each attempt told the upstream its own span.
    let parents: Vec<(String, String)> = upstream.calls().iter().map(|c| traceparent_of(&c.metadata)).collect();
    let trace = hex(&server.span.trace_id);
    assert_eq!(
        parents,
        attempts
            .iter()
            .map(|s| (trace.clone(), hex(&s.span.span_id)))
            .collect::<Vec<_>>()
    );
    assert!(!collector.everything().contains(SECRET));
    state.traces.shutdown(Duration::from_secs(2)).await;
}

#[tokio::test]
async fn each_poll_of_prefer_wait_is_a_client_span_against_the_emulator() {
    let collector = Collector::grpc().await;
    let emu = TestEmulator::start().await;
    let options = Options {
        traces: Some(collector.settings()),
        ..Options::default()
    };
    let (gw, state) = start_gateway_with_state(&emu.url, options).await;
    let body = serde_json::json!({"spec": {"name": "traced", "retentionDays": 7,
        "replicas": [{"region": "aws-us-east-1"}], "apiKeyAuth": {"enabled": true}}});
    let created: serde_json::Value = client()
        .post(format!("{}/cloud/namespaces", gw.base))
        .header("authorization", format!("Bearer {ADMIN_KEY}"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["asyncOperation"]["id"]
        .as_str()
        .expect("an operation")
        .to_string();
    // The emulator's clock then stands still just short of the end: the operation stays pending,
    // each answer asks to check again soon, and the gateway polls until the wait runs out.
    emu.clock.advance(LATENCY - Duration::from_millis(150));
    let response = client()
        .get(format!("{}/cloud/operations/{id}", gw.base))
        .header("authorization", format!("Bearer {ADMIN_KEY}"))
        .header("traceparent", format!("00-{TRACE_ID}-{CALLER_SPAN}-01"))
        .header("prefer", "wait=1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
    state.traces.flush().await.unwrap();
    let spans = collector.wait_for(5, Duration::from_secs(5)).await;
    let spans: Vec<Received> = spans
        .into_iter()
        .filter(|r| hex(&r.span.trace_id) == TRACE_ID)
        .collect();
    let [server] = of_kind(&spans, SpanKind::Server)[..] else {
        panic!("one server span: {spans:#?}")
    };
    assert_eq!(server.span.name, "GET /cloud/operations/{async_operation_id}");
    assert_eq!(hex(&server.span.parent_span_id), CALLER_SPAN);
    assert_eq!(a(server, "http.response.status_code").as_deref(), Some("202"));
    let calls = of_kind(&spans, SpanKind::Client);
    assert!(
        calls.len() >= 3,
        "the call and one span per poll (at least two): {spans:#?}"
    );
    assert!(
        calls
            .iter()
            .all(|c| c.span.name == format!("{SERVICE}/GetAsyncOperation")
                && c.span.parent_span_id == server.span.span_id)
    );
    assert!(!collector.everything().contains(ADMIN_KEY), "the API key is in a span");
    state.traces.shutdown(Duration::from_secs(2)).await;
}

#[tokio::test]
async fn errors_and_refusals_are_in_the_spans_by_kind_and_code() {
    let collector = Collector::grpc().await;
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(route.grpc_path, failure(tonic::Code::NotFound));
    let options = Options {
        traces: Some(collector.settings()),
        ..Options::default()
    };
    let (gw, state) = start_gateway_with_state(&upstream.url(), options).await;
    let send = |path: &str| {
        client()
            .get(format!("{}{path}", gw.base))
            .header("authorization", format!("Bearer {SECRET}"))
            .send()
    };
    assert_eq!(send("/cloud/users/nobody").await.unwrap().status(), 404);
    assert_eq!(send("/no/such/route").await.unwrap().status(), 404);
    let unauthenticated = client()
        .get(format!("{}/cloud/users/u1", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    state.traces.flush().await.unwrap();
    let spans = collector.wait_for(4, Duration::from_secs(5)).await;
    let servers = of_kind(&spans, SpanKind::Server);
    assert_eq!(servers.len(), 3, "{spans:#?}");

    let found = servers.iter().find(|s| {
        s.span.name == "GET /cloud/users/{user_id}" && a(s, "http.response.status_code").as_deref() == Some("404")
    });
    let found = found.expect("the upstream's NOT_FOUND");
    assert_eq!(a(found, "rpc.grpc.status_code").as_deref(), Some("5"));
    assert_eq!(a(found, "error.type").as_deref(), Some("NOT_FOUND"));
    assert_ne!(
        found.span.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32),
        "a 4xx is not the server's error"
    );
    let [call] = of_kind(&spans, SpanKind::Client)[..] else {
        panic!("one client span: {spans:#?}")
    };
    assert_eq!(call.span.parent_span_id, found.span.span_id);
    assert_eq!(
        call.span.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );

    let unmatched = servers
        .iter()
        .find(|s| s.span.name == "GET")
        .expect("the unrouted request's span");
    assert_eq!(
        a(unmatched, "http.route"),
        None,
        "no route template for an unrouted request"
    );
    assert_eq!(a(unmatched, "error.type").as_deref(), Some("route_not_found"));
    assert_eq!(a(unmatched, "rpc.method"), None);

    let refused = servers
        .iter()
        .find(|s| a(s, "http.response.status_code").as_deref() == Some("401"))
        .unwrap();
    assert_eq!(a(refused, "error.type").as_deref(), Some("unauthenticated"));
    assert_eq!(
        upstream.calls().len(),
        1,
        "the unauthenticated request never went upstream"
    );
    assert!(!collector.everything().contains(SECRET));
    assert!(
        !collector.everything().contains("nobody"),
        "path values are not recorded"
    );
    state.traces.shutdown(Duration::from_secs(2)).await;
}

#[tokio::test]
async fn with_tracing_off_the_callers_trace_context_is_forwarded_unchanged() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(route.grpc_path, ok("GetUser", r#"{"user": {"id": "u1"}}"#));
    let (gw, state) = start_gateway_with_state(&upstream.url(), Options::default()).await;
    assert!(!state.traces.is_on());
    let caller = format!("00-{TRACE_ID}-{CALLER_SPAN}-01");
    let response = client()
        .get(format!("{}/cloud/users/u1", gw.base))
        .header("authorization", format!("Bearer {SECRET}"))
        .header("traceparent", &caller)
        .header("tracestate", "vendor=abc")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let calls = upstream.calls();
    assert_eq!(calls[0].metadata["traceparent"], caller.as_str());
    assert_eq!(calls[0].metadata["tracestate"], "vendor=abc");
}
