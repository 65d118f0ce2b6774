//! The caller's own identity, and async operation status.

use tonic::Status;

use crate::emulator::auth::Principal;
use crate::emulator::ops::Ctx;
use crate::emulator::validate;
use crate::pb::temporal::api::cloud::cloudservice::v1::get_current_identity_response::Principal as PrincipalOneof;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetAsyncOperationRequest, GetAsyncOperationResponse, GetCurrentIdentityRequest, GetCurrentIdentityResponse,
};

/// GetCurrentIdentity: the user or service account owning the API key, and the key.
pub fn get_current_identity(
    ctx: &mut Ctx<'_>,
    _request: GetCurrentIdentityRequest,
) -> Result<GetCurrentIdentityResponse, Status> {
    let principal = match &ctx.caller.principal {
        Principal::User(id) => ctx.state.users.get(id).cloned().map(PrincipalOneof::User),
        Principal::ServiceAccount(id) => ctx
            .state
            .service_accounts
            .get(id)
            .cloned()
            .map(PrincipalOneof::ServiceAccount),
    };
    Ok(GetCurrentIdentityResponse {
        principal,
        principal_api_key: ctx.state.api_keys.get(&ctx.caller.api_key_id).cloned(),
    })
}

/// GetAsyncOperation: the operation's state now.
pub fn get_async_operation(
    ctx: &mut Ctx<'_>,
    request: GetAsyncOperationRequest,
) -> Result<GetAsyncOperationResponse, Status> {
    validate::required("async_operation_id", &request.async_operation_id)?;
    let operation = ctx
        .operation(&request.async_operation_id)
        .ok_or_else(|| validate::not_found("async operation", &request.async_operation_id))?;
    Ok(GetAsyncOperationResponse {
        async_operation: Some(operation),
    })
}
