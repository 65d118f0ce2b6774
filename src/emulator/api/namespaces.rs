//! Namespaces, keyed `<spec.name>.<account id>`: create (endpoints, replicas, capacity; a developer
//! who creates one becomes its admin), list (filter by name) and get, full-spec update (name and
//! deprecated regions immutable, search attributes never dropped), delete (refused under delete
//! protection), custom search attribute rename and tags. Replica placement, capacity and the region
//! RPCs live in [`super::regions`].

#![allow(deprecated)] // the deprecated custom_search_attributes map is still accepted and kept in step

use std::collections::HashMap;

use tonic::Status;

use crate::emulator::auth::Caller;
use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::state::State;
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateNamespaceRequest, CreateNamespaceResponse, DeleteNamespaceRequest, DeleteNamespaceResponse,
    GetNamespaceRequest, GetNamespaceResponse, GetNamespacesRequest, GetNamespacesResponse,
    RenameCustomSearchAttributeRequest, RenameCustomSearchAttributeResponse, UpdateNamespaceRequest,
    UpdateNamespaceResponse, UpdateNamespaceTagsRequest, UpdateNamespaceTagsResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::{Access, NamespaceAccess};
use crate::pb::temporal::api::cloud::namespace::v1::namespace_spec::SearchAttributeType;
use crate::pb::temporal::api::cloud::namespace::v1::{Endpoints, Namespace, NamespaceSpec};
use crate::pb::temporal::api::cloud::operation::v1::AsyncOperation;

use super::{connectivity, regions};

pub use super::regions::{
    add_namespace_region, delete_namespace_region, failover_namespace_region, get_namespace_capacity_info,
};

/// GetNamespaces: every namespace the caller can see, optionally only the one whose spec name or
/// full name is `name`.
pub fn get_namespaces(ctx: &mut Ctx<'_>, request: GetNamespacesRequest) -> Result<GetNamespacesResponse, Status> {
    ctx.caller.require_read()?;
    let (state, caller) = (&*ctx.state, ctx.caller);
    let named = |ns: &Namespace| {
        request.name.is_empty()
            || ns.namespace == request.name
            || ns.spec.as_ref().is_some_and(|s| s.name == request.name)
    };
    let items = state
        .namespaces
        .iter()
        .filter(|(id, ns)| caller.sees_namespace(id) && named(ns));
    let (namespaces, next_page_token) = page::page(items, request.page_size, &request.page_token)?;
    Ok(GetNamespacesResponse {
        namespaces: namespaces.iter().map(|ns| view(state, ns)).collect(),
        next_page_token,
    })
}

/// GetNamespace.
pub fn get_namespace(ctx: &mut Ctx<'_>, request: GetNamespaceRequest) -> Result<GetNamespaceResponse, Status> {
    let ns = ctx.readable_namespace(&request.namespace)?;
    Ok(GetNamespaceResponse {
        namespace: Some(view(ctx.state, ns)),
    })
}

