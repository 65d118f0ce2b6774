//! User groups: list (in ascending display-name order; filter by namespace, display name, Google
//! group email or SCIM IdP id), get, create, update (full spec replace; group type, Google email
//! and SCIM id immutable), delete, per-namespace access, and membership. A group's access flows to
//! its members (auth.rs merges it into the caller). Only cloud groups take manual membership
//! changes: Google and SCIM groups are managed by the identity provider, and SCIM groups "cannot
//! be created or deleted directly, but their access can be managed".

use std::collections::BTreeMap;

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    AddUserGroupMemberRequest, AddUserGroupMemberResponse, CreateUserGroupRequest, CreateUserGroupResponse,
    DeleteUserGroupRequest, DeleteUserGroupResponse, GetUserGroupMembersRequest, GetUserGroupMembersResponse,
    GetUserGroupRequest, GetUserGroupResponse, GetUserGroupsRequest, GetUserGroupsResponse,
    RemoveUserGroupMemberRequest, RemoveUserGroupMemberResponse, SetUserGroupNamespaceAccessRequest,
    SetUserGroupNamespaceAccessResponse, UpdateUserGroupRequest, UpdateUserGroupResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::user_group_member_id::MemberType;
use crate::pb::temporal::api::cloud::identity::v1::user_group_spec::GroupType;
use crate::pb::temporal::api::cloud::identity::v1::{
    User, UserGroup, UserGroupMember, UserGroupMemberId, UserGroupSpec,
};
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;

use super::service_accounts::set_grant;

/// GetUserGroups: the matching groups "in ascending name order" (then by id).
pub fn get_user_groups(ctx: &mut Ctx<'_>, request: GetUserGroupsRequest) -> Result<GetUserGroupsResponse, Status> {
    ctx.caller.require_read()?;
    let email = request.google_group.as_ref().map_or("", |g| g.email_address.as_str());
    let idp_id = request.scim_group.as_ref().map_or("", |g| g.idp_id.as_str());
    let matches = |spec: &UserGroupSpec| {
        let namespace_ok = request.namespace.is_empty()
            || spec
                .access
                .as_ref()
                .is_some_and(|a| a.namespace_accesses.contains_key(&request.namespace));
        let name_ok = request.display_name.is_empty() || spec.display_name == request.display_name;
        let email_ok = email.is_empty()
            || matches!(&spec.group_type, Some(GroupType::GoogleGroup(g)) if g.email_address.eq_ignore_ascii_case(email));
        let idp_ok =
            idp_id.is_empty() || matches!(&spec.group_type, Some(GroupType::ScimGroup(g)) if g.idp_id == idp_id);
        namespace_ok && name_ok && email_ok && idp_ok
    };
    let by_name: BTreeMap<String, &UserGroup> = ctx
        .state
        .groups
        .values()
        .filter(|g| matches(&g.spec.clone().unwrap_or_default()))
        .map(|g| {
            let name = g.spec.as_ref().map_or("", |s| s.display_name.as_str());
            (format!("{name}\u{0}{}", g.id), g)
        })
        .collect();
    let (groups, next_page_token) = page::page(&by_name, request.page_size, &request.page_token)?;
    Ok(GetUserGroupsResponse {
        groups: groups.into_iter().cloned().collect(),
        next_page_token,
    })
}

/// GetUserGroup.
pub fn get_user_group(ctx: &mut Ctx<'_>, request: GetUserGroupRequest) -> Result<GetUserGroupResponse, Status> {
    ctx.caller.require_read()?;
    let group = validate::require::<UserGroup>(ctx.state, &request.group_id)?;
    Ok(GetUserGroupResponse {
        group: Some(group.clone()),
    })
}

