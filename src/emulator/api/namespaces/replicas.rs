//! Where a namespace runs: the replica rules (regions from the catalogue, at least one, at most
//! [`MAX_REPLICAS`], no duplicates), placement and its progress (ADDING → ACTIVE, REMOVING → gone),
//! and the rules of the replica RPCs FailoverNamespaceRegion, AddNamespaceRegion and
//! DeleteNamespaceRegion (their operations are run by the family's `change`).

#![allow(deprecated)] // NamespaceSpec.regions (deprecated) is still kept in step with the replicas

use tonic::Status;

use crate::emulator::api::regions::check_region;
use crate::emulator::ids::new_id;
use crate::emulator::validate;
use crate::pb::temporal::api::cloud::namespace::v1::replica::ReplicaState;
use crate::pb::temporal::api::cloud::namespace::v1::{Namespace, NamespaceSpec, Replica, ReplicaSpec};

/// "Number of supported regions is 2." (NamespaceSpec.regions)
pub(super) const MAX_REPLICAS: usize = 2;

/// The regions a spec asks for: `spec.replicas` (preferred) or the deprecated `spec.regions`, each
/// in the catalogue, at least one, at most [`MAX_REPLICAS`], no duplicates. The deprecated list "is
/// immutable": with `current` (an update) it must name the namespace's current regions, or, sent
/// beside `spec.replicas`, mirror them before or after the change.
pub(super) fn requested(
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
    // Beside `spec.replicas`, the deprecated list must be their mirror, before (what a client read
    // and writes back unchanged) or after the change: a change made only there would be lost.
    let stale = |list: &[String]| !deprecated.is_empty() && deprecated != list;
    let changed = match current {
        Some(current) if replicas.is_empty() => wanted != current,
        Some(current) => stale(&wanted) && stale(current),
        None => !replicas.is_empty() && stale(&wanted),
    };
    if changed {
        return Err(validate::invalid("spec.regions", "is immutable; use spec.replicas"));
    }
    Ok(wanted)
}

/// The regions `ns` is placed in (replicas not being removed), in placement order.
pub(super) fn current(ns: &Namespace) -> Vec<String> {
    ns.replicas
        .iter()
        .filter(|r| r.state != ReplicaState::Removing as i32)
        .map(|r| r.region.clone())
        .collect()
}

/// Places `ns` in `regions`: kept replicas stay, new ones start ADDING, dropped ones go REMOVING;
/// a new namespace is active (primary) in the first region. The active replica cannot be dropped.
/// The spec's replica lists are rewritten to `regions`.
pub(super) fn place(ns: &mut Namespace, regions: &[String]) -> Result<(), Status> {
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
    mirror_regions(spec);
    Ok(())
}

/// The deprecated `regions` of `spec`, mirroring its replicas (part of the normal form,
/// `spec::normal_form`).
pub(super) fn mirror_regions(spec: &mut NamespaceSpec) {
    spec.regions = spec.replicas.iter().map(|r| r.region.clone()).collect();
}

/// The replicas' progress once the namespace's operation has ended (`succeeded`; None while it
/// runs): ADDING → ACTIVE and REMOVING → gone if it succeeded, both → FAILED if it failed.
pub(super) fn progress(ns: &mut Namespace, succeeded: Option<bool>) {
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

/// FailoverNamespaceRegion's rules: `region` must hold an ACTIVE standby replica, which becomes
/// the primary and the active region.
pub(super) fn fail_over(ns: &mut Namespace, region: &str) -> Result<(), Status> {
    check_region("region", region)?;
    let Some(replica) = ns.replicas.iter().find(|r| r.region == region) else {
        return Err(validate::invalid(
            "region",
            format!("the namespace has no replica in {region}"),
        ));
    };
    if replica.is_primary || ns.active_region == region {
        return Err(Status::failed_precondition(format!(
            "{region} is already the active region"
        )));
    }
    if replica.state != ReplicaState::Active as i32 {
        return Err(Status::failed_precondition(format!(
            "the replica in {region} is not ACTIVE"
        )));
    }
    ns.replicas.iter_mut().for_each(|r| r.is_primary = r.region == region);
    ns.active_region = region.to_string();
    Ok(())
}

/// AddNamespaceRegion's rules: a standby replica in a new `region`, up to [`MAX_REPLICAS`].
pub(super) fn add(ns: &mut Namespace, region: &str) -> Result<(), Status> {
    check_region("region", region)?;
    let mut regions = current(ns);
    if regions.iter().any(|r| r == region) {
        return Err(Status::already_exists(format!(
            "the namespace already has a replica in {region}"
        )));
    }
    if regions.len() >= MAX_REPLICAS {
        let problem = format!("the namespace already has the maximum of {MAX_REPLICAS} replicas");
        return Err(Status::failed_precondition(problem));
    }
    regions.push(region.to_string());
    place(ns, &regions)
}

/// DeleteNamespaceRegion's rules: the replica in `region` goes, unless it is the active one.
pub(super) fn remove(ns: &mut Namespace, region: &str) -> Result<(), Status> {
    check_region("region", region)?;
    let mut regions = current(ns);
    if !regions.iter().any(|r| r == region) {
        return Err(validate::invalid(
            "region",
            format!("the namespace has no replica in {region}"),
        ));
    }
    if ns.active_region == region {
        let problem = format!("{region} is the active region: fail over before removing it");
        return Err(Status::failed_precondition(problem));
    }
    regions.retain(|r| r != region);
    place(ns, &regions)
}