/// CreateNamespace: ACTIVATING until the operation completes; replicas start ADDING.
pub fn create_namespace(ctx: &mut Ctx<'_>, request: CreateNamespaceRequest) -> Result<CreateNamespaceResponse, Status> {
    ctx.caller.require_developer()?;
    if !request.tags.is_empty() {
        // "This field can be set by global admins or account owners only."
        ctx.caller.require_admin()?;
    }
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let mut spec = request.spec.clone().unwrap_or_default();
        check_name(&spec.name)?;
        let id = format!("{}.{}", spec.name, ctx.state.account.id);
        if ctx.state.namespaces.contains_key(&id) {
            return Err(Status::already_exists(format!("namespace {id:?} already exists")));
        }
        let regions = check_spec(ctx.state, &mut spec, None)?;
        check_tags("tags", request.tags.keys())?;
        let mut ns = Namespace {
            namespace: id.clone(),
            created_time: Some(ctx.now),
            tags: request.tags.clone(),
            ..Default::default()
        };
        regions::request_capacity(&mut ns, spec.capacity_spec, ctx.now);
        ns.spec = Some(spec);
        regions::place(&mut ns, &regions)?;
        ns.endpoints = Some(endpoints(&ns));
        ctx.state.namespaces.insert(id.clone(), ns);
        if ctx.caller.role == Role::Developer {
            grant_admin(ctx.state, ctx.caller, &id, ctx.now);
        }
        Ok(Applied::created(ResourceKind::Namespace, &id))
    })?;
    Ok(CreateNamespaceResponse {
        namespace: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// UpdateNamespace: replaces the spec; replicas follow `spec.replicas`.
pub fn update_namespace(ctx: &mut Ctx<'_>, request: UpdateNamespaceRequest) -> Result<UpdateNamespaceResponse, Status> {
    let (name, op_id) = (&request.namespace, &request.async_operation_id);
    let operation = change(ctx, &request, name, op_id, Change::Update, |ctx, mut ns| {
        validate::can_change(&ns, &request.resource_version)?;
        let mut spec = request.spec.clone().unwrap_or_default();
        let old = ns.spec.clone().unwrap_or_default();
        if spec.name != old.name {
            let problem = format!("is immutable (it is {:?})", old.name);
            return Err(validate::invalid("spec.name", problem));
        }
        let regions = check_spec(ctx.state, &mut spec, Some(&ns))?;
        if spec.capacity_spec != old.capacity_spec {
            regions::request_capacity(&mut ns, spec.capacity_spec, ctx.now);
        }
        ns.spec = Some(spec);
        regions::place(&mut ns, &regions)?;
        ns.endpoints = Some(endpoints(&ns));
        Ok(ns)
    })?;
    Ok(UpdateNamespaceResponse {
        async_operation: Some(operation),
    })
}

/// RenameCustomSearchAttribute: the existing attribute keeps its type under the new name.
pub fn rename_custom_search_attribute(
    ctx: &mut Ctx<'_>,
    request: RenameCustomSearchAttributeRequest,
) -> Result<RenameCustomSearchAttributeResponse, Status> {
    let (name, op_id) = (&request.namespace, &request.async_operation_id);
    let operation = change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::can_change(&ns, &request.resource_version)?;
        let from = &request.existing_custom_search_attribute_name;
        let to = &request.new_custom_search_attribute_name;
        validate::required("existing_custom_search_attribute_name", from)?;
        check_attribute_name("new_custom_search_attribute_name", to)?;
        let attributes = &mut ns.spec.get_or_insert_default().search_attributes;
        let missing = || format!("the namespace has no search attribute {from:?}");
        let field = "existing_custom_search_attribute_name";
        if attributes.contains_key(to) {
            return Err(Status::already_exists(format!("search attribute {to:?} exists")));
        }
        let kind = attributes
            .remove(from)
            .ok_or_else(|| validate::invalid(field, missing()))?;
        attributes.insert(to.clone(), kind);
        let spec = ns.spec.get_or_insert_default();
        spec.custom_search_attributes = deprecated_attributes(&spec.search_attributes);
        Ok(ns)
    })?;
    Ok(RenameCustomSearchAttributeResponse {
        async_operation: Some(operation),
    })
}

/// DeleteNamespace: DELETING until the operation completes, then gone with its export sinks.
pub fn delete_namespace(ctx: &mut Ctx<'_>, request: DeleteNamespaceRequest) -> Result<DeleteNamespaceResponse, Status> {
    let (name, op_id) = (&request.namespace, &request.async_operation_id);
    let operation = change(ctx, &request, name, op_id, Change::Delete, |_, ns| {
        validate::can_change(&ns, &request.resource_version)?;
        let lifecycle = ns.spec.as_ref().and_then(|s| s.lifecycle).unwrap_or_default();
        if lifecycle.enable_delete_protection {
            let problem = "delete protection is on (spec.lifecycle.enable_delete_protection): turn it off first";
            return Err(Status::failed_precondition(problem));
        }
        Ok(ns)
    })?;
    Ok(DeleteNamespaceResponse {
        async_operation: Some(operation),
    })
}

