//! Namespace assignments: every user, service account or user group with access to one namespace,
//! in ascending id order. Each principal appears once with its effective (strongest) permission;
//! `inherited_access` is false when a direct namespace grant gives that permission and true when
//! it comes from elsewhere — "an account or project role" (account owners and admins are namespace
//! admins everywhere; a role on the namespace's project gives `projects::namespace_permission`) or,
//! for users, a user group they belong to. A scoped service account's grants on its namespace, or
//! on namespaces of its project, count as direct.

use std::collections::BTreeMap;

use tonic::Status;

use crate::emulator::auth::rank_permission;
use crate::emulator::ops::Ctx;
use crate::emulator::{page, projects, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetServiceAccountNamespaceAssignmentsRequest, GetServiceAccountNamespaceAssignmentsResponse,
    GetUserGroupNamespaceAssignmentsRequest, GetUserGroupNamespaceAssignmentsResponse,
    GetUserNamespaceAssignmentsRequest, GetUserNamespaceAssignmentsResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::identity::v1::{
    Access, NamespaceAccess, ServiceAccountNamespaceAssignment, ServiceAccountSpec, UserGroupNamespaceAssignment,
    UserNamespaceAssignment,
};
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;

use super::groups::groups_of;

/// GetUserNamespaceAssignments: direct grants, account roles and group grants.
pub fn get_user_namespace_assignments(
    ctx: &mut Ctx<'_>,
    request: GetUserNamespaceAssignmentsRequest,
) -> Result<GetUserNamespaceAssignmentsResponse, Status> {
    let namespace = request.namespace.as_str();
    let project = check(ctx, namespace)?;
    let state = &*ctx.state;
    let mut users = BTreeMap::new();
    for user in state.users.values() {
        let spec = user.spec.clone().unwrap_or_default();
        let direct = grant(spec.access.as_ref(), namespace);
        let through_groups = groups_of(state, &user.id).into_iter().map(|g| {
            let access = g.spec.as_ref().and_then(|s| s.access.as_ref());
            strongest(
                grant(access, namespace).map_or(Permission::Unspecified, |g| permission(&g)),
                by_roles(access, &project),
            )
        });
        let inherited = through_groups.fold(by_roles(spec.access.as_ref(), &project), strongest);
        if let Some((namespace_access, inherited_access)) = assignment(direct, inherited) {
            let assignment = UserNamespaceAssignment {
                id: user.id.clone(),
                email: spec.email,
                namespace_access: Some(namespace_access),
                inherited_access,
                resource_version: user.resource_version.clone(),
            };
            users.insert(user.id.clone(), assignment);
        }
    }
    let (users, next_page_token) = page::page(&users, request.page_size, &request.page_token)?;
    Ok(GetUserNamespaceAssignmentsResponse { users, next_page_token })
}

/// GetServiceAccountNamespaceAssignments: direct grants (account- or namespace-scoped) and account
/// roles.
pub fn get_service_account_namespace_assignments(
    ctx: &mut Ctx<'_>,
    request: GetServiceAccountNamespaceAssignmentsRequest,
) -> Result<GetServiceAccountNamespaceAssignmentsResponse, Status> {
    let namespace = request.namespace.as_str();
    let project = check(ctx, namespace)?;
    let mut accounts = BTreeMap::new();
    for account in ctx.state.service_accounts.values() {
        let spec = account.spec.clone().unwrap_or_default();
        let access = service_account_access(&spec);
        let direct = grant(Some(&access), namespace);
        if let Some((namespace_access, inherited_access)) = assignment(direct, by_roles(Some(&access), &project)) {
            let assignment = ServiceAccountNamespaceAssignment {
                id: account.id.clone(),
                name: spec.name,
                namespace_access: Some(namespace_access),
                inherited_access,
                resource_version: account.resource_version.clone(),
            };
            accounts.insert(account.id.clone(), assignment);
        }
    }
    let (service_accounts, next_page_token) = page::page(&accounts, request.page_size, &request.page_token)?;
    Ok(GetServiceAccountNamespaceAssignmentsResponse {
        service_accounts,
        next_page_token,
    })
}

/// GetUserGroupNamespaceAssignments: direct grants and account roles of the groups.
pub fn get_user_group_namespace_assignments(
    ctx: &mut Ctx<'_>,
    request: GetUserGroupNamespaceAssignmentsRequest,
) -> Result<GetUserGroupNamespaceAssignmentsResponse, Status> {
    let namespace = request.namespace.as_str();
    let project = check(ctx, namespace)?;
    let mut groups = BTreeMap::new();
    for group in ctx.state.groups.values() {
        let spec = group.spec.clone().unwrap_or_default();
        let direct = grant(spec.access.as_ref(), namespace);
        if let Some((namespace_access, inherited_access)) = assignment(direct, by_roles(spec.access.as_ref(), &project))
        {
            let assignment = UserGroupNamespaceAssignment {
                id: group.id.clone(),
                display_name: spec.display_name,
                namespace_access: Some(namespace_access),
                inherited_access,
                resource_version: group.resource_version.clone(),
            };
            groups.insert(group.id.clone(), assignment);
        }
    }
    let (groups, next_page_token) = page::page(&groups, request.page_size, &request.page_token)?;
    Ok(GetUserGroupNamespaceAssignmentsResponse {
        groups,
        next_page_token,
    })
}

/// The caller may read `namespace` (any account role, or a permission on it) and it exists;
/// returns its project.
fn check(ctx: &Ctx<'_>, namespace: &str) -> Result<String, Status> {
    validate::required("namespace", namespace)?;
    if ctx.caller.role == Role::Unspecified {
        ctx.caller.require_namespace(namespace, Permission::Read)?;
    }
    let ns = validate::require::<Namespace>(ctx.state, namespace)?;
    Ok(projects::effective(&ns.project_id).to_string())
}

/// A service account's grants as one `Access`: its account access, or what its scope gives (the
/// namespace it is scoped to; the role on the project it is scoped to and its namespace grants).
fn service_account_access(spec: &ServiceAccountSpec) -> Access {
    let mut access = spec.access.clone().unwrap_or_default();
    if let Some(scoped) = &spec.namespace_scoped_access {
        let grant = scoped.access.clone().unwrap_or_default();
        access.namespace_accesses.insert(scoped.namespace.clone(), grant);
    }
    if let Some(scoped) = &spec.project_scoped_access {
        access.namespace_accesses.extend(scoped.namespace_accesses.clone());
        let role = scoped.access.unwrap_or_default();
        access.project_accesses.insert(scoped.project_id.clone(), role);
    }
    access
}

/// The direct grant on `namespace` in `access`, if it gives any permission.
fn grant(access: Option<&Access>, namespace: &str) -> Option<NamespaceAccess> {
    access?
        .namespace_accesses
        .get(namespace)
        .filter(|a| a.permission != Permission::Unspecified as i32)
        .cloned()
}

/// What the roles in `access` give on every namespace of `project`: admin for account owners and
/// admins, and what its role on the project gives.
fn by_roles(access: Option<&Access>, project: &str) -> Permission {
    let role = access
        .and_then(|a| a.account_access.as_ref())
        .and_then(|a| Role::try_from(a.role).ok());
    let by_account = match role {
        Some(Role::Owner | Role::Admin) => Permission::Admin,
        _ => Permission::Unspecified,
    };
    let project_role = access
        .and_then(|a| a.project_accesses.get(project))
        .map_or(ProjectRole::Unspecified, |p| projects::role_of(p.role));
    strongest(by_account, projects::namespace_permission(project_role))
}

fn permission(access: &NamespaceAccess) -> Permission {
    Permission::try_from(access.permission).unwrap_or(Permission::Unspecified)
}

fn strongest(a: Permission, b: Permission) -> Permission {
    if rank_permission(b) > rank_permission(a) { b } else { a }
}

/// The access to report and whether it is inherited, or None without any access.
fn assignment(direct: Option<NamespaceAccess>, inherited: Permission) -> Option<(NamespaceAccess, bool)> {
    match direct {
        Some(direct) if rank_permission(permission(&direct)) >= rank_permission(inherited) => Some((direct, false)),
        _ if inherited != Permission::Unspecified => Some((
            NamespaceAccess {
                permission: inherited as i32,
                ..Default::default()
            },
            true,
        )),
        _ => None,
    }
}
