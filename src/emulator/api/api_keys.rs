//! api_keys: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateApiKeyRequest, CreateApiKeyResponse, DeleteApiKeyRequest, DeleteApiKeyResponse, GetApiKeyRequest,
    GetApiKeyResponse, GetApiKeysRequest, GetApiKeysResponse, UpdateApiKeyRequest, UpdateApiKeyResponse,
};

/// GetApiKeys.
pub fn get_api_keys(_ctx: &mut Ctx<'_>, _request: GetApiKeysRequest) -> Result<GetApiKeysResponse, Status> {
    Err(Status::unimplemented(
        "GetApiKeys is not implemented by the emulator yet",
    ))
}

/// GetApiKey.
pub fn get_api_key(_ctx: &mut Ctx<'_>, _request: GetApiKeyRequest) -> Result<GetApiKeyResponse, Status> {
    Err(Status::unimplemented(
        "GetApiKey is not implemented by the emulator yet",
    ))
}

/// CreateApiKey.
pub fn create_api_key(_ctx: &mut Ctx<'_>, _request: CreateApiKeyRequest) -> Result<CreateApiKeyResponse, Status> {
    Err(Status::unimplemented(
        "CreateApiKey is not implemented by the emulator yet",
    ))
}

/// UpdateApiKey.
pub fn update_api_key(_ctx: &mut Ctx<'_>, _request: UpdateApiKeyRequest) -> Result<UpdateApiKeyResponse, Status> {
    Err(Status::unimplemented(
        "UpdateApiKey is not implemented by the emulator yet",
    ))
}

/// DeleteApiKey.
pub fn delete_api_key(_ctx: &mut Ctx<'_>, _request: DeleteApiKeyRequest) -> Result<DeleteApiKeyResponse, Status> {
    Err(Status::unimplemented(
        "DeleteApiKey is not implemented by the emulator yet",
    ))
}
