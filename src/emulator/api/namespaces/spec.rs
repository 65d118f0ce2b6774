//! The rules of a namespace spec: the name, retention, mTLS and codec server settings, search
//! attributes (the typed map and the deprecated string-typed one, kept in step), tags, and — through
//! the replica, capacity and connectivity rules — placement, capacity and connectivity rule ids.

#![allow(deprecated)] // the deprecated custom_search_attributes map is still accepted and kept in step

use std::collections::HashMap;

use tonic::Status;

use crate::emulator::api::connectivity;
use crate::emulator::state::State;
use crate::emulator::validate;
use crate::pb::temporal::api::cloud::namespace::v1::namespace_spec::SearchAttributeType;
use crate::pb::temporal::api::cloud::namespace::v1::{Namespace, NamespaceSpec};

use super::{capacity, replicas};

/// "2–39 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a
/// hyphen" (Temporal Cloud's namespace naming rule).
pub(super) fn check_name(name: &str) -> Result<(), Status> {
    validate::required("spec.name", name)?;
    let ok = (2..=39).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        let rule = "2-39 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen";
        return Err(validate::invalid("spec.name", format!("{name:?}: {rule}")));
    }
    Ok(())
}

/// Validates and normalises `spec` (search attributes merged into `search_attributes`, the
/// deprecated map kept in step); returns the regions to place the namespace in. `old` is the
/// namespace being updated, `project` the project the namespace is in.
pub(super) fn check_spec(
    state: &State,
    spec: &mut NamespaceSpec,
    old: Option<&Namespace>,
    project: &str,
) -> Result<Vec<String>, Status> {
    if !(1..=90).contains(&spec.retention_days) {
        let problem = format!("must be 1 to 90 days, got {}", spec.retention_days);
        return Err(validate::invalid("spec.retention_days", problem));
    }
    let current = old.map(replicas::current);
    let regions = replicas::requested(&spec.replicas, &spec.regions, current.as_deref())?;
    if let Some(mtls) = spec.mtls_auth.as_ref().filter(|m| m.enabled) {
        let pem = String::from_utf8_lossy(&mtls.accepted_client_ca);
        if !pem.contains("-----BEGIN CERTIFICATE-----") && mtls.accepted_client_ca_deprecated.is_empty() {
            let problem = "a PEM CA certificate is required when mTLS is enabled";
            return Err(validate::invalid("spec.mtls_auth.accepted_client_ca", problem));
        }
    }
    if let Some(codec) = &spec.codec_server
        && !codec.endpoint.starts_with("https://")
    {
        return Err(validate::invalid(
            "spec.codec_server.endpoint",
            "must be an https:// URL",
        ));
    }
    let previous = old.and_then(|ns| ns.spec.as_ref()).map(|s| &s.search_attributes);
    spec.search_attributes = check_attributes(spec, previous)?;
    spec.custom_search_attributes = deprecated_attributes(&spec.search_attributes);
    for (name, kind) in previous.into_iter().flatten() {
        if spec.search_attributes.get(name) != Some(kind) {
            let problem = format!("{name:?} cannot be removed or change type (rename it instead)");
            return Err(validate::invalid("spec.search_attributes", problem));
        }
    }
    connectivity::check_namespace_rules(state, &spec.connectivity_rule_ids, &regions, project)?;
    capacity::check(spec.capacity_spec.as_ref())?;
    Ok(regions)
}

/// The spec's search attributes: `search_attributes`, or the deprecated string-typed map when
/// that is all the client sent ("text, keyword, int, double, bool, datetime, keyword_list"). Sent
/// beside the typed map, the deprecated one must be its mirror, before (`previous`, what a client
/// read and writes back unchanged) or after the change: a change made only there would be lost.
fn check_attributes(
    spec: &NamespaceSpec,
    previous: Option<&HashMap<String, i32>>,
) -> Result<HashMap<String, i32>, Status> {
    let (field, deprecated) = if spec.search_attributes.is_empty() {
        ("spec.custom_search_attributes", true)
    } else {
        ("spec.search_attributes", false)
    };
    let parse =
        |kind: &str| SearchAttributeType::from_str_name(&format!("SEARCH_ATTRIBUTE_TYPE_{}", kind.to_uppercase()));
    let typed: Vec<(&String, Option<SearchAttributeType>)> = if deprecated {
        spec.custom_search_attributes
            .iter()
            .map(|(name, kind)| (name, parse(kind)))
            .collect()
    } else {
        spec.search_attributes
            .iter()
            .map(|(name, kind)| (name, SearchAttributeType::try_from(*kind).ok()))
            .collect()
    };
    let mut out = HashMap::new();
    for (name, kind) in typed {
        check_attribute_name(field, name)?;
        match kind {
            Some(kind) if kind != SearchAttributeType::Unspecified => out.insert(name.clone(), kind as i32),
            _ => return Err(validate::invalid(field, format!("{name:?} has an unsupported type"))),
        };
    }
    let mirrors = |typed: &HashMap<String, i32>| spec.custom_search_attributes == deprecated_attributes(typed);
    if !deprecated && !spec.custom_search_attributes.is_empty() && !mirrors(&out) && !previous.is_some_and(mirrors) {
        let problem = "is deprecated and mirrors spec.search_attributes: change spec.search_attributes instead";
        return Err(validate::invalid("spec.custom_search_attributes", problem));
    }
    Ok(out)
}

/// The one form a namespace spec is read in, whatever path it took (demo data, create, update,
/// the replica and search-attribute RPCs, a state file): the deprecated mirrors hold the current
/// fields' values — `regions` the regions of `replicas` in order, `custom_search_attributes` the
/// string-typed view of `search_attributes`. Older clients, whose protos predate `replicas`, read
/// what newer ones do, and a client that writes back what it read changes only what it names.
pub(super) fn normal_form(spec: &mut NamespaceSpec) {
    replicas::mirror_regions(spec);
    spec.custom_search_attributes = deprecated_attributes(&spec.search_attributes);
}

/// The deprecated map's view of `attributes` ("text", "keyword_list", …).
pub(super) fn deprecated_attributes(attributes: &HashMap<String, i32>) -> HashMap<String, String> {
    let name = |kind: &i32| {
        let kind = SearchAttributeType::try_from(*kind).unwrap_or(SearchAttributeType::Unspecified);
        kind.as_str_name()
            .trim_start_matches("SEARCH_ATTRIBUTE_TYPE_")
            .to_lowercase()
    };
    attributes.iter().map(|(k, v)| (k.clone(), name(v))).collect()
}

/// A custom search attribute name: a letter, then letters, digits and underscores, at most 64
/// characters, not in the reserved `Temporal` prefix.
pub(super) fn check_attribute_name(field: &str, name: &str) -> Result<(), Status> {
    validate::required(field, name)?;
    let ok = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.to_ascii_lowercase().starts_with("temporal");
    if !ok {
        let rule = "up to 64 letters, digits and underscores, starting with a letter, not with \"Temporal\"";
        return Err(validate::invalid(field, format!("{name:?}: {rule}")));
    }
    Ok(())
}

/// Tag keys must not be empty.
pub(super) fn check_tags<'a>(field: &str, mut keys: impl Iterator<Item = &'a String>) -> Result<(), Status> {
    if keys.any(|k| k.trim().is_empty()) {
        return Err(validate::invalid(field, "tag keys must not be empty"));
    }
    Ok(())
}
