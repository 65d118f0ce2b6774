//! Who is calling and what they may do: the `temporal-cloud-api-version` check, bearer API-key
//! authentication (keys minted by CreateApiKey work; disabled, expired or deleted keys do not), and
//! the account role, project roles and namespace permissions of the caller (direct, through user
//! groups, and for a project-scoped service account its project). A project role also gives a
//! permission on every namespace of its project (`projects::namespace_permission`), merged into the
//! caller's namespace permissions when it authenticates.

use std::collections::BTreeMap;

use tonic::Status;
use tonic::metadata::MetadataMap;

use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::identity::v1::{Access, OwnerType};
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::projects;
use super::state::State;

/// The authenticated principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// A user, by id.
    User(String),
    /// A service account, by id.
    ServiceAccount(String),
}

/// The caller of one RPC.
#[derive(Clone, Debug)]
pub struct Caller {
    /// Who.
    pub principal: Principal,
    /// Display name (email or service-account name) for audit logs.
    pub name: String,
    /// The API key used.
    pub api_key_id: String,
    /// Account role.
    pub role: Role,
    /// Effective namespace permissions (direct, via groups and via project roles; the strongest
    /// wins).
    pub namespaces: BTreeMap<String, Permission>,
    /// Project roles granted by project id (direct, via groups, or the project a service account is
    /// scoped to; the strongest wins). Account roles add to these: see [`Caller::require_project_admin`].
    pub projects: BTreeMap<String, ProjectRole>,
}

/// Checks the version header: required, and one of the released versions up to the compiled one.
pub fn check_version(metadata: &MetadataMap) -> Result<(), Status> {
    let value = metadata
        .get("temporal-cloud-api-version")
        .ok_or_else(|| Status::invalid_argument("temporal-cloud-api-version header is required"))?;
    let supported = parse_version(crate::pb::API_VERSION).expect("compiled version parses");
    match value.to_str().ok().and_then(parse_version) {
        Some(v) if v >= (0, 1, 0) && v <= supported => Ok(()),
        _ => Err(Status::invalid_argument("API version specified is invalid")),
    }
}

fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.strip_prefix('v')?.split('.').map(|p| p.parse::<u32>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

/// Resolves the bearer token to its owner.
pub fn authenticate(state: &State, metadata: &MetadataMap, now: &Timestamp) -> Result<Caller, Status> {
    let unauthenticated = || Status::unauthenticated("invalid or missing API key");
    let token = metadata
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or_else(unauthenticated)?;
    let key_id = state.tokens.get(token).ok_or_else(unauthenticated)?;
    let key = state.api_keys.get(key_id).ok_or_else(unauthenticated)?;
    let spec = key.spec.as_ref().ok_or_else(unauthenticated)?;
    let usable = matches!(
        ResourceState::try_from(key.state),
        Ok(ResourceState::Active | ResourceState::Activating | ResourceState::Updating)
    );
    let expired = spec.expiry_time.is_some_and(|t| t <= *now);
    if !usable || spec.disabled || expired {
        return Err(unauthenticated());
    }
    let (principal, name, access) = match OwnerType::try_from(spec.owner_type) {
        Ok(OwnerType::ServiceAccount) => {
            let sa = state.service_accounts.get(&spec.owner_id).ok_or_else(unauthenticated)?;
            let spec = sa.spec.clone().unwrap_or_default();
            let mut access = spec.access.unwrap_or_default();
            if let Some(scoped) = spec.namespace_scoped_access {
                access
                    .namespace_accesses
                    .insert(scoped.namespace, scoped.access.unwrap_or_default());
            }
            if let Some(scoped) = spec.project_scoped_access {
                access.namespace_accesses.extend(scoped.namespace_accesses);
                access
                    .project_accesses
                    .insert(scoped.project_id, scoped.access.unwrap_or_default());
            }
            (Principal::ServiceAccount(sa.id.clone()), spec.name, access)
        }
        _ => {
            let user = state.users.get(&spec.owner_id).ok_or_else(unauthenticated)?;
            let spec = user.spec.clone().unwrap_or_default();
            (
                Principal::User(user.id.clone()),
                spec.email,
                spec.access.unwrap_or_default(),
            )
        }
    };
    if matches!(principal_state(state, &principal), Some(ResourceState::Deleting) | None) {
        return Err(unauthenticated());
    }
    let mut caller = Caller {
        principal,
        name,
        api_key_id: key_id.clone(),
        role: access
            .account_access
            .as_ref()
            .and_then(|a| Role::try_from(a.role).ok())
            .unwrap_or(Role::Unspecified),
        namespaces: BTreeMap::new(),
        projects: BTreeMap::new(),
    };
    merge_access(&mut caller, &access);
    if let Principal::User(user_id) = &caller.principal {
        let groups: Vec<Access> = state
            .group_members
            .iter()
            .filter(|(_, members)| members.contains_key(user_id))
            .filter_map(|(group_id, _)| state.groups.get(group_id)?.spec.as_ref()?.access.clone())
            .collect();
        groups.iter().for_each(|a| merge_access(&mut caller, a));
    }
    merge_project_namespaces(&mut caller, state);
    Ok(caller)
}

/// Adds what the caller's project roles give on the namespaces of those projects.
fn merge_project_namespaces(caller: &mut Caller, state: &State) {
    for (name, ns) in &state.namespaces {
        let role = caller.project_grant(projects::effective(&ns.project_id));
        let granted = projects::namespace_permission(role);
        if granted != Permission::Unspecified {
            merge_permission(caller, name, granted);
        }
    }
}

/// Raises the caller's permission on `namespace` to `granted` if that is stronger (recording the
/// namespace as one the caller has a grant on either way).
fn merge_permission(caller: &mut Caller, namespace: &str, granted: Permission) {
    let entry = caller
        .namespaces
        .entry(namespace.to_string())
        .or_insert(Permission::Unspecified);
    if rank_permission(granted) > rank_permission(*entry) {
        *entry = granted;
    }
}

fn principal_state(state: &State, principal: &Principal) -> Option<ResourceState> {
    let raw = match principal {
        Principal::User(id) => state.users.get(id)?.state,
        Principal::ServiceAccount(id) => state.service_accounts.get(id)?.state,
    };
    Some(ResourceState::try_from(raw).unwrap_or(ResourceState::Unspecified))
}

/// Adds `access` to the caller's rights, keeping the strongest role and permissions.
fn merge_access(caller: &mut Caller, access: &Access) {
    if let Some(role) = access.account_access.as_ref().and_then(|a| Role::try_from(a.role).ok())
        && rank_role(role) > rank_role(caller.role)
    {
        caller.role = role;
    }
    for (namespace, granted) in &access.namespace_accesses {
        let granted = Permission::try_from(granted.permission).unwrap_or(Permission::Unspecified);
        merge_permission(caller, namespace, granted);
    }
    for (project, granted) in &access.project_accesses {
        let granted = projects::role_of(granted.role);
        if granted == ProjectRole::Unspecified {
            continue;
        }
        let entry = caller.projects.entry(project.clone()).or_insert(granted);
        *entry = projects::strongest(*entry, granted);
    }
}

/// Strength of an account role (higher is more).
fn rank_role(role: Role) -> u8 {
    match role {
        Role::Unspecified => 0,
        Role::MetricsRead => 1,
        Role::Read => 2,
        Role::FinanceAdmin => 3,
        Role::Developer => 4,
        Role::Admin => 5,
        Role::Owner => 6,
    }
}

/// Strength of a namespace permission (higher is more; the enum numbers run the other way).
pub fn rank_permission(permission: Permission) -> u8 {
    match permission {
        Permission::Unspecified => 0,
        Permission::Read => 1,
        Permission::Write => 2,
        Permission::Admin => 3,
    }
}

impl Caller {
    fn denied(&self, what: &str) -> Status {
        Status::permission_denied(format!(
            "{what} requires a role the caller does not have (role {:?})",
            self.role
        ))
    }

    /// Reading account-wide resources: any account role, or any namespace or project grant.
    pub fn require_read(&self) -> Result<(), Status> {
        if self.role == Role::Unspecified && self.namespaces.is_empty() && self.projects.is_empty() {
            return Err(self.denied("reading account resources"));
        }
        Ok(())
    }

    /// Managing users, groups, service accounts, roles, sinks and the account: owner or admin.
    pub fn require_admin(&self) -> Result<(), Status> {
        match self.role {
            Role::Owner | Role::Admin => Ok(()),
            _ => Err(self.denied("this change")),
        }
    }

    /// Usage and billing: owner or finance admin.
    pub fn require_finance(&self) -> Result<(), Status> {
        match self.role {
            Role::Owner | Role::FinanceAdmin => Ok(()),
            _ => Err(self.denied("usage and billing")),
        }
    }

    /// The caller's permission on `namespace` (account owners and admins have admin everywhere).
    pub fn namespace_permission(&self, namespace: &str) -> Permission {
        match self.role {
            Role::Owner | Role::Admin => Permission::Admin,
            _ => self
                .namespaces
                .get(namespace)
                .copied()
                .unwrap_or(Permission::Unspecified),
        }
    }

    /// Whether the caller may see `namespace`: any account role sees every namespace; an identity
    /// with only namespace grants sees those namespaces.
    pub fn sees_namespace(&self, namespace: &str) -> bool {
        self.role != Role::Unspecified || self.namespaces.contains_key(namespace)
    }

    /// At least `needed` on `namespace`.
    pub fn require_namespace(&self, namespace: &str, needed: Permission) -> Result<(), Status> {
        if rank_permission(self.namespace_permission(namespace)) >= rank_permission(needed) {
            return Ok(());
        }
        Err(Status::permission_denied(format!(
            "namespace {namespace}: requires {} permission",
            needed.as_str_name()
        )))
    }

    /// The project role granted to the caller on `project` (not counting account roles).
    pub fn project_grant(&self, project: &str) -> ProjectRole {
        self.projects.get(project).copied().unwrap_or(ProjectRole::Unspecified)
    }

    /// Whether the caller may see project `project`: any account role sees every project; an
    /// identity with only project or namespace grants sees the projects it has a role on.
    pub fn sees_project(&self, project: &str) -> bool {
        self.role != Role::Unspecified || self.projects.contains_key(project)
    }

    /// Reading project `project` and what it holds: [`Caller::sees_project`].
    pub fn require_project_read(&self, project: &str) -> Result<(), Status> {
        if self.sees_project(project) {
            return Ok(());
        }
        Err(Status::permission_denied(format!(
            "project {project}: requires a role on the project or an account role"
        )))
    }

    /// Managing project `project` (its spec, its membership, its project-scoped service accounts
    /// and connectivity rules): account owners and admins, and the project's admins.
    pub fn require_project_admin(&self, project: &str) -> Result<(), Status> {
        if matches!(self.role, Role::Owner | Role::Admin) || self.project_grant(project) == ProjectRole::Admin {
            return Ok(());
        }
        Err(Status::permission_denied(format!(
            "project {project}: requires PROJECT_ROLE_ADMIN on the project or an account owner or admin role"
        )))
    }

    /// Creating namespaces and managing Nexus endpoints in project `project`: account owners, admins
    /// and developers (developers hold PROJECT_ROLE_DEVELOPER on every project), and the project's
    /// admins.
    pub fn require_project_developer(&self, project: &str) -> Result<(), Status> {
        let granted = self.project_grant(project);
        if matches!(self.role, Role::Owner | Role::Admin | Role::Developer)
            || matches!(granted, ProjectRole::Admin | ProjectRole::Developer)
        {
            return Ok(());
        }
        Err(Status::permission_denied(format!(
            "project {project}: requires PROJECT_ROLE_ADMIN on the project or an account developer, admin or owner role"
        )))
    }

    /// Whether the caller is this user or service account.
    pub fn is(&self, owner_id: &str) -> bool {
        match &self.principal {
            Principal::User(id) | Principal::ServiceAccount(id) => id == owner_id,
        }
    }

    /// The caller's user or service-account id.
    pub fn id(&self) -> &str {
        match &self.principal {
            Principal::User(id) | Principal::ServiceAccount(id) => id,
        }
    }
}
