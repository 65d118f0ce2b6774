//! Emulator, Nexus endpoints, through the gRPC client: lifecycle with async operations and
//! optimistic concurrency, idempotent retries, name and target validation, filters and
//! pagination, roles (developers manage endpoints, readers only read).

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::Namespace;
use cloud_ops_gateway::pb::temporal::api::cloud::nexus::v1::endpoint_policy_spec::Variant as PolicyVariant;
use cloud_ops_gateway::pb::temporal::api::cloud::nexus::v1::endpoint_target_spec::Variant as TargetVariant;
use cloud_ops_gateway::pb::temporal::api::cloud::nexus::v1::{
    AllowedCloudNamespacePolicySpec, Endpoint, EndpointPolicySpec, EndpointSpec, EndpointTargetSpec, WorkerTargetSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use cloud_ops_gateway::pb::temporal::api::common::v1::Payload;
use common::emulator::{ADMIN_KEY, LATENCY, START, TestEmulator, admin, req};
use tonic::Code;

/// Adds an ACTIVE namespace `<name>.<account>` directly to the state; returns its id.
fn add_namespace(emu: &TestEmulator, name: &str) -> String {
    let id = format!("{name}.{}", demo::ACCOUNT_ID);
    let namespace = Namespace {
        namespace: id.clone(),
        state: ResourceState::Active as i32,
        created_time: Some(START),
        ..Default::default()
    };
    emu.emulator.with_state(|s| s.namespaces.insert(id.clone(), namespace));
    id
}

fn spec(name: &str, namespace: &str, task_queue: &str, allowed: &[&str]) -> EndpointSpec {
    EndpointSpec {
        name: name.into(),
        target_spec: Some(EndpointTargetSpec {
            variant: Some(TargetVariant::WorkerTargetSpec(WorkerTargetSpec {
                namespace_id: namespace.into(),
                task_queue: task_queue.into(),
            })),
        }),
        policy_specs: allowed
            .iter()
            .map(|ns| EndpointPolicySpec {
                variant: Some(PolicyVariant::AllowedCloudNamespacePolicySpec(
                    AllowedCloudNamespacePolicySpec {
                        namespace_id: (*ns).into(),
                    },
                )),
            })
            .collect(),
        ..Default::default()
    }
}

async fn get(emu: &mut TestEmulator, id: &str) -> R<Endpoint> {
    let request = GetNexusEndpointRequest { endpoint_id: id.into() };
    let response = emu.client.get_nexus_endpoint(admin(request)).await?;
    Ok(response.into_inner().endpoint.unwrap())
}

type R<T> = Result<T, tonic::Status>;

async fn create(emu: &mut TestEmulator, key: &str, spec: EndpointSpec, op: &str) -> R<CreateNexusEndpointResponse> {
    let request = CreateNexusEndpointRequest {
        spec: Some(spec),
        async_operation_id: op.into(),
        ..Default::default()
    };
    Ok(emu.client.create_nexus_endpoint(req(key, request)).await?.into_inner())
}

async fn update(emu: &mut TestEmulator, id: &str, spec: EndpointSpec, version: &str) -> R<()> {
    let request = UpdateNexusEndpointRequest {
        endpoint_id: id.into(),
        spec: Some(spec),
        resource_version: version.into(),
        ..Default::default()
    };
    emu.client.update_nexus_endpoint(admin(request)).await?;
    Ok(())
}

/// The error code of a call that must fail.
fn code<T: std::fmt::Debug>(result: R<T>) -> Code {
    result.unwrap_err().code()
}

#[tokio::test]
async fn endpoint_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    let (target, caller) = (add_namespace(&emu, "orders"), add_namespace(&emu, "payments"));
    let first_spec = spec("payments-to-orders", &target, "orders-tq", &[&caller]);
    let created = create(&mut emu, ADMIN_KEY, first_spec, "").await.unwrap();
    let op = created.async_operation.unwrap();
    assert_eq!(op.state, OpState::Pending as i32);
    assert_eq!(op.operation_type, "CreateNexusEndpoint");
    let endpoint = get(&mut emu, &created.endpoint_id).await.unwrap();
    assert_eq!(endpoint.state, ResourceState::Activating as i32);
    assert_eq!(endpoint.async_operation_id, op.id);
    assert!(endpoint.created_time.is_some());

    emu.clock.advance(LATENCY / 2);
    let request = GetAsyncOperationRequest {
        async_operation_id: op.id.clone(),
    };
    let op = emu
        .client
        .get_async_operation(admin(request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(op.async_operation.unwrap().state, OpState::InProgress as i32);
    emu.finish_operations();
    let endpoint = get(&mut emu, &created.endpoint_id).await.unwrap();
    assert_eq!(endpoint.state, ResourceState::Active as i32);

    let mut new_spec = spec("payments-to-orders-v2", &target, "orders-tq-2", &[&caller, &target]);
    new_spec.description = Some(Payload {
        metadata: [("encoding".to_string(), b"json/plain".to_vec())].into(),
        data: b"\"Routes payments to orders\"".to_vec(),
        ..Default::default()
    });
    let (id, version) = (endpoint.id.as_str(), endpoint.resource_version.as_str());
    update(&mut emu, id, new_spec.clone(), version).await.unwrap();
    let updating = get(&mut emu, id).await.unwrap();
    assert_eq!(updating.state, ResourceState::Updating as i32);
    assert_ne!(updating.resource_version, version);
    assert_eq!(
        code(update(&mut emu, id, new_spec.clone(), version).await),
        Code::Aborted
    );
    let missing = update(&mut emu, id, new_spec.clone(), "").await.unwrap_err();
    assert_eq!(missing.code(), Code::InvalidArgument);
    assert!(missing.message().starts_with("resource_version:"));
    emu.finish_operations();
    let updated = get(&mut emu, id).await.unwrap();
    assert_eq!(updated.state, ResourceState::Active as i32);
    assert_eq!(updated.spec.unwrap(), new_spec, "the whole spec is replaced");

    let delete = DeleteNexusEndpointRequest {
        endpoint_id: id.into(),
        resource_version: updated.resource_version.clone(),
        ..Default::default()
    };
    emu.client.delete_nexus_endpoint(admin(delete.clone())).await.unwrap();
    assert_eq!(get(&mut emu, id).await.unwrap().state, ResourceState::Deleting as i32);
    emu.finish_operations();
    assert_eq!(code(get(&mut emu, id).await), Code::NotFound);
    let again = emu.client.delete_nexus_endpoint(admin(delete)).await;
    assert_eq!(code(again), Code::NotFound);
}

#[tokio::test]
async fn retries_are_idempotent_and_names_unique() {
    let mut emu = TestEmulator::start().await;
    let target = add_namespace(&emu, "orders");
    let orders = spec("orders", &target, "tq", &[]);
    let first = create(&mut emu, ADMIN_KEY, orders.clone(), "op-nexus-1").await.unwrap();
    let second = create(&mut emu, ADMIN_KEY, orders.clone(), "op-nexus-1").await.unwrap();
    assert_eq!(first.endpoint_id, second.endpoint_id);
    assert_eq!(second.async_operation.unwrap().id, "op-nexus-1");
    assert_eq!(emu.emulator.with_state(|s| s.nexus_endpoints.len()), 1);

    let reused = create(&mut emu, ADMIN_KEY, spec("other", &target, "tq", &[]), "op-nexus-1").await;
    assert_eq!(
        code(reused),
        Code::AlreadyExists,
        "same operation id, different request"
    );
    let duplicate = create(&mut emu, ADMIN_KEY, spec("orders", &target, "tq-2", &[]), "").await;
    assert_eq!(code(duplicate), Code::AlreadyExists, "same name");

    let other = create(&mut emu, ADMIN_KEY, spec("billing", &target, "tq", &[]), "")
        .await
        .unwrap();
    emu.finish_operations();
    let billing = get(&mut emu, &other.endpoint_id).await.unwrap();
    let (id, version) = (billing.id.as_str(), billing.resource_version.as_str());
    assert_eq!(code(update(&mut emu, id, orders, version).await), Code::AlreadyExists);
    let keep_own_name = spec("billing", &target, "tq-2", &[]);
    assert!(update(&mut emu, id, keep_own_name, version).await.is_ok());
    let unknown = update(&mut emu, "nope", spec("nope", &target, "tq", &[]), "1").await;
    assert_eq!(code(unknown), Code::NotFound);
}

#[tokio::test]
async fn specs_are_validated_and_failed_calls_change_nothing() {
    let mut emu = TestEmulator::start().await;
    let target = add_namespace(&emu, "orders");
    let missing_ns = format!("missing.{}", demo::ACCOUNT_ID);
    let no_target = EndpointSpec {
        target_spec: None,
        ..spec("good-name", &target, "tq", &[])
    };
    let cases = [
        (spec("", &target, "tq", &[]), "spec.name"),
        (spec("1starts-with-digit", &target, "tq", &[]), "spec.name"),
        (spec("under_score", &target, "tq", &[]), "spec.name"),
        (spec("ends-with-hyphen-", &target, "tq", &[]), "spec.name"),
        (spec(&"x".repeat(201), &target, "tq", &[]), "spec.name"),
        (no_target, "spec.target_spec.worker_target_spec"),
        (
            spec("good-name", "", "tq", &[]),
            "spec.target_spec.worker_target_spec.namespace_id",
        ),
        (
            spec("good-name", &missing_ns, "tq", &[]),
            "spec.target_spec.worker_target_spec.namespace_id",
        ),
        (
            spec("good-name", &target, "", &[]),
            "spec.target_spec.worker_target_spec.task_queue",
        ),
        (
            spec("good-name", &target, "tq", &[&target, &missing_ns]),
            "spec.policy_specs[1].allowed_cloud_namespace_policy_spec.namespace_id",
        ),
    ];
    for (spec, field) in cases {
        let err = create(&mut emu, ADMIN_KEY, spec, "").await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{field}: {err:?}");
        assert!(
            err.message().starts_with(&format!("{field}:")),
            "{field}: {}",
            err.message()
        );
    }
    assert!(emu.emulator.with_state(|s| s.nexus_endpoints.is_empty()));
    let longest = spec(&format!("a{}", "b".repeat(199)), &target, "tq", &[&target]);
    assert!(
        create(&mut emu, ADMIN_KEY, longest, "").await.is_ok(),
        "200 characters is fine"
    );
}

#[tokio::test]
async fn listing_filters_and_pages() {
    let mut emu = TestEmulator::start().await;
    let (orders, payments) = (add_namespace(&emu, "orders"), add_namespace(&emu, "payments"));
    for i in 0..25 {
        let (namespace, queue) = if i % 5 == 0 {
            (&payments, "pay-tq")
        } else {
            (&orders, "orders-tq")
        };
        let queue = if i == 7 { "special-tq" } else { queue };
        let endpoint = spec(&format!("ep{i:02}"), namespace, queue, &[]);
        create(&mut emu, ADMIN_KEY, endpoint, "").await.unwrap();
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let request = GetNexusEndpointsRequest {
            page_size: 10,
            page_token: token.clone(),
            ..Default::default()
        };
        let page = emu
            .client
            .get_nexus_endpoints(admin(request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.endpoints.len() <= 10);
        seen.extend(page.endpoints.into_iter().map(|e| e.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let expected: Vec<String> = emu.emulator.with_state(|s| s.nexus_endpoints.keys().cloned().collect());
    assert_eq!(seen.len(), 25);
    assert_eq!(seen, expected, "every endpoint once, in ascending id order");

    let mut names = async |filter: GetNexusEndpointsRequest| -> Vec<String> {
        let page = emu
            .client
            .get_nexus_endpoints(admin(filter))
            .await
            .unwrap()
            .into_inner();
        let mut names: Vec<String> = page.endpoints.into_iter().map(|e| e.spec.unwrap().name).collect();
        names.sort();
        names
    };
    let by_namespace = GetNexusEndpointsRequest {
        target_namespace_id: payments.clone(),
        ..Default::default()
    };
    assert_eq!(names(by_namespace).await, ["ep00", "ep05", "ep10", "ep15", "ep20"]);
    let by_queue = GetNexusEndpointsRequest {
        target_task_queue: "special-tq".into(),
        ..Default::default()
    };
    assert_eq!(names(by_queue).await, ["ep07"]);
    let by_name = GetNexusEndpointsRequest {
        name: "ep13".into(),
        ..Default::default()
    };
    assert_eq!(names(by_name).await, ["ep13"]);
    let and = GetNexusEndpointsRequest {
        name: "ep13".into(),
        target_namespace_id: payments,
        ..Default::default()
    };
    assert!(names(and).await.is_empty(), "filters are ANDed");
    let too_big = GetNexusEndpointsRequest {
        page_size: 1001,
        ..Default::default()
    };
    let too_big = emu.client.get_nexus_endpoints(admin(too_big)).await.unwrap_err();
    assert_eq!(too_big.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn developers_manage_endpoints_readers_only_read() {
    let mut emu = TestEmulator::start().await;
    let target = add_namespace(&emu, "orders");
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
        demo::add_user(s, "dev", "dev@example.com", Role::Developer, START);
        demo::add_api_key(s, "dev", OwnerType::User, "dev-key-id", "dev-key", START);
    });
    let denied = create(&mut emu, "reader-key", spec("by-reader", &target, "tq", &[]), "").await;
    assert_eq!(code(denied), Code::PermissionDenied);
    assert!(emu.emulator.with_state(|s| s.nexus_endpoints.is_empty()));

    let created = create(&mut emu, "dev-key", spec("by-developer", &target, "tq", &[]), "").await;
    let created = created.unwrap();
    emu.finish_operations();
    let list = GetNexusEndpointsRequest::default();
    let listed = emu.client.get_nexus_endpoints(req("reader-key", list)).await;
    assert_eq!(listed.unwrap().into_inner().endpoints.len(), 1, "readers read");
    let endpoint = get(&mut emu, &created.endpoint_id).await.unwrap();
    let delete = DeleteNexusEndpointRequest {
        endpoint_id: endpoint.id.clone(),
        resource_version: endpoint.resource_version.clone(),
        ..Default::default()
    };
    let denied = emu
        .client
        .delete_nexus_endpoint(req("reader-key", delete.clone()))
        .await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let other = spec("by-developer", &target, "tq-2", &[]);
    let request = UpdateNexusEndpointRequest {
        endpoint_id: endpoint.id.clone(),
        spec: Some(other),
        resource_version: endpoint.resource_version.clone(),
        ..Default::default()
    };
    assert_eq!(
        code(
            emu.client
                .update_nexus_endpoint(req("reader-key", request.clone()))
                .await
        ),
        Code::PermissionDenied
    );
    emu.client.update_nexus_endpoint(req("dev-key", request)).await.unwrap();
    emu.finish_operations();
    let endpoint = get(&mut emu, &endpoint.id).await.unwrap();
    let delete = DeleteNexusEndpointRequest {
        resource_version: endpoint.resource_version,
        ..delete
    };
    assert!(
        emu.client.delete_nexus_endpoint(req("dev-key", delete)).await.is_ok(),
        "developers delete"
    );
}
