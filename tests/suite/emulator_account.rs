//! Emulator, account family, through the gRPC client: GetAccount / UpdateAccount (metrics CA and
//! endpoint, optimistic concurrency), audit-log sinks (lifecycle, validation, idempotency,
//! pagination, roles) and audit logs (mutations leave entries; time window, paging, roles).

use crate::common;

use std::time::Duration;

use base64::Engine as _;
use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::account::v1::audit_log_sink::Health;
use cloud_ops_gateway::pb::temporal::api::cloud::account::v1::audit_log_sink_spec::SinkType;
use cloud_ops_gateway::pb::temporal::api::cloud::account::v1::{
    Account, AccountSpec, AuditLogSink, AuditLogSinkSpec, MetricsSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::auditlog::v1::LogRecord;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{Access, AccountAccess, OwnerType, UserSpec};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::AsyncOperation;
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use cloud_ops_gateway::pb::temporal::api::cloud::sink::v1::{KinesisSpec, PubSubSpec};
use cloud_ops_gateway::wkt::Timestamp;
use common::emulator::{ADMIN_KEY, START, TestEmulator, admin, req};
use tonic::Code;

fn add_reader(emu: &TestEmulator) {
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
    });
}

/// A PEM certificate block around a DER-looking body.
fn pem() -> Vec<u8> {
    let der: Vec<u8> = [0x30, 0x82, 0x01, 0x0a].into_iter().chain(1..=64).collect();
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n").into_bytes()
}

fn metrics_spec(ca: Vec<u8>) -> AccountSpec {
    AccountSpec {
        metrics: Some(MetricsSpec { accepted_client_ca: ca }),
    }
}

fn kinesis(name: &str) -> AuditLogSinkSpec {
    AuditLogSinkSpec {
        name: name.into(),
        enabled: true,
        sink_type: Some(SinkType::KinesisSink(KinesisSpec {
            role_name: "arn:aws:iam::123456789012:role/temporal-audit".into(),
            destination_uri: "arn:aws:kinesis:us-east-1:123456789012:stream/audit".into(),
            region: "us-east-1".into(),
        })),
    }
}

fn pub_sub(name: &str) -> AuditLogSinkSpec {
    AuditLogSinkSpec {
        name: name.into(),
        enabled: false,
        sink_type: Some(SinkType::PubSubSink(PubSubSpec {
            service_account_id: "audit-writer".into(),
            topic_name: "audit-logs".into(),
            gcp_project_id: "my-project".into(),
        })),
    }
}

type R<T> = Result<T, tonic::Status>;

/// The error code of a call that must fail.
fn code<T: std::fmt::Debug>(result: R<T>) -> Code {
    result.unwrap_err().code()
}

fn ts(seconds: i64) -> Option<Timestamp> {
    Some(Timestamp { seconds, nanos: 0 })
}

async fn account(emu: &mut TestEmulator, key: &str) -> R<Account> {
    let response = emu.client.get_account(req(key, GetAccountRequest {})).await?;
    Ok(response.into_inner().account.unwrap())
}

async fn update_account(emu: &mut TestEmulator, key: &str, spec: AccountSpec, version: &str) -> R<AsyncOperation> {
    let request = UpdateAccountRequest {
        spec: Some(spec),
        resource_version: version.into(),
        ..Default::default()
    };
    let response = emu.client.update_account(req(key, request)).await?;
    Ok(response.into_inner().async_operation.unwrap())
}

async fn get_sink(emu: &mut TestEmulator, name: &str) -> R<AuditLogSink> {
    let request = GetAccountAuditLogSinkRequest { name: name.into() };
    let response = emu.client.get_account_audit_log_sink(admin(request)).await?;
    Ok(response.into_inner().sink.unwrap())
}

async fn create_sink(emu: &mut TestEmulator, key: &str, spec: AuditLogSinkSpec, op: &str) -> R<AsyncOperation> {
    let request = CreateAccountAuditLogSinkRequest {
        spec: Some(spec),
        async_operation_id: op.into(),
    };
    let response = emu.client.create_account_audit_log_sink(req(key, request)).await?;
    Ok(response.into_inner().async_operation.unwrap())
}

