//! Account: get, update (metrics CA certificate → Prometheus endpoint), audit-log sinks (Kinesis or
//! Pub/Sub, keyed by name; validate without storing) and the audit log itself, which every
//! mutation feeds (see `emulator::audit`).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{clock, page, validate};
use crate::pb::temporal::api::cloud::account::v1::audit_log_sink::Health;
use crate::pb::temporal::api::cloud::account::v1::audit_log_sink_spec::SinkType;
use crate::pb::temporal::api::cloud::account::v1::{AccountSpec, AuditLogSink, AuditLogSinkSpec, Metrics};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateAccountAuditLogSinkRequest, CreateAccountAuditLogSinkResponse, DeleteAccountAuditLogSinkRequest,
    DeleteAccountAuditLogSinkResponse, GetAccountAuditLogSinkRequest, GetAccountAuditLogSinkResponse,
    GetAccountAuditLogSinksRequest, GetAccountAuditLogSinksResponse, GetAccountRequest, GetAccountResponse,
    GetAuditLogsRequest, GetAuditLogsResponse, UpdateAccountAuditLogSinkRequest, UpdateAccountAuditLogSinkResponse,
    UpdateAccountRequest, UpdateAccountResponse, ValidateAccountAuditLogSinkRequest,
    ValidateAccountAuditLogSinkResponse,
};

/// How far back GetAuditLogs looks when no start is given ("defaults to 30 days ago").
const AUDIT_LOG_DEFAULT_WINDOW: Duration = Duration::from_secs(30 * 24 * 3600);

/// GetAccount: the account, to anyone with an account role.
pub fn get_account(ctx: &mut Ctx<'_>, _request: GetAccountRequest) -> Result<GetAccountResponse, Status> {
    ctx.caller.require_read()?;
    Ok(GetAccountResponse {
        account: Some(ctx.state.account.clone()),
    })
}

/// UpdateAccount: replaces the spec; a metrics CA enables the Prometheus endpoint, none disables it.
pub fn update_account(ctx: &mut Ctx<'_>, request: UpdateAccountRequest) -> Result<UpdateAccountResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::can_change(&ctx.state.account, &request.resource_version)?;
        let spec = request.spec.clone().unwrap_or_default();
        check_account_spec(&spec)?;
        let account = &mut ctx.state.account;
        account.metrics = spec.metrics.is_some().then(|| Metrics {
            uri: format!("https://{}.tmprl.cloud/prometheus", account.id),
        });
        account.spec = Some(spec);
        Ok(Applied::target(ResourceKind::Account, &account.id, Change::Update))
    })?;
    Ok(UpdateAccountResponse {
        async_operation: Some(done.operation),
    })
}

/// GetAuditLogs: the records of `[start_time_inclusive, end_time_exclusive)` (default: the last 30
/// days) in emit order. Audit logs are for account owners and admins.
pub fn get_audit_logs(ctx: &mut Ctx<'_>, request: GetAuditLogsRequest) -> Result<GetAuditLogsResponse, Status> {
    ctx.caller
        .require_admin()
        .map_err(|_| Status::permission_denied("reading audit logs requires the account owner or admin role"))?;
    let start = request
        .start_time_inclusive
        .unwrap_or_else(|| clock::from_nanos(clock::nanos(&ctx.now) - AUDIT_LOG_DEFAULT_WINDOW.as_nanos() as i64));
    // "Defaults to current time": everything emitted up to and including this instant.
    let end = request
        .end_time_exclusive
        .unwrap_or_else(|| clock::from_nanos(clock::nanos(&ctx.now) + 1));
    for (field, t) in [("start_time_inclusive", &start), ("end_time_exclusive", &end)] {
        if !(0..1_000_000_000).contains(&t.nanos) {
            return Err(validate::invalid(field, "is not a valid timestamp"));
        }
    }
    if start >= end {
        return Err(validate::invalid(
            "start_time_inclusive",
            "must be before end_time_exclusive",
        ));
    }
    let logs = ctx
        .state
        .audit_logs
        .iter()
        .filter(|(_, log)| log.emit_time.is_some_and(|t| t >= start && t < end));
    let (logs, next_page_token) = page::page(logs, request.page_size, &request.page_token)?;
    Ok(GetAuditLogsResponse { logs, next_page_token })
}

