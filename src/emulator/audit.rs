//! Audit log: every mutation leaves one `LogRecord` (who, which operation, its id and outcome),
//! kept in emit order and served by GetAuditLogs.

use crate::pb::temporal::api::cloud::auditlog::v1::{LogRecord, Principal as LogPrincipal};
use crate::wkt::Timestamp;

use super::auth::Principal;
use super::ids::new_id;
use super::operation::{Operation, Outcome};
use super::state::State;

/// Appends the record of `operation`, started at `now` by `principal` (display name `name`) with
/// API key `api_key_id`.
pub fn record(
    state: &mut State,
    now: Timestamp,
    principal: &Principal,
    name: &str,
    api_key_id: &str,
    operation: &Operation,
) {
    let sequence = state.next_sequence();
    let (kind, id) = match principal {
        Principal::User(id) => ("user", id.clone()),
        Principal::ServiceAccount(id) => ("serviceaccount", id.clone()),
    };
    let status = match operation.outcome {
        Outcome::Reject(_) => "REJECTED",
        Outcome::Fail(_) | Outcome::Fulfil => "OK",
    };
    let record = LogRecord {
        emit_time: Some(now),
        operation: operation.operation_type.clone(),
        status: status.to_string(),
        version: 2,
        log_id: new_id(),
        principal: Some(LogPrincipal {
            r#type: kind.to_string(),
            id,
            name: name.to_string(),
            api_key_id: api_key_id.to_string(),
        }),
        async_operation_id: operation.id.clone(),
        ..Default::default()
    };
    // Key sorts by time, then by sequence for records of the same instant.
    let key = format!("{:020}.{:09}-{sequence:012}", now.seconds, now.nanos);
    state.audit_logs.insert(key, record);
}
