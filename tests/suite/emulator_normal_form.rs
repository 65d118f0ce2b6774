//! Emulator: one normal form per namespace (issue 27). Whatever path a namespace takes — demo data,
//! a create in the current form or in the deprecated one older clients send, an update — a read
//! shows the deprecated mirrors (`spec.regions`, `spec.custom_search_attributes`) holding the current
//! fields' values; a change sent only in a mirror is refused naming it, not silently lost. The
//! PATCH of every family over the demo data is patch_families.rs.

#![allow(deprecated)] // the deprecated mirrors are what is under test

use std::collections::HashMap;

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::namespace_spec::SearchAttributeType;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::{ApiKeyAuthSpec, NamespaceSpec, ReplicaSpec};
use common::emulator::{START, TestEmulator, admin};
use tonic::Code;

async fn read(emu: &mut TestEmulator, namespace: &str) -> (NamespaceSpec, String) {
    let request = GetNamespaceRequest {
        namespace: namespace.into(),
    };
    let ns = emu.client.get_namespace(admin(request)).await.unwrap().into_inner();
    let ns = ns.namespace.unwrap();
    (ns.spec.unwrap(), ns.resource_version)
}

async fn create(emu: &mut TestEmulator, spec: NamespaceSpec) -> String {
    let request = CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let created = emu.client.create_namespace(admin(request)).await.unwrap();
    emu.finish_operations();
    created.into_inner().namespace
}

async fn update(
    emu: &mut TestEmulator,
    namespace: &str,
    spec: NamespaceSpec,
    version: String,
) -> Result<(), tonic::Status> {
    let request = UpdateNamespaceRequest {
        namespace: namespace.into(),
        spec: Some(spec),
        resource_version: version,
        ..Default::default()
    };
    emu.client.update_namespace(admin(request)).await?;
    emu.finish_operations();
    Ok(())
}

fn base(name: &str) -> NamespaceSpec {
    NamespaceSpec {
        name: name.into(),
        retention_days: 7,
        api_key_auth: Some(ApiKeyAuthSpec { enabled: true }),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_namespace_reads_the_same_whatever_path_it_took() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| demo::populate(s, START));

    // An older client: the deprecated region list and string-typed search attributes only.
    let old = create(
        &mut emu,
        NamespaceSpec {
            regions: vec!["aws-us-east-1".into()],
            custom_search_attributes: HashMap::from([("CustomerId".into(), "keyword".into())]),
            ..base("old-client")
        },
    )
    .await;
    // A current client: replicas and the typed map only.
    let new = create(
        &mut emu,
        NamespaceSpec {
            replicas: vec![ReplicaSpec {
                region: "aws-us-east-1".into(),
            }],
            search_attributes: HashMap::from([("CustomerId".into(), SearchAttributeType::Keyword as i32)]),
            ..base("new-client")
        },
    )
    .await;
    let (old_spec, _) = read(&mut emu, &old).await;
    let (new_spec, _) = read(&mut emu, &new).await;
    assert_eq!(
        NamespaceSpec {
            name: "new-client".into(),
            ..old_spec.clone()
        },
        new_spec
    );
    assert_eq!(old_spec.regions, vec!["aws-us-east-1".to_string()]);
    assert_eq!(old_spec.replicas.len(), 1);
    assert_eq!(old_spec.custom_search_attributes["CustomerId"], "keyword");
    assert_eq!(
        old_spec.search_attributes["CustomerId"],
        SearchAttributeType::Keyword as i32
    );

    // Demo data, never written by a handler, reads in the same form.
    let (payments, version) = read(&mut emu, "payments.a1b2c").await;
    let regions: Vec<String> = payments.replicas.iter().map(|r| r.region.clone()).collect();
    assert_eq!(payments.regions, regions, "payments");
    assert_eq!(regions.len(), 2);

    // Writing back what was read with one field changed changes only that field.
    let changed = NamespaceSpec {
        retention_days: 45,
        ..payments.clone()
    };
    update(&mut emu, "payments.a1b2c", changed.clone(), version)
        .await
        .unwrap();
    assert_eq!(read(&mut emu, "payments.a1b2c").await.0, changed);
}

#[tokio::test]
async fn a_change_sent_only_in_a_deprecated_mirror_is_refused_not_lost() {
    let mut emu = TestEmulator::start().await;
    let name = create(
        &mut emu,
        NamespaceSpec {
            replicas: vec![ReplicaSpec {
                region: "aws-us-east-1".into(),
            }],
            search_attributes: HashMap::from([("CustomerId".into(), SearchAttributeType::Keyword as i32)]),
            ..base("mirrors")
        },
    )
    .await;
    let (spec, version) = read(&mut emu, &name).await;

    let regions_only = NamespaceSpec {
        regions: vec!["aws-us-west-2".into()],
        ..spec.clone()
    };
    let refused = update(&mut emu, &name, regions_only, version.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument, "{refused:?}");
    assert!(refused.message().contains("spec.regions"), "{refused:?}");

    let mut attributes_only = spec.clone();
    attributes_only
        .custom_search_attributes
        .insert("Amount".into(), "double".into());
    let refused = update(&mut emu, &name, attributes_only, version.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument, "{refused:?}");
    assert!(
        refused.message().contains("spec.custom_search_attributes"),
        "{refused:?}"
    );
    assert_eq!(
        read(&mut emu, &name).await,
        (spec.clone(), version.clone()),
        "nothing changed"
    );

    // The current fields changed, the mirrors left as read: accepted, and the mirrors follow.
    let mut current = spec.clone();
    current.replicas.push(ReplicaSpec {
        region: "aws-us-west-2".into(),
    });
    current
        .search_attributes
        .insert("Amount".into(), SearchAttributeType::Double as i32);
    update(&mut emu, &name, current, version).await.unwrap();
    let (after, _) = read(&mut emu, &name).await;
    assert_eq!(
        after.regions,
        vec!["aws-us-east-1".to_string(), "aws-us-west-2".to_string()]
    );
    assert_eq!(after.custom_search_attributes["Amount"], "double");
}
