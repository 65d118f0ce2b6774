//! Project access: SetUserProjectAccess, SetUserGroupProjectAccess and
//! SetServiceAccountProjectAccess grant a project role to a principal (or, with an empty access,
//! remove the principal from the project). Each is an async operation on the *principal*, whose
//! `resource_version` the request carries; the caller must be an admin of the project (or an
//! account owner or admin). PROJECT_ROLE_DEVELOPER is refused: it is only ever inherited from the
//! account developer role.

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::validate;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    SetServiceAccountProjectAccessRequest, SetServiceAccountProjectAccessResponse, SetUserGroupProjectAccessRequest,
    SetUserGroupProjectAccessResponse, SetUserProjectAccessRequest, SetUserProjectAccessResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::{Access, ProjectAccess, ServiceAccount, User, UserGroup};

/// SetUserProjectAccess.
pub fn set_user_project_access(
    ctx: &mut Ctx<'_>,
    request: SetUserProjectAccessRequest,
) -> Result<SetUserProjectAccessResponse, Status> {
    authorize(ctx, &request.project_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let grant = checked(ctx, &request.project_id, request.access.as_ref())?;
        let user = validate::changeable::<User>(ctx.state, &request.user_id, &request.resource_version)?;
        let access = user.spec.get_or_insert_default().access.get_or_insert_default();
        set_grant(access, &request.project_id, grant);
        Ok(Applied::target(ResourceKind::User, &request.user_id, Change::Update))
    })?;
    Ok(SetUserProjectAccessResponse {
        async_operation: Some(done.operation),
    })
}

/// SetUserGroupProjectAccess: the group's members get the role through the group.
pub fn set_user_group_project_access(
    ctx: &mut Ctx<'_>,
    request: SetUserGroupProjectAccessRequest,
) -> Result<SetUserGroupProjectAccessResponse, Status> {
    authorize(ctx, &request.project_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let grant = checked(ctx, &request.project_id, request.access.as_ref())?;
        let group = validate::changeable::<UserGroup>(ctx.state, &request.group_id, &request.resource_version)?;
        let access = group.spec.get_or_insert_default().access.get_or_insert_default();
        set_grant(access, &request.project_id, grant);
        Ok(Applied::target(
            ResourceKind::UserGroup,
            &request.group_id,
            Change::Update,
        ))
    })?;
    Ok(SetUserGroupProjectAccessResponse {
        async_operation: Some(done.operation),
    })
}

/// SetServiceAccountProjectAccess: an account-scoped service account gets (or loses) a role on the
/// project; a project-scoped one only has its own project, whose role changes but which it must
/// keep; a namespace-scoped one has no project access.
pub fn set_service_account_project_access(
    ctx: &mut Ctx<'_>,
    request: SetServiceAccountProjectAccessRequest,
) -> Result<SetServiceAccountProjectAccessResponse, Status> {
    authorize(ctx, &request.project_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let project = &request.project_id;
        let grant = checked(ctx, project, request.access.as_ref())?;
        let account =
            validate::changeable::<ServiceAccount>(ctx.state, &request.service_account_id, &request.resource_version)?;
        let spec = account.spec.get_or_insert_default();
        if spec.namespace_scoped_access.is_some() {
            return Err(validate::invalid(
                "service_account_id",
                "the service account is namespace-scoped and cannot have project access",
            ));
        }
        match (spec.project_scoped_access.as_mut(), grant) {
            (Some(scoped), _) if scoped.project_id != *project => {
                let problem = format!(
                    "the service account is scoped to project {:?} and cannot have access to another",
                    scoped.project_id
                );
                return Err(validate::invalid("project_id", problem));
            }
            (Some(_), None) => {
                return Err(validate::invalid(
                    "access.role",
                    "a project-scoped service account cannot lose access to its project",
                ));
            }
            (Some(scoped), Some(grant)) => scoped.access = Some(grant),
            (None, grant) => set_grant(spec.access.get_or_insert_default(), project, grant),
        }
        Ok(Applied::target(
            ResourceKind::ServiceAccount,
            &request.service_account_id,
            Change::Update,
        ))
    })?;
    Ok(SetServiceAccountProjectAccessResponse {
        async_operation: Some(done.operation),
    })
}

/// The project is named and the caller administers it.
fn authorize(ctx: &Ctx<'_>, project: &str) -> Result<(), Status> {
    validate::required("project_id", project)?;
    ctx.caller.require_project_admin(project)
}

/// The project exists (and is not being deleted) and the access is assignable; `None` removes.
fn checked(ctx: &Ctx<'_>, project: &str, access: Option<&ProjectAccess>) -> Result<Option<ProjectAccess>, Status> {
    validate::project(ctx.state, "project_id", project)?;
    validate::project_grant("access", access)
}

/// Sets (or, with `None`, removes) the grant on `project` in `access`.
fn set_grant(access: &mut Access, project: &str, grant: Option<ProjectAccess>) {
    match grant {
        Some(grant) => {
            access.project_accesses.insert(project.to_string(), grant);
        }
        None => {
            access.project_accesses.remove(project);
        }
    }
}
