//! Caller-supplied text is capped wherever it is quoted back (error bodies, log lines), and input the gateway cannot forward faithfully is refused.
//!
//! Over real sockets: a 1 MiB unknown JSON key, a 40 KiB query parameter name, a 60 KiB path and a
//! 12 KiB `x-request-id` each get a small 400/404 that names the (capped) text; a double given as
//! a text or number beyond its range is refused naming the field, `"Infinity"` still goes through;
//! a field given under both its names is refused by a PATCH as by a POST, at any depth. (The log
//! line's size is checked in `tests/logging.rs`, which captures the process's logs.)

use cloud_ops_gateway::gateway::Limits;
use cloud_ops_gateway::routes::by_rpc;
use serde_json::{Value, json};

use crate::common::recorder::{Answer, Recorder};
use crate::common::stack::Stack;
use crate::common::{Options, TestGateway, client, decode_to_json, encode_json, start_gateway};
use crate::patch::patch;

const KEY: &str = "Bearer not-a-real-key";
/// The most an error answer may weigh, whatever the request held.
const SMALL: usize = 4 * 1024;

/// A reply: status, `x-request-id`, body text.
struct Reply {
    status: u16,
    request_id: Option<String>,
    text: String,
}

impl Reply {
    fn message(&self) -> String {
        let body: Value = serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {:.300}", self.text));
        body["message"].as_str().expect("a google.rpc.Status").to_string()
    }
}

async fn setup() -> (Recorder, TestGateway) {
    let upstream = Recorder::start().await;
    let create = by_rpc("CreateNamespace").unwrap();
    upstream.answer(
        create.grpc_path,
        Answer {
            body: encode_json(create.output_type, r#"{"asyncOperation": {"id": "op-1"}}"#).into(),
            ..Default::default()
        },
    );
    let limits = Limits {
        max_body_bytes: 3 * 1024 * 1024,
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
    (upstream, gateway)
}

async fn send(gateway: &TestGateway, method: &str, uri: &str, headers: &[(&str, &str)], body: Option<String>) -> Reply {
    let mut request = client()
        .request(method.parse().unwrap(), format!("{}{uri}", gateway.base))
        .header("authorization", KEY);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body);
    }
    let response = request.send().await.unwrap();
    Reply {
        status: response.status().as_u16(),
        request_id: response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_string()),
        text: response.text().await.unwrap(),
    }
}

/// `text` as the gateway quotes a long caller text: its first 256 characters and its length.
fn capped(c: char, bytes: usize) -> String {
    format!("\"{}…\" ({bytes} bytes)", c.to_string().repeat(256))
}

