//! Custom roles: list, get, create (name unique; every permission names a resource type, resource
//! ids or allow_all, and actions), update (full spec replace), and delete — refused while a user,
//! user group or service account is still assigned the role.

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateCustomRoleRequest, CreateCustomRoleResponse, DeleteCustomRoleRequest, DeleteCustomRoleResponse,
    GetCustomRoleRequest, GetCustomRoleResponse, GetCustomRolesRequest, GetCustomRolesResponse,
    UpdateCustomRoleRequest, UpdateCustomRoleResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::{Access, CustomRole, CustomRoleSpec};

/// GetCustomRoles: in ascending id order.
pub fn get_custom_roles(ctx: &mut Ctx<'_>, request: GetCustomRolesRequest) -> Result<GetCustomRolesResponse, Status> {
    ctx.caller.require_read()?;
    let (custom_roles, next_page_token) = page::page(&ctx.state.custom_roles, request.page_size, &request.page_token)?;
    Ok(GetCustomRolesResponse {
        custom_roles,
        next_page_token,
    })
}

/// GetCustomRole.
pub fn get_custom_role(ctx: &mut Ctx<'_>, request: GetCustomRoleRequest) -> Result<GetCustomRoleResponse, Status> {
    ctx.caller.require_read()?;
    let role = validate::require::<CustomRole>(ctx.state, &request.role_id)?;
    Ok(GetCustomRoleResponse {
        custom_role: Some(role.clone()),
    })
}

/// CreateCustomRole: ACTIVATING until the operation completes.
pub fn create_custom_role(
    ctx: &mut Ctx<'_>,
    request: CreateCustomRoleRequest,
) -> Result<CreateCustomRoleResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(ctx, &spec, None)?;
        Ok(ctx.create(|id, now| CustomRole {
            id,
            spec: Some(spec),
            created_time: Some(now),
            ..Default::default()
        }))
    })?;
    Ok(CreateCustomRoleResponse {
        role_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// UpdateCustomRole: replaces the spec.
pub fn update_custom_role(
    ctx: &mut Ctx<'_>,
    request: UpdateCustomRoleRequest,
) -> Result<UpdateCustomRoleResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        validate::changeable::<CustomRole>(ctx.state, &request.role_id, &request.resource_version)?;
        check_spec(ctx, &spec, Some(&request.role_id))?;
        validate::require_mut::<CustomRole>(ctx.state, &request.role_id)?.spec = Some(spec);
        Ok(Applied::target(
            ResourceKind::CustomRole,
            &request.role_id,
            Change::Update,
        ))
    })?;
    Ok(UpdateCustomRoleResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteCustomRole: refused (FAILED_PRECONDITION) while anyone is assigned the role.
pub fn delete_custom_role(
    ctx: &mut Ctx<'_>,
    request: DeleteCustomRoleRequest,
) -> Result<DeleteCustomRoleResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::changeable::<CustomRole>(ctx.state, &request.role_id, &request.resource_version)?;
        if let Some(holder) = holder(ctx, &request.role_id) {
            return Err(Status::failed_precondition(format!(
                "custom role {:?} is still assigned to {holder}: remove it from their access first",
                request.role_id
            )));
        }
        Ok(Applied::target(
            ResourceKind::CustomRole,
            &request.role_id,
            Change::Delete,
        ))
    })?;
    Ok(DeleteCustomRoleResponse {
        async_operation: Some(done.operation),
    })
}

/// A principal whose access names custom role `role_id`, described for an error message.
fn holder(ctx: &Ctx<'_>, role_id: &str) -> Option<String> {
    #[allow(deprecated)] // custom_roles_deprecated still assigns roles for older clients
    let names = |access: Option<&Access>| {
        access.is_some_and(|a| {
            let current = a.account_access.iter().flat_map(|aa| aa.custom_roles.iter());
            current.chain(a.custom_roles_deprecated.iter()).any(|r| r == role_id)
        })
    };
    let state = &ctx.state;
    let users = state
        .users
        .values()
        .filter(|u| names(u.spec.as_ref().and_then(|s| s.access.as_ref())));
    let groups = state
        .groups
        .values()
        .filter(|g| names(g.spec.as_ref().and_then(|s| s.access.as_ref())));
    let accounts = state
        .service_accounts
        .values()
        .filter(|a| names(a.spec.as_ref().and_then(|s| s.access.as_ref())));
    (users.map(|u| format!("user {:?}", u.id)))
        .chain(groups.map(|g| format!("user group {:?}", g.id)))
        .chain(accounts.map(|a| format!("service account {:?}", a.id)))
        .next()
}

/// Name required and unique (other than `self_id`); at least one permission; each permission has
/// resources with a resource type and either resource ids or allow_all ("Can be empty if allow_all
/// is true"), and at least one non-empty action.
fn check_spec(ctx: &Ctx<'_>, spec: &CustomRoleSpec, self_id: Option<&str>) -> Result<(), Status> {
    validate::required("spec.name", &spec.name)?;
    let taken = ctx.state.custom_roles.values().any(|r| {
        Some(r.id.as_str()) != self_id && r.spec.as_ref().is_some_and(|s| s.name.eq_ignore_ascii_case(&spec.name))
    });
    if taken {
        return Err(Status::already_exists(format!(
            "a custom role named {:?} already exists",
            spec.name
        )));
    }
    if spec.permissions.is_empty() {
        return Err(validate::invalid(
            "spec.permissions",
            "at least one permission is required",
        ));
    }
    for (i, permission) in spec.permissions.iter().enumerate() {
        let field = format!("spec.permissions[{i}]");
        let resources = permission
            .resources
            .as_ref()
            .ok_or_else(|| validate::invalid(&format!("{field}.resources"), "is required"))?;
        validate::required(&format!("{field}.resources.resource_type"), &resources.resource_type)?;
        if !resources.allow_all && resources.resource_ids.is_empty() {
            return Err(validate::invalid(
                &format!("{field}.resources.resource_ids"),
                "is required unless allow_all is true",
            ));
        }
        for (j, id) in resources.resource_ids.iter().enumerate() {
            validate::required(&format!("{field}.resources.resource_ids[{j}]"), id)?;
        }
        if permission.actions.is_empty() {
            return Err(validate::invalid(
                &format!("{field}.actions"),
                "at least one action is required",
            ));
        }
        for (j, action) in permission.actions.iter().enumerate() {
            validate::required(&format!("{field}.actions[{j}]"), action)?;
        }
    }
    Ok(())
}
