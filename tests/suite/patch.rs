//! PATCH with a JSON Merge Patch over real sockets through the gateway to the emulator: only the
//! fields the patch names change, `null` resets a field, a concurrent writer's change survives a
//! PATCH that raced it, `If-Match` pins the version, and every malformed PATCH has its status.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common;

use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::UpdateNamespaceRequest;
use cloud_ops_gateway::routes::ROUTES;
use cloud_ops_gateway::upstream::Upstream;
use common::emulator::{ADMIN_KEY, TestEmulator, admin};
use common::raw_service::RawCloudService;
use common::stack::Stack;
use common::{Options, start_gateway};
use serde_json::{Value, json};

const MERGE_PATCH: &str = "application/merge-patch+json";

/// A PATCH's answer.
pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

/// Sends PATCH `path` with `body` as `content_type`, plus `headers`, as the account owner.
pub async fn patch(stack: &Stack, path: &str, content_type: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = common::client()
        .patch(format!("{}{path}", stack.gateway.base))
        .header("authorization", format!("Bearer {ADMIN_KEY}"))
        .header("content-type", content_type)
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.unwrap(),
    }
}

/// The demo's `orders` namespace, given search attributes and a codec server first so that its
/// spec has more to lose; returns its path.
async fn rich_namespace(stack: &Stack) -> String {
    let path = "/cloud/namespaces/orders.a1b2c".to_string();
    let current = stack.ok("GET", &path, None).await["namespace"].clone();
    let mut spec = current["spec"].clone();
    spec["searchAttributes"] = json!({"CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD"});
    spec["codecServer"] = json!({"endpoint": "https://codec.example.com", "passAccessToken": true});
    let body = json!({"spec": spec, "resourceVersion": current["resourceVersion"]});
    stack.ok("POST", &path, Some(body)).await;
    stack.emu.finish_operations();
    path
}

