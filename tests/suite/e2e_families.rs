//! End to end over real sockets (HTTP → gateway → gRPC → emulator), one lifecycle per resource
//! family driven purely with HTTP/JSON, the way a portal would: create → poll the operation → get
//! ACTIVE → update with the version read → a stale update is a 409 → delete → gone (404).

use crate::common;

use cloud_ops_gateway::emulator::demo;
use common::emulator::START;
use common::stack::Stack;
use serde_json::{Value, json};

/// One family's HTTP shape.
struct Family {
    name: &'static str,
    create_path: String,
    create_body: Value,
    /// Member of the create response holding the new id ("" when the id is the spec name).
    id_field: &'static str,
    /// Path of one resource, `{id}` replaced.
    item_path: String,
    /// Member of the get response holding the resource.
    resource: &'static str,
    /// Path of the update (POST), `{id}` replaced.
    update_path: String,
    /// Update body without resourceVersion.
    update_body: Value,
}

async fn lifecycle(stack: &Stack, family: Family) {
    let name = family.name;
    let created = stack
        .ok("POST", &family.create_path, Some(family.create_body.clone()))
        .await;
    assert_eq!(created["asyncOperation"]["state"], "STATE_PENDING", "{name}: {created}");
    let id = if family.id_field.is_empty() {
        family.create_body["spec"]["name"].as_str().unwrap().to_string()
    } else {
        created[family.id_field]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: no {} in {created}", family.id_field))
            .to_string()
    };
    assert_eq!(
        stack.wait(&created["asyncOperation"]).await,
        "STATE_FULFILLED",
        "{name}"
    );
    let item = family.item_path.replace("{id}", &id);
    let got = stack.ok("GET", &item, None).await[family.resource].clone();
    assert_eq!(got["state"], "RESOURCE_STATE_ACTIVE", "{name}: {got}");
    let version = got["resourceVersion"].as_str().unwrap().to_string();

    let mut update = family.update_body.clone();
    update["resourceVersion"] = json!(version);
    let update_path = family.update_path.replace("{id}", &id);
    let updated = stack.ok("POST", &update_path, Some(update.clone())).await;
    assert_eq!(
        stack.wait(&updated["asyncOperation"]).await,
        "STATE_FULFILLED",
        "{name}"
    );
    let (status, stale) = stack.call("POST", &update_path, Some(update)).await;
    assert_eq!(status, 409, "{name}: a stale resourceVersion is a conflict: {stale}");
    let got = stack.ok("GET", &item, None).await[family.resource].clone();
    assert_ne!(got["resourceVersion"], json!(version), "{name}: the version changed");
    for (field, value) in family.update_body["spec"].as_object().unwrap() {
        assert_eq!(
            &got["spec"][field], value,
            "{name}: spec.{field} was replaced: {}",
            got["spec"]
        );
    }

    let version = got["resourceVersion"].as_str().unwrap();
    let deleted = stack
        .ok("DELETE", &format!("{item}?resourceVersion={version}"), None)
        .await;
    let deleting = stack.ok("GET", &item, None).await[family.resource].clone();
    assert_eq!(deleting["state"], "RESOURCE_STATE_DELETING", "{name}");
    assert_eq!(
        stack.wait(&deleted["asyncOperation"]).await,
        "STATE_FULFILLED",
        "{name}"
    );
    let (status, gone) = stack.call("GET", &item, None).await;
    assert_eq!(status, 404, "{name}: {gone}");
}

#[tokio::test]
async fn service_accounts() {
    let stack = Stack::start().await;
    let spec = |description: &str| json!({"name": "e2e-sa", "description": description, "access": {"accountAccess": {"role": "ROLE_READ"}}});
    lifecycle(
        &stack,
        Family {
            name: "service account",
            create_path: "/cloud/service-accounts".into(),
            create_body: json!({"spec": spec("first")}),
            id_field: "serviceAccountId",
            item_path: "/cloud/service-accounts/{id}".into(),
            resource: "serviceAccount",
            update_path: "/cloud/service-accounts/{id}".into(),
            update_body: json!({"spec": spec("second")}),
        },
    )
    .await;
}

#[tokio::test]
async fn user_groups() {
    let stack = Stack::start().await;
    lifecycle(
        &stack,
        Family {
            name: "user group",
            create_path: "/cloud/user-groups".into(),
            create_body: json!({"spec": {"displayName": "E2E", "cloudGroup": {}}}),
            id_field: "groupId",
            item_path: "/cloud/user-groups/{id}".into(),
            resource: "group",
            update_path: "/cloud/user-groups/{id}".into(),
            update_body: json!({"spec": {"displayName": "E2E renamed", "cloudGroup": {}}}),
        },
    )
    .await;
}