async fn update_sink(emu: &mut TestEmulator, spec: AuditLogSinkSpec, version: &str) -> R<AsyncOperation> {
    let request = UpdateAccountAuditLogSinkRequest {
        spec: Some(spec),
        resource_version: version.into(),
        ..Default::default()
    };
    let response = emu.client.update_account_audit_log_sink(admin(request)).await?;
    Ok(response.into_inner().async_operation.unwrap())
}

async fn validate_sink(emu: &mut TestEmulator, key: &str, spec: AuditLogSinkSpec) -> R<()> {
    let request = ValidateAccountAuditLogSinkRequest { spec: Some(spec) };
    emu.client.validate_account_audit_log_sink(req(key, request)).await?;
    Ok(())
}

async fn audit_logs(emu: &mut TestEmulator, key: &str, request: GetAuditLogsRequest) -> R<GetAuditLogsResponse> {
    Ok(emu.client.get_audit_logs(req(key, request)).await?.into_inner())
}

#[tokio::test]
async fn account_update_enables_metrics_with_a_pem_ca() {
    let mut emu = TestEmulator::start().await;
    add_reader(&emu);
    let before = account(&mut emu, "reader-key").await.unwrap();
    assert_eq!(before.id, demo::ACCOUNT_ID);
    assert_eq!(before.state, ResourceState::Active as i32);
    assert!(before.metrics.is_none());

    let version = before.resource_version.clone();
    let denied = update_account(&mut emu, "reader-key", metrics_spec(pem()), &version).await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let op = update_account(&mut emu, ADMIN_KEY, metrics_spec(pem()), &version)
        .await
        .unwrap();
    assert_eq!(op.operation_type, "UpdateAccount");
    let updating = account(&mut emu, ADMIN_KEY).await.unwrap();
    assert_eq!(updating.state, ResourceState::Updating as i32);
    assert_ne!(updating.resource_version, version);
    let uri = updating.metrics.unwrap().uri;
    let expected_host = format!("https://{}.", demo::ACCOUNT_ID);
    assert!(uri.starts_with(&expected_host) && uri.ends_with("/prometheus"), "{uri}");
    let stale = update_account(&mut emu, ADMIN_KEY, metrics_spec(pem()), &version).await;
    assert_eq!(code(stale), Code::Aborted);

    emu.finish_operations();
    let after = account(&mut emu, ADMIN_KEY).await.unwrap();
    assert_eq!(after.state, ResourceState::Active as i32);
    assert_eq!(after.spec.unwrap().metrics.unwrap().accepted_client_ca, pem());
    let version = after.resource_version;
    let broken = String::from_utf8(pem()).unwrap().replace("END", "X").into_bytes();
    for bad in [b"not a pem".to_vec(), Vec::new(), broken] {
        let err = update_account(&mut emu, ADMIN_KEY, metrics_spec(bad), &version)
            .await
            .unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        let message = err.message();
        assert!(message.starts_with("spec.metrics.accepted_client_ca:"), "{message}");
    }
    let disable = AccountSpec { metrics: None };
    update_account(&mut emu, ADMIN_KEY, disable, &version).await.unwrap();
    let disabled = account(&mut emu, ADMIN_KEY).await.unwrap();
    assert!(disabled.metrics.is_none(), "no metrics spec, no endpoint");
}