/// UpdateNamespaceTags: upserts and removes tags (account owners and global admins only, as for
/// CreateNamespace's tags). Removing an absent key is silently ignored.
pub fn update_namespace_tags(
    ctx: &mut Ctx<'_>,
    request: UpdateNamespaceTagsRequest,
) -> Result<UpdateNamespaceTagsResponse, Status> {
    ctx.caller.require_admin()?;
    let (name, op_id) = (&request.namespace, &request.async_operation_id);
    let (upsert, remove) = (&request.tags_to_upsert, &request.tags_to_remove);
    let operation = change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        if upsert.is_empty() && remove.is_empty() {
            let problem = "at least one of tags_to_upsert or tags_to_remove must be specified";
            return Err(validate::invalid("tags_to_upsert", problem));
        }
        check_tags("tags_to_upsert", upsert.keys())?;
        if let Some(key) = remove.iter().find(|k| upsert.contains_key(*k)) {
            let problem = format!("{key:?} is also in tags_to_upsert");
            return Err(validate::invalid("tags_to_remove", problem));
        }
        validate::not_busy(&ns)?;
        ns.tags.extend(upsert.clone());
        ns.tags.retain(|key, _| !remove.contains(key));
        Ok(ns)
    })?;
    Ok(UpdateNamespaceTagsResponse {
        async_operation: Some(operation),
    })
}