/// CreateUserGroup: a Google or cloud group (SCIM groups come from the identity provider).
pub fn create_user_group(
    ctx: &mut Ctx<'_>,
    request: CreateUserGroupRequest,
) -> Result<CreateUserGroupResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(ctx, &spec, None)?;
        Ok(ctx.create(|id, now| UserGroup {
            id,
            spec: Some(spec),
            created_time: Some(now),
            ..Default::default()
        }))
    })?;
    Ok(CreateUserGroupResponse {
        group_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// UpdateUserGroup: replaces the spec.
pub fn update_user_group(
    ctx: &mut Ctx<'_>,
    request: UpdateUserGroupRequest,
) -> Result<UpdateUserGroupResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        let group = validate::changeable::<UserGroup>(ctx.state, &request.group_id, &request.resource_version)?;
        let before = group.spec.clone().unwrap_or_default();
        check_spec(ctx, &spec, Some((&request.group_id, &before)))?;
        validate::require_mut::<UserGroup>(ctx.state, &request.group_id)?.spec = Some(spec);
        Ok(Applied::target(
            ResourceKind::UserGroup,
            &request.group_id,
            Change::Update,
        ))
    })?;
    Ok(UpdateUserGroupResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteUserGroup: DELETING until the operation completes, then gone with its memberships.
pub fn delete_user_group(
    ctx: &mut Ctx<'_>,
    request: DeleteUserGroupRequest,
) -> Result<DeleteUserGroupResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let group = validate::changeable::<UserGroup>(ctx.state, &request.group_id, &request.resource_version)?;
        if matches!(group_type(group), Some(GroupType::ScimGroup(_))) {
            return Err(Status::failed_precondition(
                "SCIM groups cannot be deleted directly: remove the group in the identity provider",
            ));
        }
        Ok(Applied::target(
            ResourceKind::UserGroup,
            &request.group_id,
            Change::Delete,
        ))
    })?;
    Ok(DeleteUserGroupResponse {
        async_operation: Some(done.operation),
    })
}

/// SetUserGroupNamespaceAccess: grants (or, with an empty access, removes) access to one namespace.
pub fn set_user_group_namespace_access(
    ctx: &mut Ctx<'_>,
    request: SetUserGroupNamespaceAccessRequest,
) -> Result<SetUserGroupNamespaceAccessResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::require::<Namespace>(ctx.state, &request.namespace)?;
        let access = request.access.clone().unwrap_or_default();
        if Permission::try_from(access.permission).is_err() {
            return Err(validate::invalid(
                "access.permission",
                format!("unknown permission {}", access.permission),
            ));
        }
        let group = validate::changeable::<UserGroup>(ctx.state, &request.group_id, &request.resource_version)?;
        let spec = group.spec.get_or_insert_default();
        set_grant(spec.access.get_or_insert_default(), &request.namespace, access);
        Ok(Applied::target(
            ResourceKind::UserGroup,
            &request.group_id,
            Change::Update,
        ))
    })?;
    Ok(SetUserGroupNamespaceAccessResponse {
        async_operation: Some(done.operation),
    })
}

/// AddUserGroupMember: adds an existing user to a cloud group (at once; the group itself does not
/// change state).
pub fn add_user_group_member(
    ctx: &mut Ctx<'_>,
    request: AddUserGroupMemberRequest,
) -> Result<AddUserGroupMemberResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let user_id = membership(ctx, &request.group_id, request.member_id.as_ref())?;
        let members = ctx.state.group_members.get(&request.group_id);
        if members.is_some_and(|m| m.contains_key(&user_id)) {
            return Err(Status::already_exists(format!(
                "user {user_id:?} is already a member of group {:?}",
                request.group_id
            )));
        }
        let member = UserGroupMember {
            member_id: Some(UserGroupMemberId {
                member_type: Some(MemberType::UserId(user_id.clone())),
            }),
            created_time: Some(ctx.now),
        };
        let members = ctx.state.group_members.entry(request.group_id.clone()).or_default();
        members.insert(user_id, member);
        Ok(Applied::default())
    })?;
    Ok(AddUserGroupMemberResponse {
        async_operation: Some(done.operation),
    })
}

/// RemoveUserGroupMember: removes a member from a cloud group (at once).
pub fn remove_user_group_member(
    ctx: &mut Ctx<'_>,
    request: RemoveUserGroupMemberRequest,
) -> Result<RemoveUserGroupMemberResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let user_id = membership(ctx, &request.group_id, request.member_id.as_ref())?;
        let removed = ctx
            .state
            .group_members
            .get_mut(&request.group_id)
            .and_then(|members| members.remove(&user_id));
        if removed.is_none() {
            return Err(Status::not_found(format!(
                "user {user_id:?} is not a member of group {:?}",
                request.group_id
            )));
        }
        Ok(Applied::default())
    })?;
    Ok(RemoveUserGroupMemberResponse {
        async_operation: Some(done.operation),
    })
}

