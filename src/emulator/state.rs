//! The emulator's whole state: every resource family in key-sorted maps (stable pagination order),
//! the async operations, the API-key tokens and the audit log. Serializable as JSON (pbjson serde
//! on the proto types) for `--state-file`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pb::temporal::api::cloud::account::v1::{Account, AuditLogSink};
use crate::pb::temporal::api::cloud::auditlog::v1::LogRecord;
use crate::pb::temporal::api::cloud::billing::v1::BillingReport;
use crate::pb::temporal::api::cloud::connectivityrule::v1::ConnectivityRule;
use crate::pb::temporal::api::cloud::identity::v1::{
    ApiKey, CustomRole, ServiceAccount, User, UserGroup, UserGroupMember,
};
use crate::pb::temporal::api::cloud::namespace::v1::{ExportSink, Namespace};
use crate::pb::temporal::api::cloud::nexus::v1::Endpoint;
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

    /// The resource `id` of `kind`, if it exists.
    pub fn resource(&mut self, kind: ResourceKind, id: &str) -> Option<&mut dyn Lifecycle> {
        match kind {
            ResourceKind::Account => Some(&mut self.account),
            ResourceKind::User => self.users.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::ServiceAccount => self.service_accounts.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::ApiKey => self.api_keys.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::UserGroup => self.groups.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::CustomRole => self.custom_roles.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::Namespace => self.namespaces.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::ExportSink => self.export_sinks.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::NexusEndpoint => self.nexus_endpoints.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::ConnectivityRule => self.connectivity_rules.get_mut(id).map(|r| r as &mut dyn Lifecycle),
            ResourceKind::AuditLogSink => self.audit_log_sinks.get_mut(id).map(|r| r as &mut dyn Lifecycle),
        }
    }

    /// Removes every grant on a deleted namespace from users, groups and service accounts.
    fn revoke_namespace_access(&mut self, namespace: &str) {
        let user_grants = self.users.values_mut().filter_map(|u| u.spec.as_mut()?.access.as_mut());
        let group_grants = self
            .groups
            .values_mut()
            .filter_map(|g| g.spec.as_mut()?.access.as_mut());
        let sa_grants = self
            .service_accounts
            .values_mut()
            .filter_map(|s| s.spec.as_mut()?.access.as_mut());
        for access in user_grants.chain(group_grants).chain(sa_grants) {
            access.namespace_accesses.remove(namespace);
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
        }
    }
}