#[tokio::test]
async fn custom_roles() {
    let stack = Stack::start().await;
    let spec = |actions: Vec<&str>| json!({"name": "e2e-role", "permissions": [{"resources": {"resourceType": "namespace", "allowAll": true}, "actions": actions}]});
    lifecycle(
        &stack,
        Family {
            name: "custom role",
            create_path: "/cloud/custom-roles".into(),
            create_body: json!({"spec": spec(vec!["cloud.namespace.get"])}),
            id_field: "roleId",
            item_path: "/cloud/custom-roles/{id}".into(),
            resource: "customRole",
            update_path: "/cloud/custom-roles/{id}".into(),
            update_body: json!({"spec": spec(vec!["cloud.namespace.get", "cloud.namespace.list"])}),
        },
    )
    .await;
}

#[tokio::test]
async fn nexus_endpoints() {
    let stack = Stack::start().await;
    let namespace = stack
        .emu
        .emulator
        .with_state(|s| demo::add_namespace(s, "nexus-target", &["aws-us-east-1"], 7, &[], START));
    let spec = |queue: &str| json!({"name": "e2e-endpoint", "targetSpec": {"workerTargetSpec": {"namespaceId": namespace, "taskQueue": queue}}});
    lifecycle(
        &stack,
        Family {
            name: "nexus endpoint",
            create_path: "/cloud/nexus/endpoints".into(),
            create_body: json!({"spec": spec("queue-a")}),
            id_field: "endpointId",
            item_path: "/cloud/nexus/endpoints/{id}".into(),
            resource: "endpoint",
            update_path: "/cloud/nexus/endpoints/{id}".into(),
            update_body: json!({"spec": spec("queue-b")}),
        },
    )
    .await;
}

