//! The scope of a service account and the rules of its spec. A service account is exactly one of
//! account-scoped (`access`), project-scoped (`project_scoped_access`: one project, a role on it
//! and grants on namespaces of that project) or namespace-scoped (`namespace_scoped_access`: one
//! namespace) — "one of `Access`, `ProjectScopedAccess`, or `NamespaceScopedAccess` must be
//! provided" — and keeps its scope, and its project or namespace ("immutable"), for life. Who may
//! manage one follows its scope.

use tonic::Status;

use crate::emulator::auth::Caller;
use crate::emulator::state::State;
use crate::emulator::{projects, validate};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::identity::v1::{
    NamespaceAccess, NamespaceScopedAccess, ProjectScopedAccess, ServiceAccountSpec,
};

/// What a service account is limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope<'a> {
    /// The whole account (`spec.access`).
    Account,
    /// One project, by id.
    Project(&'a str),
    /// One namespace, by name.
    Namespace(&'a str),
}

impl Scope<'_> {
    /// "account", "project" or "namespace".
    fn name(&self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Project(_) => "project",
            Scope::Namespace(_) => "namespace",
        }
    }

    /// The spec field that sets this scope.
    fn field(&self) -> &'static str {
        match self {
            Scope::Account => "spec.access",
            Scope::Project(_) => "spec.project_scoped_access",
            Scope::Namespace(_) => "spec.namespace_scoped_access",
        }
    }
}

/// The scope `spec` asks for (the narrowest one it sets; `check_spec` refuses a spec that sets
/// more than one).
pub(crate) fn scope_of(spec: &ServiceAccountSpec) -> Scope<'_> {
    match (&spec.namespace_scoped_access, &spec.project_scoped_access) {
        (Some(scoped), _) => Scope::Namespace(&scoped.namespace),
        (None, Some(scoped)) => Scope::Project(&scoped.project_id),
        (None, None) => Scope::Account,
    }
}

/// Who may manage a service account: the admins of its namespace if it is namespace-scoped
/// ("Namespace Admins can manage and create Namespace-scoped Service Accounts"), the admins of its
/// project if it is project-scoped, and account owners and admins always.
pub(crate) fn authorize(caller: &Caller, scope: Scope<'_>) -> Result<(), Status> {
    match scope {
        Scope::Namespace(namespace) if caller.require_admin().is_err() => {
            caller.require_namespace(namespace, Permission::Admin)
        }
        Scope::Project(project) => caller.require_project_admin(project),
        Scope::Namespace(_) | Scope::Account => caller.require_admin(),
    }
}

/// Name required and unique; exactly one scope; on update (`before` = the id and the stored spec)
/// the scope and its project or namespace stay as they were; then the rules of the scope.
pub(super) fn check_spec(
    state: &State,
    spec: &ServiceAccountSpec,
    before: Option<(&str, &ServiceAccountSpec)>,
) -> Result<(), Status> {
    validate::required("spec.name", &spec.name)?;
    let taken = state.service_accounts.values().any(|a| {
        Some(a.id.as_str()) != before.map(|(id, _)| id) && a.spec.as_ref().is_some_and(|s| s.name == spec.name)
    });
    if taken {
        return Err(Status::already_exists(format!(
            "a service account named {:?} already exists",
            spec.name
        )));
    }
    let set: Vec<&str> = [
        ("spec.access", spec.access.is_some()),
        ("spec.project_scoped_access", spec.project_scoped_access.is_some()),
        ("spec.namespace_scoped_access", spec.namespace_scoped_access.is_some()),
    ]
    .into_iter()
    .filter_map(|(field, is_set)| is_set.then_some(field))
    .collect();
    match set.as_slice() {
        [] => {
            return Err(validate::invalid(
                "spec.access",
                "one of spec.access, spec.project_scoped_access or spec.namespace_scoped_access is required",
            ));
        }
        [_] => {}
        [first @ .., last] => {
            let problem = format!(
                "cannot be set together with {}: a service account is account-scoped, project-scoped or \
                 namespace-scoped, never more than one",
                first.join(" and ")
            );
            return Err(validate::invalid(last, problem));
        }
    }
    let scope = scope_of(spec);
    if let Some((_, before)) = before {
        check_scope_kept(scope_of(before), scope)?;
    }
    match (&spec.access, &spec.project_scoped_access, &spec.namespace_scoped_access) {
        (Some(access), None, None) => validate::access(state, "spec.access", access),
        (None, Some(scoped), None) => check_project_scoped(state, scoped),
        (None, None, Some(scoped)) => check_namespace_scoped(state, scoped),
        _ => Ok(()), // exactly one is set (checked above)
    }
}

