//! The emulator's whole state: every resource family in key-sorted maps (stable pagination order),
//! the async operations, the API-key tokens and the audit log. Serializable as JSON (pbjson serde
//! on the proto types) for `--state-file`. Also what the lifecycle machinery needs of a resource
//! ([`Lifecycle`]), where each family is kept and what it is called ([`Resource`]: the one lookup
//! by id), and what a delete leaves behind ([`State::remove`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pb::temporal::api::cloud::account::v1::{Account, AuditLogSink};
use crate::pb::temporal::api::cloud::auditlog::v1::LogRecord;
use crate::pb::temporal::api::cloud::billing::v1::BillingReport;
use crate::pb::temporal::api::cloud::connectivityrule::v1::ConnectivityRule;
use crate::pb::temporal::api::cloud::identity::v1::{
    Access, ApiKey, CustomRole, ServiceAccount, User, UserGroup, UserGroupMember,
};
use crate::pb::temporal::api::cloud::namespace::v1::{ExportSink, Namespace};
use crate::pb::temporal::api::cloud::nexus::v1::Endpoint;
use crate::pb::temporal::api::cloud::project::v1::Project;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;

use super::operation::{Operation, ResourceKind};

/// Every resource and record of one emulated account.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The account itself.
    pub account: Account,
    /// Users by id.
    pub users: BTreeMap<String, User>,
    /// Service accounts by id.
    pub service_accounts: BTreeMap<String, ServiceAccount>,
    /// API keys by id.
    pub api_keys: BTreeMap<String, ApiKey>,
    /// API key id by token (the secret that authenticates).
    pub tokens: BTreeMap<String, String>,
    /// User groups by id.
    pub groups: BTreeMap<String, UserGroup>,
    /// Members by group id, then user id.
    pub group_members: BTreeMap<String, BTreeMap<String, UserGroupMember>>,
    /// Custom roles by id.
    pub custom_roles: BTreeMap<String, CustomRole>,
    /// Projects by id (the default project among them; absent from state files older than
    /// projects, and added at start-up: see `projects::ensure_default`).
    pub projects: BTreeMap<String, Project>,
    /// Namespaces by name (`<name>.<account>`).
    pub namespaces: BTreeMap<String, Namespace>,
    /// Export sinks by `<namespace>/<sink name>`.
    pub export_sinks: BTreeMap<String, ExportSink>,
    /// Nexus endpoints by id.
    pub nexus_endpoints: BTreeMap<String, Endpoint>,
    /// Connectivity rules by id.
    pub connectivity_rules: BTreeMap<String, ConnectivityRule>,
    /// Account audit-log sinks by name.
    pub audit_log_sinks: BTreeMap<String, AuditLogSink>,
    /// Billing reports by id.
    pub billing_reports: BTreeMap<String, BillingReport>,
    /// Async operations by id.
    pub operations: BTreeMap<String, Operation>,
    /// Audit log records by a key sorted by emit time.
    pub audit_logs: BTreeMap<String, LogRecord>,
    /// Source of resource versions and other sequence numbers.
    pub sequence: u64,
}

/// What the lifecycle machinery needs of a resource.
pub trait Lifecycle {
    /// Current state.
    fn state(&self) -> ResourceState;
    /// Sets the state.
    fn set_state(&mut self, state: ResourceState);
    /// Current resource version.
    fn resource_version(&self) -> &str;
    /// Sets the resource version.
    fn set_resource_version(&mut self, version: String);
    /// Records the operation that last changed it (where the message has the field).
    fn set_async_operation_id(&mut self, _id: &str) {}
    /// Records the modification time (where the message has the field).
    fn set_last_modified(&mut self, _at: crate::wkt::Timestamp) {}
}

/// A family kept in one of the state's maps. Every lookup by id goes through this ([`State::get`],
/// [`State::get_mut`], and for requests `validate::require`), so a family only says where it is
/// kept and what it is called.
pub trait Resource: Lifecycle + Sized + 'static {
    /// Its kind, as operations name it.
    const KIND: ResourceKind;
    /// What messages call one, as in `user "…" not found`.
    const NAME: &'static str;
    /// The request field that names one, as in `user_id: is required`.
    const ID_FIELD: &'static str;
    /// The map it is kept in.
    fn map(state: &State) -> &BTreeMap<String, Self>;
    /// The map it is kept in, to change.
    fn map_mut(state: &mut State) -> &mut BTreeMap<String, Self>;
}

/// [`Lifecycle`] over the fields the message has: `op` (async_operation_id) and `modified`
/// (last_modified_time) where it has them.
macro_rules! lifecycle {
    ($ty:ty $(, op = $op:ident)? $(, modified = $modified:ident)?) => {
        impl Lifecycle for $ty {
            fn state(&self) -> ResourceState {
                ResourceState::try_from(self.state).unwrap_or(ResourceState::Unspecified)
            }
            fn set_state(&mut self, state: ResourceState) {
                self.state = state as i32;
            }
            fn resource_version(&self) -> &str {
                &self.resource_version
            }
            fn set_resource_version(&mut self, version: String) {
                self.resource_version = version;
            }
            $(fn set_async_operation_id(&mut self, id: &str) {
                self.$op = id.to_string();
            })?
            $(fn set_last_modified(&mut self, at: crate::wkt::Timestamp) {
                self.$modified = Some(at);
            })?
        }
    };
}

