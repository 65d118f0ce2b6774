//! Every error row of the HTTP contract, over real sockets: routing errors, bad input, auth and
//! version errors (no upstream call), upstream statuses with details and metadata, dead or slow
//! upstreams. Each answer must be `google.rpc.Status` JSON with the right HTTP status.

use crate::common;

use std::time::Duration;

use bytes::Bytes;
use cloud_ops_gateway::gateway::Limits;
use cloud_ops_gateway::routes::by_rpc;
use cloud_ops_gateway::wkt::Any;
use common::recorder::{Answer, Recorder};
use common::{Options, TestGateway, client, encode_json, start_gateway};
use http::HeaderMap;
use prost::Message as _;
use serde_json::{Value, json};

const KEY: &str = "Bearer k-123";

struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn send(gw: &TestGateway, method: &str, uri: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
    let mut request = client().request(method.parse().unwrap(), format!("{}{uri}", gw.base));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"));
    Reply { status, headers, body }
}

/// Asserts the google.rpc.Status shape and returns the message.
fn status_body(reply: &Reply, code: i64) -> String {
    let body = reply.body.as_object().expect("error body is an object");
    assert_eq!(body["code"], code, "{:?}", reply.body);
    assert!(body["details"].is_array(), "{:?}", reply.body);
    assert_eq!(reply.headers["content-type"], "application/json");
    body["message"].as_str().unwrap().to_string()
}

async fn setup() -> (Recorder, TestGateway) {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(
        &upstream.url(),
        Options {
            limits: Limits {
                max_body_bytes: 256,
                ..Limits::default()
            },
            ..Options::default()
        },
    )
    .await;
    (upstream, gateway)
}

