//! Emulator, export sinks family, through the gRPC client: lifecycle with async operations and
//! resource versions, health, validation naming the field (Create and ValidateNamespaceExportSink),
//! NOT_FOUND / ALREADY_EXISTS, pagination within a namespace, roles, idempotent retries, and sinks
//! going away with their namespace.

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::export_sink::Health;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::{
    ExportSink, ExportSinkSpec, NamespaceSpec, ReplicaSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use cloud_ops_gateway::pb::temporal::api::cloud::sink::v1::{GcsSpec, S3Spec};
use common::emulator::{START, TestEmulator, admin, req};
use tonic::{Code, Status};

const NS: &str = "orders.a1b2c";

/// An ACTIVE namespace `<name>.a1b2c` in `region`.
async fn namespace(emu: &mut TestEmulator, name: &str, region: &str) -> String {
    let spec = NamespaceSpec {
        name: name.into(),
        retention_days: 7,
        replicas: vec![ReplicaSpec { region: region.into() }],
        ..Default::default()
    };
    let request = CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let created = emu.client.create_namespace(admin(request)).await.unwrap().into_inner();
    emu.finish_operations();
    created.namespace
}

fn s3(name: &str) -> ExportSinkSpec {
    ExportSinkSpec {
        name: name.into(),
        enabled: true,
        s3: Some(S3Spec {
            role_name: "temporal-export".into(),
            bucket_name: "history-archive".into(),
            region: "us-east-1".into(),
            kms_arn: String::new(),
            aws_account_id: "123456789012".into(),
        }),
        ..Default::default()
    }
}

fn create(namespace: &str, spec: ExportSinkSpec) -> CreateNamespaceExportSinkRequest {
    CreateNamespaceExportSinkRequest {
        namespace: namespace.into(),
        spec: Some(spec),
        ..Default::default()
    }
}

async fn get(emu: &mut TestEmulator, namespace: &str, name: &str) -> Result<ExportSink, Status> {
    let request = GetNamespaceExportSinkRequest {
        namespace: namespace.into(),
        name: name.into(),
    };
    Ok(emu
        .client
        .get_namespace_export_sink(admin(request))
        .await?
        .into_inner()
        .sink
        .unwrap())
}

#[tokio::test]
async fn export_sink_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    namespace(&mut emu, "orders", "aws-us-east-1").await;
    let created = emu
        .client
        .create_namespace_export_sink(admin(create(NS, s3("archive"))))
        .await;
    let op = created.unwrap().into_inner().async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateNamespaceExportSink")
    );
    let sink = get(&mut emu, NS, "archive").await.unwrap();
    assert_eq!(
        (sink.name.as_str(), sink.state),
        ("archive", ResourceState::Activating as i32)
    );
    assert_eq!(sink.health, Health::Ok as i32, "enabled sinks are healthy");
    assert!(sink.last_health_check_time.is_some());
    emu.finish_operations();
    let sink = get(&mut emu, NS, "archive").await.unwrap();
    assert_eq!(sink.state, ResourceState::Active as i32);

    let update = UpdateNamespaceExportSinkRequest {
        namespace: NS.into(),
        spec: Some(ExportSinkSpec {
            enabled: false,
            ..s3("archive")
        }),
        resource_version: sink.resource_version.clone(),
        ..Default::default()
    };
    emu.client
        .update_namespace_export_sink(admin(update.clone()))
        .await
        .unwrap();
    let stale = emu.client.update_namespace_export_sink(admin(update.clone())).await;
    assert_eq!(stale.unwrap_err().code(), Code::Aborted);
    let unknown = UpdateNamespaceExportSinkRequest {
        spec: Some(s3("other")),
        ..update
    };
    let err = emu
        .client
        .update_namespace_export_sink(admin(unknown))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound, "the sink to update is spec.name");
    assert_eq!(
        get(&mut emu, NS, "archive").await.unwrap().state,
        ResourceState::Updating as i32
    );
    emu.finish_operations();
    let sink = get(&mut emu, NS, "archive").await.unwrap();
    assert_eq!(
        (sink.state, sink.health),
        (ResourceState::Active as i32, Health::Unspecified as i32)
    );
    assert!(!sink.spec.unwrap().enabled);

    let delete = DeleteNamespaceExportSinkRequest {
        namespace: NS.into(),
        name: "archive".into(),
        resource_version: sink.resource_version,
        ..Default::default()
    };
    let unversioned = DeleteNamespaceExportSinkRequest {
        resource_version: String::new(),
        ..delete.clone()
    };
    let err = emu
        .client
        .delete_namespace_export_sink(admin(unversioned))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    emu.client.delete_namespace_export_sink(admin(delete)).await.unwrap();
    assert_eq!(
        get(&mut emu, NS, "archive").await.unwrap().state,
        ResourceState::Deleting as i32
    );
    emu.finish_operations();
    assert_eq!(get(&mut emu, NS, "archive").await.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn invalid_sinks_are_rejected_by_create_and_validate_naming_the_field() {
    let mut emu = TestEmulator::start().await;
    namespace(&mut emu, "orders", "aws-us-east-1").await;
    let gcp = namespace(&mut emu, "analytics", "gcp-us-central1").await;
    let gcs = GcsSpec {
        sa_id: "exporter".into(),
        bucket_name: "history".into(),
        gcp_project_id: "acme-data".into(),
        region: "us-central1".into(),
    };
    let with = |f: &dyn Fn(&mut ExportSinkSpec)| {
        let mut spec = s3("archive");
        f(&mut spec);
        spec
    };
    let s3_only = |f: fn(&mut S3Spec)| with(&|s| f(s.s3.as_mut().unwrap()));
    let cases = [
        (with(&|s| s.name = String::new()), "spec.name"),
        (with(&|s| s.name = "a/b".into()), "spec.name"),
        (with(&|s| s.s3 = None), "spec"),
        (with(&|s| s.gcs = Some(gcs.clone())), "spec"),
        (with(&|s| (s.s3, s.gcs) = (None, Some(gcs.clone()))), "spec.gcs"),
        (s3_only(|s| s.role_name.clear()), "spec.s3.role_name"),
        (s3_only(|s| s.bucket_name.clear()), "spec.s3.bucket_name"),
        (s3_only(|s| s.region.clear()), "spec.s3.region"),
        (s3_only(|s| s.aws_account_id = "12345".into()), "spec.s3.aws_account_id"),
        (s3_only(|s| s.kms_arn = "key-1".into()), "spec.s3.kms_arn"),
    ];
    for (spec, field) in cases {
        let validate = ValidateNamespaceExportSinkRequest {
            namespace: NS.into(),
            spec: Some(spec.clone()),
        };
        let err = emu
            .client
            .validate_namespace_export_sink(admin(validate))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{spec:?}");
        assert!(err.message().starts_with(field), "{field}: {}", err.message());
        let err = emu
            .client
            .create_namespace_export_sink(admin(create(NS, spec)))
            .await
            .unwrap_err();
        assert!(err.message().starts_with(field), "{field}: {}", err.message());
    }
    let on_gcp = create(&gcp, s3("archive"));
    let err = emu
        .client
        .create_namespace_export_sink(admin(on_gcp))
        .await
        .unwrap_err();
    assert!(
        err.message().starts_with("spec.s3"),
        "S3 is for AWS namespaces: {err:?}"
    );
    let gcs_sink = ExportSinkSpec {
        s3: None,
        gcs: Some(gcs),
        ..s3("archive")
    };
    emu.client
        .create_namespace_export_sink(admin(create(&gcp, gcs_sink)))
        .await
        .unwrap();

    let valid = ValidateNamespaceExportSinkRequest {
        namespace: NS.into(),
        spec: Some(s3("archive")),
    };
    emu.client.validate_namespace_export_sink(admin(valid)).await.unwrap();
    let stored = emu
        .emulator
        .with_state(|s| s.export_sinks.keys().cloned().collect::<Vec<_>>());
    assert_eq!(stored, ["analytics.a1b2c/archive"], "validation stores nothing");

    emu.client
        .create_namespace_export_sink(admin(create(NS, s3("archive"))))
        .await
        .unwrap();
    let twice = emu
        .client
        .create_namespace_export_sink(admin(create(NS, s3("archive"))))
        .await;
    assert_eq!(twice.unwrap_err().code(), Code::AlreadyExists);
    let nowhere = emu
        .client
        .create_namespace_export_sink(admin(create("nope.a1b2c", s3("x"))))
        .await;
    assert_eq!(nowhere.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn paging_lists_only_the_namespace_sinks_and_they_go_with_it() {
    let mut emu = TestEmulator::start().await;
    namespace(&mut emu, "orders", "aws-us-east-1").await;
    let other = namespace(&mut emu, "ordersx", "aws-us-east-1").await;
    emu.client
        .create_namespace_export_sink(admin(create(&other, s3("foreign"))))
        .await
        .unwrap();
    for i in 0..25 {
        let request = create(NS, s3(&format!("sink-{i:02}")));
        emu.client.create_namespace_export_sink(admin(request)).await.unwrap();
    }
    let (mut seen, mut token) = (Vec::new(), String::new());
    loop {
        let request = GetNamespaceExportSinksRequest {
            namespace: NS.into(),
            page_size: 10,
            page_token: token.clone(),
        };
        let page = emu
            .client
            .get_namespace_export_sinks(admin(request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.sinks.len() <= 10);
        seen.extend(page.sinks.into_iter().map(|s| s.name));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, (0..25).map(|i| format!("sink-{i:02}")).collect::<Vec<_>>());

    emu.finish_operations();
    let ns = GetNamespaceRequest { namespace: NS.into() };
    let ns = emu
        .client
        .get_namespace(admin(ns))
        .await
        .unwrap()
        .into_inner()
        .namespace
        .unwrap();
    let delete = DeleteNamespaceRequest {
        namespace: NS.into(),
        resource_version: ns.resource_version,
        ..Default::default()
    };
    emu.client.delete_namespace(admin(delete)).await.unwrap();
    emu.finish_operations();
    let gone = GetNamespaceExportSinksRequest {
        namespace: NS.into(),
        ..Default::default()
    };
    let err = emu.client.get_namespace_export_sinks(admin(gone)).await.unwrap_err();
    assert_eq!(err.code(), Code::NotFound, "the namespace is gone");
    let left = emu
        .emulator
        .with_state(|s| s.export_sinks.keys().cloned().collect::<Vec<_>>());
    assert_eq!(left, ["ordersx.a1b2c/foreign"]);
}

#[tokio::test]
async fn roles_and_idempotent_retries() {
    let mut emu = TestEmulator::start().await;
    namespace(&mut emu, "orders", "aws-us-east-1").await;
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-id", "reader-key", START);
    });
    let request = CreateNamespaceExportSinkRequest {
        async_operation_id: "op-archive".into(),
        ..create(NS, s3("archive"))
    };
    let denied = emu
        .client
        .create_namespace_export_sink(req("reader-key", request.clone()))
        .await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);
    let validate = ValidateNamespaceExportSinkRequest {
        namespace: NS.into(),
        spec: Some(s3("archive")),
    };
    let denied = emu
        .client
        .validate_namespace_export_sink(req("reader-key", validate))
        .await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);

    let first = emu
        .client
        .create_namespace_export_sink(admin(request.clone()))
        .await
        .unwrap();
    let second = emu.client.create_namespace_export_sink(admin(request)).await.unwrap();
    let id = |r: tonic::Response<CreateNamespaceExportSinkResponse>| r.into_inner().async_operation.unwrap().id;
    assert_eq!((id(first), id(second)), ("op-archive".into(), "op-archive".into()));
    assert_eq!(emu.emulator.with_state(|s| s.export_sinks.len()), 1, "no duplicate");

    let list = GetNamespaceExportSinksRequest {
        namespace: NS.into(),
        ..Default::default()
    };
    let sinks = emu
        .client
        .get_namespace_export_sinks(req("reader-key", list))
        .await
        .unwrap();
    assert_eq!(sinks.into_inner().sinks.len(), 1, "readers read");
}
