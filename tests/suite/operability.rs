//! Operating the gateway: metrics exposition, readiness, load shedding, header limits, CORS,
//! compression, Retry-After from upstream RetryInfo, graceful drain, and configuration errors.

use crate::common;

use std::time::Duration;

use cloud_ops_gateway::config::ConnectionOptions;
use cloud_ops_gateway::gateway::Limits;
use cloud_ops_gateway::listener::ConnectionLimits;
use cloud_ops_gateway::routes::by_rpc;
use cloud_ops_gateway::wkt::Any;
use common::recorder::{Answer, Recorder};
use common::{Options, client, encode_json, start_gateway, start_gateway_with_state};
use prost::Message as _;

const KEY: &str = "Bearer k-ops";

pub(crate) fn get_user_answer(delay: Duration) -> (&'static str, Answer) {
    let route = by_rpc("GetUser").unwrap();
    let body = encode_json(
        route.output_type,
        r#"{"user": {"id": "u1", "spec": {"email": "a@example.com"}}}"#,
    );
    (
        route.grpc_path,
        Answer {
            body: body.into(),
            delay,
            ..Default::default()
        },
    )
}

#[tokio::test]
async fn metrics_count_requests_by_route_rpc_and_code() {
    let upstream = Recorder::start().await;
    let (path, answer) = get_user_answer(Duration::ZERO);
    upstream.answer(path, answer);
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let http = client();
    for uri in ["/cloud/users/u1", "/cloud/users/u2", "/cloud/users?bogus=1"] {
        http.get(format!("{}{uri}", gateway.base))
            .header("authorization", KEY)
            .send()
            .await
            .unwrap();
    }
    let text = common::metrics_text(&gateway.base).await;
    let ok =
        r#"cloud_ops_gateway_requests_total{route="/cloud/users/{user_id}",method="GET",rpc="GetUser",code="OK"} 2"#;
    assert!(text.contains(ok), "{text}");
    let bad = r#"cloud_ops_gateway_requests_total{route="/cloud/users",method="GET",rpc="GetUsers",code="INVALID_ARGUMENT"} 1"#;
    assert!(text.contains(bad), "{text}");
    assert!(text.contains(
        r#"cloud_ops_gateway_request_duration_seconds_count{route="/cloud/users/{user_id}",rpc="GetUser"} 2"#
    ));
    assert!(text.contains("cloud_ops_gateway_in_flight_requests 0"));
    assert!(text.contains(&format!(
        r#"cloud_ops_gateway_build_info{{version="{}",api_version="{}"}} 1"#,
        env!("CARGO_PKG_VERSION"),
        cloud_ops_gateway::pb::API_VERSION
    )));
    assert!(!text.contains("/cloud/users/u1"), "raw paths never become labels");
    assert!(!text.contains("k-ops"), "keys never become labels");
}