#[tokio::test]
async fn a_megabyte_unknown_key_is_named_capped_in_a_small_answer() {
    let (upstream, gateway) = setup().await;
    let key = "a".repeat(1 << 20);
    for body in [
        format!(r#"{{"{key}": 1}}"#),
        format!(r#"{{"spec": {{"name": "ns", "{key}": 1}}}}"#),
    ] {
        let reply = send(&gateway, "POST", "/cloud/namespaces", &[], Some(body)).await;
        assert_eq!(reply.status, 400, "{:.300}", reply.text);
        assert!(reply.text.len() < SMALL, "{} bytes", reply.text.len());
        let message = reply.message();
        assert!(
            message.contains(&format!("unknown field {}", capped('a', 1 << 20))),
            "{message:.400}"
        );
    }
    // A key given twice: the same cap in the parser's refusal.
    let twice = format!(r#"{{"{key}": 1, "{key}": 2}}"#);
    let reply = send(&gateway, "POST", "/cloud/namespaces", &[], Some(twice)).await;
    assert_eq!(reply.status, 400);
    assert!(reply.text.len() < SMALL, "{} bytes", reply.text.len());
    assert!(
        reply.message().contains(&capped('a', 1 << 20)),
        "{:.400}",
        reply.message()
    );
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn huge_query_names_paths_and_request_ids_get_small_answers() {
    let (upstream, gateway) = setup().await;
    let name = "q".repeat(40 * 1024);
    let reply = send(&gateway, "GET", &format!("/cloud/users?{name}=1"), &[], None).await;
    assert_eq!(reply.status, 400);
    assert!(reply.text.len() < SMALL, "{} bytes", reply.text.len());
    assert!(
        reply.message().contains(&capped('q', 40 * 1024)),
        "{:.400}",
        reply.message()
    );

    let path = format!("/cloud/{}", "p".repeat(60 * 1024));
    let reply = send(&gateway, "GET", &path, &[], None).await;
    assert_eq!(reply.status, 404);
    assert!(reply.text.len() < SMALL, "{} bytes", reply.text.len());
    let shown = format!("\"/cloud/{}…\" ({} bytes)", "p".repeat(249), path.len());
    assert!(reply.message().contains(&shown), "{:.400}", reply.message());

    // The caller's own request id comes back in its header, not in the body.
    let id = "r".repeat(12 * 1024);
    let reply = send(&gateway, "GET", "/cloud/users?bogus=1", &[("x-request-id", &id)], None).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.request_id.as_deref(), Some(id.as_str()));
    assert!(reply.text.len() < SMALL, "{} bytes", reply.text.len());
    assert!(upstream.calls().is_empty());
}

/// A namespace whose provisioned capacity (a double) is `value`.
fn capacity(value: &str) -> String {
    format!(r#"{{"spec": {{"name": "ns", "capacitySpec": {{"provisioned": {{"value": {value}}}}}}}}}"#)
}

#[tokio::test]
async fn a_double_beyond_its_range_is_refused_naming_the_field() {
    let (upstream, gateway) = setup().await;
    for value in [r#""1e400""#, r#""-1e400""#, "1e400", "-1e400", r#""inf""#] {
        let reply = send(&gateway, "POST", "/cloud/namespaces", &[], Some(capacity(value))).await;
        assert_eq!(reply.status, 400, "{value}: {}", reply.text);
        let message = reply.message();
        assert!(
            message.contains("spec.capacitySpec.provisioned.value"),
            "{value}: {message}"
        );
    }
    assert!(upstream.calls().is_empty(), "nothing out of range was forwarded");

    let reply = send(
        &gateway,
        "POST",
        "/cloud/namespaces",
        &[],
        Some(capacity(r#""Infinity""#)),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let calls = upstream.calls();
    let sent = decode_to_json(by_rpc("CreateNamespace").unwrap().input_type, &calls[0].body);
    assert_eq!(sent["spec"]["capacitySpec"]["provisioned"]["value"], json!("Infinity"));
}

#[tokio::test]
async fn a_field_under_both_names_is_refused_by_patch_as_by_post() {
    let stack = Stack::start_with_demo().await;
    let path = "/cloud/namespaces/orders.a1b2c";
    let merge_patch = "application/merge-patch+json";
    let same = r#"\"retentionDays\" and \"retention_days\" name the same field"#;
    for body in [
        r#"{"spec": {"retentionDays": 30, "retention_days": 31}}"#,
        r#"{"spec": {"retention_days": 31, "retentionDays": null}}"#,
    ] {
        let answer = patch(&stack, path, merge_patch, &[], body).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.text);
        assert!(answer.text.contains(same), "{body}: {}", answer.text);
    }
    let nested = r#"{"spec": {"codecServer": {"endpoint": "https://codec.example.com",
        "passAccessToken": true, "pass_access_token": false}}}"#;
    let answer = patch(&stack, path, merge_patch, &[], nested).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert!(
        answer.text.contains(r#"\"passAccessToken\" and \"pass_access_token\""#)
            && answer.text.contains("spec.codecServer"),
        "{}",
        answer.text
    );
    let top = r#"{"resourceVersion": "a", "resource_version": "b", "spec": {}}"#;
    let answer = patch(&stack, path, merge_patch, &[], top).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert!(answer.text.contains("resource_version"), "{}", answer.text);

    // The POST of the same Update refuses it with the same words.
    let current = stack.ok("GET", path, None).await["namespace"].clone();
    let mut spec = current["spec"].clone();
    spec["retention_days"] = json!(31);
    let body = json!({"spec": spec, "resourceVersion": current["resourceVersion"]});
    let (status, answer) = stack.call("POST", path, Some(body)).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains(&same.replace('\\', "")),
        "{answer}"
    );

    // One spelling, either one, still works.
    for body in [
        r#"{"spec": {"retention_days": 9}}"#,
        r#"{"spec": {"retentionDays": 10}}"#,
    ] {
        let answer = patch(&stack, path, merge_patch, &[], body).await;
        assert_eq!(answer.status, 200, "{body}: {}", answer.text);
        stack.emu.finish_operations();
    }
    let after = stack.ok("GET", path, None).await;
    assert_eq!(after["namespace"]["spec"]["retentionDays"], 10);
}
