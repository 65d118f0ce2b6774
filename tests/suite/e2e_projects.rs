//! Projects end to end over real sockets (HTTP → gateway → gRPC → emulator), driven with HTTP/JSON
//! only: create a project and wait for its operation, create a namespace in it (`projectId`), list
//! namespaces filtered by `projectId`, grant a user access to the project and see it in the user
//! assignments, have a delete refused by delete protection (the JSON error shape), then empty the
//! project, turn protection off and delete it.

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::emulator::projects::DEFAULT_PROJECT_ID;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use common::emulator::START;
use common::stack::Stack;
use serde_json::{Value, json};

fn namespace_spec(name: &str) -> Value {
    json!({"name": name, "retentionDays": 7, "apiKeyAuth": {"enabled": true},
           "replicas": [{"region": "azure-eastus"}]})
}

#[tokio::test]
async fn a_project_from_creation_to_deletion_over_http() {
    let stack = Stack::start().await;
    let spec = json!({"displayName": "Checkout", "description": "e2e",
                      "lifecycle": {"enableDeleteProtection": true}});
    let created = stack.ok("POST", "/cloud/projects", Some(json!({"spec": spec}))).await;
    assert_eq!(created["asyncOperation"]["operationType"], "CreateProject", "{created}");
    let project = created["projectId"].as_str().expect("a project id").to_string();
    assert_eq!(stack.wait(&created["asyncOperation"]).await, "STATE_FULFILLED");
    let got = stack.ok("GET", &format!("/cloud/projects/{project}"), None).await["project"].clone();
    assert_eq!(got["state"], "RESOURCE_STATE_ACTIVE", "{got}");
    assert_eq!(got["spec"]["lifecycle"]["enableDeleteProtection"], true);
    let listed = stack
        .ok("GET", &format!("/cloud/projects?projectIds={project}"), None)
        .await;
    assert_eq!(listed["projects"].as_array().unwrap().len(), 1, "{listed}");

    let body = json!({"spec": namespace_spec("checkout"), "projectId": project});
    let ns = stack.ok("POST", "/cloud/namespaces", Some(body)).await;
    let namespace = ns["namespace"].as_str().unwrap().to_string();
    assert_eq!(stack.wait(&ns["asyncOperation"]).await, "STATE_FULFILLED");
    stack
        .ok(
            "POST",
            "/cloud/namespaces",
            Some(json!({"spec": namespace_spec("elsewhere")})),
        )
        .await;
    let in_project = stack
        .ok("GET", &format!("/cloud/namespaces?projectId={project}"), None)
        .await;
    let names: Vec<&str> = in_project["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["namespace"].as_str().unwrap())
        .collect();
    assert_eq!(names, [namespace.as_str()]);
    assert_eq!(in_project["namespaces"][0]["projectId"], project.as_str());
    let in_default = stack
        .ok(
            "GET",
            &format!("/cloud/namespaces?projectId={DEFAULT_PROJECT_ID}"),
            None,
        )
        .await;
    assert_eq!(in_default["namespaces"][0]["spec"]["name"], "elsewhere", "{in_default}");

    stack
        .emu
        .emulator
        .with_state(|s| demo::add_user(s, "carol", "carol@example.com", Role::Read, START));
    let user = stack.ok("GET", "/cloud/users/carol", None).await;
    let version = user["user"]["resourceVersion"].as_str().unwrap().to_string();
    let grant = json!({"access": {"role": "PROJECT_ROLE_WRITE"}, "resourceVersion": version});
    let granted = stack
        .ok(
            "POST",
            &format!("/cloud/projects/{project}/users/carol/access"),
            Some(grant),
        )
        .await;
    assert_eq!(stack.wait(&granted["asyncOperation"]).await, "STATE_FULFILLED");
    let assignments = stack
        .ok(
            "GET",
            &format!("/cloud/projects/{project}/user-assignments?pageSize=10"),
            None,
        )
        .await;
    let carol = assignments["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "carol")
        .unwrap_or_else(|| panic!("carol is assigned: {assignments}"));
    assert_eq!(carol["projectAccess"]["role"], "PROJECT_ROLE_WRITE");
    assert_eq!(carol["email"], "carol@example.com");
    assert!(
        carol["inheritedAccess"].is_null() || carol["inheritedAccess"] == false,
        "{carol}"
    );
    let owner = assignments["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "admin")
        .unwrap();
    assert_eq!(
        (&owner["projectAccess"]["role"], &owner["inheritedAccess"]),
        (&json!("PROJECT_ROLE_ADMIN"), &json!(true))
    );

    // Delete protection refuses the delete, in the gateway's error shape.
    let project_path = format!("/cloud/projects/{project}");
    let version = stack.ok("GET", &project_path, None).await["project"]["resourceVersion"].clone();
    let version = version.as_str().unwrap().to_string();
    let (status, error) = stack
        .call("DELETE", &format!("{project_path}?resourceVersion={version}"), None)
        .await;
    assert_eq!(status, 400, "FAILED_PRECONDITION: {error}");
    assert_eq!(error["code"], 9, "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("enable_delete_protection"),
        "{error}"
    );
    assert!(error["details"].is_array(), "{error}");

    // Empty the project, turn protection off, delete it.
    let ns_path = format!("/cloud/namespaces/{namespace}");
    let ns_version = stack.ok("GET", &ns_path, None).await["namespace"]["resourceVersion"].clone();
    let deleted = stack
        .ok(
            "DELETE",
            &format!("{ns_path}?resourceVersion={}", ns_version.as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(stack.wait(&deleted["asyncOperation"]).await, "STATE_FULFILLED");
    let unprotect = json!({"spec": {"displayName": "Checkout", "lifecycle": {"enableDeleteProtection": false}},
                           "resourceVersion": version});
    let updated = stack.ok("POST", &project_path, Some(unprotect)).await;
    assert_eq!(stack.wait(&updated["asyncOperation"]).await, "STATE_FULFILLED");
    let version = stack.ok("GET", &project_path, None).await["project"]["resourceVersion"].clone();
    let deleted = stack
        .ok(
            "DELETE",
            &format!("{project_path}?resourceVersion={}", version.as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(deleted["asyncOperation"]["operationType"], "DeleteProject");
    assert_eq!(stack.wait(&deleted["asyncOperation"]).await, "STATE_FULFILLED");
    let (status, gone) = stack.call("GET", &project_path, None).await;
    assert_eq!((status, &gone["code"]), (404, &json!(5)), "{gone}");
    let user = stack.ok("GET", "/cloud/users/carol", None).await;
    assert!(
        user["user"]["spec"]["access"]["projectAccesses"].is_null(),
        "grants go with the project: {user}"
    );
}
