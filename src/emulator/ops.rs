//! The context of one call ([`Ctx`]: the state, the caller, the time; which namespaces and
//! projects the caller may read; the creation of a resource) and async operations: every mutation runs through
//! [`Ctx::mutate`], which gives idempotency by `async_operation_id`, failure injection, the
//! audit-log entry, and an [`Operation`] that moves PENDING → IN_PROGRESS → FULFILLED over the
//! configured latency. Progress is computed from the clock when read, and the operation's effect
//! on its resource (ACTIVATING → ACTIVE, DELETING → gone, …) is applied by [`settle`] at the start
//! of every call: no background task, no timers.
//!
//! Failure injection (documented in docs/emulator.md): an `async_operation_id` starting with
//! `fail-` makes the operation end FAILED (the resource goes to its *_FAILED state); one starting
//! with `reject-` makes it REJECTED at once with no change applied.

use std::time::Duration;

use tonic::Status;

use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;
use crate::pb::temporal::api::cloud::operation::v1::AsyncOperation;
use crate::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use crate::pb::temporal::api::cloud::project::v1::Project;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::{Any, Timestamp};

use super::auth::Caller;
use super::ids::new_id;
use super::operation::{Change, Operation, Outcome, ResourceKind, Target};
use super::state::{Resource, State};
use super::{clock, validate};

/// What a mutation's body produced.
#[derive(Default)]
pub struct Applied {
    /// The resource whose state the operation moves.
    pub target: Option<Target>,
    /// The id to report (created resources).
    pub resource_id: String,
    /// A secret to report (API key token).
    pub secret: String,
}

impl Applied {
    /// The creation of resource `id` of `kind`, reported as the created id.
    pub fn created(kind: ResourceKind, id: &str) -> Self {
        Self {
            resource_id: id.to_string(),
            ..Self::target(kind, id, Change::Create)
        }
    }

    /// An operation that moves resource `id` of `kind` through `change`.
    pub fn target(kind: ResourceKind, id: &str, change: Change) -> Self {
        Self {
            target: Some(Target {
                kind,
                id: id.to_string(),
                change,
            }),
            ..Self::default()
        }
    }
}

/// The result of [`Ctx::mutate`].
pub struct Done {
    /// The operation as the client sees it now.
    pub operation: AsyncOperation,
    /// See [`Applied::resource_id`].
    pub resource_id: String,
    /// See [`Applied::secret`].
    pub secret: String,
}

/// Everything a handler works with during one call; the state lock is held for its lifetime.
pub struct Ctx<'a> {
    /// The account's state.
    pub state: &'a mut State,
    /// Who is calling.
    pub caller: &'a Caller,
    /// The time of this call.
    pub now: Timestamp,
    /// How long operations take.
    pub latency: Duration,
    /// The most async operations that may run at once, if limited.
    pub running_operations: Option<usize>,
}