#[tokio::test]
async fn routing_errors_have_the_json_shape() {
    let (upstream, gw) = setup().await;
    let r = send(&gw, "GET", "/cloud/no-such-thing", &[("authorization", KEY)], None).await;
    assert_eq!(r.status, 404);
    assert!(status_body(&r, 5).contains("/cloud/no-such-thing"));
    assert_eq!(r.headers["x-gateway-error"], "route_not_found");

    let r = send(&gw, "PUT", "/cloud/users", &[("authorization", KEY)], None).await;
    assert_eq!(r.status, 405);
    status_body(&r, 12);
    let allow = r.headers["allow"].to_str().unwrap();
    assert!(
        allow.contains("GET") && allow.contains("POST") && !allow.contains("PUT"),
        "{allow}"
    );

    let r = send(
        &gw,
        "DELETE",
        "/cloud/current-identity",
        &[("authorization", KEY)],
        None,
    )
    .await;
    assert_eq!(r.status, 405);
    assert_eq!(r.headers["allow"], "GET");
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn bad_bodies_are_rejected_before_the_upstream() {
    let (upstream, gw) = setup().await;
    let json = [("authorization", KEY), ("content-type", "application/json")];

    let r = send(
        &gw,
        "POST",
        "/cloud/users",
        &[("authorization", KEY), ("content-type", "text/plain")],
        Some("{}"),
    )
    .await;
    assert_eq!(r.status, 415);
    assert!(status_body(&r, 3).contains("text/plain"));
    assert_eq!(r.headers["x-gateway-error"], "unsupported_media_type");

    let big = format!("{{\"asyncOperationId\": \"{}\"}}", "x".repeat(300));
    let r = send(&gw, "POST", "/cloud/users", &json, Some(&big)).await;
    assert_eq!(r.status, 413);
    assert!(status_body(&r, 8).contains("256"));

    let r = send(
        &gw,
        "POST",
        "/cloud/users",
        &json,
        Some("{\n  \"spec\": {\"email\": }\n}"),
    )
    .await;
    assert_eq!(r.status, 400);
    let message = status_body(&r, 3);
    assert!(message.contains("line 2 column"), "{message}");
    assert_eq!(r.headers["x-gateway-error"], "malformed_json");

    let r = send(
        &gw,
        "POST",
        "/cloud/users",
        &json,
        Some(r#"{"spec": {"emial": "a@b.c"}}"#),
    )
    .await;
    assert_eq!(r.status, 400);
    let message = status_body(&r, 3);
    assert!(message.contains("emial") && message.contains("spec"), "{message}");

    let r = send(&gw, "POST", "/cloud/users", &json, Some("[1, 2]")).await;
    assert_eq!(r.status, 400);
    assert!(status_body(&r, 3).contains("JSON object"));

    let r = send(
        &gw,
        "POST",
        "/cloud/users",
        &json,
        Some(r#"{"spec": {"access": {"accountAccess": {"role": "ROLE_KING"}}}}"#),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(status_body(&r, 3).contains("ROLE_KING"));

    let r = send(&gw, "POST", "/cloud/users?pageSize=1", &json, Some("{}")).await;
    assert_eq!(r.status, 400);
    assert!(status_body(&r, 3).contains("pageSize"));
    assert!(upstream.calls().is_empty(), "no bad request reaches the upstream");
}

#[tokio::test]
async fn bad_query_strings_name_the_parameter() {
    let (upstream, gw) = setup().await;
    let auth = [("authorization", KEY)];
    let cases = [
        ("/cloud/users?pagesize=10", "pagesize"),
        ("/cloud/users?pageSize=ten", "pageSize"),
        ("/cloud/users?pageSize=1&page_size=2", "pageSize"),
        ("/cloud/api-keys?ownerType=OWNER_TYPE_ROBOT", "OWNER_TYPE_USER"),
        ("/cloud/audit-logs?startTimeInclusive=yesterday", "startTimeInclusive"),
        ("/cloud/users/u1?email=x", "takes no query parameters"),
    ];
    for (uri, needle) in cases {
        let r = send(&gw, "GET", uri, &auth, None).await;
        assert_eq!(r.status, 400, "{uri}");
        let message = status_body(&r, 3);
        assert!(message.contains(needle), "{uri}: {message}");
    }
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn auth_and_version_errors_never_reach_the_upstream() {
    let (upstream, gw) = setup().await;
    for headers in [
        vec![],
        vec![("authorization", "Basic a2V5")],
        vec![("authorization", "Bearer ")],
    ] {
        let r = send(&gw, "GET", "/cloud/users", &headers, None).await;
        assert_eq!(r.status, 401, "{headers:?}");
        status_body(&r, 16);
        assert_eq!(r.headers["www-authenticate"], "Bearer");
    }
    let r = send(
        &gw,
        "GET",
        "/cloud/users",
        &[("authorization", KEY), ("temporal-cloud-api-version", "v0.1.0")],
        None,
    )
    .await;
    assert_eq!(r.status, 400);
    let message = status_body(&r, 3);
    assert!(
        message.contains("v0.1.0") && message.contains(cloud_ops_gateway::pb::API_VERSION),
        "{message}"
    );
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn upstream_statuses_follow_the_table_with_and_without_details_and_metadata() {
    let (upstream, gw) = setup().await;
    let route = by_rpc("GetUser").unwrap();
    let detail = Any::pack(
        "temporal.api.cloud.cloudservice.v1.GetUserRequest",
        &cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::GetUserRequest { user_id: "u1".into() },
    );
    let unknown = Any {
        type_url: "type.googleapis.com/example.Detail".into(),
        value: vec![1, 2],
    };
    let details = cloud_ops_gateway::pb::google::rpc::Status {
        code: 5,
        message: "nope".into(),
        details: vec![detail, unknown],
    };
    let mut metadata = HeaderMap::new();
    metadata.insert("x-upstream-id", "abc".parse().unwrap());
    let table = [
        (tonic::Code::Cancelled, 499),
        (tonic::Code::Unknown, 500),
        (tonic::Code::InvalidArgument, 400),
        (tonic::Code::DeadlineExceeded, 504),
        (tonic::Code::NotFound, 404),
        (tonic::Code::AlreadyExists, 409),
        (tonic::Code::PermissionDenied, 403),
        (tonic::Code::ResourceExhausted, 429),
        (tonic::Code::FailedPrecondition, 400),
        (tonic::Code::Aborted, 409),
        (tonic::Code::OutOfRange, 400),
        (tonic::Code::Unimplemented, 501),
        (tonic::Code::Internal, 500),
        (tonic::Code::Unavailable, 503),
        (tonic::Code::DataLoss, 500),
        (tonic::Code::Unauthenticated, 401),
    ];
    let with_details = json!([
        {"@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.GetUserRequest", "userId": "u1"},
        {"@type": "type.googleapis.com/example.Detail", "value": "AQI="}
    ]);
    for (code, http_status) in table {
        for (details_bin, expected_details) in [
            (Bytes::from(details.encode_to_vec()), with_details.clone()),
            (Bytes::new(), json!([])),
        ] {
            let message = format!("upstream says {code:?}");
            upstream.answer(
                route.grpc_path,
                Answer {
                    status: Some((code, message.clone(), details_bin)),
                    metadata: metadata.clone(),
                    ..Default::default()
                },
            );
            let r = send(&gw, "GET", "/cloud/users/u1", &[("authorization", KEY)], None).await;
            assert_eq!(r.status, http_status, "{code:?}");
            assert_eq!(r.body["code"], code as i64);
            assert_eq!(r.body["message"], message);
            assert!(
                r.headers.get("x-gateway-error").is_none(),
                "{code:?} came from the upstream"
            );
            assert_eq!(r.headers["grpc-metadata-x-upstream-id"], "abc");
            assert_eq!(r.body["details"], expected_details, "{code:?}");
            if code == tonic::Code::Unauthenticated {
                assert_eq!(r.headers["www-authenticate"], "Bearer");
            }
        }
    }
}

#[tokio::test]
async fn success_returns_upstream_metadata_and_request_id() {
    let (upstream, gw) = setup().await;
    let route = by_rpc("GetUser").unwrap();
    let mut metadata = HeaderMap::new();
    metadata.insert("x-upstream-id", "abc".parse().unwrap());
    let body = encode_json(route.output_type, r#"{"user": {"id": "u1"}}"#);
    upstream.answer(
        route.grpc_path,
        Answer {
            body: body.into(),
            metadata,
            ..Default::default()
        },
    );

    let r = send(
        &gw,
        "GET",
        "/cloud/users/u1",
        &[
            ("authorization", KEY),
            ("x-request-id", "req-42"),
            ("grpc-metadata-x-team", "ops"),
        ],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"user": {"id": "u1"}}));
    assert_eq!(r.headers["grpc-metadata-x-upstream-id"], "abc");
    assert_eq!(r.headers["x-request-id"], "req-42");
    let call = &upstream.calls()[0];
    assert_eq!(call.metadata["x-request-id"], "req-42");
    assert_eq!(call.metadata["x-team"], "ops");

    let r = send(&gw, "GET", "/cloud/users/u1", &[("authorization", KEY)], None).await;
    let generated = r.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(generated.len(), 36, "a UUID is generated when the caller sends none");
    assert_eq!(upstream.calls()[1].metadata["x-request-id"], generated.as_str());
}

#[tokio::test]
async fn slow_upstream_gives_504_and_dead_upstream_503() {
    let (upstream, gw) = setup().await;
    let route = by_rpc("GetUser").unwrap();
    upstream.answer(
        route.grpc_path,
        Answer {
            delay: Duration::from_secs(5),
            ..Default::default()
        },
    );
    let r = send(
        &gw,
        "GET",
        "/cloud/users/u1",
        &[("authorization", KEY), ("grpc-timeout", "200m")],
        None,
    )
    .await;
    assert_eq!(r.status, 504);
    status_body(&r, 4);
    assert_eq!(r.headers["x-gateway-error"], "deadline_exceeded");
    assert!(
        upstream.calls()[0].metadata.contains_key("grpc-timeout"),
        "deadline propagated upstream"
    );

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let gw = start_gateway(&dead, Options::default()).await;
    let r = send(&gw, "GET", "/cloud/users/u1", &[("authorization", KEY)], None).await;
    assert_eq!(r.status, 503);
    status_body(&r, 14);
    assert_eq!(r.headers["x-gateway-error"], "upstream_unavailable");
}

#[tokio::test]
async fn path_values_win_over_body_and_are_percent_decoded() {
    let (upstream, gw) = setup().await;
    let route = by_rpc("UpdateUser").unwrap();
    upstream.answer(route.grpc_path, Answer::default());
    let r = send(
        &gw,
        "POST",
        "/cloud/users/u%2F1%20x",
        &[
            ("authorization", KEY),
            ("content-type", "application/json; charset=utf-8"),
        ],
        Some(r#"{"user_id": "from-body", "resourceVersion": "7", "asyncOperationId": null}"#),
    )
    .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let mut received = common::decode_to_json(route.input_type, &upstream.calls()[0].body);
    let expected = json!({"userId": "u/1 x", "resourceVersion": "7"});
    common::drop_filled_operation_id(&mut received, &expected);
    assert_eq!(received, expected);
}
