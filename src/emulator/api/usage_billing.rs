//! Usage and billing (owners and finance admins): GetUsage returns plausible, deterministic daily
//! usage per namespace (derived from the namespace name and the day, no randomness); billing
//! reports are IN_PROGRESS while their async operation runs, then GENERATED with a CSV download
//! (or FAILED when the operation fails, e.g. with a `fail-` operation id).

use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate};
use tonic::Status;

use crate::emulator::ids::new_id;
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{clock, page, validate};
use crate::pb::temporal::api::cloud::billing::v1::billing_report::download::FileFormat;
use crate::pb::temporal::api::cloud::billing::v1::billing_report::{BillingReportState, Download};
use crate::pb::temporal::api::cloud::billing::v1::billing_report_spec::BillingReportGranularity as Granularity;
use crate::pb::temporal::api::cloud::billing::v1::{BillingReport, BillingReportSpec};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateBillingReportRequest, CreateBillingReportResponse, GetBillingReportRequest, GetBillingReportResponse,
    GetUsageRequest, GetUsageResponse,
};
use crate::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use crate::pb::temporal::api::cloud::usage::v1::{
    GroupBy, GroupByKey, Record, RecordGroup, RecordType, RecordUnit, Summary,
};
use crate::wkt::Timestamp;

const DAY: i64 = 24 * 3600;
/// How far back usage goes ("within the last 90 days from the current date").
const USAGE_DAYS: i64 = 90;
/// Default and largest download URL lifetime ("default is 5 minutes and maximum is 1 hour").
const URL_DEFAULT: Duration = Duration::from_secs(5 * 60);
const URL_MAX: Duration = Duration::from_secs(3600);

/// GetUsage: one Summary per UTC day of `[start, end)` (default: this month up to the end of
/// today), paged by day, with one record group per namespace; today's summary is `incomplete`.
pub fn get_usage(ctx: &mut Ctx<'_>, request: GetUsageRequest) -> Result<GetUsageResponse, Status> {
    ctx.caller.require_finance()?;
    let today = ctx.now.seconds.div_euclid(DAY) * DAY;
    let at = |seconds| Timestamp { seconds, nanos: 0 };
    let start = request
        .start_time_inclusive
        .unwrap_or_else(|| at(month_start(month_index(ctx.now.seconds))));
    let end = request.end_time_exclusive.unwrap_or_else(|| at(today + DAY));
    for (field, t) in [("start_time_inclusive", &start), ("end_time_exclusive", &end)] {
        if t.nanos != 0 || t.seconds.rem_euclid(DAY) != 0 {
            return Err(validate::invalid(field, "must be midnight UTC"));
        }
        if t.seconds < today - USAGE_DAYS * DAY || t.seconds > today + DAY {
            return Err(validate::invalid(
                field,
                "must be within the last 90 days (and no later than the end of today, UTC)",
            ));
        }
    }
    if start >= end {
        return Err(validate::invalid(
            "end_time_exclusive",
            "must be after start_time_inclusive",
        ));
    }
    let elapsed_today = clock::nanos(&ctx.now) as f64 / 1e9 - today as f64;
    let summaries: std::collections::BTreeMap<String, Summary> = (start.seconds..end.seconds)
        .step_by(DAY as usize)
        .map(|day| {
            let fraction = if day == today { elapsed_today / DAY as f64 } else { 1.0 };
            let record_groups = ctx
                .state
                .namespaces
                .values()
                .filter(|ns| ns.created_time.is_none_or(|t| t.seconds < day + DAY))
                .map(|ns| namespace_usage(&ns.namespace, day, fraction))
                .collect();
            let summary = Summary {
                start_time: Some(at(day)),
                end_time: Some(at(day + DAY)),
                record_groups,
                incomplete: day == today,
            };
            (format!("{day:020}"), summary)
        })
        .collect();
    let (summaries, next_page_token) = page::page(&summaries, request.page_size, &request.page_token)?;
    Ok(GetUsageResponse {
        summaries,
        next_page_token,
    })
}

