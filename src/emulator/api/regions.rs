//! Namespace placement: the static catalogue of Temporal Cloud regions (GetRegions, GetRegion);
//! replica rules on it (regions from the catalogue, at least one, at most two, no duplicates),
//! placement and its progress (ADDING → ACTIVE, REMOVING → gone); the replica RPCs
//! FailoverNamespaceRegion, AddNamespaceRegion and DeleteNamespaceRegion; and capacity (on-demand or
//! provisioned TRUs, requests, APS limits, GetNamespaceCapacityInfo). The namespace RPCs here are
//! served as `namespaces::*`.

#![allow(deprecated)] // NamespaceSpec.regions (deprecated) is still kept in step with the replicas

use tonic::Status;

use crate::emulator::operation::Change;
use crate::emulator::ops::Ctx;
use crate::emulator::{new_id, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    AddNamespaceRegionRequest, AddNamespaceRegionResponse, DeleteNamespaceRegionRequest, DeleteNamespaceRegionResponse,
    FailoverNamespaceRegionRequest, FailoverNamespaceRegionResponse, GetNamespaceCapacityInfoRequest,
    GetNamespaceCapacityInfoResponse, GetRegionRequest, GetRegionResponse, GetRegionsRequest, GetRegionsResponse,
};
use crate::pb::temporal::api::cloud::namespace::v1::capacity::CurrentMode;
use crate::pb::temporal::api::cloud::namespace::v1::capacity::request::State as RequestState;
use crate::pb::temporal::api::cloud::namespace::v1::capacity_spec::Spec;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_capacity_info::capacity_mode_options as mode_options;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_capacity_info::stats::Summary;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_capacity_info::{CapacityModeOptions, Stats};
use crate::pb::temporal::api::cloud::namespace::v1::replica::ReplicaState;
use crate::pb::temporal::api::cloud::namespace::v1::{
    CapacitySpec, Limits, Namespace, NamespaceCapacityInfo, Replica, ReplicaSpec, capacity,
};
use crate::pb::temporal::api::cloud::region::v1::Region;
use crate::pb::temporal::api::cloud::region::v1::region::CloudProvider;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::namespaces;

/// "Number of supported regions is 2." (NamespaceSpec.regions)
pub(crate) const MAX_REPLICAS: usize = 2;
/// The provisioned capacity tiers, in TRU (Temporal Resource Units).
const TRU_TIERS: &[f64] = &[2.0, 4.0, 8.0, 16.0, 32.0];
/// The largest tier currently available (below the top tier, as inventory allows).
const MAX_AVAILABLE_TRU: f64 = 16.0;
/// APS limit of an on-demand namespace, and per provisioned TRU.
const ON_DEMAND_APS: i32 = 500;
const APS_PER_TRU: i32 = 250;