#[tokio::test]
async fn audit_log_sink_lifecycle() {
    let mut emu = TestEmulator::start().await;
    let name = "audit_log_01";
    let op = create_sink(&mut emu, ADMIN_KEY, kinesis(name), "op-sink-1")
        .await
        .unwrap();
    assert_eq!((op.id.as_str(), op.state), ("op-sink-1", OpState::Pending as i32));
    let retry = create_sink(&mut emu, ADMIN_KEY, kinesis(name), "op-sink-1")
        .await
        .unwrap();
    assert_eq!(retry.id, "op-sink-1", "idempotent retry");
    assert_eq!(emu.emulator.with_state(|s| s.audit_log_sinks.len()), 1);
    let sink = get_sink(&mut emu, name).await.unwrap();
    assert_eq!(sink.state, ResourceState::Activating as i32);
    assert_eq!(sink.health, Health::Ok as i32);
    let duplicate = create_sink(&mut emu, ADMIN_KEY, pub_sub(name), "").await;
    assert_eq!(code(duplicate), Code::AlreadyExists);
    emu.finish_operations();
    let sink = get_sink(&mut emu, name).await.unwrap();
    assert_eq!(sink.state, ResourceState::Active as i32);

    update_sink(&mut emu, pub_sub(name), &sink.resource_version)
        .await
        .unwrap();
    let updating = get_sink(&mut emu, name).await.unwrap();
    assert_eq!(updating.state, ResourceState::Updating as i32);
    assert_eq!(updating.health, Health::Unspecified as i32, "disabled");
    let stale = update_sink(&mut emu, pub_sub(name), &sink.resource_version).await;
    assert_eq!(code(stale), Code::Aborted);
    assert_eq!(code(update_sink(&mut emu, pub_sub("nope"), "1").await), Code::NotFound);
    emu.finish_operations();
    let sink = get_sink(&mut emu, name).await.unwrap();
    assert_eq!(sink.spec.clone().unwrap(), pub_sub(name), "the whole spec is replaced");

    let delete = DeleteAccountAuditLogSinkRequest {
        name: name.into(),
        resource_version: sink.resource_version.clone(),
        ..Default::default()
    };
    emu.client.delete_account_audit_log_sink(admin(delete)).await.unwrap();
    let deleting = get_sink(&mut emu, name).await.unwrap();
    assert_eq!(deleting.state, ResourceState::Deleting as i32);
    emu.finish_operations();
    assert_eq!(code(get_sink(&mut emu, name).await), Code::NotFound);
}

#[tokio::test]
async fn sink_specs_are_validated_and_validate_stores_nothing() {
    let mut emu = TestEmulator::start().await;
    let with_kinesis = |f: fn(&mut KinesisSpec)| {
        let mut spec = kinesis("s");
        if let Some(SinkType::KinesisSink(k)) = &mut spec.sink_type {
            f(k);
        }
        spec
    };
    let mut no_project = pub_sub("s");
    if let Some(SinkType::PubSubSink(p)) = &mut no_project.sink_type {
        p.gcp_project_id.clear();
    }
    let no_sink = AuditLogSinkSpec {
        sink_type: None,
        ..kinesis("s")
    };
    let not_an_arn = with_kinesis(|k| k.destination_uri = "https://kinesis.example".into());
    let cases = [
        (kinesis(""), "spec.name"),
        (kinesis("a/b"), "spec.name"),
        (no_sink, "spec.sink_type"),
        (with_kinesis(|k| k.role_name.clear()), "spec.kinesis_sink.role_name"),
        (with_kinesis(|k| k.region.clear()), "spec.kinesis_sink.region"),
        (not_an_arn, "spec.kinesis_sink.destination_uri"),
        (no_project, "spec.pub_sub_sink.gcp_project_id"),
    ];
    for (spec, field) in cases {
        let err = validate_sink(&mut emu, ADMIN_KEY, spec.clone()).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{field}");
        assert!(
            err.message().starts_with(&format!("{field}:")),
            "{field}: {}",
            err.message()
        );
        let err = create_sink(&mut emu, ADMIN_KEY, spec, "").await.unwrap_err();
        assert!(
            err.message().starts_with(&format!("{field}:")),
            "{field}: {}",
            err.message()
        );
    }
    validate_sink(&mut emu, ADMIN_KEY, pub_sub("ok")).await.unwrap();
    assert!(
        emu.emulator.with_state(|s| s.audit_log_sinks.is_empty()),
        "nothing stored"
    );
    let ops = emu.emulator.with_state(|s| s.operations.len());
    assert_eq!(ops, 0, "validation is not an operation");
}

#[tokio::test]
async fn sinks_page_and_readers_cannot_change_them() {
    let mut emu = TestEmulator::start().await;
    add_reader(&emu);
    for i in 0..12 {
        create_sink(&mut emu, ADMIN_KEY, kinesis(&format!("sink-{i:02}")), "")
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let request = GetAccountAuditLogSinksRequest {
            page_size: 5,
            page_token: token.clone(),
        };
        let page = emu.client.get_account_audit_log_sinks(req("reader-key", request)).await;
        let page = page.unwrap().into_inner();
        assert!(page.sinks.len() <= 5);
        seen.extend(page.sinks.into_iter().map(|s| s.name));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, (0..12).map(|i| format!("sink-{i:02}")).collect::<Vec<_>>());
    let denied = create_sink(&mut emu, "reader-key", kinesis("reader-sink"), "").await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let denied = validate_sink(&mut emu, "reader-key", kinesis("reader-sink")).await;
    assert_eq!(code(denied), Code::PermissionDenied);
}

