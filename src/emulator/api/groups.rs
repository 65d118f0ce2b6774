//! groups: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    AddUserGroupMemberRequest, AddUserGroupMemberResponse, CreateUserGroupRequest, CreateUserGroupResponse,
    DeleteUserGroupRequest, DeleteUserGroupResponse, GetUserGroupMembersRequest, GetUserGroupMembersResponse,
    GetUserGroupRequest, GetUserGroupResponse, GetUserGroupsRequest, GetUserGroupsResponse,
    RemoveUserGroupMemberRequest, RemoveUserGroupMemberResponse, SetUserGroupNamespaceAccessRequest,
    SetUserGroupNamespaceAccessResponse, UpdateUserGroupRequest, UpdateUserGroupResponse,
};

/// GetUserGroups.
pub fn get_user_groups(_ctx: &mut Ctx<'_>, _request: GetUserGroupsRequest) -> Result<GetUserGroupsResponse, Status> {
    Err(Status::unimplemented(
        "GetUserGroups is not implemented by the emulator yet",
    ))
}

/// GetUserGroup.
pub fn get_user_group(_ctx: &mut Ctx<'_>, _request: GetUserGroupRequest) -> Result<GetUserGroupResponse, Status> {
    Err(Status::unimplemented(
        "GetUserGroup is not implemented by the emulator yet",
    ))
}

/// CreateUserGroup.
pub fn create_user_group(
    _ctx: &mut Ctx<'_>,
    _request: CreateUserGroupRequest,
) -> Result<CreateUserGroupResponse, Status> {
    Err(Status::unimplemented(
        "CreateUserGroup is not implemented by the emulator yet",
    ))
}

/// UpdateUserGroup.
pub fn update_user_group(
    _ctx: &mut Ctx<'_>,
    _request: UpdateUserGroupRequest,
) -> Result<UpdateUserGroupResponse, Status> {
    Err(Status::unimplemented(
        "UpdateUserGroup is not implemented by the emulator yet",
    ))
}

/// DeleteUserGroup.
pub fn delete_user_group(
    _ctx: &mut Ctx<'_>,
    _request: DeleteUserGroupRequest,
) -> Result<DeleteUserGroupResponse, Status> {
    Err(Status::unimplemented(
        "DeleteUserGroup is not implemented by the emulator yet",
    ))
}

/// SetUserGroupNamespaceAccess.
pub fn set_user_group_namespace_access(
    _ctx: &mut Ctx<'_>,
    _request: SetUserGroupNamespaceAccessRequest,
) -> Result<SetUserGroupNamespaceAccessResponse, Status> {
    Err(Status::unimplemented(
        "SetUserGroupNamespaceAccess is not implemented by the emulator yet",
    ))
}

/// AddUserGroupMember.
pub fn add_user_group_member(
    _ctx: &mut Ctx<'_>,
    _request: AddUserGroupMemberRequest,
) -> Result<AddUserGroupMemberResponse, Status> {
    Err(Status::unimplemented(
        "AddUserGroupMember is not implemented by the emulator yet",
    ))
}

/// RemoveUserGroupMember.
pub fn remove_user_group_member(
    _ctx: &mut Ctx<'_>,
    _request: RemoveUserGroupMemberRequest,
) -> Result<RemoveUserGroupMemberResponse, Status> {
    Err(Status::unimplemented(
        "RemoveUserGroupMember is not implemented by the emulator yet",
    ))
}

/// GetUserGroupMembers.
pub fn get_user_group_members(
    _ctx: &mut Ctx<'_>,
    _request: GetUserGroupMembersRequest,
) -> Result<GetUserGroupMembersResponse, Status> {
    Err(Status::unimplemented(
        "GetUserGroupMembers is not implemented by the emulator yet",
    ))
}