/// GetUserGroupMembers: the group's members in ascending user-id order.
pub fn get_user_group_members(
    ctx: &mut Ctx<'_>,
    request: GetUserGroupMembersRequest,
) -> Result<GetUserGroupMembersResponse, Status> {
    ctx.caller.require_read()?;
    validate::require::<UserGroup>(ctx.state, &request.group_id)?;
    let empty = BTreeMap::new();
    let members = ctx.state.group_members.get(&request.group_id).unwrap_or(&empty);
    let (members, next_page_token) = page::page(members, request.page_size, &request.page_token)?;
    Ok(GetUserGroupMembersResponse {
        members,
        next_page_token,
    })
}

/// The groups `user_id` is a member of.
pub(crate) fn groups_of<'s>(state: &'s crate::emulator::state::State, user_id: &str) -> Vec<&'s UserGroup> {
    state
        .group_members
        .iter()
        .filter(|(_, members)| members.contains_key(user_id))
        .filter_map(|(group_id, _)| state.groups.get(group_id))
        .collect()
}

fn group_type(group: &UserGroup) -> Option<&GroupType> {
    group.spec.as_ref()?.group_type.as_ref()
}

/// The checks of a membership change: the group exists, is not being deleted and is a cloud group
/// ("can only be used with Cloud group types"); the member is an existing user. Returns its id.
fn membership(ctx: &mut Ctx<'_>, group_id: &str, member: Option<&UserGroupMemberId>) -> Result<String, Status> {
    let group = validate::require::<UserGroup>(ctx.state, group_id)?;
    if group.state == ResourceState::Deleting as i32 {
        return Err(Status::failed_precondition(format!(
            "user group {group_id:?} is being deleted"
        )));
    }
    if !matches!(group_type(group), Some(GroupType::CloudGroup(_))) {
        return Err(Status::failed_precondition(
            "only cloud groups accept membership changes: Google and SCIM group members are managed by the identity provider",
        ));
    }
    let Some(MemberType::UserId(user_id)) = member.and_then(|m| m.member_type.clone()) else {
        return Err(validate::invalid("member_id.user_id", "is required"));
    };
    validate::required("member_id.user_id", &user_id)?;
    validate::require::<User>(ctx.state, &user_id)?;
    Ok(user_id)
}

/// Display name required; exactly one group type; a Google group has a valid, unused email; SCIM
/// groups cannot be created; access grants valid. On update (`before` = id and stored spec) the
/// group type, the Google email ("immutable") and the SCIM IdP id stay as they were.
fn check_spec(ctx: &Ctx<'_>, spec: &UserGroupSpec, before: Option<(&str, &UserGroupSpec)>) -> Result<(), Status> {
    validate::required("spec.display_name", &spec.display_name)?;
    let kind = |t: &Option<GroupType>| t.as_ref().map(std::mem::discriminant);
    match (&spec.group_type, before.map(|(_, b)| &b.group_type)) {
        (None, _) => {
            return Err(validate::invalid(
                "spec.group_type",
                "one of spec.google_group, spec.scim_group or spec.cloud_group is required",
            ));
        }
        (new, Some(old)) if kind(new) != kind(old) => {
            return Err(validate::invalid(
                "spec.group_type",
                "cannot change once the group exists",
            ));
        }
        (Some(GroupType::ScimGroup(_)), None) => {
            return Err(validate::invalid(
                "spec.scim_group",
                "SCIM groups are provisioned by the identity provider and cannot be created directly",
            ));
        }
        (Some(GroupType::ScimGroup(new)), Some(Some(GroupType::ScimGroup(old)))) if new.idp_id != old.idp_id => {
            return Err(validate::invalid("spec.scim_group.idp_id", "is immutable"));
        }
        (Some(GroupType::GoogleGroup(new)), Some(Some(GroupType::GoogleGroup(old))))
            if !new.email_address.eq_ignore_ascii_case(&old.email_address) =>
        {
            return Err(validate::invalid("spec.google_group.email_address", "is immutable"));
        }
        (Some(GroupType::GoogleGroup(new)), None) => {
            validate::email("spec.google_group.email_address", &new.email_address)?;
            let taken = ctx.state.groups.values().any(|g| {
                matches!(group_type(g), Some(GroupType::GoogleGroup(o)) if o.email_address.eq_ignore_ascii_case(&new.email_address))
            });
            if taken {
                return Err(Status::already_exists(format!(
                    "a group for Google group {:?} already exists",
                    new.email_address
                )));
            }
        }
        _ => {}
    }
    validate::access(ctx.state, "spec.access", &spec.access.clone().unwrap_or_default())
}
