//! PATCH over every resource that has a Get and an Update on one path, table-driven over the route
//! table: the gateway's patchable resources are exactly the Get routes with an `Update…` route on
//! their path, each one has a case here (a new family fails until it gets one), and for each the
//! resource read afterwards is the merge of the resource read before and the patch.

use std::collections::BTreeSet;

use crate::common;

use base64::Engine;
use cloud_ops_gateway::patch::patchables;
use cloud_ops_gateway::routes::{ROUTES, Verb};
use common::stack::Stack;
use serde_json::{Value, json};

use super::patch::patch;

/// One family: the Get RPC, the path of one resource, and a patch of its spec.
struct Case {
    get: &'static str,
    path: &'static str,
    patch: Value,
}

fn pem() -> String {
    let der: Vec<u8> = [0x30, 0x82, 0x01, 0x0a].into_iter().chain(1..=64).collect();
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let pem = format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");
    base64::engine::general_purpose::STANDARD.encode(pem)
}

fn cases() -> Vec<Case> {
    let case = |get, path, patch| Case { get, path, patch };
    vec![
        case(
            "GetAccount",
            "/cloud/account",
            json!({"metrics": {"acceptedClientCa": pem()}}),
        ),
        case(
            "GetApiKey",
            "/cloud/api-keys/key-ci-deployer",
            json!({"description": "deploys from CI"}),
        ),
        case(
            "GetAccountAuditLogSink",
            "/cloud/audit-log-sinks/audit",
            json!({"kinesisSink": {"roleName": "auditor"}}),
        ),
        case(
            "GetCustomRole",
            "/cloud/custom-roles/role-namespace-auditor",
            json!({"description": "patched"}),
        ),
        case(
            "GetNamespace",
            "/cloud/namespaces/analytics.a1b2c",
            json!({"retentionDays": 60}),
        ),
        case(
            "GetNamespaceExportSink",
            "/cloud/namespaces/payments.a1b2c/export-sinks/history",
            json!({"s3": {"bucketName": "history-2"}}),
        ),
        // A nested object merges: the target's namespace stays, its task queue changes.
        case(
            "GetNexusEndpoint",
            "/cloud/nexus/endpoints/nexus-payments-orders",
            json!({"targetSpec": {"workerTargetSpec": {"taskQueue": "orders-nexus-v2"}}}),
        ),
        case(
            "GetProject",
            "/cloud/projects/proj-data-science",
            json!({"description": "Models", "lifecycle": null}),
        ),
        case(
            "GetServiceAccount",
            "/cloud/service-accounts/sa-ci-deployer",
            json!({"description": null}),
        ),
        case(
            "GetUserGroup",
            "/cloud/user-groups/group-platform",
            json!({"displayName": "Platform"}),
        ),
        // The account role changes; the namespace grants beside it stay.
        case(
            "GetUser",
            "/cloud/users/dev-alice",
            json!({"access": {"accountAccess": {"role": "ROLE_READ"}}}),
        ),
    ]
}

/// RFC 7396, written again here so that the test does not trust the gateway's own merge.
fn merged(mut target: Value, patch: &Value) -> Value {
    let Value::Object(members) = patch else {
        return patch.clone();
    };
    if !target.is_object() {
        target = json!({});
    }
    let object = target.as_object_mut().unwrap();
    for (name, value) in members {
        if value.is_null() {
            object.remove(name);
        } else {
            let current = object.remove(name).unwrap_or(Value::Null);
            object.insert(name.clone(), merged(current, value));
        }
    }
    target
}

#[test]
fn every_get_with_an_update_on_its_path_takes_patch_and_has_a_case() {
    let by_name: BTreeSet<&str> = ROUTES
        .iter()
        .filter(|get| get.verb == Verb::Get)
        .filter(|get| {
            ROUTES
                .iter()
                .any(|u| u.axum_path == get.axum_path && u.verb == Verb::Post && u.rpc.starts_with("Update"))
        })
        .map(|get| get.rpc)
        .collect();
    let patchable: BTreeSet<&str> = patchables().iter().map(|p| p.get.rpc).collect();
    assert_eq!(
        patchable, by_name,
        "the descriptors' pairs are the named Get/Update pairs"
    );
    let cased: BTreeSet<&str> = cases().iter().map(|c| c.get).collect();
    assert_eq!(cased, patchable, "one case per patchable resource");
    assert!(patchable.len() >= 11, "{patchable:?}");
}

#[tokio::test]
async fn a_patch_of_every_family_changes_exactly_what_it_names() {
    let stack = Stack::start_with_demo().await;
    let kinesis = json!({"roleName": "writer", "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/audit",
                         "region": "us-east-1"});
    let sink = json!({"spec": {"name": "audit", "enabled": true, "kinesisSink": kinesis}});
    stack.ok("POST", "/cloud/audit-log-sinks", Some(sink)).await;
    let s3 = json!({"roleName": "exporter", "bucketName": "history", "region": "us-east-1",
                    "awsAccountId": "123456789012"});
    let export = json!({"spec": {"name": "history", "enabled": true, "s3": s3}});
    stack
        .ok("POST", "/cloud/namespaces/payments.a1b2c/export-sinks", Some(export))
        .await;
    stack.emu.finish_operations();

    let mut wrong = Vec::new();
    for case in cases() {
        let target = patchables().iter().find(|p| p.get.rpc == case.get).unwrap();
        let resource = target.resource.as_str();
        // No preparatory write: every path a resource takes (demo data, create, update) leaves
        // it in one normal form, so the patch changes only what it names.
        let before = stack.ok("GET", case.path, None).await[resource].clone();
        let body = json!({"spec": case.patch}).to_string();
        let answer = patch(&stack, case.path, "application/merge-patch+json", &[], &body).await;
        assert_eq!(answer.status, 200, "{}: {}", case.get, answer.text);
        stack.emu.finish_operations();
        let after = stack.ok("GET", case.path, None).await[resource].clone();
        assert_ne!(
            after["resourceVersion"], before["resourceVersion"],
            "{}: the Update was applied",
            case.get
        );
        let expected = merged(before["spec"].clone(), &case.patch);
        if after["spec"] != expected {
            wrong.push(format!("{}:\n  read {}\n  want {}", case.get, after["spec"], expected));
        }
    }
    assert!(wrong.is_empty(), "specs after the patch:\n{}", wrong.join("\n"));
}