lifecycle!(Account, op = async_operation_id);
lifecycle!(User, op = async_operation_id, modified = last_modified_time);
lifecycle!(ServiceAccount, op = async_operation_id, modified = last_modified_time);
lifecycle!(ApiKey, op = async_operation_id, modified = last_modified_time);
lifecycle!(UserGroup, op = async_operation_id, modified = last_modified_time);
lifecycle!(CustomRole, op = async_operation_id, modified = last_modified_time);
lifecycle!(Namespace, op = async_operation_id, modified = last_modified_time);
lifecycle!(ExportSink);
lifecycle!(Endpoint, op = async_operation_id, modified = last_modified_time);
lifecycle!(ConnectivityRule, op = async_operation_id);
lifecycle!(AuditLogSink);
lifecycle!(Project, op = async_operation_id, modified = last_modified_time);

/// `resource!(Type, Kind, map, "name", id_field)`: [`Resource`] for `Type`, of kind `Kind`, kept in
/// `State::map`, called `name` in messages and named by `id_field` in requests.
macro_rules! resource {
    ($ty:ty, $kind:ident, $map:ident, $name:literal, $field:ident) => {
        impl Resource for $ty {
            const KIND: ResourceKind = ResourceKind::$kind;
            const NAME: &'static str = $name;
            const ID_FIELD: &'static str = stringify!($field);
            fn map(state: &State) -> &BTreeMap<String, Self> {
                &state.$map
            }
            fn map_mut(state: &mut State) -> &mut BTreeMap<String, Self> {
                &mut state.$map
            }
        }
    };
}

resource!(User, User, users, "user", user_id);
resource!(
    ServiceAccount,
    ServiceAccount,
    service_accounts,
    "service account",
    service_account_id
);
resource!(ApiKey, ApiKey, api_keys, "API key", key_id);
resource!(UserGroup, UserGroup, groups, "user group", group_id);
resource!(CustomRole, CustomRole, custom_roles, "custom role", role_id);
resource!(Namespace, Namespace, namespaces, "namespace", namespace);
resource!(ExportSink, ExportSink, export_sinks, "export sink", name);
resource!(Endpoint, NexusEndpoint, nexus_endpoints, "nexus endpoint", endpoint_id);
resource!(
    ConnectivityRule,
    ConnectivityRule,
    connectivity_rules,
    "connectivity rule",
    connectivity_rule_id
);
resource!(AuditLogSink, AuditLogSink, audit_log_sinks, "audit log sink", name);
resource!(Project, Project, projects, "project", project_id);

impl State {
    /// A fresh, strictly increasing number.
    pub fn next_sequence(&mut self) -> u64 {
        self.sequence += 1;
        self.sequence
    }

    /// A new resource version (distinct from every earlier one).
    pub fn next_version(&mut self) -> String {
        self.next_sequence().to_string()
    }

    /// The `R` kept under `id`, if there is one.
    pub fn get<R: Resource>(&self, id: &str) -> Option<&R> {
        R::map(self).get(id)
    }

    /// The `R` kept under `id`, to change, if there is one.
    pub fn get_mut<R: Resource>(&mut self, id: &str) -> Option<&mut R> {
        R::map_mut(self).get_mut(id)
    }

