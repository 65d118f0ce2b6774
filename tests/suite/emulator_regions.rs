//! Emulator, regions family, through the gRPC client: the region catalogue, and namespace replicas
//! (AddNamespaceRegion, FailoverNamespaceRegion, DeleteNamespaceRegion, replicas through
//! UpdateNamespace) with their states, resource versions and preconditions, and capacity requests.

#![allow(deprecated)] // AddNamespaceRegion, DeleteNamespaceRegion and spec.regions are deprecated, still served

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::capacity::CurrentMode;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::capacity::request::State as RequestState;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::capacity_spec::{self, Spec};
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::replica::ReplicaState;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::{
    ApiKeyAuthSpec, CapacitySpec, Namespace, NamespaceSpec, ReplicaSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::region::v1::region::CloudProvider;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{START, TestEmulator, admin, req};
use tonic::Code;

const NS: &str = "global.a1b2c";

fn replicas(regions: &[&str]) -> Vec<ReplicaSpec> {
    regions.iter().map(|r| ReplicaSpec { region: (*r).into() }).collect()
}

async fn get(emu: &mut TestEmulator) -> Namespace {
    let request = GetNamespaceRequest { namespace: NS.into() };
    emu.client
        .get_namespace(admin(request))
        .await
        .unwrap()
        .into_inner()
        .namespace
        .unwrap()
}

/// An ACTIVE namespace `global` in `regions`.
async fn namespace(emu: &mut TestEmulator, regions: &[&str]) -> Namespace {
    let spec = NamespaceSpec {
        name: "global".into(),
        retention_days: 7,
        api_key_auth: Some(ApiKeyAuthSpec { enabled: true }),
        replicas: replicas(regions),
        ..Default::default()
    };
    let create = CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    };
    emu.client.create_namespace(admin(create)).await.unwrap();
    emu.finish_operations();
    get(emu).await
}

fn states(ns: &Namespace) -> Vec<(String, bool, i32)> {
    ns.replicas
        .iter()
        .map(|r| (r.region.clone(), r.is_primary, r.state))
        .collect()
}

#[tokio::test]
async fn the_catalogue_lists_and_finds_regions() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-id", "reader-key", START);
    });
    let c = &mut emu.client;
    let regions = c
        .get_regions(req("reader-key", GetRegionsRequest {}))
        .await
        .unwrap()
        .into_inner()
        .regions;
    assert!(regions.len() >= 10);
    let mut ids: Vec<&str> = regions.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), regions.len(), "ids are unique");
    for (id, provider, provider_region) in [
        ("aws-us-east-1", CloudProvider::Aws, "us-east-1"),
        ("aws-eu-central-1", CloudProvider::Aws, "eu-central-1"),
        ("gcp-us-central1", CloudProvider::Gcp, "us-central1"),
    ] {
        let request = GetRegionRequest { region: id.into() };
        let region = c.get_region(admin(request)).await.unwrap().into_inner().region.unwrap();
        assert_eq!(region.cloud_provider, provider as i32, "{id}");
        assert_eq!(region.cloud_provider_region, provider_region);
        assert!(!region.location.is_empty());
        assert!(regions.contains(&region));
    }
    let unknown = GetRegionRequest {
        region: "aws-mars-1".into(),
    };
    assert_eq!(c.get_region(admin(unknown)).await.unwrap_err().code(), Code::NotFound);
    let anonymous = c
        .get_regions(req("no-such-key", GetRegionsRequest {}))
        .await
        .unwrap_err();
    assert_eq!(anonymous.code(), Code::Unauthenticated);
}