/// The usage of `namespace` on the day starting at `day`, scaled by the `fraction` of it elapsed.
fn namespace_usage(namespace: &str, day: i64, fraction: f64) -> RecordGroup {
    let h = fnv1a(namespace.as_bytes(), day);
    let actions = ((20_000 + h % 480_000) as f64 * fraction).round();
    let active_bytes = (64 + (h >> 24) % 4_096) as f64 * 1024.0 * 1024.0;
    let retained_bytes = active_bytes * (4 + (h >> 48) % 12) as f64;
    let seconds = (DAY as f64 * fraction).round();
    let record = |kind: RecordType, unit: RecordUnit, value: f64| Record {
        r#type: kind as i32,
        unit: unit as i32,
        value,
    };
    RecordGroup {
        group_bys: vec![GroupBy {
            key: GroupByKey::Namespace as i32,
            value: namespace.to_string(),
        }],
        records: vec![
            record(RecordType::Actions, RecordUnit::Number, actions),
            record(
                RecordType::ActiveStorage,
                RecordUnit::ByteSeconds,
                active_bytes * seconds,
            ),
            record(
                RecordType::RetainedStorage,
                RecordUnit::ByteSeconds,
                retained_bytes * seconds,
            ),
        ],
    }
}

/// FNV-1a over `bytes` and `day`: stable across runs and platforms.
fn fnv1a(bytes: &[u8], day: i64) -> u64 {
    bytes
        .iter()
        .chain(day.to_le_bytes().iter())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// CreateBillingReport: a report over whole billing months; generated when its operation completes.
pub fn create_billing_report(
    ctx: &mut Ctx<'_>,
    request: CreateBillingReportRequest,
) -> Result<CreateBillingReportResponse, Status> {
    ctx.caller.require_finance()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_report_spec(&spec, &ctx.now)?;
        let id = new_id();
        let report = BillingReport {
            id: id.clone(),
            state: BillingReportState::InProgress as i32,
            spec: Some(spec),
            requested_time: Some(ctx.now),
            ..Default::default()
        };
        ctx.state.billing_reports.insert(id.clone(), report);
        Ok(Applied {
            target: None,
            resource_id: id,
            ..Default::default()
        })
    })?;
    // The operation id is only known once the operation exists.
    if let Some(report) = ctx.state.billing_reports.get_mut(&done.resource_id) {
        report.async_operation_id = done.operation.id.clone();
    }
    Ok(CreateBillingReportResponse {
        billing_report_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// GetBillingReport: the report, its state following its operation.
pub fn get_billing_report(
    ctx: &mut Ctx<'_>,
    request: GetBillingReportRequest,
) -> Result<GetBillingReportResponse, Status> {
    ctx.caller.require_finance()?;
    validate::required("billing_report_id", &request.billing_report_id)?;
    let mut report = ctx
        .state
        .billing_reports
        .get(&request.billing_report_id)
        .cloned()
        .ok_or_else(|| validate::not_found("billing report", &request.billing_report_id))?;
    let operation = ctx.operation(&report.async_operation_id);
    let (state, finished) = match &operation {
        Some(op) if op.state == OpState::Fulfilled as i32 => (BillingReportState::Generated, op.finished_time),
        Some(op) if op.state == OpState::Failed as i32 || op.state == OpState::Rejected as i32 => {
            (BillingReportState::Failed, None)
        }
        _ => (BillingReportState::InProgress, None),
    };
    report.state = state as i32;
    if let Some(generated) = finished {
        let spec = report.spec.clone().unwrap_or_default();
        let lifetime = spec
            .download_url_expiration_duration
            .map_or(URL_DEFAULT, |d| Duration::new(d.seconds as u64, d.nanos as u32));
        let expires = clock::add(&generated, lifetime);
        report.generated_time = Some(generated);
        report.download_info = vec![Download {
            url: format!(
                "https://billing-reports.emulator.tmprl.cloud/{}/{}.csv?expires={}",
                ctx.state.account.id, report.id, expires.seconds
            ),
            url_expiration_time: Some(expires),
            file_format: FileFormat::Csv as i32,
            file_size_bytes: 160 + 240 * periods(&spec),
        }];
    }
    Ok(GetBillingReportResponse {
        billing_report: Some(report),
    })
}

/// The number of rows-per-namespace of the report: hours, days or months in its range.
fn periods(spec: &BillingReportSpec) -> i64 {
    let (start, end) = (
        spec.start_time_inclusive.unwrap_or_default().seconds,
        spec.end_time_exclusive.unwrap_or_default().seconds,
    );
    match Granularity::try_from(spec.granularity).unwrap_or(Granularity::Hourly) {
        Granularity::Daily => (end - start) / DAY,
        Granularity::Monthly => i64::from(month_index(end) - month_index(start)),
        Granularity::Hourly | Granularity::Unspecified => (end - start) / 3600,
    }
}

/// Start and end required, on billing-month boundaries (first of a month, 00:00 UTC), start before
/// end, no later than the end of the current month and no earlier than the data range of the
/// granularity (hourly: this and the previous month; daily: two previous; monthly: eleven) — the
/// rules of Temporal Cloud's billing-report documentation; URL lifetime in (0, 1h].
fn check_report_spec(spec: &BillingReportSpec, now: &Timestamp) -> Result<(), Status> {
    let start = spec
        .start_time_inclusive
        .ok_or_else(|| validate::invalid("spec.start_time_inclusive", "is required"))?;
    let end = spec
        .end_time_exclusive
        .ok_or_else(|| validate::invalid("spec.end_time_exclusive", "is required"))?;
    let granularity = Granularity::try_from(spec.granularity)
        .map_err(|_| validate::invalid("spec.granularity", format!("unknown value {}", spec.granularity)))?;
    let months_back = match granularity {
        Granularity::Unspecified | Granularity::Hourly => 1,
        Granularity::Daily => 2,
        Granularity::Monthly => 11,
    };
    let current = month_index(now.seconds);
    for (field, t) in [("spec.start_time_inclusive", &start), ("spec.end_time_exclusive", &end)] {
        if t.nanos != 0 || month_start(month_index(t.seconds)) != t.seconds {
            return Err(validate::invalid(
                field,
                "must be the start of a billing month (first day, 00:00:00 UTC)",
            ));
        }
    }
    if start >= end {
        return Err(validate::invalid(
            "spec.end_time_exclusive",
            "must be after spec.start_time_inclusive",
        ));
    }
    if month_index(end.seconds) > current + 1 {
        return Err(validate::invalid(
            "spec.end_time_exclusive",
            "must not be after the end of the current billing month",
        ));
    }
    if month_index(start.seconds) < current - months_back {
        return Err(validate::invalid(
            "spec.start_time_inclusive",
            format!(
                "{} reports cover the current billing month and the previous {months_back} only",
                granularity.as_str_name()
            ),
        ));
    }
    if let Some(d) = spec.download_url_expiration_duration {
        let nanos = i128::from(d.seconds) * 1_000_000_000 + i128::from(d.nanos);
        if nanos <= 0 || nanos > URL_MAX.as_nanos() as i128 {
            return Err(validate::invalid(
                "spec.download_url_expiration_duration",
                "must be positive and at most 1 hour",
            ));
        }
    }
    Ok(())
}

/// Months since year 0 of the UTC month containing `seconds`.
fn month_index(seconds: i64) -> i32 {
    let date = DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    date.year() * 12 + date.month0() as i32
}

/// The first second of month `index` (see [`month_index`]).
fn month_start(index: i32) -> i64 {
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |d| d.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let feb_2025 = 1_738_368_000; // 2025-02-01T00:00:00Z
        assert_eq!(month_start(month_index(feb_2025 + 12 * DAY)), feb_2025);
        assert_eq!(month_start(month_index(feb_2025) - 1), 1_735_689_600); // 2025-01-01
        assert_eq!(month_start(month_index(feb_2025) - 2), 1_733_011_200); // 2024-12-01
    }
}
