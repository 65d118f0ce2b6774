//! Emulator, namespaces family, through the gRPC client: lifecycle with async operations and
//! resource versions, idempotent retries, validation naming the field, pagination and the name
//! filter, roles (readers, developers who become admins of what they create), search attribute
//! rename, tags and delete protection. Regions, replicas and capacity: emulator_regions.rs.

use crate::common;

use std::collections::HashMap;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::namespace_spec::SearchAttributeType;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::replica::ReplicaState;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::{
    ApiKeyAuthSpec, CapacitySpec, LifecycleSpec, MtlsAuthSpec, Namespace, NamespaceSpec, ReplicaSpec, capacity_spec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{ADMIN_KEY, START, TestEmulator, admin, req};
use tonic::{Code, Status};

/// A change made to a valid spec.
type Edit<'a> = dyn Fn(&mut NamespaceSpec) + 'a;

fn spec(name: &str, regions: &[&str]) -> NamespaceSpec {
    NamespaceSpec {
        name: name.into(),
        retention_days: 7,
        api_key_auth: Some(ApiKeyAuthSpec { enabled: true }),
        replicas: regions.iter().map(|r| ReplicaSpec { region: (*r).into() }).collect(),
        ..Default::default()
    }
}

fn create(spec: NamespaceSpec) -> CreateNamespaceRequest {
    CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    }
}

/// CreateNamespace as the owner of `key`; the new namespace's name.
async fn create_as(emu: &mut TestEmulator, key: &str, request: CreateNamespaceRequest) -> Result<String, Status> {
    Ok(emu
        .client
        .create_namespace(req(key, request))
        .await?
        .into_inner()
        .namespace)
}

async fn get(emu: &mut TestEmulator, namespace: &str) -> Result<Namespace, Status> {
    let request = GetNamespaceRequest {
        namespace: namespace.into(),
    };
    Ok(emu
        .client
        .get_namespace(admin(request))
        .await?
        .into_inner()
        .namespace
        .unwrap())
}

async fn update_as(emu: &mut TestEmulator, key: &str, ns: &Namespace, spec: NamespaceSpec) -> Result<(), Status> {
    let request = UpdateNamespaceRequest {
        namespace: ns.namespace.clone(),
        spec: Some(spec),
        resource_version: ns.resource_version.clone(),
        ..Default::default()
    };
    emu.client.update_namespace(req(key, request)).await.map(drop)
}

async fn delete(emu: &mut TestEmulator, ns: &Namespace) -> Result<(), Status> {
    let request = DeleteNamespaceRequest {
        namespace: ns.namespace.clone(),
        resource_version: ns.resource_version.clone(),
        ..Default::default()
    };
    emu.client.delete_namespace(admin(request)).await.map(drop)
}

fn add_key(emu: &TestEmulator, user: &str, role: Role) {
    emu.emulator.with_state(|s| {
        demo::add_user(s, user, &format!("{user}@example.com"), role, START);
        demo::add_api_key(
            s,
            user,
            OwnerType::User,
            &format!("{user}-id"),
            &format!("{user}-key"),
            START,
        );
    });
}