/// Runs a change of namespace `name` as an async operation moving it through `change`: namespace
/// admin required, NOT_FOUND if absent; `f` gets the namespace (progress caught up) and returns its
/// new value, stored only if `f` succeeds.
pub(crate) fn change<R: prost::Message + prost::Name>(
    ctx: &mut Ctx<'_>,
    request: &R,
    name: &str,
    op_id: &str,
    change: Change,
    f: impl FnOnce(&Ctx<'_>, Namespace) -> Result<Namespace, Status>,
) -> Result<AsyncOperation, Status> {
    validate::required("namespace", name)?;
    ctx.caller.require_namespace(name, Permission::Admin)?;
    let done = ctx.mutate(request, op_id, |ctx| {
        let finished = finish_time(ctx.state, name);
        let mut ns = validate::require::<Namespace>(ctx.state, name)?.clone();
        regions::catch_up(&mut ns, finished);
        let ns = f(ctx, ns)?;
        ctx.state.namespaces.insert(name.to_string(), ns);
        Ok(Applied::target(ResourceKind::Namespace, name, change))
    })?;
    Ok(done.operation)
}

/// The namespace as clients see it: progress caught up, its connectivity rules filled in.
pub(crate) fn view(state: &State, ns: &Namespace) -> Namespace {
    let mut ns = ns.clone();
    let finished = finish_time(state, &ns.namespace);
    regions::catch_up(&mut ns, finished);
    let ids = ns
        .spec
        .as_ref()
        .map(|s| s.connectivity_rule_ids.as_slice())
        .unwrap_or_default();
    ns.connectivity_rules = ids
        .iter()
        .filter_map(|id| state.connectivity_rules.get(id).cloned())
        .collect();
    ns
}

/// When the operation that last changed namespace `name` completes.
fn finish_time(state: &State, name: &str) -> Option<crate::wkt::Timestamp> {
    let ns = state.namespaces.get(name)?;
    state.operations.get(&ns.async_operation_id).map(|op| op.finish)
}

/// The namespace's endpoints: web UI, the mTLS endpoint when mTLS is enabled, the regional API-key
/// endpoint of the active region when API keys are enabled.
pub(crate) fn endpoints(ns: &Namespace) -> Endpoints {
    let spec = ns.spec.clone().unwrap_or_default();
    let mtls = spec
        .mtls_auth
        .is_some_and(|m| m.enabled || !m.accepted_client_ca_deprecated.is_empty());
    let api_keys = spec.api_key_auth.is_some_and(|a| a.enabled);
    let region = regions::region(&ns.active_region).filter(|_| api_keys);
    Endpoints {
        web_address: format!("https://cloud.temporal.io/namespaces/{}", ns.namespace),
        mtls_grpc_address: if mtls {
            format!("{}.tmprl.cloud:7233", ns.namespace)
        } else {
            String::new()
        },
        grpc_address: region.map_or_else(String::new, |r| {
            let (region, provider) = (&r.cloud_provider_region, &r.cloud_provider_deprecated);
            format!("{region}.{provider}.api.temporal.io:7233")
        }),
    }
}

/// Gives the creating developer PERMISSION_ADMIN on the namespace they created.
fn grant_admin(state: &mut State, caller: &Caller, namespace: &str, now: crate::wkt::Timestamp) {
    let version = state.next_version();
    let add = |access: &mut Option<Access>| {
        let grant = NamespaceAccess {
            permission: Permission::Admin as i32,
            ..Default::default()
        };
        access
            .get_or_insert_default()
            .namespace_accesses
            .insert(namespace.into(), grant);
    };
    if let Some(user) = state.users.get_mut(caller.id()) {
        add(&mut user.spec.get_or_insert_default().access);
        user.resource_version = version;
        user.last_modified_time = Some(now);
    } else if let Some(sa) = state.service_accounts.get_mut(caller.id()) {
        add(&mut sa.spec.get_or_insert_default().access);
        sa.resource_version = version;
        sa.last_modified_time = Some(now);
    }
}

/// "2–39 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a
/// hyphen" (Temporal Cloud's namespace naming rule).
fn check_name(name: &str) -> Result<(), Status> {
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
/// namespace being updated.
fn check_spec(state: &State, spec: &mut NamespaceSpec, old: Option<&Namespace>) -> Result<Vec<String>, Status> {
    if !(1..=90).contains(&spec.retention_days) {
        let problem = format!("must be 1 to 90 days, got {}", spec.retention_days);
        return Err(validate::invalid("spec.retention_days", problem));
    }
    let current = old.map(regions::current);
    let regions = regions::requested(&spec.replicas, &spec.regions, current.as_deref())?;
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
    spec.search_attributes = check_attributes(spec)?;
    spec.custom_search_attributes = deprecated_attributes(&spec.search_attributes);
    let previous = old.and_then(|ns| ns.spec.as_ref()).map(|s| &s.search_attributes);
    for (name, kind) in previous.into_iter().flatten() {
        if spec.search_attributes.get(name) != Some(kind) {
            let problem = format!("{name:?} cannot be removed or change type (rename it instead)");
            return Err(validate::invalid("spec.search_attributes", problem));
        }
    }
    connectivity::check_namespace_rules(state, &spec.connectivity_rule_ids, &regions)?;
    regions::check_capacity(spec.capacity_spec.as_ref())?;
    Ok(regions)
}

/// The spec's search attributes: `search_attributes`, or the deprecated string-typed map when
/// that is all the client sent ("text, keyword, int, double, bool, datetime, keyword_list").
fn check_attributes(spec: &NamespaceSpec) -> Result<HashMap<String, i32>, Status> {
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
    Ok(out)
}

/// The deprecated map's view of `attributes` ("text", "keyword_list", …).
fn deprecated_attributes(attributes: &HashMap<String, i32>) -> HashMap<String, String> {
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
fn check_attribute_name(field: &str, name: &str) -> Result<(), Status> {
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
fn check_tags<'a>(field: &str, mut keys: impl Iterator<Item = &'a String>) -> Result<(), Status> {
    if keys.any(|k| k.trim().is_empty()) {
        return Err(validate::invalid(field, "tag keys must not be empty"));
    }
    Ok(())
}
