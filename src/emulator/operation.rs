//! The records of async operations as the state stores them (and `--state-file` persists them):
//! which resource an operation moves ([`Target`]: its [`ResourceKind`], key and [`Change`]), how it
//! ends ([`Outcome`]) and when. Plain data, below everything else; what operations *do* lives in
//! `ops` (start, replay, progress) and `state` (removing what a delete leaves behind).

use serde::{Deserialize, Serialize};

use crate::wkt::{Any, Timestamp};

/// The resource families that have a lifecycle (state, resource version): what a [`Target`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceKind {
    /// `State::account`
    Account,
    /// `State::users`
    User,
    /// `State::service_accounts`
    ServiceAccount,
    /// `State::api_keys`
    ApiKey,
    /// `State::groups`
    UserGroup,
    /// `State::custom_roles`
    CustomRole,
    /// `State::namespaces`
    Namespace,
    /// `State::export_sinks`
    ExportSink,
    /// `State::nexus_endpoints`
    NexusEndpoint,
    /// `State::connectivity_rules`
    ConnectivityRule,
    /// `State::audit_log_sinks`
    AuditLogSink,
    /// `State::projects`
    Project,
}

/// How an operation ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// FULFILLED, effect applied.
    Fulfil,
    /// FAILED with this reason; the resource goes to its *_FAILED state.
    Fail(String),
    /// REJECTED with this reason, at once; nothing changes.
    Reject(String),
}

/// What an operation does to a resource when it completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// ACTIVATING → ACTIVE (or ACTIVATION_FAILED).
    Create,
    /// UPDATING → ACTIVE (or UPDATE_FAILED).
    Update,
    /// DELETING → removed (or DELETE_FAILED).
    Delete,
}

/// The resource an operation changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Its family.
    pub kind: ResourceKind,
    /// Its key in the family's map.
    pub id: String,
    /// What happens to it.
    pub change: Change,
}

/// One async operation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Operation {
    /// Operation id (client-supplied or generated).
    pub id: String,
    /// The RPC that started it, e.g. `CreateUser`.
    pub operation_type: String,
    /// The request, packed.
    pub input: Any,
    /// When it started.
    pub started: Timestamp,
    /// When it completes.
    pub finish: Timestamp,
    /// How it ends.
    pub outcome: Outcome,
    /// The resource it changes, if any.
    pub target: Option<Target>,
    /// Whether its effect has been applied.
    pub applied: bool,
    /// The id the response reports (the created resource's id).
    pub resource_id: String,
    /// A secret the response carries (CreateApiKey's token), for idempotent replays.
    pub secret: String,
}
