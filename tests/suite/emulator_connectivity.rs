//! Emulator, connectivity rules family, through the gRPC client: lifecycle with async operations and
//! resource versions, validation naming the field, ALREADY_EXISTS / NOT_FOUND, namespaces that
//! reference rules (filtering, region alignment, delete refused while referenced), pagination,
//! roles and idempotent retries.

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::connectivityrule::v1::connectivity_rule_spec::ConnectionType;
use cloud_ops_gateway::pb::temporal::api::cloud::connectivityrule::v1::{
    ConnectivityRule, ConnectivityRuleSpec, PrivateConnectivityRule, PublicConnectivityRule,
};
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::{NamespaceSpec, ReplicaSpec};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{START, TestEmulator, admin, req};
use tonic::{Code, Status};

fn private(connection_id: &str, region: &str, project: &str) -> ConnectivityRuleSpec {
    ConnectivityRuleSpec {
        connection_type: Some(ConnectionType::PrivateRule(PrivateConnectivityRule {
            connection_id: connection_id.into(),
            gcp_project_id: project.into(),
            region: region.into(),
            ..Default::default()
        })),
    }
}

fn public() -> ConnectivityRuleSpec {
    ConnectivityRuleSpec {
        connection_type: Some(ConnectionType::PublicRule(PublicConnectivityRule {
            enable_stable_ips: true,
        })),
    }
}

async fn create(emu: &mut TestEmulator, spec: ConnectivityRuleSpec) -> Result<String, Status> {
    let request = CreateConnectivityRuleRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let created = emu.client.create_connectivity_rule(admin(request)).await?.into_inner();
    Ok(created.connectivity_rule_id)
}

async fn get(emu: &mut TestEmulator, id: &str) -> Result<ConnectivityRule, Status> {
    let request = GetConnectivityRuleRequest {
        connectivity_rule_id: id.into(),
    };
    let rule = emu.client.get_connectivity_rule(admin(request)).await?.into_inner();
    Ok(rule.connectivity_rule.unwrap())
}

async fn delete(emu: &mut TestEmulator, id: &str, version: &str) -> Result<(), Status> {
    let request = DeleteConnectivityRuleRequest {
        connectivity_rule_id: id.into(),
        resource_version: version.into(),
        ..Default::default()
    };
    emu.client.delete_connectivity_rule(admin(request)).await.map(drop)
}

fn namespace_request(name: &str, region: &str, rules: &[&str]) -> CreateNamespaceRequest {
    let spec = NamespaceSpec {
        name: name.into(),
        retention_days: 7,
        replicas: vec![ReplicaSpec { region: region.into() }],
        connectivity_rule_ids: rules.iter().map(|r| r.to_string()).collect(),
        ..Default::default()
    };
    CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    }
}