/// ValidateAccountAuditLogSink: checks a sink spec as CreateAccountAuditLogSink would (the name
/// need not be free: an existing sink's spec can be validated too); stores nothing.
pub fn validate_account_audit_log_sink(
    ctx: &mut Ctx<'_>,
    request: ValidateAccountAuditLogSinkRequest,
) -> Result<ValidateAccountAuditLogSinkResponse, Status> {
    ctx.caller.require_admin()?;
    check_sink_spec(&request.spec.unwrap_or_default())?;
    Ok(ValidateAccountAuditLogSinkResponse {})
}

/// CreateAccountAuditLogSink: a new sink named `spec.name`; ACTIVATING until the operation completes.
pub fn create_account_audit_log_sink(
    ctx: &mut Ctx<'_>,
    request: CreateAccountAuditLogSinkRequest,
) -> Result<CreateAccountAuditLogSinkResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_sink_spec(&spec)?;
        if ctx.state.audit_log_sinks.contains_key(&spec.name) {
            return Err(Status::already_exists(format!(
                "an audit log sink named {:?} already exists",
                spec.name
            )));
        }
        let sink = AuditLogSink {
            name: spec.name.clone(),
            health: health(&spec) as i32,
            spec: Some(spec.clone()),
            ..Default::default()
        };
        ctx.state.audit_log_sinks.insert(spec.name.clone(), sink);
        Ok(Applied::target(ResourceKind::AuditLogSink, &spec.name, Change::Create))
    })?;
    Ok(CreateAccountAuditLogSinkResponse {
        async_operation: Some(done.operation),
    })
}

/// GetAccountAuditLogSink.
pub fn get_account_audit_log_sink(
    ctx: &mut Ctx<'_>,
    request: GetAccountAuditLogSinkRequest,
) -> Result<GetAccountAuditLogSinkResponse, Status> {
    ctx.caller.require_read()?;
    let sink = validate::require::<AuditLogSink>(ctx.state, &request.name)?;
    Ok(GetAccountAuditLogSinkResponse {
        sink: Some(sink.clone()),
    })
}

/// GetAccountAuditLogSinks: every sink, in name order.
pub fn get_account_audit_log_sinks(
    ctx: &mut Ctx<'_>,
    request: GetAccountAuditLogSinksRequest,
) -> Result<GetAccountAuditLogSinksResponse, Status> {
    ctx.caller.require_read()?;
    let (sinks, next_page_token) = page::page(&ctx.state.audit_log_sinks, request.page_size, &request.page_token)?;
    Ok(GetAccountAuditLogSinksResponse { sinks, next_page_token })
}

/// UpdateAccountAuditLogSink: replaces the spec of the sink named `spec.name` (the name cannot change).
pub fn update_account_audit_log_sink(
    ctx: &mut Ctx<'_>,
    request: UpdateAccountAuditLogSinkRequest,
) -> Result<UpdateAccountAuditLogSinkResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        validate::required("spec.name", &spec.name)?;
        let sink = validate::changeable::<AuditLogSink>(ctx.state, &spec.name, &request.resource_version)?;
        check_sink_spec(&spec)?;
        sink.health = health(&spec) as i32;
        sink.spec = Some(spec);
        Ok(Applied::target(ResourceKind::AuditLogSink, &sink.name, Change::Update))
    })?;
    Ok(UpdateAccountAuditLogSinkResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteAccountAuditLogSink: DELETING until the operation completes, then gone.
pub fn delete_account_audit_log_sink(
    ctx: &mut Ctx<'_>,
    request: DeleteAccountAuditLogSinkRequest,
) -> Result<DeleteAccountAuditLogSinkResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::changeable::<AuditLogSink>(ctx.state, &request.name, &request.resource_version)?;
        Ok(Applied::target(
            ResourceKind::AuditLogSink,
            &request.name,
            Change::Delete,
        ))
    })?;
    Ok(DeleteAccountAuditLogSinkResponse {
        async_operation: Some(done.operation),
    })
}