#[tokio::test]
async fn add_failover_and_delete_a_replica() {
    let mut emu = TestEmulator::start().await;
    let ns = namespace(&mut emu, &["aws-us-east-1"]).await;
    let add = |region: &str, version: &str| AddNamespaceRegionRequest {
        namespace: NS.into(),
        region: region.into(),
        resource_version: version.into(),
        ..Default::default()
    };
    let c = &mut emu.client;
    let err = c
        .add_namespace_region(admin(add("aws-moon-1", &ns.resource_version)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().starts_with("region"), "{err:?}");
    let err = c
        .add_namespace_region(admin(add("aws-us-east-1", &ns.resource_version)))
        .await;
    assert_eq!(err.unwrap_err().code(), Code::AlreadyExists);
    c.add_namespace_region(admin(add("aws-us-west-2", &ns.resource_version)))
        .await
        .unwrap();
    let stale = c
        .add_namespace_region(admin(add("aws-eu-west-1", &ns.resource_version)))
        .await;
    assert_eq!(stale.unwrap_err().code(), Code::Aborted);
    let adding = get(&mut emu).await;
    assert_eq!(adding.state, ResourceState::Updating as i32);
    let (adding_state, active) = (ReplicaState::Adding as i32, ReplicaState::Active as i32);
    assert_eq!(
        states(&adding),
        [
            ("aws-us-east-1".into(), true, active),
            ("aws-us-west-2".into(), false, adding_state)
        ]
    );
    let failover = FailoverNamespaceRegionRequest {
        namespace: NS.into(),
        region: "aws-us-west-2".into(),
        ..Default::default()
    };
    let busy = emu
        .client
        .failover_namespace_region(admin(failover.clone()))
        .await
        .unwrap_err();
    assert_eq!(busy.code(), Code::FailedPrecondition, "the add is still in progress");
    emu.finish_operations();
    let ns = get(&mut emu).await;
    assert_eq!(
        states(&ns),
        [
            ("aws-us-east-1".into(), true, active),
            ("aws-us-west-2".into(), false, active)
        ]
    );
    let full = emu
        .client
        .add_namespace_region(admin(add("aws-eu-west-1", &ns.resource_version)))
        .await;
    assert_eq!(
        full.unwrap_err().code(),
        Code::FailedPrecondition,
        "at most two replicas"
    );

    emu.client
        .failover_namespace_region(admin(failover.clone()))
        .await
        .unwrap();
    emu.finish_operations();
    let ns = get(&mut emu).await;
    assert_eq!(ns.active_region, "aws-us-west-2");
    assert_eq!(
        states(&ns),
        [
            ("aws-us-east-1".into(), false, active),
            ("aws-us-west-2".into(), true, active)
        ]
    );
    assert_eq!(ns.endpoints.unwrap().grpc_address, "us-west-2.aws.api.temporal.io:7233");
    let again = emu.client.failover_namespace_region(admin(failover)).await.unwrap_err();
    assert_eq!(again.code(), Code::FailedPrecondition, "already active there");
    let elsewhere = FailoverNamespaceRegionRequest {
        namespace: NS.into(),
        region: "aws-eu-west-1".into(),
        ..Default::default()
    };
    let err = emu
        .client
        .failover_namespace_region(admin(elsewhere))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "no replica there");

    let delete = |region: &str, version: &str| DeleteNamespaceRegionRequest {
        namespace: NS.into(),
        region: region.into(),
        resource_version: version.into(),
        ..Default::default()
    };
    let c = &mut emu.client;
    let active_one = c
        .delete_namespace_region(admin(delete("aws-us-west-2", &ns.resource_version)))
        .await;
    assert_eq!(active_one.unwrap_err().code(), Code::FailedPrecondition);
    let absent = c
        .delete_namespace_region(admin(delete("aws-eu-west-1", &ns.resource_version)))
        .await;
    assert_eq!(absent.unwrap_err().code(), Code::InvalidArgument);
    c.delete_namespace_region(admin(delete("aws-us-east-1", &ns.resource_version)))
        .await
        .unwrap();
    let removing = get(&mut emu).await;
    assert_eq!(removing.replicas[0].state, ReplicaState::Removing as i32);
    assert_eq!(removing.spec.unwrap().replicas, replicas(&["aws-us-west-2"]));
    emu.finish_operations();
    let ns = get(&mut emu).await;
    assert_eq!(states(&ns), [("aws-us-west-2".into(), true, active)]);
}