#[tokio::test]
async fn mutations_leave_audit_log_entries() {
    let mut emu = TestEmulator::start().await;
    add_reader(&emu);
    let user = |email: &str, op: &str| CreateUserRequest {
        spec: Some(UserSpec {
            email: email.into(),
            access: Some(Access {
                account_access: Some(AccountAccess {
                    role: Role::Read as i32,
                    ..Default::default()
                }),
                ..Default::default()
            }),
        }),
        async_operation_id: op.into(),
    };
    emu.client
        .create_user(admin(user("a@example.com", "op-audit-1")))
        .await
        .unwrap();
    emu.clock.advance(Duration::from_secs(3600));
    emu.client
        .create_user(admin(user("b@example.com", "op-audit-2")))
        .await
        .unwrap();
    emu.client
        .create_user(admin(user("c@example.com", "reject-audit-3")))
        .await
        .unwrap();

    let logs = audit_logs(&mut emu, ADMIN_KEY, GetAuditLogsRequest::default())
        .await
        .unwrap()
        .logs;
    assert_eq!(logs.len(), 3);
    let first = &logs[0];
    assert_eq!(first.operation, "CreateUser");
    assert_eq!(first.async_operation_id, "op-audit-1");
    assert_eq!(first.emit_time, Some(START));
    assert_eq!(first.status, "OK");
    let principal = first.principal.clone().unwrap();
    assert_eq!((principal.r#type.as_str(), principal.id.as_str()), ("user", "admin"));
    assert_eq!(principal.name, demo::ADMIN_EMAIL);
    assert_eq!(principal.api_key_id, "bootstrap");
    assert_eq!(logs[2].status, "REJECTED");

    let window = |start: i64, end: Option<i64>| GetAuditLogsRequest {
        start_time_inclusive: ts(start),
        end_time_exclusive: end.and_then(ts),
        ..Default::default()
    };
    let operation_ids = |logs: Vec<LogRecord>| logs.into_iter().map(|l| l.async_operation_id).collect::<Vec<_>>();
    let later = audit_logs(&mut emu, ADMIN_KEY, window(START.seconds + 1800, None)).await;
    assert_eq!(operation_ids(later.unwrap().logs), ["op-audit-2", "reject-audit-3"]);
    let second = START.seconds + 3600;
    let before = audit_logs(&mut emu, ADMIN_KEY, window(START.seconds, Some(second))).await;
    assert_eq!(
        operation_ids(before.unwrap().logs),
        ["op-audit-1"],
        "start inclusive, end exclusive"
    );
    let backwards = audit_logs(&mut emu, ADMIN_KEY, window(second, Some(START.seconds))).await;
    let backwards = backwards.unwrap_err();
    assert_eq!(backwards.code(), Code::InvalidArgument);
    assert!(
        backwards.message().starts_with("start_time_inclusive:"),
        "{}",
        backwards.message()
    );

    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let request = GetAuditLogsRequest {
            page_size: 2,
            page_token: token.clone(),
            ..Default::default()
        };
        let page = audit_logs(&mut emu, ADMIN_KEY, request).await.unwrap();
        seen.extend(page.logs.into_iter().map(|l| l.log_id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, logs.iter().map(|l| l.log_id.clone()).collect::<Vec<_>>());

    let denied = audit_logs(&mut emu, "reader-key", GetAuditLogsRequest::default()).await;
    assert_eq!(
        code(denied),
        Code::PermissionDenied,
        "audit logs are for owners and admins"
    );
    emu.clock.advance(Duration::from_secs(31 * 24 * 3600));
    let old = audit_logs(&mut emu, ADMIN_KEY, GetAuditLogsRequest::default())
        .await
        .unwrap();
    assert!(old.logs.is_empty(), "the default window is the last 30 days");
}
