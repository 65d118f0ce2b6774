//! Emulator, usage and billing, through the gRPC client: GetUsage (defaults, deterministic data per
//! namespace and day, today incomplete, paging by day, date validation), billing reports
//! (IN_PROGRESS → GENERATED with a download, FAILED by injection, idempotent retries, spec
//! validation) and the finance role.

use crate::common;

use std::time::Duration;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::billing::v1::billing_report::BillingReportState;
use cloud_ops_gateway::pb::temporal::api::cloud::billing::v1::billing_report::download::FileFormat;
use cloud_ops_gateway::pb::temporal::api::cloud::billing::v1::billing_report_spec::BillingReportGranularity as Granularity;
use cloud_ops_gateway::pb::temporal::api::cloud::billing::v1::{BillingReport, BillingReportSpec};
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::Namespace;
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::usage::v1::{GroupByKey, RecordType, RecordUnit};
use cloud_ops_gateway::wkt::Timestamp;
use common::emulator::{START, TestEmulator, admin, req};
use tonic::Code;

const DAY: i64 = 86_400;
/// 2025-01-20T12:00:00Z, where the tests put the clock.
const NOW: i64 = START.seconds + 19 * DAY + DAY / 2;
const DEC_1: i64 = 1_733_011_200;
const NOV_1: i64 = 1_730_419_200;
const FEB_1: i64 = 1_738_368_000;
const ADMIN: &str = common::emulator::ADMIN_KEY;

fn at(seconds: i64) -> Option<Timestamp> {
    Some(Timestamp { seconds, nanos: 0 })
}

/// An emulator at [`NOW`] with namespaces `alpha` and `beta` (created long ago), a reader and a
/// finance admin.
async fn start() -> TestEmulator {
    let emu = TestEmulator::start().await;
    emu.clock.advance(Duration::from_secs((NOW - START.seconds) as u64));
    emu.emulator.with_state(|s| {
        for name in ["alpha", "beta"] {
            add_namespace(s, name, START.seconds - 200 * DAY);
        }
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
        demo::add_user(s, "finance", "finance@example.com", Role::FinanceAdmin, START);
        demo::add_api_key(s, "finance", OwnerType::User, "finance-key-id", "finance-key", START);
    });
    emu
}

fn add_namespace(s: &mut cloud_ops_gateway::emulator::State, name: &str, created: i64) {
    let id = format!("{name}.{}", demo::ACCOUNT_ID);
    let namespace = Namespace {
        namespace: id.clone(),
        created_time: at(created),
        ..Default::default()
    };
    s.namespaces.insert(id, namespace);
}

fn usage(start: Option<Timestamp>, end: Option<Timestamp>) -> GetUsageRequest {
    GetUsageRequest {
        start_time_inclusive: start,
        end_time_exclusive: end,
        ..Default::default()
    }
}

