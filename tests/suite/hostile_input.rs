//! Input a careless or hostile client sends, end to end through the gateway: number forms that
//! proto3 JSON allows (accepted and forwarded exactly), and what it does not — duplicate keys,
//! out-of-range numbers, bytes that are not UTF-8, header values gRPC metadata cannot carry —
//! refused with a 400 that names the field, before anything reaches the upstream.

use cloud_ops_gateway::routes::by_rpc;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{Value, json};

use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, TestGateway, client, decode_to_json, encode_json, start_gateway};

const KEY: &str = "Bearer hostile-test-key";

async fn setup() -> (Recorder, TestGateway) {
    let upstream = Recorder::start().await;
    for (rpc, response) in [
        ("CreateNamespace", r#"{"asyncOperation": {"id": "op-1"}}"#),
        ("GetUsers", r#"{}"#),
        ("GetNamespace", r#"{}"#),
    ] {
        let route = by_rpc(rpc).unwrap();
        upstream.answer(
            route.grpc_path,
            Answer {
                body: encode_json(route.output_type, response).into(),
                ..Default::default()
            },
        );
    }
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    (upstream, gateway)
}

async fn post_namespace(gateway: &TestGateway, body: &str) -> (u16, Value) {
    let response = client()
        .post(format!("{}/cloud/namespaces", gateway.base))
        .header("authorization", KEY)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn get(gateway: &TestGateway, uri: &str, headers: &[(&str, &[u8])]) -> (u16, Value) {
    let mut request = client()
        .get(format!("{}{uri}", gateway.base))
        .header("authorization", KEY);
    for (name, value) in headers {
        request = request.header(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text:?}")),
    )
}

#[tokio::test]
async fn integral_numbers_in_any_json_form_are_accepted_for_integer_fields() {
    let (upstream, gateway) = setup().await;
    for form in ["7.0", "7e0", "0.7e1", "\"7\"", "\"7.0\"", "\"70e-1\""] {
        upstream.clear();
        let body = format!(r#"{{"spec": {{"name": "ns", "retentionDays": {form}}}}}"#);
        let (status, reply) = post_namespace(&gateway, &body).await;
        assert_eq!(status, 200, "{form}: {reply}");
        let sent = decode_to_json(by_rpc("CreateNamespace").unwrap().input_type, &upstream.calls()[0].body);
        assert_eq!(sent["spec"]["retentionDays"], 7, "{form}: {sent}");
    }
    let (status, _) = post_namespace(&gateway, r#"{"spec": {"name": "ns", "retentionDays": -0}}"#).await;
    assert_eq!(status, 200, "-0 is zero");
}

#[tokio::test]
async fn non_integers_and_out_of_range_integers_are_refused_naming_the_field() {
    let (upstream, gateway) = setup().await;
    for (form, reason) in [
        ("7.5", "7.5 is not an integer"),
        ("2147483648", "2147483648 is out of range [-2147483648, 2147483647]"),
        ("1e10", "10000000000 is out of range [-2147483648, 2147483647]"),
        ("\"seven\"", "expected an integer, got \"seven\""),
    ] {
        let body = format!(r#"{{"spec": {{"name": "ns", "retentionDays": {form}}}}}"#);
        let (status, reply) = post_namespace(&gateway, &body).await;
        assert_eq!(status, 400, "{form}: {reply}");
        assert_eq!(
            reply["message"],
            format!("invalid CreateNamespace request at spec.retentionDays: {reason}"),
            "{form}"
        );
    }
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn a_json_key_given_twice_is_refused_naming_the_key() {
    let (upstream, gateway) = setup().await;
    let (status, reply) = post_namespace(&gateway, r#"{"spec": {"name": "a", "name": "b"}}"#).await;
    assert_eq!(status, 400, "{reply}");
    let message = reply["message"].as_str().unwrap();
    assert!(message.contains("duplicate key \"name\""), "{message}");
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn invalid_utf8_in_a_query_or_path_value_is_refused_naming_the_field() {
    let (upstream, gateway) = setup().await;
    let (status, reply) = get(&gateway, "/cloud/users?email=%FF%FE", &[]).await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(
        reply["message"],
        "query parameter email: not valid UTF-8 after percent-decoding"
    );
    let (status, reply) = get(&gateway, "/cloud/namespaces/ns%FF", &[]).await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(
        reply["message"],
        "path parameter namespace: not valid UTF-8 after percent-decoding"
    );
    assert!(upstream.calls().is_empty());
    // Valid escapes still decode, `+` as a space in the query.
    let (status, _) = get(&gateway, "/cloud/users?email=a%2Bb+c%40example.com", &[]).await;
    assert_eq!(status, 200);
    let sent = decode_to_json(by_rpc("GetUsers").unwrap().input_type, &upstream.calls()[0].body);
    assert_eq!(sent, json!({"email": "a+b c@example.com"}));
}

#[tokio::test]
async fn header_values_grpc_metadata_cannot_carry_are_refused() {
    let (upstream, gateway) = setup().await;
    for (name, value) in [
        ("grpc-metadata-x-team", "caf\u{e9}".as_bytes()),
        ("x-request-id", "r\u{e9}q".as_bytes()),
        ("grpc-metadata-x-sig-bin", b"%%%".as_slice()),
    ] {
        let (status, reply) = get(&gateway, "/cloud/namespaces/ns1", &[(name, value)]).await;
        assert_eq!(status, 400, "{name}: {reply}");
        assert!(
            reply["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("header {name}:")),
            "{reply}"
        );
    }
    assert!(upstream.calls().is_empty());
    let (status, _) = get(
        &gateway,
        "/cloud/namespaces/ns1",
        &[("grpc-metadata-x-sig-bin", b"AAEC")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(upstream.calls()[0].metadata["x-sig-bin"], "AAEC");
}
