//! ETag, If-None-Match and If-Match over real sockets through the gateway to the emulator: a
//! single resource's answer is tagged with its resourceVersion, a matching If-None-Match is a 304
//! with no body, If-Match fills an update's resourceVersion and a stale one is 412.

use crate::common;

use common::emulator::ADMIN_KEY;
use common::stack::Stack;
use serde_json::{Value, json};

struct Answer {
    status: u16,
    etag: Option<String>,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

async fn send(stack: &Stack, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Answer {
    let mut request = common::client()
        .request(method.parse().unwrap(), format!("{}{path}", stack.gateway.base))
        .header("authorization", format!("Bearer {ADMIN_KEY}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        etag: response.headers().get("etag").map(|v| v.to_str().unwrap().to_string()),
        text: response.text().await.unwrap(),
    }
}

/// A user, created and settled; returns its id.
async fn user(stack: &Stack) -> String {
    let body = json!({"spec": {"email": "erin@example.com", "access": {"accountAccess": {"role": "ROLE_READ"}}}});
    let created = stack.ok("POST", "/cloud/users", Some(body)).await;
    stack.emu.finish_operations();
    created["userId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_resource_is_tagged_with_its_version_and_if_none_match_saves_the_body() {
    let stack = Stack::start().await;
    let id = user(&stack).await;
    let path = format!("/cloud/users/{id}");
    let first = send(&stack, "GET", &path, &[], None).await;
    let version = first.json()["user"]["resourceVersion"].as_str().unwrap().to_string();
    assert_eq!(first.etag, Some(format!("\"{version}\"")));

    let tag = first.etag.clone().unwrap();
    let same = send(&stack, "GET", &path, &[("if-none-match", &tag)], None).await;
    assert_eq!(
        (same.status, same.text.as_str(), same.etag.as_deref()),
        (304, "", Some(tag.as_str()))
    );
    let weak = format!("W/{tag}");
    assert_eq!(
        send(&stack, "GET", &path, &[("if-none-match", &weak)], None)
            .await
            .status,
        304
    );
    let other = send(
        &stack,
        "GET",
        &path,
        &[("if-none-match", "\"other\", \"another\"")],
        None,
    )
    .await;
    assert_eq!(other.status, 200);

    let list = send(&stack, "GET", "/cloud/users", &[], None).await;
    assert_eq!((list.status, list.etag), (200, None), "a list is not one resource");
}

#[tokio::test]
async fn if_match_pins_the_version_of_an_update_and_a_stale_one_is_412() {
    let stack = Stack::start().await;
    let id = user(&stack).await;
    let path = format!("/cloud/users/{id}");
    let tag = send(&stack, "GET", &path, &[], None).await.etag.unwrap();
    let spec = json!({"spec": {"email": "erin@example.com", "access": {"accountAccess": {"role": "ROLE_DEVELOPER"}}}});

    let differs = send(
        &stack,
        "POST",
        &path,
        &[("if-match", &tag)],
        Some(json!({"spec": spec["spec"], "resourceVersion": "nope"})),
    )
    .await;
    assert_eq!(differs.status, 400, "{}", differs.text);
    assert!(differs.text.contains("differs"), "{}", differs.text);

    let updated = send(&stack, "POST", &path, &[("if-match", &tag)], Some(spec.clone())).await;
    assert_eq!(updated.status, 200, "If-Match filled the version: {}", updated.text);
    stack.emu.finish_operations();

    let stale = send(&stack, "POST", &path, &[("if-match", &tag)], Some(spec.clone())).await;
    assert_eq!(stale.status, 412, "{}", stale.text);
    assert_eq!(
        stale.json()["code"],
        10,
        "the upstream's ABORTED, in the Status shape: {}",
        stale.text
    );
    let unpinned = send(
        &stack,
        "POST",
        &path,
        &[],
        Some(json!({"spec": spec["spec"], "resourceVersion": tag.trim_matches('"')})),
    )
    .await;
    assert_eq!(
        unpinned.status, 409,
        "without If-Match the mapping stays: {}",
        unpinned.text
    );

    let on_a_read = send(&stack, "GET", &path, &[("if-match", &tag)], None).await;
    assert_eq!(on_a_read.status, 400, "{}", on_a_read.text);
    let not_a_tag = send(&stack, "POST", &path, &[("if-match", "v1")], Some(spec)).await;
    assert_eq!(not_a_tag.status, 400, "{}", not_a_tag.text);
}

#[tokio::test]
async fn a_namespace_is_304_until_it_changes_and_a_stale_if_match_changes_nothing() {
    let stack = Stack::start_with_demo().await;
    let path = "/cloud/namespaces/orders.a1b2c";
    let first = send(&stack, "GET", path, &[], None).await;
    let tag = first.etag.clone().expect("a namespace has an ETag");
    assert_eq!(
        send(&stack, "GET", path, &[("if-none-match", &tag)], None).await.status,
        304
    );

    let mut spec = first.json()["namespace"]["spec"].clone();
    spec["retentionDays"] = json!(9);
    let updated = send(&stack, "POST", path, &[("if-match", &tag)], Some(json!({"spec": spec}))).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    stack.emu.finish_operations();

    let changed = send(&stack, "GET", path, &[("if-none-match", &tag)], None).await;
    assert_eq!(changed.status, 200, "changed since: the body again");
    let new_tag = changed.etag.clone().unwrap();
    assert_ne!(new_tag, tag);
    assert_eq!(changed.json()["namespace"]["spec"]["retentionDays"], 9);

    spec["retentionDays"] = json!(90);
    let stale = send(&stack, "POST", path, &[("if-match", &tag)], Some(json!({"spec": spec}))).await;
    assert_eq!(stale.status, 412, "{}", stale.text);
    stack.emu.finish_operations();
    let after = send(&stack, "GET", path, &[], None).await;
    assert_eq!(
        (
            after.etag.clone(),
            after.json()["namespace"]["spec"]["retentionDays"].clone()
        ),
        (Some(new_tag), json!(9)),
        "the stale update changed nothing"
    );
}