#[tokio::test]
async fn a_patch_of_the_retention_changes_only_the_retention() {
    let stack = Stack::start_with_demo().await;
    let path = rich_namespace(&stack).await;
    let before = stack.ok("GET", &path, None).await["namespace"].clone();

    let answer = patch(&stack, &path, MERGE_PATCH, &[], r#"{"spec": {"retentionDays": 30}}"#).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(
        answer.json()["asyncOperation"]["id"].is_string(),
        "the Update's answer: {}",
        answer.text
    );
    stack.emu.finish_operations();

    let after = stack.ok("GET", &path, None).await["namespace"].clone();
    let mut expected = before["spec"].clone();
    expected["retentionDays"] = json!(30);
    assert_eq!(after["spec"], expected, "only the retention changed");
    assert_eq!(after["tags"], before["tags"]);
    assert_eq!(
        after["spec"]["searchAttributes"]["CustomerId"],
        "SEARCH_ATTRIBUTE_TYPE_KEYWORD"
    );
    assert_ne!(after["resourceVersion"], before["resourceVersion"]);

    // Proto names work too, and `null` resets a field to its default (here: no codec server).
    let answer = patch(
        &stack,
        &path,
        MERGE_PATCH,
        &[],
        r#"{"spec": {"retention_days": 14, "codecServer": null}}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    stack.emu.finish_operations();
    let last = stack.ok("GET", &path, None).await["namespace"]["spec"].clone();
    let mut expected = after["spec"].clone();
    expected["retentionDays"] = json!(14);
    expected.as_object_mut().unwrap().remove("codecServer");
    assert_eq!(last, expected);
}

#[tokio::test]
async fn if_match_pins_the_version_a_patch_applies_to() {
    let stack = Stack::start_with_demo().await;
    let path = "/cloud/namespaces/orders.a1b2c";
    let tag = common::client()
        .get(format!("{}{path}", stack.gateway.base))
        .header("authorization", format!("Bearer {ADMIN_KEY}"))
        .send()
        .await
        .unwrap()
        .headers()["etag"]
        .to_str()
        .unwrap()
        .to_string();
    let body = r#"{"spec": {"retentionDays": 21}}"#;
    let fresh = patch(&stack, path, MERGE_PATCH, &[("if-match", &tag)], body).await;
    assert_eq!(fresh.status, 200, "{}", fresh.text);
    stack.emu.finish_operations();

    let before = stack.ok("GET", path, None).await["namespace"].clone();
    let stale = patch(
        &stack,
        path,
        MERGE_PATCH,
        &[("if-match", &tag)],
        r#"{"spec": {"retentionDays": 60}}"#,
    )
    .await;
    assert_eq!(stale.status, 412, "{}", stale.text);
    assert_eq!(stale.json()["code"], 9, "FAILED_PRECONDITION: {}", stale.text);
    assert!(
        stale.text.contains(tag.trim_matches('"')),
        "names the version: {}",
        stale.text
    );
    assert_eq!(
        stack.ok("GET", path, None).await["namespace"],
        before,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_patch_that_is_not_a_merge_patch_of_the_update_is_refused_and_changes_nothing() {
    let stack = Stack::start_with_demo().await;
    let path = "/cloud/namespaces/orders.a1b2c";
    let before = stack.ok("GET", path, None).await;

    let json = patch(
        &stack,
        path,
        "application/json",
        &[],
        r#"{"spec": {"retentionDays": 30}}"#,
    )
    .await;
    assert_eq!(json.status, 415, "{}", json.text);
    assert_eq!(json.headers["accept-patch"], MERGE_PATCH);
    assert!(json.text.contains(MERGE_PATCH), "{}", json.text);

    let unknown = patch(&stack, path, MERGE_PATCH, &[], r#"{"spec": {"retentionDayz": 30}}"#).await;
    assert_eq!(unknown.status, 400, "{}", unknown.text);
    assert!(
        unknown.text.contains("retentionDayz"),
        "names the field: {}",
        unknown.text
    );

    for (body, why) in [
        ("[1]", "an array"),
        ("30", "a number"),
        (r#"{"spec": 5}"#, "spec is not an object"),
        (r#"{"spec": {"retentionDays": "many"}}"#, "not an integer"),
        (r#"{"spec": {"a": 1, "a": 2}}"#, "a duplicate key"),
        ("{", "not JSON"),
    ] {
        let answer = patch(&stack, path, MERGE_PATCH, &[], body).await;
        assert_eq!(answer.status, 400, "{why}: {}", answer.text);
        assert_eq!(answer.json()["code"], 3, "{why}: {}", answer.text);
    }
    let missing = patch(&stack, "/cloud/namespaces/nope.a1b2c", MERGE_PATCH, &[], "{}").await;
    assert_eq!(missing.status, 404, "{}", missing.text);
    assert_eq!(stack.ok("GET", path, None).await, before, "nothing changed");

    let no_update = patch(&stack, "/cloud/operations/op-1", MERGE_PATCH, &[], "{}").await;
    assert_eq!(no_update.status, 405, "{}", no_update.text);
    assert_eq!(no_update.headers["allow"], "GET");
    let (status, _) = stack.call("PUT", path, Some(json!({}))).await;
    assert_eq!(status, 405);
    let allow = common::client()
        .put(format!("{}{path}", stack.gateway.base))
        .send()
        .await
        .unwrap()
        .headers()["allow"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        allow.contains("PATCH"),
        "the Allow of a patchable path offers PATCH: {allow}"
    );
}

/// A gRPC hop between the gateway and the emulator that, just before it forwards the first
/// UpdateNamespace, lets another writer change the namespace: the PATCH read a version that is
/// stale by the time its Update arrives.
async fn racing_hop(emu: &TestEmulator, namespace: &str) -> String {
    let upstream = Arc::new(Upstream::new(&common::upstream_config(&emu.url)).unwrap());
    let raced = Arc::new(AtomicBool::new(false));
    let (client, clock, namespace) = (emu.client.clone(), emu.clock.clone(), namespace.to_string());
    let service = RawCloudService::new(move |path, request| {
        let grpc_path = ROUTES.iter().find(|r| r.grpc_path == path).unwrap().grpc_path;
        let race = grpc_path.ends_with("/UpdateNamespace") && !raced.swap(true, Ordering::SeqCst);
        let (upstream, mut client, clock, namespace) =
            (upstream.clone(), client.clone(), clock.clone(), namespace.clone());
        Box::pin(async move {
            if race {
                let current = client
                    .get_namespace(admin(
                        cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::GetNamespaceRequest {
                            namespace: namespace.clone(),
                        },
                    ))
                    .await?
                    .into_inner()
                    .namespace
                    .unwrap();
                let mut spec = current.spec.unwrap();
                spec.search_attributes.insert("RacedIn".into(), 2);
                client
                    .update_namespace(admin(UpdateNamespaceRequest {
                        namespace,
                        spec: Some(spec),
                        resource_version: current.resource_version,
                        ..Default::default()
                    }))
                    .await?;
                clock.advance(common::emulator::LATENCY + std::time::Duration::from_millis(1));
            }
            let (metadata, _, body) = request.into_parts();
            let reply = upstream
                .unary(
                    grpc_path,
                    body,
                    metadata.into_headers(),
                    std::time::Duration::from_secs(5),
                )
                .await;
            match reply {
                Ok(reply) => {
                    let mut response = tonic::Response::new(reply.body);
                    *response.metadata_mut() = reply.metadata;
                    Ok(response)
                }
                Err(cloud_ops_gateway::error::GatewayError::Upstream(status)) => Err(status),
                Err(other) => Err(tonic::Status::unavailable(other.message())),
            }
        })
    });
    common::serve_raw(service).await
}

#[tokio::test]
async fn a_patch_racing_another_writer_applies_once_on_top_of_the_other_change() {
    let emu = TestEmulator::start().await;
    emu.emulator
        .with_state(|s| cloud_ops_gateway::emulator::demo::populate(s, common::emulator::START));
    let hop = racing_hop(&emu, "orders.a1b2c").await;
    let stack = Stack::of(emu, start_gateway(&hop, Options::default()).await);
    let path = "/cloud/namespaces/orders.a1b2c";
    let before = stack.ok("GET", path, None).await["namespace"].clone();

    let answer = patch(&stack, path, MERGE_PATCH, &[], r#"{"spec": {"retentionDays": 30}}"#).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.headers["x-upstream-attempts"], "4",
        "read, refused update, read again, update"
    );
    stack.emu.finish_operations();

    let after = stack.ok("GET", path, None).await["namespace"]["spec"].clone();
    assert_eq!(after["retentionDays"], 30, "the patch: {after}");
    assert_eq!(
        after["searchAttributes"],
        json!({"RacedIn": "SEARCH_ATTRIBUTE_TYPE_KEYWORD"}),
        "the other writer's change survived: {after}"
    );
    for (field, value) in before["spec"].as_object().unwrap() {
        if field != "retentionDays" {
            assert_eq!(&after[field], value, "spec.{field} is untouched");
        }
    }
}

#[tokio::test]
async fn a_patch_is_one_server_span_over_its_read_and_its_update() {
    use common::collector::Collector;
    use opentelemetry_proto::tonic::trace::v1::span::SpanKind;

    let collector = Collector::grpc().await;
    let emu = TestEmulator::start().await;
    emu.emulator
        .with_state(|s| cloud_ops_gateway::emulator::demo::populate(s, common::emulator::START));
    let options = Options {
        traces: Some(collector.settings()),
        ..Options::default()
    };
    let (gateway, state) = common::start_gateway_with_state(&emu.url, options).await;
    let stack = Stack::of(emu, gateway);
    let path = "/cloud/namespaces/orders.a1b2c";
    let answer = patch(&stack, path, MERGE_PATCH, &[], r#"{"spec": {"retentionDays": 30}}"#).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    state.traces.flush().await.unwrap();
    let spans = collector.wait_for(3, std::time::Duration::from_secs(5)).await;
    let kind = |k: SpanKind| spans.iter().filter(move |r| r.span.kind == k as i32);
    let servers: Vec<_> = kind(SpanKind::Server).collect();
    assert_eq!(servers.len(), 1, "{spans:#?}");
    assert_eq!(servers[0].span.name, "PATCH /cloud/namespaces/{namespace}");
    let clients: Vec<&str> = kind(SpanKind::Client)
        .inspect(|c| assert_eq!(c.span.parent_span_id, servers[0].span.span_id, "{c:#?}"))
        .map(|c| c.span.name.as_str())
        .collect();
    let service = "temporal.api.cloud.cloudservice.v1.CloudService";
    assert_eq!(
        clients,
        [format!("{service}/GetNamespace"), format!("{service}/UpdateNamespace")]
    );
}