/// Region id (`<provider>-<the provider's region name>`) and human-readable location.
const CATALOGUE: &[(&str, &str)] = &[
    ("aws-ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("aws-ap-northeast-2", "Asia Pacific (Seoul)"),
    ("aws-ap-south-1", "Asia Pacific (Mumbai)"),
    ("aws-ap-south-2", "Asia Pacific (Hyderabad)"),
    ("aws-ap-southeast-1", "Asia Pacific (Singapore)"),
    ("aws-ap-southeast-2", "Asia Pacific (Sydney)"),
    ("aws-ca-central-1", "Canada (Central)"),
    ("aws-eu-central-1", "Europe (Frankfurt)"),
    ("aws-eu-west-1", "Europe (Ireland)"),
    ("aws-eu-west-2", "Europe (London)"),
    ("aws-sa-east-1", "South America (São Paulo)"),
    ("aws-us-east-1", "US East (N. Virginia)"),
    ("aws-us-east-2", "US East (Ohio)"),
    ("aws-us-west-2", "US West (Oregon)"),
    ("gcp-asia-south1", "Mumbai, India"),
    ("gcp-europe-west3", "Frankfurt, Germany"),
    ("gcp-us-central1", "Iowa, USA"),
    ("gcp-us-east4", "Northern Virginia, USA"),
    ("gcp-us-west1", "Oregon, USA"),
];

/// Whether `id` is a region of the catalogue.
pub(crate) fn is_region(id: &str) -> bool {
    CATALOGUE.iter().any(|(region, _)| *region == id)
}

/// The catalogue entry for `id`.
pub(crate) fn region(id: &str) -> Option<Region> {
    let (id, location) = CATALOGUE.iter().find(|(region, _)| *region == id)?;
    let (provider, provider_region) = id.split_once('-')?;
    let cloud_provider = if provider == "gcp" {
        CloudProvider::Gcp
    } else {
        CloudProvider::Aws
    };
    Some(Region {
        id: id.to_string(),
        cloud_provider_deprecated: provider.into(),
        cloud_provider: cloud_provider as i32,
        cloud_provider_region: provider_region.into(),
        location: location.to_string(),
    })
}

/// The cloud provider hosting region `id` (UNSPECIFIED for unknown ids).
pub(crate) fn provider(id: &str) -> CloudProvider {
    region(id).map_or(CloudProvider::Unspecified, |r| r.cloud_provider())
}

/// `id` must be a catalogue region; INVALID_ARGUMENT naming `field` otherwise.
pub(crate) fn check_region(field: &str, id: &str) -> Result<(), Status> {
    validate::required(field, id)?;
    if !is_region(id) {
        return Err(validate::invalid(
            field,
            format!("unknown region {id:?} (see GetRegions)"),
        ));
    }
    Ok(())
}

/// GetRegions: the whole catalogue.
pub fn get_regions(ctx: &mut Ctx<'_>, _request: GetRegionsRequest) -> Result<GetRegionsResponse, Status> {
    ctx.caller.require_read()?;
    let regions = CATALOGUE.iter().filter_map(|(id, ..)| region(id)).collect();
    Ok(GetRegionsResponse { regions })
}

/// GetRegion: one catalogue entry, NOT_FOUND for unknown ids.
pub fn get_region(ctx: &mut Ctx<'_>, request: GetRegionRequest) -> Result<GetRegionResponse, Status> {
    ctx.caller.require_read()?;
    validate::required("region", &request.region)?;
    let region = region(&request.region).ok_or_else(|| validate::not_found("region", &request.region))?;
    Ok(GetRegionResponse { region: Some(region) })
}

/// The regions a spec asks for: `spec.replicas` (preferred) or the deprecated `spec.regions`, each
/// in the catalogue, at least one, at most [`MAX_REPLICAS`], no duplicates. The deprecated list "is
/// immutable": with `current` (an update) it must name the namespace's current regions.
pub(crate) fn requested(
    replicas: &[ReplicaSpec],
    deprecated: &[String],
    current: Option<&[String]>,
) -> Result<Vec<String>, Status> {
    let (field, wanted): (&str, Vec<String>) = if replicas.is_empty() {
        ("spec.regions", deprecated.to_vec())
    } else {
        ("spec.replicas", replicas.iter().map(|r| r.region.clone()).collect())
    };
    if wanted.is_empty() {
        return Err(validate::invalid("spec.replicas", "at least one replica is required"));
    }
    if wanted.len() > MAX_REPLICAS {
        return Err(validate::invalid(field, format!("at most {MAX_REPLICAS} regions")));
    }
    for (i, id) in wanted.iter().enumerate() {
        let item = if replicas.is_empty() {
            field.into()
        } else {
            format!("{field}[{i}].region")
        };
        check_region(&item, id)?;
        if wanted[..i].contains(id) {
            return Err(validate::invalid(&item, format!("region {id:?} is listed twice")));
        }
    }
    if let Some(current) = current.filter(|_| replicas.is_empty())
        && wanted != current
    {
        return Err(validate::invalid("spec.regions", "is immutable; use spec.replicas"));
    }
    Ok(wanted)
}

/// The regions `ns` is placed in (replicas not being removed), in placement order.
pub(crate) fn current(ns: &Namespace) -> Vec<String> {
    ns.replicas
        .iter()
        .filter(|r| r.state != ReplicaState::Removing as i32)
        .map(|r| r.region.clone())
        .collect()
}

/// Places `ns` in `regions`: kept replicas stay, new ones start ADDING, dropped ones go REMOVING;
/// a new namespace is active (primary) in the first region. The active replica cannot be dropped.
/// The spec's replica lists are rewritten to `regions`.
pub(crate) fn place(ns: &mut Namespace, regions: &[String]) -> Result<(), Status> {
    if ns.active_region.is_empty() {
        ns.active_region = regions[0].clone();
    } else if !regions.contains(&ns.active_region) {
        let problem = format!(
            "cannot remove the active replica ({}): fail over first",
            ns.active_region
        );
        return Err(validate::invalid("spec.replicas", problem));
    }
    for replica in &mut ns.replicas {
        if !regions.contains(&replica.region) {
            replica.state = ReplicaState::Removing as i32;
        }
    }
    for region in regions {
        if !ns.replicas.iter().any(|r| &r.region == region) {
            ns.replicas.push(Replica {
                id: new_id(),
                is_primary: *region == ns.active_region,
                state: ReplicaState::Adding as i32,
                region: region.clone(),
            });
        }
    }
    let spec = ns.spec.get_or_insert_default();
    spec.replicas = regions.iter().cloned().map(|region| ReplicaSpec { region }).collect();
    spec.regions = regions.to_vec();
    Ok(())
}

/// Brings a namespace in line with its finished operation (`finished`: when it completed): replicas
/// ADDING → ACTIVE and REMOVING → gone once it succeeded (both → FAILED if it failed); a capacity
/// request in progress → COMPLETED (the new mode current) or FAILED; limits follow the capacity.
pub(crate) fn catch_up(ns: &mut Namespace, finished: Option<Timestamp>) {
    let succeeded = match ns.state() {
        ResourceState::Activating | ResourceState::Updating => None,
        ResourceState::ActivationFailed | ResourceState::UpdateFailed => Some(false),
        _ => Some(true),
    };
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
    let (adding, removing) = (ReplicaState::Adding as i32, ReplicaState::Removing as i32);
    match succeeded {
        Some(true) => {
            ns.replicas.retain(|r| r.state != removing);
            ns.replicas
                .iter_mut()
                .filter(|r| r.state == adding)
                .for_each(|r| r.state = ReplicaState::Active as i32);
        }
        Some(false) => ns
            .replicas
            .iter_mut()
            .filter(|r| r.state == adding || r.state == removing)
            .for_each(|r| r.state = ReplicaState::Failed as i32),
        None => {}
    }
}

/// A capacity spec: exactly one mode; a provisioned value among the valid TRU tiers and available.
pub(crate) fn check_capacity(spec: Option<&CapacitySpec>) -> Result<(), Status> {
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
pub(crate) fn request_capacity(ns: &mut Namespace, spec: Option<CapacitySpec>, now: Timestamp) {
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

/// GetNamespaceCapacityInfo: the current capacity, the mode options and (generated, stable) APS stats.
pub fn get_namespace_capacity_info(
    ctx: &mut Ctx<'_>,
    request: GetNamespaceCapacityInfoRequest,
) -> Result<GetNamespaceCapacityInfoResponse, Status> {
    let ns = namespaces::view(ctx.state, ctx.readable_namespace(&request.namespace)?);
    let seed = ns
        .namespace
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let mean = 5.0 + f64::from(seed % 400) / 10.0;
    Ok(GetNamespaceCapacityInfoResponse {
        capacity_info: Some(NamespaceCapacityInfo {
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
        }),
    })
}

/// FailoverNamespaceRegion: makes the replica in `region` the primary (this request carries no
/// resource_version; the namespace must not be busy).
pub fn failover_namespace_region(
    ctx: &mut Ctx<'_>,
    request: FailoverNamespaceRegionRequest,
) -> Result<FailoverNamespaceRegionResponse, Status> {
    let (name, op_id, region) = (&request.namespace, &request.async_operation_id, &request.region);
    let operation = namespaces::change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::not_busy(&ns)?;
        check_region("region", region)?;
        let Some(replica) = ns.replicas.iter().find(|r| &r.region == region) else {
            return Err(validate::invalid(
                "region",
                format!("the namespace has no replica in {region}"),
            ));
        };
        if replica.is_primary || &ns.active_region == region {
            return Err(Status::failed_precondition(format!(
                "{region} is already the active region"
            )));
        }
        if replica.state != ReplicaState::Active as i32 {
            return Err(Status::failed_precondition(format!(
                "the replica in {region} is not ACTIVE"
            )));
        }
        ns.replicas.iter_mut().for_each(|r| r.is_primary = &r.region == region);
        ns.active_region = region.clone();
        ns.endpoints = Some(namespaces::endpoints(&ns));
        Ok(ns)
    })?;
    Ok(FailoverNamespaceRegionResponse {
        async_operation: Some(operation),
    })
}

/// AddNamespaceRegion (deprecated for UpdateNamespace with one more replica): adds a standby replica.
pub fn add_namespace_region(
    ctx: &mut Ctx<'_>,
    request: AddNamespaceRegionRequest,
) -> Result<AddNamespaceRegionResponse, Status> {
    let (name, op_id, region) = (&request.namespace, &request.async_operation_id, &request.region);
    let operation = namespaces::change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::can_change(&ns, &request.resource_version)?;
        check_region("region", region)?;
        let mut regions = current(&ns);
        if regions.contains(region) {
            return Err(Status::already_exists(format!(
                "the namespace already has a replica in {region}"
            )));
        }
        if regions.len() >= MAX_REPLICAS {
            let problem = format!("the namespace already has the maximum of {MAX_REPLICAS} replicas");
            return Err(Status::failed_precondition(problem));
        }
        regions.push(region.clone());
        place(&mut ns, &regions)?;
        Ok(ns)
    })?;
    Ok(AddNamespaceRegionResponse {
        async_operation: Some(operation),
    })
}

/// DeleteNamespaceRegion (deprecated for UpdateNamespace without the replica): removes a standby
/// replica; the active one cannot be removed.
pub fn delete_namespace_region(
    ctx: &mut Ctx<'_>,
    request: DeleteNamespaceRegionRequest,
) -> Result<DeleteNamespaceRegionResponse, Status> {
    let (name, op_id, region) = (&request.namespace, &request.async_operation_id, &request.region);
    let operation = namespaces::change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::can_change(&ns, &request.resource_version)?;
        check_region("region", region)?;
        let mut regions = current(&ns);
        if !regions.contains(region) {
            return Err(validate::invalid(
                "region",
                format!("the namespace has no replica in {region}"),
            ));
        }
        if &ns.active_region == region {
            let problem = format!("{region} is the active region: fail over before removing it");
            return Err(Status::failed_precondition(problem));
        }
        regions.retain(|r| r != region);
        place(&mut ns, &regions)?;
        Ok(ns)
    })?;
    Ok(DeleteNamespaceRegionResponse {
        async_operation: Some(operation),
    })
}