    /// The resource `id` of `kind`, if it exists.
    pub fn resource(&mut self, kind: ResourceKind, id: &str) -> Option<&mut dyn Lifecycle> {
        fn found<'s, R: Resource>(state: &'s mut State, id: &str) -> Option<&'s mut dyn Lifecycle> {
            state.get_mut::<R>(id).map(|r| r as &mut dyn Lifecycle)
        }
        match kind {
            ResourceKind::Account => Some(&mut self.account),
            ResourceKind::User => found::<User>(self, id),
            ResourceKind::ServiceAccount => found::<ServiceAccount>(self, id),
            ResourceKind::ApiKey => found::<ApiKey>(self, id),
            ResourceKind::UserGroup => found::<UserGroup>(self, id),
            ResourceKind::CustomRole => found::<CustomRole>(self, id),
            ResourceKind::Namespace => found::<Namespace>(self, id),
            ResourceKind::ExportSink => found::<ExportSink>(self, id),
            ResourceKind::NexusEndpoint => found::<Endpoint>(self, id),
            ResourceKind::ConnectivityRule => found::<ConnectivityRule>(self, id),
            ResourceKind::AuditLogSink => found::<AuditLogSink>(self, id),
            ResourceKind::Project => found::<Project>(self, id),
        }
    }

    /// Every `Access` of users, groups and account-scoped service accounts, to change.
    fn grants_mut(&mut self) -> impl Iterator<Item = &mut Access> {
        let user_grants = self.users.values_mut().filter_map(|u| u.spec.as_mut()?.access.as_mut());
        let group_grants = self
            .groups
            .values_mut()
            .filter_map(|g| g.spec.as_mut()?.access.as_mut());
        let sa_grants = self
            .service_accounts
            .values_mut()
            .filter_map(|s| s.spec.as_mut()?.access.as_mut());
        user_grants.chain(group_grants).chain(sa_grants)
    }

    /// Removes every grant on a deleted namespace from users, groups and service accounts (also
    /// the namespace grants of project-scoped service accounts).
    fn revoke_namespace_access(&mut self, namespace: &str) {
        for access in self.grants_mut() {
            access.namespace_accesses.remove(namespace);
        }
        let scoped = self
            .service_accounts
            .values_mut()
            .filter_map(|s| s.spec.as_mut()?.project_scoped_access.as_mut());
        for scoped in scoped {
            scoped.namespace_accesses.remove(namespace);
        }
    }

    /// Removes every grant on a deleted project from users, groups and service accounts.
    fn revoke_project_access(&mut self, project: &str) {
        for access in self.grants_mut() {
            access.project_accesses.remove(project);
        }
    }

    /// Removes the API keys owned by `owner_id`, and their tokens.
    fn remove_keys_of(&mut self, owner_id: &str) {
        let owned: Vec<String> = self
            .api_keys
            .iter()
            .filter(|(_, key)| key.spec.as_ref().is_some_and(|s| s.owner_id == owner_id))
            .map(|(id, _)| id.clone())
            .collect();
        for key_id in owned {
            self.api_keys.remove(&key_id);
            self.tokens.retain(|_, key| *key != key_id);
        }
    }

    /// Removes a deleted resource and what hangs off it.
    pub fn remove(&mut self, kind: ResourceKind, id: &str) {
        match kind {
            ResourceKind::Account => {}
            ResourceKind::User => {
                self.users.remove(id);
                self.group_members.values_mut().for_each(|members| {
                    members.remove(id);
                });
                self.remove_keys_of(id);
            }
            ResourceKind::ServiceAccount => {
                self.service_accounts.remove(id);
                self.remove_keys_of(id);
            }
            ResourceKind::ApiKey => {
                self.api_keys.remove(id);
                self.tokens.retain(|_, key| key != id);
            }
            ResourceKind::UserGroup => {
                self.groups.remove(id);
                self.group_members.remove(id);
            }
            ResourceKind::CustomRole => {
                self.custom_roles.remove(id);
            }
            ResourceKind::Namespace => {
                self.namespaces.remove(id);
                let prefix = format!("{id}/");
                self.export_sinks.retain(|key, _| !key.starts_with(&prefix));
                self.revoke_namespace_access(id);
            }
            ResourceKind::ExportSink => {
                self.export_sinks.remove(id);
            }
            ResourceKind::NexusEndpoint => {
                self.nexus_endpoints.remove(id);
            }
            ResourceKind::ConnectivityRule => {
                self.connectivity_rules.remove(id);
            }
            ResourceKind::AuditLogSink => {
                self.audit_log_sinks.remove(id);
            }
            ResourceKind::Project => {
                self.projects.remove(id);
                self.revoke_project_access(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resource inserted in `field` is what [`State::get`] and [`State::resource`] (by its kind) find.
    fn reaches<R: Resource + Default>(field: fn(&State) -> usize) {
        let mut state = State::default();
        R::map_mut(&mut state).insert("x".into(), R::default());
        assert_eq!(field(&state), 1, "{:?} is kept in its own field", R::KIND);
        let found = state.resource(R::KIND, "x").expect("found by its kind");
        found.set_resource_version("v1".into());
        assert_eq!(
            state.get::<R>("x").map(R::resource_version),
            Some("v1"),
            "{:?}",
            R::KIND
        );
        assert!(state.resource(R::KIND, "y").is_none(), "{:?}", R::KIND);
    }

    #[test]
    fn every_kind_is_found_in_its_own_map() {
        reaches::<User>(|s| s.users.len());
        reaches::<ServiceAccount>(|s| s.service_accounts.len());
        reaches::<ApiKey>(|s| s.api_keys.len());
        reaches::<UserGroup>(|s| s.groups.len());
        reaches::<CustomRole>(|s| s.custom_roles.len());
        reaches::<Namespace>(|s| s.namespaces.len());
        reaches::<ExportSink>(|s| s.export_sinks.len());
        reaches::<Endpoint>(|s| s.nexus_endpoints.len());
        reaches::<ConnectivityRule>(|s| s.connectivity_rules.len());
        reaches::<AuditLogSink>(|s| s.audit_log_sinks.len());
        reaches::<Project>(|s| s.projects.len());
    }
}