/// An enabled sink delivers (HEALTH_OK); a disabled one reports no health.
fn health(spec: &AuditLogSinkSpec) -> Health {
    if spec.enabled { Health::Ok } else { Health::Unspecified }
}

/// `metrics.accepted_client_ca`, when metrics are specified, must be one PEM value of one or more
/// certificates ("The ca cert(s) in PEM format … This must only be one value, but the CA can have
/// a chain").
fn check_account_spec(spec: &AccountSpec) -> Result<(), Status> {
    let Some(metrics) = &spec.metrics else {
        return Ok(());
    };
    const FIELD: &str = "spec.metrics.accepted_client_ca";
    if metrics.accepted_client_ca.is_empty() {
        return Err(validate::invalid(FIELD, "is required when metrics are specified"));
    }
    let text =
        std::str::from_utf8(&metrics.accepted_client_ca).map_err(|_| validate::invalid(FIELD, "must be PEM text"))?;
    check_pem_certificates(text).map_err(|problem| validate::invalid(FIELD, problem))
}

/// One or more `CERTIFICATE` PEM blocks whose bodies are base64 DER (an ASN.1 SEQUENCE), and nothing else.
fn check_pem_certificates(text: &str) -> Result<(), String> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err("must contain a PEM certificate".into());
    }
    let mut count = 0;
    while !rest.is_empty() {
        count += 1;
        let body = rest
            .strip_prefix(BEGIN)
            .ok_or_else(|| format!("certificate {count}: expected {BEGIN:?}"))?;
        let (body, after) = body
            .split_once(END)
            .ok_or_else(|| format!("certificate {count}: missing {END:?}"))?;
        let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let der = STANDARD
            .decode(compact)
            .map_err(|e| format!("certificate {count}: body is not base64 ({e})"))?;
        if der.first() != Some(&0x30) || der.len() < 16 {
            return Err(format!("certificate {count}: body is not a DER certificate"));
        }
        rest = after.trim_start();
    }
    Ok(())
}

/// Name present and usable in a URL path; exactly one destination with every field its message
/// documents.
fn check_sink_spec(spec: &AuditLogSinkSpec) -> Result<(), Status> {
    validate::required("spec.name", &spec.name)?;
    if spec.name.len() > 255
        || spec
            .name
            .contains(|c: char| c == '/' || c.is_whitespace() || c.is_control())
    {
        return Err(validate::invalid(
            "spec.name",
            "must be at most 255 characters without '/', spaces or control characters",
        ));
    }
    match &spec.sink_type {
        None => Err(validate::invalid(
            "spec.sink_type",
            "one of spec.kinesis_sink or spec.pub_sub_sink is required",
        )),
        Some(SinkType::KinesisSink(kinesis)) => {
            validate::required("spec.kinesis_sink.role_name", &kinesis.role_name)?;
            validate::required("spec.kinesis_sink.destination_uri", &kinesis.destination_uri)?;
            validate::required("spec.kinesis_sink.region", &kinesis.region)?;
            let arn = &kinesis.destination_uri;
            if !(arn.starts_with("arn:") && arn.contains(":kinesis:")) {
                return Err(validate::invalid(
                    "spec.kinesis_sink.destination_uri",
                    format!("{arn:?} is not a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)"),
                ));
            }
            Ok(())
        }
        Some(SinkType::PubSubSink(pub_sub)) => {
            validate::required("spec.pub_sub_sink.service_account_id", &pub_sub.service_account_id)?;
            validate::required("spec.pub_sub_sink.topic_name", &pub_sub.topic_name)?;
            validate::required("spec.pub_sub_sink.gcp_project_id", &pub_sub.gcp_project_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_certificates() {
        let body = STANDARD.encode([0x30u8; 40]);
        let one = format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");
        assert!(check_pem_certificates(&one).is_ok());
        assert!(check_pem_certificates(&format!("{one}{one}")).is_ok(), "a chain");
        for bad in [
            String::new(),
            "not a certificate".into(),
            one.replace("END", "FIN"),
            one.replace(&body, "!!!"),
            one.replace(&body, &STANDARD.encode([0x31u8; 40])),
            format!("{one}trailing"),
        ] {
            assert!(check_pem_certificates(&bad).is_err(), "{bad}");
        }
    }
}
