//! The namespace family, keyed `<spec.name>.<account id>`. This file holds its RPCs and how one
//! namespace is changed (`change`: an async operation on the namespace with its progress caught up)
//! and shown (`view`): create (in a project, the default one unless `project_id` names another;
//! endpoints, replicas, capacity; a developer who creates one becomes its admin), list (filter by
//! name and project) and get, full-spec update (name and deprecated regions
//! immutable, search attributes never dropped), delete (refused under delete protection), custom
//! search attribute rename, tags, the replica RPCs (failover, add and remove a region) and
//! capacity info. Their rules live beside it: the spec in `spec.rs`, replica placement in
//! `replicas.rs`, capacity in `capacity.rs`. The region catalogue is `api/regions.rs`.

#![allow(deprecated)] // the deprecated mTLS CA field and the region's provider name are still read

mod capacity;
mod replicas;
mod spec;

use tonic::Status;

use crate::emulator::api::regions;
use crate::emulator::auth::Caller;
use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::state::State;
use crate::emulator::{page, projects, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    AddNamespaceRegionRequest, AddNamespaceRegionResponse, CreateNamespaceRequest, CreateNamespaceResponse,
    DeleteNamespaceRegionRequest, DeleteNamespaceRegionResponse, DeleteNamespaceRequest, DeleteNamespaceResponse,
    FailoverNamespaceRegionRequest, FailoverNamespaceRegionResponse, GetNamespaceCapacityInfoRequest,
    GetNamespaceCapacityInfoResponse, GetNamespaceRequest, GetNamespaceResponse, GetNamespacesRequest,
    GetNamespacesResponse, RenameCustomSearchAttributeRequest, RenameCustomSearchAttributeResponse,
    UpdateNamespaceRequest, UpdateNamespaceResponse, UpdateNamespaceTagsRequest, UpdateNamespaceTagsResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::{Access, NamespaceAccess};
use crate::pb::temporal::api::cloud::namespace::v1::{Endpoints, Namespace};
use crate::pb::temporal::api::cloud::operation::v1::AsyncOperation;
use crate::pb::temporal::api::cloud::project::v1::Project;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use spec::{check_attribute_name, check_name, check_spec, check_tags, normal_form};

/// GetNamespaces: every namespace the caller can see, optionally only the one whose spec name or
/// full name is `name`, and only those of project `project_id` (which must exist).
pub fn get_namespaces(ctx: &mut Ctx<'_>, request: GetNamespacesRequest) -> Result<GetNamespacesResponse, Status> {
    ctx.caller.require_read()?;
    if !request.project_id.is_empty() {
        validate::require::<Project>(ctx.state, &request.project_id)?;
    }
    let (state, caller) = (&*ctx.state, ctx.caller);
    let named = |ns: &Namespace| {
        request.name.is_empty()
            || ns.namespace == request.name
            || ns.spec.as_ref().is_some_and(|s| s.name == request.name)
    };
    let in_project =
        |ns: &Namespace| request.project_id.is_empty() || projects::effective(&ns.project_id) == request.project_id;
    let items = state
        .namespaces
        .iter()
        .filter(|(id, ns)| caller.sees_namespace(id) && named(ns) && in_project(ns));
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

/// CreateNamespace: ACTIVATING until the operation completes; replicas start ADDING. It goes into
/// project `project_id` ("If not set, the namespace will be created in the account's default
/// project"), where the caller must be able to create namespaces.
pub fn create_namespace(ctx: &mut Ctx<'_>, request: CreateNamespaceRequest) -> Result<CreateNamespaceResponse, Status> {
    ctx.caller
        .require_project_developer(projects::effective(&request.project_id))?;
    if !request.tags.is_empty() {
        // "This field can be set by global admins or account owners only."
        ctx.caller.require_admin()?;
    }
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let project = validate::project(ctx.state, "project_id", &request.project_id)?;
        let mut spec = request.spec.clone().unwrap_or_default();
        check_name(&spec.name)?;
        let id = format!("{}.{}", spec.name, ctx.state.account.id);
        if ctx.state.namespaces.contains_key(&id) {
            return Err(Status::already_exists(format!("namespace {id:?} already exists")));
        }
        let regions = check_spec(ctx.state, &mut spec, None, &project)?;
        check_tags("tags", request.tags.keys())?;
        let mut ns = Namespace {
            namespace: id.clone(),
            created_time: Some(ctx.now),
            tags: request.tags.clone(),
            project_id: project,
            ..Default::default()
        };
        capacity::request(&mut ns, spec.capacity_spec, ctx.now);
        ns.spec = Some(spec);
        replicas::place(&mut ns, &regions)?;
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
        let project = projects::effective(&ns.project_id).to_string();
        let regions = check_spec(ctx.state, &mut spec, Some(&ns), &project)?;
        if spec.capacity_spec != old.capacity_spec {
            capacity::request(&mut ns, spec.capacity_spec, ctx.now);
        }
        ns.spec = Some(spec);
        replicas::place(&mut ns, &regions)?;
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
        normal_form(ns.spec.get_or_insert_default());
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

/// FailoverNamespaceRegion: makes the replica in `region` the primary (this request carries no
/// resource_version; the namespace must not be busy).
pub fn failover_namespace_region(
    ctx: &mut Ctx<'_>,
    request: FailoverNamespaceRegionRequest,
) -> Result<FailoverNamespaceRegionResponse, Status> {
    let (name, op_id, region) = (&request.namespace, &request.async_operation_id, &request.region);
    let operation = change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::not_busy(&ns)?;
        replicas::fail_over(&mut ns, region)?;
        ns.endpoints = Some(endpoints(&ns));
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
    let operation = change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::can_change(&ns, &request.resource_version)?;
        replicas::add(&mut ns, region)?;
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
    let operation = change(ctx, &request, name, op_id, Change::Update, |_, mut ns| {
        validate::can_change(&ns, &request.resource_version)?;
        replicas::remove(&mut ns, region)?;
        Ok(ns)
    })?;
    Ok(DeleteNamespaceRegionResponse {
        async_operation: Some(operation),
    })
}

/// GetNamespaceCapacityInfo: the current capacity, the mode options and (generated, stable) APS stats.
pub fn get_namespace_capacity_info(
    ctx: &mut Ctx<'_>,
    request: GetNamespaceCapacityInfoRequest,
) -> Result<GetNamespaceCapacityInfoResponse, Status> {
    let ns = view(ctx.state, ctx.readable_namespace(&request.namespace)?);
    Ok(GetNamespaceCapacityInfoResponse {
        capacity_info: Some(capacity::info(ns)),
    })
}

/// Runs a change of namespace `name` as an async operation moving it through `change`: namespace
/// admin required, NOT_FOUND if absent; `f` gets the namespace (progress caught up) and returns its
/// new value, stored only if `f` succeeds.
fn change<R: prost::Message + prost::Name>(
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
        catch_up(&mut ns, finished);
        let ns = f(ctx, ns)?;
        ctx.state.namespaces.insert(name.to_string(), ns);
        Ok(Applied::target(ResourceKind::Namespace, name, change))
    })?;
    Ok(done.operation)
}

/// The namespace as clients see it: progress caught up, its connectivity rules and project filled
/// in, its spec in the normal form whatever path it took.
fn view(state: &State, ns: &Namespace) -> Namespace {
    let mut ns = ns.clone();
    ns.project_id = projects::effective(&ns.project_id).to_string();
    if let Some(spec) = &mut ns.spec {
        normal_form(spec);
    }
    let finished = finish_time(state, &ns.namespace);
    catch_up(&mut ns, finished);
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
fn finish_time(state: &State, name: &str) -> Option<Timestamp> {
    let ns = state.namespaces.get(name)?;
    state.operations.get(&ns.async_operation_id).map(|op| op.finish)
}

/// Brings a namespace in line with its operation, finished at `finished`: replicas and a capacity
/// request in progress follow its outcome once it has ended; limits follow the capacity.
fn catch_up(ns: &mut Namespace, finished: Option<Timestamp>) {
    let succeeded = match ns.state() {
        ResourceState::Activating | ResourceState::Updating => None,
        ResourceState::ActivationFailed | ResourceState::UpdateFailed => Some(false),
        _ => Some(true),
    };
    capacity::progress(ns, succeeded, finished);
    replicas::progress(ns, succeeded);
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
fn grant_admin(state: &mut State, caller: &Caller, namespace: &str, now: Timestamp) {
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
