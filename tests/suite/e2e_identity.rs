//! End to end over real sockets (HTTP → gateway → gRPC → emulator), driven purely with HTTP/JSON:
//! the users family and the caller's identity, the way a portal would use them.

use crate::common;

use common::stack::Stack;
use serde_json::json;

#[tokio::test]
async fn a_portal_manages_a_user_over_http() {
    let stack = Stack::start().await;
    let me = stack.ok("GET", "/cloud/current-identity", None).await;
    assert_eq!(me["user"]["spec"]["email"], "admin@example.com");
    assert_eq!(me["principalApiKey"]["id"], "bootstrap");

    let body = json!({"spec": {"email": "eve@example.com", "access": {"accountAccess": {"role": "ROLE_DEVELOPER"}}},
                      "asyncOperationId": "create-eve"});
    let created = stack.ok("POST", "/cloud/users", Some(body.clone())).await;
    let user_id = created["userId"].as_str().unwrap().to_string();
    assert_eq!(created["asyncOperation"]["state"], "STATE_PENDING");
    assert_eq!(
        created["asyncOperation"]["operationInput"]["@type"],
        "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateUserRequest"
    );
    assert_eq!(
        created["asyncOperation"]["operationInput"]["spec"]["email"],
        "eve@example.com"
    );
    let retried = stack.ok("POST", "/cloud/users", Some(body)).await;
    assert_eq!(
        retried["userId"],
        user_id.as_str(),
        "same async_operation_id, same user"
    );

    assert_eq!(stack.wait(&created["asyncOperation"]).await, "STATE_FULFILLED");
    let user = stack.ok("GET", &format!("/cloud/users/{user_id}"), None).await["user"].clone();
    assert_eq!(user["state"], "RESOURCE_STATE_ACTIVE");
    let version = user["resourceVersion"].as_str().unwrap().to_string();

    let update = json!({"spec": {"email": "eve@example.com", "access": {"accountAccess": {"role": "ROLE_READ"}}},
                        "resourceVersion": version});
    let updated = stack
        .ok("POST", &format!("/cloud/users/{user_id}"), Some(update.clone()))
        .await;
    assert_eq!(stack.wait(&updated["asyncOperation"]).await, "STATE_FULFILLED");
    let (status, stale) = stack
        .call("POST", &format!("/cloud/users/{user_id}"), Some(update))
        .await;
    assert_eq!(status, 409, "stale resourceVersion is a conflict: {stale}");
    assert_eq!(stale["code"], 10);

    let page = stack.ok("GET", "/cloud/users?pageSize=1", None).await;
    assert_eq!(page["users"].as_array().unwrap().len(), 1);
    let next = page["nextPageToken"].as_str().unwrap();
    let page2 = stack
        .ok("GET", &format!("/cloud/users?pageSize=1&pageToken={next}"), None)
        .await;
    assert_ne!(page2["users"][0]["id"], page["users"][0]["id"]);

    let user = stack.ok("GET", &format!("/cloud/users/{user_id}"), None).await["user"].clone();
    let version = user["resourceVersion"].as_str().unwrap();
    let deleted = stack
        .ok(
            "DELETE",
            &format!("/cloud/users/{user_id}?resourceVersion={version}"),
            None,
        )
        .await;
    assert_eq!(stack.wait(&deleted["asyncOperation"]).await, "STATE_FULFILLED");
    let (status, gone) = stack.call("GET", &format!("/cloud/users/{user_id}"), None).await;
    assert_eq!(status, 404, "{gone}");
}

#[tokio::test]
async fn emulator_errors_arrive_as_http_statuses() {
    let stack = Stack::start().await;
    let (status, body) = stack.call_as("no-such-key", "GET", "/cloud/users", None).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = stack
        .call("POST", "/cloud/users", Some(json!({"spec": {"email": "nope"}})))
        .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("spec.email"), "{body}");
    let (status, _) = stack.call("GET", "/cloud/users?pageSize=5000", None).await;
    assert_eq!(status, 400);
    let (status, _) = stack.call("GET", "/cloud/operations/does-not-exist", None).await;
    assert_eq!(status, 404);
}