#[tokio::test]
async fn connectivity_rule_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    let request = CreateConnectivityRuleRequest {
        spec: Some(private("vpce-0123", "aws-us-east-1", "")),
        ..Default::default()
    };
    let created = emu
        .client
        .create_connectivity_rule(admin(request))
        .await
        .unwrap()
        .into_inner();
    let op = created.async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateConnectivityRule")
    );
    let id = created.connectivity_rule_id;
    let rule = get(&mut emu, &id).await.unwrap();
    assert_eq!(rule.state, ResourceState::Activating as i32);
    assert_eq!(rule.spec, Some(private("vpce-0123", "aws-us-east-1", "")));
    assert!(rule.created_time.is_some());
    emu.finish_operations();
    let rule = get(&mut emu, &id).await.unwrap();
    assert_eq!(rule.state, ResourceState::Active as i32);

    let missing = delete(&mut emu, &id, "").await.unwrap_err();
    assert_eq!(missing.code(), Code::InvalidArgument);
    let stale = delete(&mut emu, &id, "0").await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted);
    delete(&mut emu, &id, &rule.resource_version).await.unwrap();
    assert_eq!(get(&mut emu, &id).await.unwrap().state, ResourceState::Deleting as i32);
    let again = delete(&mut emu, &id, &rule.resource_version).await.unwrap_err();
    assert_eq!(again.code(), Code::Aborted, "the delete changed the version");
    emu.finish_operations();
    assert_eq!(get(&mut emu, &id).await.unwrap_err().code(), Code::NotFound);
    assert_eq!(delete(&mut emu, &id, "1").await.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn invalid_rules_are_rejected_naming_the_field() {
    let mut emu = TestEmulator::start().await;
    let cases = [
        (ConnectivityRuleSpec { connection_type: None }, "spec"),
        (private("", "aws-us-east-1", ""), "spec.private_rule.connection_id"),
        (private("vpce-1", "", ""), "spec.private_rule.region"),
        (private("vpce-1", "aws-atlantis-1", ""), "spec.private_rule.region"),
        (
            private("psc-1", "gcp-us-central1", ""),
            "spec.private_rule.gcp_project_id",
        ),
        (
            private("vpce-1", "aws-us-east-1", "acme"),
            "spec.private_rule.gcp_project_id",
        ),
    ];
    for (spec, field) in cases {
        let err = create(&mut emu, spec.clone()).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{spec:?}");
        assert!(err.message().starts_with(field), "{field}: {}", err.message());
    }
    assert_eq!(emu.emulator.with_state(|s| s.connectivity_rules.len()), 0);
    create(&mut emu, private("psc-1", "gcp-us-central1", "acme"))
        .await
        .unwrap();
    create(&mut emu, public()).await.unwrap();
    let twice = create(&mut emu, public()).await.unwrap_err();
    assert_eq!(twice.code(), Code::AlreadyExists);
    let unknown = get(&mut emu, "nope").await.unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
}

#[tokio::test]
async fn namespaces_reference_rules_that_then_cannot_be_deleted() {
    let mut emu = TestEmulator::start().await;
    let east = create(&mut emu, private("vpce-east", "aws-us-east-1", ""))
        .await
        .unwrap();
    let west = create(&mut emu, private("vpce-west", "aws-us-west-2", ""))
        .await
        .unwrap();
    let open = create(&mut emu, public()).await.unwrap();
    emu.finish_operations();

    let misaligned = namespace_request("orders", "aws-us-east-1", &[&west]);
    let err = emu.client.create_namespace(admin(misaligned)).await.unwrap_err();
    assert!(err.message().starts_with("spec.connectivity_rule_ids"), "{err:?}");
    let request = namespace_request("orders", "aws-us-east-1", &[&east, &open]);
    let created = emu.client.create_namespace(admin(request)).await.unwrap().into_inner();
    let ns = GetNamespaceRequest {
        namespace: created.namespace.clone(),
    };
    let ns = emu
        .client
        .get_namespace(admin(ns))
        .await
        .unwrap()
        .into_inner()
        .namespace
        .unwrap();
    let mut attached: Vec<String> = ns.connectivity_rules.iter().map(|r| r.id.clone()).collect();
    let mut expected = vec![east.clone(), open.clone()];
    attached.sort();
    expected.sort();
    assert_eq!(attached, expected, "GetNamespace shows the rules it uses");

    let filtered = GetConnectivityRulesRequest {
        namespace: created.namespace.clone(),
        ..Default::default()
    };
    let rules = emu
        .client
        .get_connectivity_rules(admin(filtered))
        .await
        .unwrap()
        .into_inner();
    let mut ids: Vec<String> = rules.connectivity_rules.into_iter().map(|r| r.id).collect();
    ids.sort();
    assert_eq!(ids, expected);
    let all = emu
        .client
        .get_connectivity_rules(admin(GetConnectivityRulesRequest::default()))
        .await;
    assert_eq!(all.unwrap().into_inner().connectivity_rules.len(), 3);

    let rule = get(&mut emu, &east).await.unwrap();
    let err = delete(&mut emu, &east, &rule.resource_version).await.unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition);
    assert!(err.message().contains(&created.namespace), "{err:?}");
    let rule = get(&mut emu, &west).await.unwrap();
    delete(&mut emu, &west, &rule.resource_version).await.unwrap();
}

#[tokio::test]
async fn paging_roles_and_idempotent_retries() {
    let mut emu = TestEmulator::start().await;
    for i in 0..25 {
        create(&mut emu, private(&format!("vpce-{i:02}"), "aws-eu-west-1", ""))
            .await
            .unwrap();
    }
    let (mut seen, mut token) = (Vec::new(), String::new());
    loop {
        let request = GetConnectivityRulesRequest {
            page_size: 10,
            page_token: token.clone(),
            ..Default::default()
        };
        let page = emu
            .client
            .get_connectivity_rules(admin(request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.connectivity_rules.len() <= 10);
        seen.extend(page.connectivity_rules.into_iter().map(|r| r.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let stored = emu
        .emulator
        .with_state(|s| s.connectivity_rules.keys().cloned().collect::<Vec<_>>());
    assert_eq!(seen, stored, "every rule once, in id order");
    assert_eq!(seen.len(), 25);

    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-id", "reader-key", START);
    });
    let request = CreateConnectivityRuleRequest {
        spec: Some(public()),
        async_operation_id: "op-public".into(),
        ..Default::default()
    };
    let denied = emu
        .client
        .create_connectivity_rule(req("reader-key", request.clone()))
        .await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);
    let read = GetConnectivityRuleRequest {
        connectivity_rule_id: seen[0].clone(),
    };
    assert!(
        emu.client.get_connectivity_rule(req("reader-key", read)).await.is_ok(),
        "readers read"
    );

    let first = emu
        .client
        .create_connectivity_rule(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    let second = emu
        .client
        .create_connectivity_rule(admin(request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.connectivity_rule_id, second.connectivity_rule_id);
    assert_eq!(second.async_operation.unwrap().id, "op-public");
    assert_eq!(
        emu.emulator.with_state(|s| s.connectivity_rules.len()),
        26,
        "no duplicate"
    );
}