#[tokio::test]
async fn audit_log_sinks() {
    let stack = Stack::start().await;
    let spec = |role: &str| {
        json!({"name": "e2e-sink", "enabled": true, "kinesisSink": {"roleName": role,
               "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/audit", "region": "us-east-1"}})
    };
    let (status, _) = stack
        .call(
            "POST",
            "/cloud/audit-log-sink-validate",
            Some(json!({"spec": spec("writer")})),
        )
        .await;
    assert_eq!(status, 200, "a valid spec validates");
    lifecycle(
        &stack,
        Family {
            name: "audit log sink",
            create_path: "/cloud/audit-log-sinks".into(),
            create_body: json!({"spec": spec("writer")}),
            id_field: "",
            item_path: "/cloud/audit-log-sinks/{id}".into(),
            resource: "sink",
            update_path: "/cloud/audit-log-sinks/{id}".into(),
            update_body: json!({"spec": spec("auditor")}),
        },
    )
    .await;
    let logs = stack.ok("GET", "/cloud/audit-logs?pageSize=100", None).await;
    let operations: Vec<&str> = logs["logs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["operation"].as_str())
        .collect();
    for rpc in [
        "CreateAccountAuditLogSink",
        "UpdateAccountAuditLogSink",
        "DeleteAccountAuditLogSink",
    ] {
        assert!(operations.contains(&rpc), "the audit log records {rpc}: {operations:?}");
    }
}

#[tokio::test]
async fn api_keys_minted_over_http_authenticate_until_disabled() {
    let stack = Stack::start().await;
    let spec = |disabled: bool| {
        json!({"ownerId": "admin", "ownerType": "OWNER_TYPE_USER", "displayName": "e2e key",
               "expiryTime": "2030-01-01T00:00:00Z", "disabled": disabled})
    };
    let created = stack
        .ok("POST", "/cloud/api-keys", Some(json!({"spec": spec(false)})))
        .await;
    let (key_id, token) = (created["keyId"].as_str().unwrap(), created["token"].as_str().unwrap());
    let me = {
        let (status, me) = stack.call_as(token, "GET", "/cloud/current-identity", None).await;
        assert_eq!(status, 200, "{me}");
        me
    };
    assert_eq!(me["principalApiKey"]["id"], key_id);
    stack.wait(&created["asyncOperation"]).await;
    let key = stack.ok("GET", &format!("/cloud/api-keys/{key_id}"), None).await["apiKey"].clone();
    assert!(
        key.get("token").is_none() && !key.to_string().contains(token),
        "reads never reveal the token"
    );
    let disable = json!({"spec": spec(true), "resourceVersion": key["resourceVersion"]});
    let updated = stack
        .ok("POST", &format!("/cloud/api-keys/{key_id}"), Some(disable))
        .await;
    stack.wait(&updated["asyncOperation"]).await;
    let (status, _) = stack.call_as(token, "GET", "/cloud/current-identity", None).await;
    assert_eq!(status, 401, "a disabled key no longer authenticates");
}

#[tokio::test]
async fn billing_reports_and_usage() {
    let stack = Stack::start().await;
    let body = json!({"spec": {"startTimeInclusive": "2024-12-01T00:00:00Z", "endTimeExclusive": "2025-01-01T00:00:00Z",
                                "granularity": "BILLING_REPORT_GRANULARITY_DAILY"}});
    let created = stack.ok("POST", "/cloud/billing-reports", Some(body)).await;
    let id = created["billingReportId"].as_str().unwrap();
    let report = stack.ok("GET", &format!("/cloud/billing-reports/{id}"), None).await;
    assert_eq!(report["billingReport"]["state"], "BILLING_REPORT_STATE_IN_PROGRESS");
    stack.wait(&created["asyncOperation"]).await;
    let report = stack.ok("GET", &format!("/cloud/billing-reports/{id}"), None).await;
    assert_eq!(
        report["billingReport"]["state"], "BILLING_REPORT_STATE_GENERATED",
        "{report}"
    );
    let size = &report["billingReport"]["downloadInfo"][0]["fileSizeBytes"];
    assert!(size.is_string(), "int64 travels as a JSON string: {size}");
    let usage = stack
        .ok(
            "GET",
            "/cloud/usage?startTimeInclusive=2024-12-30T00:00:00Z&endTimeExclusive=2025-01-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(usage["summaries"].as_array().unwrap().len(), 2, "{usage}");
}

#[tokio::test]
async fn namespaces() {
    let stack = Stack::start().await;
    let spec = |days: i32| json!({"name": "e2e-ns", "retentionDays": days, "replicas": [{"region": "aws-us-east-1"}], "apiKeyAuth": {"enabled": true}});
    lifecycle(
        &stack,
        Family {
            name: "namespace",
            create_path: "/cloud/namespaces".into(),
            create_body: json!({"spec": spec(7)}),
            id_field: "namespace",
            item_path: "/cloud/namespaces/{id}".into(),
            resource: "namespace",
            update_path: "/cloud/namespaces/{id}".into(),
            update_body: json!({"spec": spec(14)}),
        },
    )
    .await;
}

#[tokio::test]
async fn export_sinks() {
    let stack = Stack::start().await;
    let namespace = stack
        .emu
        .emulator
        .with_state(|s| demo::add_namespace(s, "exports", &["aws-us-east-1"], 7, &[], START));
    let spec = |bucket: &str| {
        json!({"name": "e2e-sink", "enabled": true, "s3": {"roleName": "exporter", "bucketName": bucket,
               "region": "us-east-1", "awsAccountId": "123456789012"}})
    };
    let sinks = format!("/cloud/namespaces/{namespace}/export-sinks");
    let (status, _) = stack
        .call(
            "POST",
            &format!("/cloud/namespaces/{namespace}/export-sink-validate"),
            Some(json!({"spec": spec("b1")})),
        )
        .await;
    assert_eq!(status, 200, "a valid spec validates");
    let item = format!("{sinks}/{{id}}");
    lifecycle(
        &stack,
        Family {
            name: "export sink",
            create_path: sinks.clone(),
            create_body: json!({"spec": spec("b1")}),
            id_field: "",
            item_path: item.clone(),
            resource: "sink",
            update_path: item,
            update_body: json!({"spec": spec("b2")}),
        },
    )
    .await;
}

#[tokio::test]
async fn connectivity_rules() {
    let stack = Stack::start().await;
    let created = stack
        .ok(
            "POST",
            "/cloud/connectivity-rules",
            Some(json!({"spec": {"publicRule": {"enableStableIps": true}}})),
        )
        .await;
    let id = created["connectivityRuleId"].as_str().unwrap().to_string();
    assert_eq!(stack.wait(&created["asyncOperation"]).await, "STATE_FULFILLED");
    let rule = stack.ok("GET", &format!("/cloud/connectivity-rules/{id}"), None).await["connectivityRule"].clone();
    assert_eq!(rule["state"], "RESOURCE_STATE_ACTIVE");
    assert_eq!(rule["spec"]["publicRule"]["enableStableIps"], true);
    let listed = stack.ok("GET", "/cloud/connectivity-rules", None).await;
    assert_eq!(listed["connectivityRules"].as_array().unwrap().len(), 1);
    let version = rule["resourceVersion"].as_str().unwrap();
    let deleted = stack
        .ok(
            "DELETE",
            &format!("/cloud/connectivity-rules/{id}?resourceVersion={version}"),
            None,
        )
        .await;
    assert_eq!(stack.wait(&deleted["asyncOperation"]).await, "STATE_FULFILLED");
    assert_eq!(
        stack
            .call("GET", &format!("/cloud/connectivity-rules/{id}"), None)
            .await
            .0,
        404
    );
}