#[tokio::test]
async fn namespace_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    let mut request = create(spec("orders", &["aws-us-east-1"]));
    request.tags = HashMap::from([("team".into(), "commerce".into())]);
    let created = emu.client.create_namespace(admin(request)).await.unwrap().into_inner();
    assert_eq!(created.namespace, "orders.a1b2c");
    let op = created.async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateNamespace")
    );
    let ns = get(&mut emu, "orders.a1b2c").await.unwrap();
    assert_eq!(ns.state, ResourceState::Activating as i32);
    assert_eq!(ns.active_region, "aws-us-east-1");
    assert_eq!(ns.tags["team"], "commerce");
    assert_eq!(ns.limits.unwrap().actions_per_second_limit, 500);
    let endpoints = ns.endpoints.unwrap();
    assert_eq!(endpoints.grpc_address, "us-east-1.aws.api.temporal.io:7233");
    assert!(endpoints.mtls_grpc_address.is_empty(), "mTLS is not enabled");
    assert!(endpoints.web_address.ends_with("/orders.a1b2c"));
    let replica = &ns.replicas[0];
    assert!(replica.is_primary && !replica.id.is_empty());
    assert_eq!(replica.state, ReplicaState::Adding as i32);

    emu.finish_operations();
    let ns = get(&mut emu, "orders.a1b2c").await.unwrap();
    assert_eq!(ns.state, ResourceState::Active as i32);
    assert_eq!(ns.replicas[0].state, ReplicaState::Active as i32);

    let mut new_spec = ns.spec.clone().unwrap();
    new_spec.retention_days = 30;
    new_spec
        .search_attributes
        .insert("CustomerId".into(), SearchAttributeType::Keyword as i32);
    update_as(&mut emu, ADMIN_KEY, &ns, new_spec.clone()).await.unwrap();
    let stale = update_as(&mut emu, ADMIN_KEY, &ns, new_spec.clone()).await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted, "{stale:?}");
    let unversioned = Namespace {
        resource_version: String::new(),
        ..ns.clone()
    };
    let missing = update_as(&mut emu, ADMIN_KEY, &unversioned, new_spec.clone()).await;
    assert_eq!(missing.unwrap_err().code(), Code::InvalidArgument);
    let updating = get(&mut emu, "orders.a1b2c").await.unwrap();
    assert_eq!(updating.state, ResourceState::Updating as i32);
    emu.finish_operations();
    let ns = get(&mut emu, "orders.a1b2c").await.unwrap();
    assert_eq!(ns.state, ResourceState::Active as i32);
    assert_eq!(ns.spec.as_ref().unwrap().retention_days, 30);

    let renamed = NamespaceSpec {
        name: "other".into(),
        ..new_spec
    };
    let err = update_as(&mut emu, ADMIN_KEY, &ns, renamed).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().starts_with("spec.name"), "{}", err.message());

    delete(&mut emu, &ns).await.unwrap();
    let deleting = get(&mut emu, "orders.a1b2c").await.unwrap();
    assert_eq!(deleting.state, ResourceState::Deleting as i32);
    emu.finish_operations();
    assert_eq!(get(&mut emu, "orders.a1b2c").await.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn retried_create_is_idempotent_and_names_are_unique() {
    let mut emu = TestEmulator::start().await;
    let request = CreateNamespaceRequest {
        async_operation_id: "op-payments".into(),
        ..create(spec("payments", &["gcp-us-central1"]))
    };
    let first = emu.client.create_namespace(admin(request.clone())).await.unwrap();
    let second = emu.client.create_namespace(admin(request)).await.unwrap().into_inner();
    assert_eq!(first.into_inner().namespace, second.namespace);
    assert_eq!(second.async_operation.unwrap().id, "op-payments");
    assert_eq!(emu.emulator.with_state(|s| s.namespaces.len()), 1);
    let duplicate = create(spec("payments", &["aws-us-east-1"]));
    let err = create_as(&mut emu, ADMIN_KEY, duplicate).await.unwrap_err();
    assert_eq!(err.code(), Code::AlreadyExists);
    let endpoints = get(&mut emu, "payments.a1b2c").await.unwrap().endpoints.unwrap();
    assert_eq!(endpoints.grpc_address, "us-central1.gcp.api.temporal.io:7233");
}

#[tokio::test]
async fn invalid_specs_are_rejected_naming_the_field() {
    let mut emu = TestEmulator::start().await;
    let base = spec("valid", &["aws-us-east-1"]);
    let with = |f: &Edit<'_>| {
        let mut s = base.clone();
        f(&mut s);
        s
    };
    let mut cases: Vec<(NamespaceSpec, &str)> = Vec::new();
    let forty = "x".repeat(40);
    for name in ["", "Bad_Name", "a", "ends-", "9lives", &forty] {
        cases.push((with(&|s| s.name = name.into()), "spec.name"));
    }
    for days in [0, 91] {
        cases.push((with(&|s| s.retention_days = days), "spec.retention_days"));
    }
    let three = spec("x", &["aws-us-east-1", "aws-us-west-2", "aws-eu-west-1"]).replicas;
    let tru = |value| CapacitySpec {
        spec: Some(capacity_spec::Spec::Provisioned(capacity_spec::Provisioned { value })),
    };
    let mtls = MtlsAuthSpec {
        enabled: true,
        ..Default::default()
    };
    let (sa, bad_sa) = ("spec.search_attributes", |name: &str, kind| {
        HashMap::from([(name.into(), kind)])
    });
    let checks: [(&Edit<'_>, &str); 9] = [
        (&|s| s.replicas.clear(), "spec.replicas"),
        (&|s| s.replicas[0].region = "mars-1".into(), "spec.replicas[0].region"),
        (&|s| s.replicas.push(s.replicas[0].clone()), "spec.replicas[1].region"),
        (&|s| s.replicas = three.clone(), "spec.replicas"),
        (&|s| s.search_attributes = bad_sa("A", 0), sa),
        (&|s| s.search_attributes = bad_sa("Temporal1", 1), sa),
        (
            &|s| s.connectivity_rule_ids = vec!["nope".into()],
            "spec.connectivity_rule_ids",
        ),
        (
            &|s| s.capacity_spec = Some(tru(3.0)),
            "spec.capacity_spec.provisioned.value",
        ),
        (
            &|s| s.mtls_auth = Some(mtls.clone()),
            "spec.mtls_auth.accepted_client_ca",
        ),
    ];
    cases.extend(checks.into_iter().map(|(f, field)| (with(f), field)));
    for (bad, field) in cases {
        let err = create_as(&mut emu, ADMIN_KEY, create(bad.clone())).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{bad:?}");
        assert!(err.message().starts_with(field), "{field}: {}", err.message());
    }
    #[allow(deprecated)]
    let legacy = NamespaceSpec {
        replicas: vec![],
        regions: vec!["aws-eu-west-1".into()],
        custom_search_attributes: HashMap::from([("CustomerId".into(), "keyword".into())]),
        ..base
    };
    #[allow(deprecated)]
    let bad_legacy = NamespaceSpec {
        custom_search_attributes: HashMap::from([("CustomerId".into(), "blob".into())]),
        ..legacy.clone()
    };
    let err = create_as(&mut emu, ADMIN_KEY, create(bad_legacy)).await.unwrap_err();
    assert!(err.message().starts_with("spec.custom_search_attributes"), "{err:?}");
    let count = emu.emulator.with_state(|s| s.namespaces.len());
    assert_eq!(count, 0, "failed calls change nothing");

    let created = create_as(&mut emu, ADMIN_KEY, create(legacy)).await.unwrap();
    let spec = get(&mut emu, &created).await.unwrap().spec.unwrap();
    assert_eq!(
        spec.replicas,
        vec![ReplicaSpec {
            region: "aws-eu-west-1".into()
        }]
    );
    assert_eq!(
        spec.search_attributes["CustomerId"],
        SearchAttributeType::Keyword as i32
    );
}

#[tokio::test]
async fn paging_and_filtering_namespaces_by_name() {
    let mut emu = TestEmulator::start().await;
    for i in 0..25 {
        let request = create(spec(&format!("ns{i:02}"), &["aws-us-east-1"]));
        create_as(&mut emu, ADMIN_KEY, request).await.unwrap();
    }
    let (mut seen, mut token) = (Vec::new(), String::new());
    loop {
        let request = GetNamespacesRequest {
            page_size: 10,
            page_token: token.clone(),
            ..Default::default()
        };
        let page = emu.client.get_namespaces(admin(request)).await.unwrap().into_inner();
        assert!(page.namespaces.len() <= 10);
        seen.extend(page.namespaces.into_iter().map(|n| n.namespace));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let expected: Vec<String> = (0..25).map(|i| format!("ns{i:02}.a1b2c")).collect();
    assert_eq!(seen, expected);
    for name in ["ns07", "ns07.a1b2c"] {
        let request = GetNamespacesRequest {
            name: name.into(),
            ..Default::default()
        };
        let found = emu.client.get_namespaces(admin(request)).await.unwrap().into_inner();
        let names: Vec<_> = found.namespaces.iter().map(|n| n.namespace.as_str()).collect();
        assert_eq!(names, ["ns07.a1b2c"]);
    }
    let too_big = GetNamespacesRequest {
        page_size: 1001,
        ..Default::default()
    };
    let err = emu.client.get_namespaces(admin(too_big)).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn readers_read_and_developers_administer_what_they_create() {
    let mut emu = TestEmulator::start().await;
    add_key(&emu, "reader", Role::Read);
    add_key(&emu, "dev", Role::Developer);
    let admins = create_as(&mut emu, ADMIN_KEY, create(spec("adminns", &["aws-us-east-1"]))).await;
    let list = emu
        .client
        .get_namespaces(req("reader-key", GetNamespacesRequest::default()))
        .await;
    assert_eq!(list.unwrap().into_inner().namespaces.len(), 1, "readers see namespaces");
    let denied = create_as(&mut emu, "reader-key", create(spec("r", &["aws-us-east-1"]))).await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);

    let mut tagged = create(spec("tagged", &["aws-us-east-1"]));
    tagged.tags.insert("team".into(), "x".into());
    let denied = create_as(&mut emu, "dev-key", tagged).await.unwrap_err();
    assert_eq!(
        denied.code(),
        Code::PermissionDenied,
        "only owners and global admins set tags"
    );
    let mine = create_as(&mut emu, "dev-key", create(spec("devns", &["aws-us-east-1"]))).await;
    let granted = emu.emulator.with_state(|s| {
        let access = s.users["dev"].spec.clone().unwrap().access.unwrap();
        access.namespace_accesses.get("devns.a1b2c").map(|a| a.permission)
    });
    assert_eq!(granted, Some(Permission::Admin as i32));
    emu.finish_operations();
    for (namespace, expected) in [(mine.unwrap(), None), (admins.unwrap(), Some(Code::PermissionDenied))] {
        let ns = get(&mut emu, &namespace).await.unwrap();
        let result = update_as(&mut emu, "dev-key", &ns, ns.spec.clone().unwrap()).await;
        assert_eq!(result.err().map(|e| e.code()), expected, "{namespace}");
    }
    let tags = UpdateNamespaceTagsRequest {
        namespace: "devns.a1b2c".into(),
        tags_to_upsert: HashMap::from([("env".into(), "dev".into())]),
        ..Default::default()
    };
    let denied = emu
        .client
        .update_namespace_tags(req("dev-key", tags))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn rename_search_attributes_tags_and_delete_protection() {
    let mut emu = TestEmulator::start().await;
    let mut s = spec("billing", &["aws-us-west-2"]);
    s.search_attributes
        .insert("CustomerId".into(), SearchAttributeType::Keyword as i32);
    s.lifecycle = Some(LifecycleSpec {
        enable_delete_protection: true,
    });
    let mut request = create(s);
    request.tags.insert("team".into(), "finance".into());
    let name = create_as(&mut emu, ADMIN_KEY, request).await.unwrap();
    emu.finish_operations();
    let ns = get(&mut emu, &name).await.unwrap();
    let rename = |from: &str, to: &str| RenameCustomSearchAttributeRequest {
        namespace: name.clone(),
        existing_custom_search_attribute_name: from.into(),
        new_custom_search_attribute_name: to.into(),
        resource_version: ns.resource_version.clone(),
        ..Default::default()
    };
    let c = &mut emu.client;
    let err = c
        .rename_custom_search_attribute(admin(rename("Nope", "X")))
        .await
        .unwrap_err();
    assert!(
        err.message().starts_with("existing_custom_search_attribute_name"),
        "{err:?}"
    );
    let err = c
        .rename_custom_search_attribute(admin(rename("CustomerId", "CustomerId")))
        .await;
    assert_eq!(err.unwrap_err().code(), Code::AlreadyExists);
    let err = c
        .rename_custom_search_attribute(admin(rename("CustomerId", "bad name")))
        .await;
    assert!(
        err.unwrap_err()
            .message()
            .starts_with("new_custom_search_attribute_name")
    );
    c.rename_custom_search_attribute(admin(rename("CustomerId", "ClientId")))
        .await
        .unwrap();
    emu.finish_operations();
    let ns = get(&mut emu, &name).await.unwrap();
    let spec = ns.spec.clone().unwrap();
    assert_eq!(spec.search_attributes.keys().collect::<Vec<_>>(), ["ClientId"]);
    #[allow(deprecated)]
    let legacy = spec.custom_search_attributes.clone();
    assert_eq!(legacy, HashMap::from([("ClientId".into(), "keyword".into())]));

    #[allow(deprecated)]
    let dropped = NamespaceSpec {
        search_attributes: HashMap::new(),
        custom_search_attributes: HashMap::new(),
        ..spec.clone()
    };
    let err = update_as(&mut emu, ADMIN_KEY, &ns, dropped).await.unwrap_err();
    assert!(err.message().starts_with("spec.search_attributes"), "{err:?}");

    let mut tags = UpdateNamespaceTagsRequest {
        namespace: name.clone(),
        ..Default::default()
    };
    let err = emu.client.update_namespace_tags(admin(tags.clone())).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "nothing to upsert or remove");
    tags.tags_to_upsert.insert("env".into(), "prod".into());
    tags.tags_to_remove = vec!["team".into(), "absent".into()];
    emu.client.update_namespace_tags(admin(tags)).await.unwrap();
    emu.finish_operations();
    let ns = get(&mut emu, &name).await.unwrap();
    assert_eq!(ns.tags, HashMap::from([("env".into(), "prod".into())]));

    let err = delete(&mut emu, &ns).await.unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition, "delete protection");
    let unprotected = NamespaceSpec {
        lifecycle: None,
        ..spec
    };
    update_as(&mut emu, ADMIN_KEY, &ns, unprotected).await.unwrap();
    emu.finish_operations();
    let ns = get(&mut emu, &name).await.unwrap();
    delete(&mut emu, &ns).await.unwrap();
    emu.finish_operations();
    assert_eq!(get(&mut emu, &name).await.unwrap_err().code(), Code::NotFound);
}
