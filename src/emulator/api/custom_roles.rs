//! custom_roles: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateCustomRoleRequest, CreateCustomRoleResponse, DeleteCustomRoleRequest, DeleteCustomRoleResponse,
    GetCustomRoleRequest, GetCustomRoleResponse, GetCustomRolesRequest, GetCustomRolesResponse,
    UpdateCustomRoleRequest, UpdateCustomRoleResponse,
};

/// GetCustomRoles.
pub fn get_custom_roles(_ctx: &mut Ctx<'_>, _request: GetCustomRolesRequest) -> Result<GetCustomRolesResponse, Status> {
    Err(Status::unimplemented(
        "GetCustomRoles is not implemented by the emulator yet",
    ))
}

/// GetCustomRole.
pub fn get_custom_role(_ctx: &mut Ctx<'_>, _request: GetCustomRoleRequest) -> Result<GetCustomRoleResponse, Status> {
    Err(Status::unimplemented(
        "GetCustomRole is not implemented by the emulator yet",
    ))
}

/// CreateCustomRole.
pub fn create_custom_role(
    _ctx: &mut Ctx<'_>,
    _request: CreateCustomRoleRequest,
) -> Result<CreateCustomRoleResponse, Status> {
    Err(Status::unimplemented(
        "CreateCustomRole is not implemented by the emulator yet",
    ))
}

/// UpdateCustomRole.
pub fn update_custom_role(
    _ctx: &mut Ctx<'_>,
    _request: UpdateCustomRoleRequest,
) -> Result<UpdateCustomRoleResponse, Status> {
    Err(Status::unimplemented(
        "UpdateCustomRole is not implemented by the emulator yet",
    ))
}

/// DeleteCustomRole.
pub fn delete_custom_role(
    _ctx: &mut Ctx<'_>,
    _request: DeleteCustomRoleRequest,
) -> Result<DeleteCustomRoleResponse, Status> {
    Err(Status::unimplemented(
        "DeleteCustomRole is not implemented by the emulator yet",
    ))
}
