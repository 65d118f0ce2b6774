//! service_accounts: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateServiceAccountRequest, CreateServiceAccountResponse, DeleteServiceAccountRequest,
    DeleteServiceAccountResponse, GetServiceAccountRequest, GetServiceAccountResponse, GetServiceAccountsRequest,
    GetServiceAccountsResponse, SetServiceAccountNamespaceAccessRequest, SetServiceAccountNamespaceAccessResponse,
    UpdateServiceAccountRequest, UpdateServiceAccountResponse,
};

/// CreateServiceAccount.
pub fn create_service_account(
    _ctx: &mut Ctx<'_>,
    _request: CreateServiceAccountRequest,
) -> Result<CreateServiceAccountResponse, Status> {
    Err(Status::unimplemented(
        "CreateServiceAccount is not implemented by the emulator yet",
    ))
}

/// GetServiceAccount.
pub fn get_service_account(
    _ctx: &mut Ctx<'_>,
    _request: GetServiceAccountRequest,
) -> Result<GetServiceAccountResponse, Status> {
    Err(Status::unimplemented(
        "GetServiceAccount is not implemented by the emulator yet",
    ))
}

/// GetServiceAccounts.
pub fn get_service_accounts(
    _ctx: &mut Ctx<'_>,
    _request: GetServiceAccountsRequest,
) -> Result<GetServiceAccountsResponse, Status> {
    Err(Status::unimplemented(
        "GetServiceAccounts is not implemented by the emulator yet",
    ))
}

/// UpdateServiceAccount.
pub fn update_service_account(
    _ctx: &mut Ctx<'_>,
    _request: UpdateServiceAccountRequest,
) -> Result<UpdateServiceAccountResponse, Status> {
    Err(Status::unimplemented(
        "UpdateServiceAccount is not implemented by the emulator yet",
    ))
}

/// SetServiceAccountNamespaceAccess.
pub fn set_service_account_namespace_access(
    _ctx: &mut Ctx<'_>,
    _request: SetServiceAccountNamespaceAccessRequest,
) -> Result<SetServiceAccountNamespaceAccessResponse, Status> {
    Err(Status::unimplemented(
        "SetServiceAccountNamespaceAccess is not implemented by the emulator yet",
    ))
}

/// DeleteServiceAccount.
pub fn delete_service_account(
    _ctx: &mut Ctx<'_>,
    _request: DeleteServiceAccountRequest,
) -> Result<DeleteServiceAccountResponse, Status> {
    Err(Status::unimplemented(
        "DeleteServiceAccount is not implemented by the emulator yet",
    ))
}
