//! Project assignments: every user, service account or user group with access to one project, in
//! ascending id order, each once with its strongest project role. `inherited_access` is false when
//! a direct grant on the project gives that role and true when it comes from elsewhere: an account
//! role (owners and admins are project admins everywhere, developers hold PROJECT_ROLE_DEVELOPER on
//! every project) or, for users, a user group they belong to. A project-scoped service account's
//! own project access counts as direct.

use std::collections::BTreeMap;

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::emulator::page;
use crate::emulator::projects::{self, rank, strongest};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetServiceAccountProjectAssignmentsRequest, GetServiceAccountProjectAssignmentsResponse,
    GetUserGroupProjectAssignmentsRequest, GetUserGroupProjectAssignmentsResponse, GetUserProjectAssignmentsRequest,
    GetUserProjectAssignmentsResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::identity::v1::{
    Access, ProjectAccess, ServiceAccountProjectAssignment, UserGroupProjectAssignment, UserProjectAssignment,
};

use crate::emulator::api::groups::groups_of;

/// GetUserProjectAssignments: direct grants, account roles and group grants.
pub fn get_user_project_assignments(
    ctx: &mut Ctx<'_>,
    request: GetUserProjectAssignmentsRequest,
) -> Result<GetUserProjectAssignmentsResponse, Status> {
    let project = request.project_id.as_str();
    ctx.readable_project(project)?;
    let state = &*ctx.state;
    let mut users = BTreeMap::new();
    for user in state.users.values() {
        let spec = user.spec.clone().unwrap_or_default();
        let direct = grant(spec.access.as_ref(), project);
        let through_groups = groups_of(state, &user.id)
            .into_iter()
            .map(|g| effective(g.spec.as_ref().and_then(|s| s.access.as_ref()), project));
        let inherited = through_groups.fold(by_role(spec.access.as_ref()), strongest);
        if let Some((project_access, inherited_access)) = assignment(direct, inherited) {
            let assignment = UserProjectAssignment {
                id: user.id.clone(),
                email: spec.email,
                project_access: Some(project_access),
                inherited_access,
                resource_version: user.resource_version.clone(),
            };
            users.insert(user.id.clone(), assignment);
        }
    }
    let (users, next_page_token) = page::page(&users, request.page_size, &request.page_token)?;
    Ok(GetUserProjectAssignmentsResponse { users, next_page_token })
}

/// GetServiceAccountProjectAssignments: direct grants (account access, or the project a service
/// account is scoped to) and account roles.
pub fn get_service_account_project_assignments(
    ctx: &mut Ctx<'_>,
    request: GetServiceAccountProjectAssignmentsRequest,
) -> Result<GetServiceAccountProjectAssignmentsResponse, Status> {
    let project = request.project_id.as_str();
    ctx.readable_project(project)?;
    let mut accounts = BTreeMap::new();
    for account in ctx.state.service_accounts.values() {
        let spec = account.spec.clone().unwrap_or_default();
        let scoped = spec
            .project_scoped_access
            .as_ref()
            .filter(|s| s.project_id == project)
            .and_then(|s| s.access)
            .filter(|a| projects::role_of(a.role) != ProjectRole::Unspecified);
        let direct = scoped.or_else(|| grant(spec.access.as_ref(), project));
        if let Some((project_access, inherited_access)) = assignment(direct, by_role(spec.access.as_ref())) {
            let assignment = ServiceAccountProjectAssignment {
                id: account.id.clone(),
                name: spec.name,
                project_access: Some(project_access),
                inherited_access,
                resource_version: account.resource_version.clone(),
            };
            accounts.insert(account.id.clone(), assignment);
        }
    }
    let (service_accounts, next_page_token) = page::page(&accounts, request.page_size, &request.page_token)?;
    Ok(GetServiceAccountProjectAssignmentsResponse {
        service_accounts,
        next_page_token,
    })
}

/// GetUserGroupProjectAssignments: direct grants and account roles of the groups.
pub fn get_user_group_project_assignments(
    ctx: &mut Ctx<'_>,
    request: GetUserGroupProjectAssignmentsRequest,
) -> Result<GetUserGroupProjectAssignmentsResponse, Status> {
    let project = request.project_id.as_str();
    ctx.readable_project(project)?;
    let mut groups = BTreeMap::new();
    for group in ctx.state.groups.values() {
        let spec = group.spec.clone().unwrap_or_default();
        let direct = grant(spec.access.as_ref(), project);
        if let Some((project_access, inherited_access)) = assignment(direct, by_role(spec.access.as_ref())) {
            let assignment = UserGroupProjectAssignment {
                id: group.id.clone(),
                display_name: spec.display_name,
                project_access: Some(project_access),
                inherited_access,
                resource_version: group.resource_version.clone(),
            };
            groups.insert(group.id.clone(), assignment);
        }
    }
    let (groups, next_page_token) = page::page(&groups, request.page_size, &request.page_token)?;
    Ok(GetUserGroupProjectAssignmentsResponse {
        groups,
        next_page_token,
    })
}

/// The direct grant on `project` in `access`, if it gives a role.
fn grant(access: Option<&Access>, project: &str) -> Option<ProjectAccess> {
    access?
        .project_accesses
        .get(project)
        .filter(|a| projects::role_of(a.role) != ProjectRole::Unspecified)
        .copied()
}

/// What an account role gives on every project: admin for account owners and admins, the
/// developer role for account developers.
fn by_role(access: Option<&Access>) -> ProjectRole {
    let role = access
        .and_then(|a| a.account_access.as_ref())
        .and_then(|a| Role::try_from(a.role).ok());
    match role {
        Some(Role::Owner | Role::Admin) => ProjectRole::Admin,
        Some(Role::Developer) => ProjectRole::Developer,
        Some(Role::FinanceAdmin | Role::Read | Role::MetricsRead | Role::Unspecified) | None => {
            ProjectRole::Unspecified
        }
    }
}

/// The strongest role `access` gives on `project`, directly or by its account role.
fn effective(access: Option<&Access>, project: &str) -> ProjectRole {
    let direct = grant(access, project).map_or(ProjectRole::Unspecified, |g| projects::role_of(g.role));
    strongest(direct, by_role(access))
}

/// The access to report and whether it is inherited, or None without any access.
fn assignment(direct: Option<ProjectAccess>, inherited: ProjectRole) -> Option<(ProjectAccess, bool)> {
    match direct {
        Some(direct) if rank(projects::role_of(direct.role)) >= rank(inherited) => Some((direct, false)),
        _ if inherited != ProjectRole::Unspecified => Some((ProjectAccess { role: inherited as i32 }, true)),
        _ => None,
    }
}
