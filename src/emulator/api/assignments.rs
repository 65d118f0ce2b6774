//! assignments: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetServiceAccountNamespaceAssignmentsRequest, GetServiceAccountNamespaceAssignmentsResponse,
    GetUserGroupNamespaceAssignmentsRequest, GetUserGroupNamespaceAssignmentsResponse,
    GetUserNamespaceAssignmentsRequest, GetUserNamespaceAssignmentsResponse,
};

/// GetUserNamespaceAssignments.
pub fn get_user_namespace_assignments(
    _ctx: &mut Ctx<'_>,
    _request: GetUserNamespaceAssignmentsRequest,
) -> Result<GetUserNamespaceAssignmentsResponse, Status> {
    Err(Status::unimplemented(
        "GetUserNamespaceAssignments is not implemented by the emulator yet",
    ))
}

/// GetServiceAccountNamespaceAssignments.
pub fn get_service_account_namespace_assignments(
    _ctx: &mut Ctx<'_>,
    _request: GetServiceAccountNamespaceAssignmentsRequest,
) -> Result<GetServiceAccountNamespaceAssignmentsResponse, Status> {
    Err(Status::unimplemented(
        "GetServiceAccountNamespaceAssignments is not implemented by the emulator yet",
    ))
}

/// GetUserGroupNamespaceAssignments.
pub fn get_user_group_namespace_assignments(
    _ctx: &mut Ctx<'_>,
    _request: GetUserGroupNamespaceAssignmentsRequest,
) -> Result<GetUserGroupNamespaceAssignmentsResponse, Status> {
    Err(Status::unimplemented(
        "GetUserGroupNamespaceAssignments is not implemented by the emulator yet",
    ))
}