/// A service account keeps its scope, and the project or namespace it is scoped to.
fn check_scope_kept(old: Scope<'_>, new: Scope<'_>) -> Result<(), Status> {
    match (old, new) {
        (Scope::Account, Scope::Account) => Ok(()),
        (Scope::Project(old), Scope::Project(new)) if old != new => Err(validate::invalid(
            "spec.project_scoped_access.project_id",
            format!("is immutable (it is {old:?})"),
        )),
        (Scope::Namespace(old), Scope::Namespace(new)) if old != new => Err(validate::invalid(
            "spec.namespace_scoped_access.namespace",
            format!("is immutable (it is {old:?})"),
        )),
        (Scope::Project(_), Scope::Project(_)) | (Scope::Namespace(_), Scope::Namespace(_)) => Ok(()),
        (old, Scope::Account) => Err(validate::invalid(
            old.field(),
            format!(
                "is required: a {}-scoped service account cannot become account-scoped",
                old.name()
            ),
        )),
        (old, new) => Err(validate::invalid(
            new.field(),
            format!(
                "cannot be set: a {}-scoped service account cannot become {}-scoped",
                old.name(),
                new.name()
            ),
        )),
    }
}

/// An existing namespace and a permission on it.
fn check_namespace_scoped(state: &State, scoped: &NamespaceScopedAccess) -> Result<(), Status> {
    let field = "spec.namespace_scoped_access.namespace";
    validate::required(field, &scoped.namespace)?;
    if !state.namespaces.contains_key(&scoped.namespace) {
        return Err(validate::invalid(
            field,
            format!("namespace {:?} does not exist", scoped.namespace),
        ));
    }
    let access = scoped.access.clone().unwrap_or_default();
    let field = "spec.namespace_scoped_access.access.permission";
    if permission(field, &access)? == Permission::Unspecified {
        return Err(validate::invalid(field, "is required (ADMIN, WRITE or READ)"));
    }
    Ok(())
}

/// An existing project, an assignable role on it, and permissions on namespaces of that project
/// only.
fn check_project_scoped(state: &State, scoped: &ProjectScopedAccess) -> Result<(), Status> {
    let field = "spec.project_scoped_access.project_id";
    validate::required(field, &scoped.project_id)?;
    if !state.projects.contains_key(&scoped.project_id) {
        return Err(validate::invalid(
            field,
            format!("project {:?} does not exist", scoped.project_id),
        ));
    }
    let field = "spec.project_scoped_access.access.role";
    let role = scoped.access.map_or(0, |a| a.role);
    if validate::project_role(field, role)? == ProjectRole::Unspecified {
        return Err(validate::invalid(
            field,
            "is required (a project role other than PROJECT_ROLE_DEVELOPER)",
        ));
    }
    let field = "spec.project_scoped_access.namespace_accesses";
    let mut grants: Vec<(&String, &NamespaceAccess)> = scoped.namespace_accesses.iter().collect();
    grants.sort_by_key(|(namespace, _)| *namespace);
    for (namespace, access) in grants {
        match projects::of_namespace(state, namespace) {
            None => {
                return Err(validate::invalid(
                    field,
                    format!("namespace {namespace:?} does not exist"),
                ));
            }
            Some(project) if project != scoped.project_id => {
                return Err(validate::invalid(
                    field,
                    format!(
                        "namespace {namespace:?} belongs to project {project:?}, not to project {:?}",
                        scoped.project_id
                    ),
                ));
            }
            Some(_) => {}
        }
        if permission(field, access)? == Permission::Unspecified {
            return Err(validate::invalid(
                field,
                format!("namespace {namespace:?}: a permission is required (ADMIN, WRITE or READ)"),
            ));
        }
    }
    Ok(())
}

/// A namespace permission that is one of the enum's values.
pub(super) fn permission(field: &str, access: &NamespaceAccess) -> Result<Permission, Status> {
    Permission::try_from(access.permission)
        .map_err(|_| validate::invalid(field, format!("unknown permission {}", access.permission)))
}
