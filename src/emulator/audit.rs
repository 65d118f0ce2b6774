//! Audit log: every mutation leaves one `LogRecord` (who, which operation, its id and outcome),
//! kept in emit order and served by GetAuditLogs.

use crate::pb::temporal::api::cloud::auditlog::v1::{LogRecord, Principal as LogPrincipal};

use super::auth::Principal;
use super::ops::{Ctx, Operation, Outcome};

/// Appends the record of `operation`, started by the caller of `ctx`.
pub fn record(ctx: &mut Ctx<'_>, operation: &Operation) {
    let sequence = ctx.state.next_sequence();
    let (kind, id) = match &ctx.caller.principal {
        Principal::User(id) => ("user", id.clone()),
        Principal::ServiceAccount(id) => ("serviceaccount", id.clone()),
    };
    let status = match operation.outcome {
        Outcome::Reject(_) => "REJECTED",
        Outcome::Fail(_) | Outcome::Fulfil => "OK",
    };
    let record = LogRecord {
        emit_time: Some(ctx.now),
        operation: operation.operation_type.clone(),
        status: status.to_string(),
        version: 2,
        log_id: super::new_id(),
        principal: Some(LogPrincipal {
            r#type: kind.to_string(),
            id,
            name: ctx.caller.name.clone(),
            api_key_id: ctx.caller.api_key_id.clone(),
        }),
        async_operation_id: operation.id.clone(),
        ..Default::default()
    };
    // Key sorts by time, then by sequence for records of the same instant.
    let key = format!("{:020}.{:09}-{sequence:012}", ctx.now.seconds, ctx.now.nanos);
    ctx.state.audit_logs.insert(key, record);
}
