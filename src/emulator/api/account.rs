//! account: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateAccountAuditLogSinkRequest, CreateAccountAuditLogSinkResponse, DeleteAccountAuditLogSinkRequest,
    DeleteAccountAuditLogSinkResponse, GetAccountAuditLogSinkRequest, GetAccountAuditLogSinkResponse,
    GetAccountAuditLogSinksRequest, GetAccountAuditLogSinksResponse, GetAccountRequest, GetAccountResponse,
    GetAuditLogsRequest, GetAuditLogsResponse, UpdateAccountAuditLogSinkRequest, UpdateAccountAuditLogSinkResponse,
    UpdateAccountRequest, UpdateAccountResponse, ValidateAccountAuditLogSinkRequest,
    ValidateAccountAuditLogSinkResponse,
};

/// GetAccount.
pub fn get_account(_ctx: &mut Ctx<'_>, _request: GetAccountRequest) -> Result<GetAccountResponse, Status> {
    Err(Status::unimplemented(
        "GetAccount is not implemented by the emulator yet",
    ))
}

/// UpdateAccount.
pub fn update_account(_ctx: &mut Ctx<'_>, _request: UpdateAccountRequest) -> Result<UpdateAccountResponse, Status> {
    Err(Status::unimplemented(
        "UpdateAccount is not implemented by the emulator yet",
    ))
}

/// GetAuditLogs.
pub fn get_audit_logs(_ctx: &mut Ctx<'_>, _request: GetAuditLogsRequest) -> Result<GetAuditLogsResponse, Status> {
    Err(Status::unimplemented(
        "GetAuditLogs is not implemented by the emulator yet",
    ))
}

/// ValidateAccountAuditLogSink.
pub fn validate_account_audit_log_sink(
    _ctx: &mut Ctx<'_>,
    _request: ValidateAccountAuditLogSinkRequest,
) -> Result<ValidateAccountAuditLogSinkResponse, Status> {
    Err(Status::unimplemented(
        "ValidateAccountAuditLogSink is not implemented by the emulator yet",
    ))
}

/// CreateAccountAuditLogSink.
pub fn create_account_audit_log_sink(
    _ctx: &mut Ctx<'_>,
    _request: CreateAccountAuditLogSinkRequest,
) -> Result<CreateAccountAuditLogSinkResponse, Status> {
    Err(Status::unimplemented(
        "CreateAccountAuditLogSink is not implemented by the emulator yet",
    ))
}

/// GetAccountAuditLogSink.
pub fn get_account_audit_log_sink(
    _ctx: &mut Ctx<'_>,
    _request: GetAccountAuditLogSinkRequest,
) -> Result<GetAccountAuditLogSinkResponse, Status> {
    Err(Status::unimplemented(
        "GetAccountAuditLogSink is not implemented by the emulator yet",
    ))
}

/// GetAccountAuditLogSinks.
pub fn get_account_audit_log_sinks(
    _ctx: &mut Ctx<'_>,
    _request: GetAccountAuditLogSinksRequest,
) -> Result<GetAccountAuditLogSinksResponse, Status> {
    Err(Status::unimplemented(
        "GetAccountAuditLogSinks is not implemented by the emulator yet",
    ))
}

/// UpdateAccountAuditLogSink.
pub fn update_account_audit_log_sink(
    _ctx: &mut Ctx<'_>,
    _request: UpdateAccountAuditLogSinkRequest,
) -> Result<UpdateAccountAuditLogSinkResponse, Status> {
    Err(Status::unimplemented(
        "UpdateAccountAuditLogSink is not implemented by the emulator yet",
    ))
}

/// DeleteAccountAuditLogSink.
pub fn delete_account_audit_log_sink(
    _ctx: &mut Ctx<'_>,
    _request: DeleteAccountAuditLogSinkRequest,
) -> Result<DeleteAccountAuditLogSinkResponse, Status> {
    Err(Status::unimplemented(
        "DeleteAccountAuditLogSink is not implemented by the emulator yet",
    ))
}
