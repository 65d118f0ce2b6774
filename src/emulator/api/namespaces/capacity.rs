//! A namespace's capacity: on demand, or provisioned in TRUs (Temporal Resource Units) from a
//! fixed set of tiers; capacity requests and their progress, the APS limit that follows from the
//! current mode, and the capacity info GetNamespaceCapacityInfo reports.

use tonic::Status;

use crate::emulator::validate;
use crate::pb::temporal::api::cloud::namespace::v1::capacity::CurrentMode;
use crate::pb::temporal::api::cloud::namespace::v1::capacity::request::State as RequestState;
use crate::pb::temporal::api::cloud::namespace::v1::capacity_spec::Spec;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_capacity_info::capacity_mode_options as mode_options;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_capacity_info::stats::Summary;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_capacity_info::{CapacityModeOptions, Stats};
use crate::pb::temporal::api::cloud::namespace::v1::{
    CapacitySpec, Limits, Namespace, NamespaceCapacityInfo, capacity,
};
use crate::wkt::Timestamp;

/// The provisioned capacity tiers, in TRU.
const TRU_TIERS: &[f64] = &[2.0, 4.0, 8.0, 16.0, 32.0];
/// The largest tier currently available (below the top tier, as inventory allows).
const MAX_AVAILABLE_TRU: f64 = 16.0;
/// APS limit of an on-demand namespace, and per provisioned TRU.
const ON_DEMAND_APS: i32 = 500;
const APS_PER_TRU: i32 = 250;

/// A capacity spec: exactly one mode; a provisioned value among the valid TRU tiers and available.
pub(super) fn check(spec: Option<&CapacitySpec>) -> Result<(), Status> {
    match spec.map(|s| s.spec) {
        None | Some(Some(Spec::OnDemand(_))) => Ok(()),
        Some(None) => Err(validate::invalid(
            "spec.capacity_spec",
            "set one of on_demand or provisioned",
        )),
        Some(Some(Spec::Provisioned(p))) if TRU_TIERS.contains(&p.value) && p.value <= MAX_AVAILABLE_TRU => Ok(()),
        Some(Some(Spec::Provisioned(p))) => Err(validate::invalid(
            "spec.capacity_spec.provisioned.value",
            format!(
                "{} TRU is not available; valid values: {TRU_TIERS:?} up to {MAX_AVAILABLE_TRU}",
                p.value
            ),
        )),
    }
}

/// Records a capacity request for `spec` (IN_PROGRESS until the operation completes); without a
/// spec the namespace is on demand.
pub(super) fn request(ns: &mut Namespace, spec: Option<CapacitySpec>, now: Timestamp) {
    let capacity = ns.capacity.get_or_insert_default();
    capacity
        .current_mode
        .get_or_insert(CurrentMode::OnDemand(capacity::OnDemand {}));
    if spec.is_some() {
        capacity.latest_request = Some(capacity::Request {
            state: RequestState::CapacityRequestInProgress as i32,
            start_time: Some(now),
            spec,
            ..Default::default()
        });
    }
}

/// The capacity's progress once the namespace's operation has ended at `finished` (`succeeded`;
/// None while it runs): a request in progress → COMPLETED (its mode becomes current) or FAILED.
/// The APS limit follows the current mode.
pub(super) fn progress(ns: &mut Namespace, succeeded: Option<bool>, finished: Option<Timestamp>) {
    let operation = ns.async_operation_id.clone();
    let capacity = ns.capacity.get_or_insert_default();
    let in_progress = RequestState::CapacityRequestInProgress as i32;
    let request = capacity.latest_request.as_mut().filter(|r| r.state == in_progress);
    if let Some(request) = request {
        if request.async_operation_id.is_empty() {
            request.async_operation_id = operation;
        }
        if let Some(ok) = succeeded {
            request.end_time = finished;
            request.state = if ok {
                RequestState::CapacityRequestCompleted
            } else {
                RequestState::CapacityRequestFailed
            } as i32;
            if ok {
                capacity.current_mode = Some(match request.spec.as_ref().and_then(|s| s.spec) {
                    Some(Spec::Provisioned(p)) => {
                        CurrentMode::Provisioned(capacity::Provisioned { current_value: p.value })
                    }
                    _ => CurrentMode::OnDemand(capacity::OnDemand {}),
                });
            }
        }
    }
    let aps = match capacity
        .current_mode
        .get_or_insert(CurrentMode::OnDemand(capacity::OnDemand {}))
    {
        CurrentMode::Provisioned(p) => (p.current_value * f64::from(APS_PER_TRU)) as i32,
        CurrentMode::OnDemand(_) => ON_DEMAND_APS,
    };
    ns.limits = Some(Limits {
        actions_per_second_limit: aps,
    });
}

/// The capacity info of `ns` (as clients see it): its current capacity, the mode options and
/// (generated, stable) APS stats.
pub(super) fn info(ns: Namespace) -> NamespaceCapacityInfo {
    let seed = ns
        .namespace
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let mean = 5.0 + f64::from(seed % 400) / 10.0;
    NamespaceCapacityInfo {
        namespace: ns.namespace.clone(),
        has_legacy_limits: false,
        current_capacity: ns.capacity,
        mode_options: Some(CapacityModeOptions {
            provisioned: Some(mode_options::Provisioned {
                valid_tru_values: TRU_TIERS.to_vec(),
                max_available_tru_value: MAX_AVAILABLE_TRU,
            }),
            on_demand: Some(mode_options::OnDemand {
                aps_limit: f64::from(ON_DEMAND_APS),
            }),
        }),
        stats: Some(Stats {
            aps: Some(Summary {
                mean,
                p90: mean * 1.8,
                p99: mean * 2.6,
            }),
        }),
    }
}
