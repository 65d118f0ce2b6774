//! Namespace assignments: every user, service account or user group with access to one namespace,
//! in ascending id order. Each principal appears once with its effective (strongest) permission;
//! `inherited_access` is false when a direct namespace grant gives that permission and true when
//! it comes from elsewhere — "an account or project role" (account owners and admins are namespace
//! admins everywhere) or, for users, a user group they belong to.

use std::collections::BTreeMap;

use tonic::Status;

use crate::emulator::auth::rank_permission;
use crate::emulator::ops::Ctx;
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetServiceAccountNamespaceAssignmentsRequest, GetServiceAccountNamespaceAssignmentsResponse,
    GetUserGroupNamespaceAssignmentsRequest, GetUserGroupNamespaceAssignmentsResponse,
    GetUserNamespaceAssignmentsRequest, GetUserNamespaceAssignmentsResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::{
    Access, NamespaceAccess, ServiceAccountNamespaceAssignment, UserGroupNamespaceAssignment, UserNamespaceAssignment,
};
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;

use super::groups::groups_of;

/// GetUserNamespaceAssignments: direct grants, account roles and group grants.
pub fn get_user_namespace_assignments(
    ctx: &mut Ctx<'_>,
    request: GetUserNamespaceAssignmentsRequest,
) -> Result<GetUserNamespaceAssignmentsResponse, Status> {
    let namespace = request.namespace.as_str();
    check(ctx, namespace)?;
    let state = &*ctx.state;
    let mut users = BTreeMap::new();
    for user in state.users.values() {
        let spec = user.spec.clone().unwrap_or_default();
        let direct = grant(spec.access.as_ref(), namespace);
        let through_groups = groups_of(state, &user.id)
            .into_iter()
            .map(|g| effective(g.spec.as_ref().and_then(|s| s.access.as_ref()), namespace));
        let inherited = through_groups.fold(by_role(spec.access.as_ref()), strongest);
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
    check(ctx, namespace)?;
    let mut accounts = BTreeMap::new();
    for account in ctx.state.service_accounts.values() {
        let spec = account.spec.clone().unwrap_or_default();
        let scoped = spec
            .namespace_scoped_access
            .as_ref()
            .filter(|s| s.namespace == namespace)
            .and_then(|s| s.access.clone());
        let direct = scoped.or_else(|| grant(spec.access.as_ref(), namespace));
        if let Some((namespace_access, inherited_access)) = assignment(direct, by_role(spec.access.as_ref())) {
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
    check(ctx, namespace)?;
    let mut groups = BTreeMap::new();
    for group in ctx.state.groups.values() {
        let spec = group.spec.clone().unwrap_or_default();
        let direct = grant(spec.access.as_ref(), namespace);
        if let Some((namespace_access, inherited_access)) = assignment(direct, by_role(spec.access.as_ref())) {
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

/// The caller may read `namespace` (any account role, or a permission on it) and it exists.
fn check(ctx: &Ctx<'_>, namespace: &str) -> Result<(), Status> {
    validate::required("namespace", namespace)?;
    if ctx.caller.role == Role::Unspecified {
        ctx.caller.require_namespace(namespace, Permission::Read)?;
    }
    validate::require::<Namespace>(ctx.state, namespace)?;
    Ok(())
}

/// The direct grant on `namespace` in `access`, if it gives any permission.
fn grant(access: Option<&Access>, namespace: &str) -> Option<NamespaceAccess> {
    access?
        .namespace_accesses
        .get(namespace)
        .filter(|a| a.permission != Permission::Unspecified as i32)
        .cloned()
}

/// What an account role gives on every namespace: admin for account owners and admins.
fn by_role(access: Option<&Access>) -> Permission {
    let role = access
        .and_then(|a| a.account_access.as_ref())
        .and_then(|a| Role::try_from(a.role).ok());
    match role {
        Some(Role::Owner | Role::Admin) => Permission::Admin,
        _ => Permission::Unspecified,
    }
}

/// The strongest permission `access` gives on `namespace`, directly or by its account role.
fn effective(access: Option<&Access>, namespace: &str) -> Permission {
    let direct = grant(access, namespace).map_or(Permission::Unspecified, |g| permission(&g));
    strongest(direct, by_role(access))
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