#[tokio::test]
async fn usage_defaults_to_this_month_with_deterministic_records() {
    let mut emu = start().await;
    let first = emu
        .client
        .get_usage(admin(usage(None, None)))
        .await
        .unwrap()
        .into_inner();
    assert!(first.next_page_token.is_empty());
    let days: Vec<i64> = first.summaries.iter().map(|s| s.start_time.unwrap().seconds).collect();
    assert_eq!(
        days,
        (0..20).map(|d| START.seconds + d * DAY).collect::<Vec<_>>(),
        "Jan 1 to today"
    );
    for (i, summary) in first.summaries.iter().enumerate() {
        assert_eq!(
            summary.end_time.unwrap().seconds,
            summary.start_time.unwrap().seconds + DAY
        );
        assert_eq!(summary.incomplete, i == 19, "only today is incomplete");
        let namespaces: Vec<&str> = summary
            .record_groups
            .iter()
            .map(|g| g.group_bys[0].value.as_str())
            .collect();
        assert_eq!(namespaces, ["alpha.a1b2c", "beta.a1b2c"]);
        for group in &summary.record_groups {
            assert_eq!(group.group_bys[0].key, GroupByKey::Namespace as i32);
            let kinds: Vec<(i32, i32)> = group.records.iter().map(|r| (r.r#type, r.unit)).collect();
            assert_eq!(
                kinds,
                [
                    (RecordType::Actions as i32, RecordUnit::Number as i32),
                    (RecordType::ActiveStorage as i32, RecordUnit::ByteSeconds as i32),
                    (RecordType::RetainedStorage as i32, RecordUnit::ByteSeconds as i32),
                ]
            );
            assert!(group.records.iter().all(|r| r.value > 0.0));
            assert!(
                group.records[2].value > group.records[1].value,
                "retained exceeds active"
            );
        }
    }
    let actions = |s: usize, g: usize| first.summaries[s].record_groups[g].records[0].value;
    assert_ne!(actions(0, 0), actions(0, 1), "namespaces differ");
    assert_ne!(actions(0, 0), actions(1, 0), "days differ");

    let again = emu
        .client
        .get_usage(req("finance-key", usage(None, None)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.summaries, first.summaries, "same clock, same data");
    let jan_5 = usage(at(START.seconds + 4 * DAY), at(START.seconds + 5 * DAY));
    let alone = emu.client.get_usage(admin(jan_5)).await.unwrap().into_inner();
    assert_eq!(
        alone.summaries,
        [first.summaries[4].clone()],
        "a day's data does not depend on the query"
    );
}

#[tokio::test]
async fn usage_pages_by_day_and_follows_namespace_creation() {
    let mut emu = start().await;
    emu.emulator
        .with_state(|s| add_namespace(s, "gamma", START.seconds + 9 * DAY + 3600));
    let mut days = Vec::new();
    let mut gamma_days = Vec::new();
    let mut token = String::new();
    loop {
        let request = GetUsageRequest {
            page_size: 7,
            page_token: token.clone(),
            ..usage(at(DEC_1), at(NOW - DAY / 2 + DAY))
        };
        let page = emu.client.get_usage(admin(request)).await.unwrap().into_inner();
        assert!(page.summaries.len() <= 7);
        for summary in page.summaries {
            let day = summary.start_time.unwrap().seconds;
            days.push(day);
            if summary
                .record_groups
                .iter()
                .any(|g| g.group_bys[0].value.starts_with("gamma."))
            {
                gamma_days.push(day);
            }
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(
        days,
        (0..51).map(|d| DEC_1 + d * DAY).collect::<Vec<_>>(),
        "Dec 1 .. Jan 20, each once, in order"
    );
    assert_eq!(
        gamma_days,
        (9..20).map(|d| START.seconds + d * DAY).collect::<Vec<_>>(),
        "from its creation day"
    );
}

#[tokio::test]
async fn usage_dates_are_validated_and_finance_only() {
    let mut emu = start().await;
    let today = NOW - DAY / 2;
    let cases = [
        (usage(at(today - DAY + 1), None), "start_time_inclusive", "midnight"),
        (
            usage(
                Some(Timestamp {
                    seconds: today,
                    nanos: 5,
                }),
                None,
            ),
            "start_time_inclusive",
            "midnight",
        ),
        (usage(at(today - 91 * DAY), None), "start_time_inclusive", "90 days"),
        (
            usage(at(today - DAY), at(today + 2 * DAY)),
            "end_time_exclusive",
            "90 days",
        ),
        (usage(at(today), at(today)), "end_time_exclusive", "after"),
        (usage(None, at(START.seconds)), "end_time_exclusive", "after"),
    ];
    for (request, field, problem) in cases {
        let err = emu.client.get_usage(admin(request)).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{field}");
        assert!(
            err.message().starts_with(&format!("{field}:")) && err.message().contains(problem),
            "{}",
            err.message()
        );
    }
    let oldest = emu
        .client
        .get_usage(admin(usage(at(today - 90 * DAY), at(today - 89 * DAY))))
        .await;
    assert_eq!(
        oldest.unwrap().into_inner().summaries.len(),
        1,
        "90 days back is within range"
    );
    let too_big = GetUsageRequest {
        page_size: 1001,
        ..Default::default()
    };
    assert_eq!(
        emu.client.get_usage(admin(too_big)).await.unwrap_err().code(),
        Code::InvalidArgument
    );
    let denied = emu
        .client
        .get_usage(req("reader-key", usage(None, None)))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
}

fn report(start: i64, end: i64, granularity: Granularity) -> BillingReportSpec {
    BillingReportSpec {
        start_time_inclusive: at(start),
        end_time_exclusive: at(end),
        granularity: granularity as i32,
        download_url_expiration_duration: Some(Duration::from_secs(600).into()),
        description: "December".into(),
    }
}

async fn get_report(emu: &mut TestEmulator, key: &str, id: &str) -> Result<BillingReport, tonic::Status> {
    let request = GetBillingReportRequest {
        billing_report_id: id.into(),
    };
    Ok(emu
        .client
        .get_billing_report(req(key, request))
        .await?
        .into_inner()
        .billing_report
        .unwrap())
}

#[tokio::test]
async fn billing_report_is_generated_when_its_operation_completes() {
    let mut emu = start().await;
    let create = CreateBillingReportRequest {
        spec: Some(report(DEC_1, START.seconds, Granularity::Hourly)),
        async_operation_id: "op-bill".into(),
    };
    let created = emu
        .client
        .create_billing_report(req("finance-key", create.clone()))
        .await
        .unwrap()
        .into_inner();
    let op = created.async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateBillingReport")
    );
    let retry = emu
        .client
        .create_billing_report(req("finance-key", create))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(retry.billing_report_id, created.billing_report_id, "idempotent retry");
    assert_eq!(emu.emulator.with_state(|s| s.billing_reports.len()), 1);

    let pending = get_report(&mut emu, "finance-key", &created.billing_report_id)
        .await
        .unwrap();
    assert_eq!(pending.state, BillingReportState::InProgress as i32);
    assert_eq!(pending.async_operation_id, "op-bill");
    assert_eq!(pending.requested_time, at(NOW));
    assert!(pending.download_info.is_empty() && pending.generated_time.is_none());

    emu.finish_operations();
    let done = get_report(&mut emu, "finance-key", &created.billing_report_id)
        .await
        .unwrap();
    assert_eq!(done.state, BillingReportState::Generated as i32);
    let generated = done.generated_time.unwrap();
    assert!(generated.seconds > NOW && generated.seconds <= NOW + 11);
    let [download] = done.download_info.as_slice() else {
        panic!("one download: {:?}", done.download_info)
    };
    assert!(
        download.url.starts_with("https://") && download.url.contains(&done.id),
        "{}",
        download.url
    );
    assert_eq!(
        download.url_expiration_time,
        Some(Timestamp {
            seconds: generated.seconds + 600,
            ..generated
        })
    );
    assert_eq!(download.file_format, FileFormat::Csv as i32);
    assert!(download.file_size_bytes > 0);
    assert_eq!(done.spec, Some(report(DEC_1, START.seconds, Granularity::Hourly)));

    let failing = CreateBillingReportRequest {
        spec: Some(report(DEC_1, START.seconds, Granularity::Daily)),
        async_operation_id: "fail-bill".into(),
    };
    let failing = emu
        .client
        .create_billing_report(admin(failing))
        .await
        .unwrap()
        .into_inner();
    emu.finish_operations();
    let failed = get_report(&mut emu, ADMIN, &failing.billing_report_id).await.unwrap();
    assert_eq!(failed.state, BillingReportState::Failed as i32);
    assert!(failed.download_info.is_empty());
    let missing = get_report(&mut emu, ADMIN, "nope").await.unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
}

#[tokio::test]
async fn billing_report_specs_are_validated_and_finance_only() {
    let mut emu = start().await;
    let hourly = |start, end| report(start, end, Granularity::Hourly);
    let mut no_start = hourly(DEC_1, START.seconds);
    no_start.start_time_inclusive = None;
    let mut too_long = hourly(DEC_1, START.seconds);
    too_long.download_url_expiration_duration = Some(Duration::from_secs(3601).into());
    let mut zero = hourly(DEC_1, START.seconds);
    zero.download_url_expiration_duration = Some(Duration::ZERO.into());
    let mut unknown = hourly(DEC_1, START.seconds);
    unknown.granularity = 9;
    let cases = [
        (no_start, "spec.start_time_inclusive"),
        (hourly(DEC_1 + DAY, START.seconds), "spec.start_time_inclusive"),
        (hourly(DEC_1, START.seconds + 1), "spec.end_time_exclusive"),
        (hourly(START.seconds, DEC_1), "spec.end_time_exclusive"),
        (hourly(START.seconds, FEB_1 + 28 * DAY), "spec.end_time_exclusive"),
        (hourly(NOV_1, START.seconds), "spec.start_time_inclusive"),
        (too_long, "spec.download_url_expiration_duration"),
        (zero, "spec.download_url_expiration_duration"),
        (unknown, "spec.granularity"),
    ];
    for (spec, field) in cases {
        let create = CreateBillingReportRequest {
            spec: Some(spec),
            ..Default::default()
        };
        let err = emu.client.create_billing_report(admin(create)).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{field}");
        assert!(
            err.message().starts_with(&format!("{field}:")),
            "{field}: {}",
            err.message()
        );
    }
    assert!(
        emu.emulator.with_state(|s| s.billing_reports.is_empty()),
        "failed calls store nothing"
    );
    for ok in [
        report(NOV_1, START.seconds, Granularity::Daily),
        report(START.seconds, FEB_1, Granularity::Unspecified),
        report(START.seconds - 306 * DAY, FEB_1, Granularity::Monthly), // 2024-03-01
    ] {
        let create = CreateBillingReportRequest {
            spec: Some(ok.clone()),
            ..Default::default()
        };
        assert!(emu.client.create_billing_report(admin(create)).await.is_ok(), "{ok:?}");
    }

    let create = CreateBillingReportRequest {
        spec: Some(report(DEC_1, START.seconds, Granularity::Hourly)),
        ..Default::default()
    };
    let denied = emu
        .client
        .create_billing_report(req("reader-key", create))
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
    let id = emu
        .emulator
        .with_state(|s| s.billing_reports.keys().next().cloned().unwrap());
    let denied = get_report(&mut emu, "reader-key", &id).await.unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);
}