#[tokio::test]
async fn readiness_follows_the_upstream_and_flips_when_draining() {
    let upstream = Recorder::start().await;
    let (gateway, state) = start_gateway_with_state(&upstream.url(), Options::default()).await;
    let http = client();
    let ready = http.get(format!("{}/readyz", gateway.base)).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(
        http.get(format!("{}/healthz", gateway.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    state.begin_drain();
    let draining = http.get(format!("{}/readyz", gateway.base)).send().await.unwrap();
    assert_eq!(draining.status(), 503);
    assert_eq!(
        http.get(format!("{}/healthz", gateway.base))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "still alive"
    );

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let gateway = start_gateway(&dead, Options::default()).await;
    let not_ready = http.get(format!("{}/readyz", gateway.base)).send().await.unwrap();
    assert_eq!(not_ready.status(), 503);
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_are_shed_with_retry_after() {
    let upstream = Recorder::start().await;
    let (path, answer) = get_user_answer(Duration::from_millis(600));
    upstream.answer(path, answer);
    let limits = Limits {
        max_concurrency: 1,
        ..Limits::default()
    };
    let gateway = start_gateway(
        &upstream.url(),
        Options {
            limits,
            ..Options::default()
        },
    )
    .await;
    let http = client();
    let url = format!("{}/cloud/users/u1", gateway.base);
    let slow = tokio::spawn({
        let (http, url) = (http.clone(), url.clone());
        async move {
            http.get(url)
                .header("authorization", KEY)
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let shed = http.get(&url).header("authorization", KEY).send().await.unwrap();
    assert_eq!(shed.status(), 503);
    assert_eq!(shed.headers()["retry-after"], "1");
    assert_eq!(shed.headers()["x-gateway-error"], "overloaded");
    let body: serde_json::Value = shed.json().await.unwrap();
    assert_eq!(body["code"], 14);
    assert_eq!(slow.await.unwrap(), 200, "the admitted request completes");
    let health = http.get(format!("{}/healthz", gateway.base)).send().await.unwrap();
    assert_eq!(health.status(), 200, "health is not subject to the limit");
    let metrics = common::metrics_text(&gateway.base).await;
    assert!(metrics.contains("cloud_ops_gateway_shed_requests_total 1"), "{metrics}");
}

#[tokio::test]
async fn oversized_headers_get_431() {
    let upstream = Recorder::start().await;
    let limits = Limits {
        max_header_bytes: 1024,
        ..Limits::default()
    };
    let gateway = start_gateway(
        &upstream.url(),
        Options {
            limits,
            ..Options::default()
        },
    )
    .await;
    let response = client()
        .get(format!("{}/cloud/users/u1", gateway.base))
        .header("authorization", KEY)
        .header("x-padding", "p".repeat(2000))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 431);
    assert_eq!(response.headers()["x-gateway-error"], "headers_too_large");
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let upstream = Recorder::start().await;
    let options = Options {
        cors_origins: vec!["https://portal.example.com"],
        ..Options::default()
    };
    let gateway = start_gateway(&upstream.url(), options).await;
    let http = client();
    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, format!("{}/cloud/users", gateway.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization, content-type")
            .send()
    };
    let allowed = preflight("https://portal.example.com").await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://portal.example.com"
    );
    let methods = allowed.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(methods.contains("POST"), "{methods}");
    assert!(!methods.contains("PUT"), "no route serves PUT: {methods}");
    let exposed = |response: &reqwest::Response| {
        response.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
    };
    let conditional = http
        .request(reqwest::Method::OPTIONS, format!("{}/cloud/users/u1", gateway.base))
        .header("origin", "https://portal.example.com")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "if-match, if-none-match, prefer, idempotency-key",
        )
        .send()
        .await
        .unwrap();
    let allowed_headers = conditional.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["if-match", "if-none-match", "prefer", "idempotency-key"] {
        assert!(allowed_headers.contains(name), "{name} in {allowed_headers}");
    }
    let get = http
        .get(format!("{}/cloud/users", gateway.base))
        .header("origin", "https://portal.example.com")
        .send()
        .await
        .unwrap();
    let exposed = exposed(&get);
    for name in [
        "etag",
        "link",
        "x-request-id",
        "temporal-cloud-api-version",
        "x-upstream-attempts",
        "x-operation-state",
    ] {
        assert!(exposed.contains(name), "{name} in {exposed}");
    }
    let foreign = preflight("https://evil.example.net").await.unwrap();
    assert!(
        foreign.headers().get("access-control-allow-origin").is_none(),
        "foreign origin gets no CORS grant"
    );
    assert!(upstream.calls().is_empty(), "preflights never reach the upstream");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_asks() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUsers").unwrap();
    let users: Vec<String> = (0..200)
        .map(|i| format!(r#"{{"id": "user-{i}", "spec": {{"email": "u{i}@example.com"}}}}"#))
        .collect();
    let body = encode_json(route.output_type, &format!(r#"{{"users": [{}]}}"#, users.join(",")));
    upstream.answer(
        route.grpc_path,
        Answer {
            body: body.into(),
            ..Default::default()
        },
    );
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let http = client();
    let url = format!("{}/cloud/users", gateway.base);
    let gzip = http
        .get(&url)
        .header("authorization", KEY)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let plain = http.get(&url).header("authorization", KEY).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(
        plain.json::<serde_json::Value>().await.unwrap()["users"]
            .as_array()
            .unwrap()
            .len(),
        200
    );
}

#[tokio::test]
async fn resource_exhausted_with_retry_info_becomes_429_with_retry_after() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUser").unwrap();
    // google.rpc.RetryInfo { retry_delay: 2.5s } — field 1, a Duration {seconds: 2, nanos: 5e8}.
    let delay = cloud_ops_gateway::wkt::Duration {
        seconds: 2,
        nanos: 500_000_000,
    };
    let mut retry_info = Vec::new();
    prost::encoding::message::encode(1, &delay, &mut retry_info);
    let detail = Any {
        type_url: "type.googleapis.com/google.rpc.RetryInfo".into(),
        value: retry_info,
    };
    let status = cloud_ops_gateway::pb::google::rpc::Status {
        code: 8,
        message: "slow down".into(),
        details: vec![detail],
    };
    let answer = Answer {
        status: Some((
            tonic::Code::ResourceExhausted,
            "slow down".into(),
            status.encode_to_vec().into(),
        )),
        ..Default::default()
    };
    upstream.answer(route.grpc_path, answer);
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let response = client()
        .get(format!("{}/cloud/users/u1", gateway.base))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "3", "2.5 s rounds up");
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish() {
    let upstream = Recorder::start().await;
    let (path, answer) = get_user_answer(Duration::from_millis(800));
    upstream.answer(path, answer);
    let options = cloud_ops_gateway::config::GatewayOptions {
        api_version: None,
        request_timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        keepalive_interval: Duration::from_secs(30),
        max_body_bytes: 1 << 20,
        max_header_bytes: 1 << 14,
        max_concurrency: 16,
        retry_max_attempts: 1,
        max_wait: Duration::from_secs(60),
        retry_base_delay: Duration::from_millis(250),
        retry_max_delay: Duration::from_secs(5),
        body_read_timeout: Duration::from_secs(10),
        connections: ConnectionOptions {
            max_connections: 64,
            ..ConnectionOptions::from(&ConnectionLimits::DEFAULT)
        },
        upstream_max_header_bytes: 1 << 20,
        tls_cert: None,
        tls_key: None,
        tls_reload_interval: Duration::from_secs(10),
        cors_allow_origins: Vec::new(),
        metrics_listen: None,
        docs_on_metrics_listener: false,
        shutdown_grace: Duration::from_secs(5),
        traces: Default::default(),
    };
    let gateway = cloud_ops_gateway::serve::build_gateway(
        &options,
        &options.upstream_config(upstream.url().parse().unwrap(), false),
    )
    .unwrap_or_else(|_| panic!("valid options"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (trigger, signal) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let shutdown = async {
            let _ = signal.await;
        };
        cloud_ops_gateway::serve::serve_gateway(listener, gateway, &options, shutdown)
            .await
            .is_ok()
    });
    let http = client();
    let in_flight = tokio::spawn({
        let (http, url) = (http.clone(), format!("{base}/cloud/users/u1"));
        async move {
            http.get(url)
                .header("authorization", KEY)
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    trigger.send(()).unwrap();
    assert_eq!(
        in_flight.await.unwrap().unwrap(),
        200,
        "the request that was in flight completes"
    );
    assert!(server.await.unwrap(), "the server exits cleanly after draining");
    assert!(
        http.get(format!("{base}/healthz")).send().await.is_err(),
        "no longer accepting"
    );
}

#[test]
fn invalid_configuration_exits_64_with_a_one_line_reason() {
    let binary = env!("CARGO_BIN_EXE_cloud-ops-gateway");
    let cases: [&[&str]; 7] = [
        &["serve", "--listen", "not-an-address"],
        &["serve", "--upstream-ca-file", "/nonexistent/ca.pem"],
        &["dev", "--api-key", "has space"],
        &["serve", "--upstream", "http://10.1.2.3:7233"],
        &["serve", "--cors-allow-origin", "*"],
        &["serve", "--max-concurrency", "0"],
        &["serve", "--request-timeout", "soon"],
    ];
    for args in cases {
        let output = std::process::Command::new(binary)
            .args(args)
            .env_remove("RUST_LOG")
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(64),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.trim().is_empty(), "{args:?} gives a reason");
    }
    let help = std::process::Command::new(binary)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--upstream",
        "CLOUD_OPS_GATEWAY_UPSTREAM",
        "--max-concurrency",
        "--cors-allow-origin",
        "--shutdown-grace",
    ] {
        assert!(text.contains(flag), "--help documents {flag}");
    }
}
