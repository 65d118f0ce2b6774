//! Users: list (filter by email or namespace), get, create (email unique, invitation issued),
//! update (full spec replace), delete, and per-namespace access.

use std::time::Duration;

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{clock, page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateUserRequest, CreateUserResponse, DeleteUserRequest, DeleteUserResponse, GetUserRequest, GetUserResponse,
    GetUsersRequest, GetUsersResponse, SetUserNamespaceAccessRequest, SetUserNamespaceAccessResponse,
    UpdateUserRequest, UpdateUserResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::{Invitation, User, UserSpec};
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;

/// How long an invitation stays valid.
const INVITATION_VALIDITY: Duration = Duration::from_secs(30 * 24 * 3600);

/// GetUsers: every user, optionally only the one with `email` or those with access to `namespace`.
pub fn get_users(ctx: &mut Ctx<'_>, request: GetUsersRequest) -> Result<GetUsersResponse, Status> {
    ctx.caller.require_read()?;
    let matches = |user: &User| {
        let spec = user.spec.clone().unwrap_or_default();
        let email_ok = request.email.is_empty() || spec.email.eq_ignore_ascii_case(&request.email);
        let namespace_ok = request.namespace.is_empty()
            || spec
                .access
                .is_some_and(|a| a.namespace_accesses.contains_key(&request.namespace));
        email_ok && namespace_ok
    };
    let users = ctx.state.users.iter().filter(|(_, u)| matches(u));
    let (users, next_page_token) = page::page(users, request.page_size, &request.page_token)?;
    Ok(GetUsersResponse { users, next_page_token })
}

/// GetUser.
pub fn get_user(ctx: &mut Ctx<'_>, request: GetUserRequest) -> Result<GetUserResponse, Status> {
    if !ctx.caller.is(&request.user_id) {
        ctx.caller.require_read()?;
    }
    let user = validate::require::<User>(ctx.state, &request.user_id)?;
    Ok(GetUserResponse {
        user: Some(user.clone()),
    })
}

/// CreateUser: invites a user; ACTIVATING until the operation completes.
pub fn create_user(ctx: &mut Ctx<'_>, request: CreateUserRequest) -> Result<CreateUserResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(ctx, &spec, None)?;
        Ok(ctx.create(|id, now| User {
            id,
            spec: Some(spec),
            created_time: Some(now),
            invitation: Some(Invitation {
                created_time: Some(now),
                expired_time: Some(clock::add(&now, INVITATION_VALIDITY)),
            }),
            ..Default::default()
        }))
    })?;
    Ok(CreateUserResponse {
        user_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// UpdateUser: replaces the spec.
pub fn update_user(ctx: &mut Ctx<'_>, request: UpdateUserRequest) -> Result<UpdateUserResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        validate::changeable::<User>(ctx.state, &request.user_id, &request.resource_version)?;
        check_spec(ctx, &spec, Some(&request.user_id))?;
        validate::require_mut::<User>(ctx.state, &request.user_id)?.spec = Some(spec);
        Ok(Applied::target(ResourceKind::User, &request.user_id, Change::Update))
    })?;
    Ok(UpdateUserResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteUser: DELETING until the operation completes, then gone (and out of every group).
pub fn delete_user(ctx: &mut Ctx<'_>, request: DeleteUserRequest) -> Result<DeleteUserResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::changeable::<User>(ctx.state, &request.user_id, &request.resource_version)?;
        if ctx.caller.is(&request.user_id) {
            return Err(Status::failed_precondition("a user cannot delete themselves"));
        }
        Ok(Applied::target(ResourceKind::User, &request.user_id, Change::Delete))
    })?;
    Ok(DeleteUserResponse {
        async_operation: Some(done.operation),
    })
}

/// SetUserNamespaceAccess: grants (or, with PERMISSION_UNSPECIFIED, removes) access to one namespace.
pub fn set_user_namespace_access(
    ctx: &mut Ctx<'_>,
    request: SetUserNamespaceAccessRequest,
) -> Result<SetUserNamespaceAccessResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::require::<Namespace>(ctx.state, &request.namespace)?;
        let user = validate::changeable::<User>(ctx.state, &request.user_id, &request.resource_version)?;
        let access = request.access.clone().unwrap_or_default();
        let grants = &mut user
            .spec
            .get_or_insert_default()
            .access
            .get_or_insert_default()
            .namespace_accesses;
        if access.permission == Permission::Unspecified as i32 {
            grants.remove(&request.namespace);
        } else {
            grants.insert(request.namespace.clone(), access);
        }
        Ok(Applied::target(ResourceKind::User, &request.user_id, Change::Update))
    })?;
    Ok(SetUserNamespaceAccessResponse {
        async_operation: Some(done.operation),
    })
}

/// Email valid and unique (other than `self_id`), access grants valid.
fn check_spec(ctx: &Ctx<'_>, spec: &UserSpec, self_id: Option<&str>) -> Result<(), Status> {
    validate::email("spec.email", &spec.email)?;
    let taken = ctx.state.users.values().any(|u| {
        Some(u.id.as_str()) != self_id
            && u.spec
                .as_ref()
                .is_some_and(|s| s.email.eq_ignore_ascii_case(&spec.email))
    });
    if taken {
        return Err(Status::already_exists(format!(
            "a user with email {:?} already exists",
            spec.email
        )));
    }
    validate::access(ctx.state, "spec.access", &spec.access.clone().unwrap_or_default())
}