#[tokio::test]
async fn update_namespace_changes_replicas_but_not_the_deprecated_regions() {
    let mut emu = TestEmulator::start().await;
    let ns = namespace(&mut emu, &["aws-us-east-1", "aws-us-east-2"]).await;
    let update = |spec: NamespaceSpec, version: &str| UpdateNamespaceRequest {
        namespace: NS.into(),
        spec: Some(spec),
        resource_version: version.into(),
        ..Default::default()
    };
    let spec = ns.spec.clone().unwrap();
    let without_active = NamespaceSpec {
        replicas: replicas(&["aws-us-east-2"]),
        ..spec.clone()
    };
    let err = emu
        .client
        .update_namespace(admin(update(without_active, &ns.resource_version)))
        .await;
    let err = err.unwrap_err();
    assert!(err.message().starts_with("spec.replicas"), "{err:?}");
    let moved = NamespaceSpec {
        replicas: vec![],
        regions: vec!["aws-us-east-1".into(), "aws-eu-west-1".into()],
        ..spec.clone()
    };
    let err = emu
        .client
        .update_namespace(admin(update(moved, &ns.resource_version)))
        .await;
    assert!(err.unwrap_err().message().starts_with("spec.regions"));

    let swapped = NamespaceSpec {
        replicas: replicas(&["aws-us-east-1", "aws-us-west-2"]),
        ..spec
    };
    emu.client
        .update_namespace(admin(update(swapped, &ns.resource_version)))
        .await
        .unwrap();
    let (active, adding, removing) = (
        ReplicaState::Active as i32,
        ReplicaState::Adding as i32,
        ReplicaState::Removing as i32,
    );
    assert_eq!(
        states(&get(&mut emu).await),
        [
            ("aws-us-east-1".into(), true, active),
            ("aws-us-east-2".into(), false, removing),
            ("aws-us-west-2".into(), false, adding)
        ]
    );
    emu.finish_operations();
    assert_eq!(
        states(&get(&mut emu).await),
        [
            ("aws-us-east-1".into(), true, active),
            ("aws-us-west-2".into(), false, active)
        ]
    );
}

#[tokio::test]
async fn capacity_requests_complete_with_their_operation() {
    let mut emu = TestEmulator::start().await;
    let ns = namespace(&mut emu, &["gcp-us-east4"]).await;
    assert!(matches!(
        ns.capacity.unwrap().current_mode,
        Some(CurrentMode::OnDemand(_))
    ));
    let provisioned = NamespaceSpec {
        capacity_spec: Some(CapacitySpec {
            spec: Some(Spec::Provisioned(capacity_spec::Provisioned { value: 4.0 })),
        }),
        ..ns.spec.clone().unwrap()
    };
    let update = UpdateNamespaceRequest {
        namespace: NS.into(),
        spec: Some(provisioned),
        resource_version: ns.resource_version.clone(),
        async_operation_id: "op-capacity".into(),
    };
    emu.client.update_namespace(admin(update)).await.unwrap();
    let capacity = get(&mut emu).await.capacity.unwrap();
    let request = capacity.latest_request.unwrap();
    assert_eq!(request.state, RequestState::CapacityRequestInProgress as i32);
    assert_eq!(request.async_operation_id, "op-capacity");
    assert!(
        matches!(capacity.current_mode, Some(CurrentMode::OnDemand(_))),
        "not yet"
    );

    emu.finish_operations();
    let info = GetNamespaceCapacityInfoRequest { namespace: NS.into() };
    let info = emu
        .client
        .get_namespace_capacity_info(admin(info))
        .await
        .unwrap()
        .into_inner();
    let info = info.capacity_info.unwrap();
    assert_eq!(info.namespace, NS);
    let current = info.current_capacity.unwrap();
    assert!(matches!(current.current_mode, Some(CurrentMode::Provisioned(p)) if p.current_value == 4.0));
    let request = current.latest_request.unwrap();
    assert_eq!(request.state, RequestState::CapacityRequestCompleted as i32);
    assert!(request.end_time.is_some());
    let options = info.mode_options.unwrap().provisioned.unwrap();
    assert!(options.valid_tru_values.contains(&4.0) && options.max_available_tru_value >= 4.0);
    assert!(info.stats.unwrap().aps.unwrap().p99 > 0.0);
    assert_eq!(get(&mut emu).await.limits.unwrap().actions_per_second_limit, 1000);

    let missing = GetNamespaceCapacityInfoRequest {
        namespace: "nope.a1b2c".into(),
    };
    let err = emu
        .client
        .get_namespace_capacity_info(admin(missing))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
}