impl Ctx<'_> {
    /// Runs a mutation as an async operation. `apply` validates and changes the state; it is not
    /// called for a replayed or rejected operation. `request` is the RPC's request message.
    pub fn mutate<R>(
        &mut self,
        request: &R,
        op_id: &str,
        apply: impl FnOnce(&mut Self) -> Result<Applied, Status>,
    ) -> Result<Done, Status>
    where
        R: prost::Message + prost::Name,
    {
        let input = Any::from_msg(request);
        let operation_type = R::NAME.trim_end_matches("Request").to_string();
        if let Some(existing) = (!op_id.is_empty()).then(|| self.state.operations.get(op_id)).flatten() {
            if existing.operation_type != operation_type || existing.input != input {
                return Err(Status::already_exists(format!(
                    "async_operation_id {op_id:?} was already used for a different request"
                )));
            }
            return Ok(Done {
                operation: view(existing, &self.now),
                resource_id: existing.resource_id.clone(),
                secret: existing.secret.clone(),
            });
        }
        self.check_running_operations()?;
        let id = if op_id.is_empty() { new_id() } else { op_id.to_string() };
        let outcome = if id.starts_with("reject-") {
            Outcome::Reject(format!("operation {id} rejected (injected by the reject- prefix)"))
        } else if id.starts_with("fail-") {
            Outcome::Fail(format!("operation {id} failed (injected by the fail- prefix)"))
        } else {
            Outcome::Fulfil
        };
        let applied = match outcome {
            Outcome::Reject(_) => Applied::default(),
            _ => apply(self)?,
        };
        if let Some(target) = &applied.target {
            let version = self.state.next_version();
            let now = self.now;
            if let Some(resource) = self.state.resource(target.kind, &target.id) {
                resource.set_state(match target.change {
                    Change::Create => ResourceState::Activating,
                    Change::Update => ResourceState::Updating,
                    Change::Delete => ResourceState::Deleting,
                });
                resource.set_resource_version(version);
                resource.set_async_operation_id(&id);
                resource.set_last_modified(now);
            }
        }
        let operation = Operation {
            id: id.clone(),
            operation_type,
            input,
            started: self.now,
            finish: if matches!(outcome, Outcome::Reject(_)) {
                self.now
            } else {
                clock::add(&self.now, self.latency)
            },
            applied: matches!(outcome, Outcome::Reject(_)),
            outcome,
            target: applied.target,
            resource_id: applied.resource_id,
            secret: applied.secret,
        };
        let caller = self.caller;
        super::audit::record(
            self.state,
            self.now,
            &caller.principal,
            &caller.name,
            &caller.api_key_id,
            &operation,
        );
        let done = Done {
            operation: view(&operation, &self.now),
            resource_id: operation.resource_id.clone(),
            secret: operation.secret.clone(),
        };
        self.state.operations.insert(id, operation);
        settle(self.state, &self.now);
        Ok(done)
    }

    /// RESOURCE_EXHAUSTED when the account already runs as many operations as it may, with the time
    /// until the first of them ends.
    fn check_running_operations(&self) -> Result<(), Status> {
        let Some(limit) = self.running_operations else {
            return Ok(());
        };
        let running: Vec<&Operation> = self.state.operations.values().filter(|op| !op.applied).collect();
        if running.len() < limit {
            return Ok(());
        }
        let first_end = running
            .iter()
            .map(|op| clock::until(&self.now, &op.finish))
            .min()
            .unwrap_or_default();
        Err(super::limits::exhausted(
            &format!(
                "{} async operations are running; an account may run at most {limit} at once",
                running.len()
            ),
            first_end.max(Duration::from_millis(100)),
        ))
    }

    /// The operation `id` as the client sees it now.
    pub fn operation(&self, id: &str) -> Option<AsyncOperation> {
        self.state.operations.get(id).map(|op| view(op, &self.now))
    }

    /// The namespace `name` for a read: the caller must see it (PERMISSION_DENIED), it must exist
    /// (NOT_FOUND).
    pub fn readable_namespace(&self, name: &str) -> Result<&Namespace, Status> {
        self.caller.require_read()?;
        validate::required("namespace", name)?;
        if !self.caller.sees_namespace(name) {
            self.caller.require_namespace(name, Permission::Read)?;
        }
        validate::require::<Namespace>(self.state, name)
    }

    /// The project `id` for a read: the caller must see it (PERMISSION_DENIED), it must exist
    /// (INVALID_ARGUMENT without an id, NOT_FOUND without the project).
    pub fn readable_project(&self, id: &str) -> Result<&Project, Status> {
        validate::required(Project::ID_FIELD, id)?;
        self.caller.require_project_read(id)?;
        validate::require::<Project>(self.state, id)
    }

    /// Keeps the new `R` that `make` builds from a fresh id and the time of the call, and reports its
    /// creation: the end of a Create whose resource gets a generated id.
    pub fn create<R: Resource>(&mut self, make: impl FnOnce(String, Timestamp) -> R) -> Applied {
        let id = new_id();
        R::map_mut(self.state).insert(id.clone(), make(id.clone(), self.now));
        Applied::created(R::KIND, &id)
    }
}

/// Applies the effect of every operation that has completed by `now`.
pub fn settle(state: &mut State, now: &Timestamp) {
    let due: Vec<String> = state
        .operations
        .values()
        .filter(|op| !op.applied && op.finish <= *now)
        .map(|op| op.id.clone())
        .collect();
    for id in due {
        let Some(op) = state.operations.get_mut(&id) else {
            continue;
        };
        op.applied = true;
        let (Some(target), outcome) = (op.target.clone(), op.outcome.clone()) else {
            continue;
        };
        let failed = matches!(outcome, Outcome::Fail(_));
        if target.change == Change::Delete && !failed {
            state.remove(target.kind, &target.id);
            continue;
        }
        if let Some(resource) = state.resource(target.kind, &target.id) {
            resource.set_state(match (target.change, failed) {
                (Change::Create, false) | (Change::Update, false) => ResourceState::Active,
                (Change::Create, true) => ResourceState::ActivationFailed,
                (Change::Update, true) => ResourceState::UpdateFailed,
                (Change::Delete, _) => ResourceState::DeleteFailed,
            });
        }
    }
}

/// The client's view of `op` at `now`: PENDING for the first half, IN_PROGRESS for the second,
/// then FULFILLED or FAILED; REJECTED at once.
pub fn view(op: &Operation, now: &Timestamp) -> AsyncOperation {
    let (started, finish, now_n) = (clock::nanos(&op.started), clock::nanos(&op.finish), clock::nanos(now));
    let (state, finished, failure) = match &op.outcome {
        Outcome::Reject(reason) => (OpState::Rejected, true, reason.clone()),
        Outcome::Fail(reason) if now_n >= finish => (OpState::Failed, true, reason.clone()),
        Outcome::Fulfil if now_n >= finish => (OpState::Fulfilled, true, String::new()),
        _ if now_n >= started + (finish - started) / 2 => (OpState::InProgress, false, String::new()),
        _ => (OpState::Pending, false, String::new()),
    };
    let remaining = Duration::from_nanos((finish - now_n).max(0) as u64);
    AsyncOperation {
        id: op.id.clone(),
        state: state as i32,
        check_duration: (!finished).then(|| remaining.max(Duration::from_millis(100)).into()),
        operation_type: op.operation_type.clone(),
        operation_input: Some(op.input.clone()),
        failure_reason: failure,
        started_time: Some(op.started),
        finished_time: finished.then_some(op.finish),
        ..Default::default()
    }
}
