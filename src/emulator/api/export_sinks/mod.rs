//! Namespace export sinks, keyed `<namespace>/<sink name>`: create, get, list, update (the sink is
//! named by `spec.name`, as in the HTTP binding `/export-sinks/{spec.name}`), delete, and validate
//! (checks a spec without storing anything). A sink writes to exactly one of S3 (AWS namespaces),
//! GCS (GCP namespaces) or Azure Blob storage (Azure namespaces), checked in `destination.rs`; an
//! enabled sink reports HEALTH_OK. Changes need namespace admin.

mod destination;

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::state::State;
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateNamespaceExportSinkRequest, CreateNamespaceExportSinkResponse, DeleteNamespaceExportSinkRequest,
    DeleteNamespaceExportSinkResponse, GetNamespaceExportSinkRequest, GetNamespaceExportSinkResponse,
    GetNamespaceExportSinksRequest, GetNamespaceExportSinksResponse, UpdateNamespaceExportSinkRequest,
    UpdateNamespaceExportSinkResponse, ValidateNamespaceExportSinkRequest, ValidateNamespaceExportSinkResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::namespace::v1::export_sink::Health;
use crate::pb::temporal::api::cloud::namespace::v1::{ExportSink, ExportSinkSpec, Namespace};
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::regions;

/// CreateNamespaceExportSink: ACTIVATING until the operation completes.
pub fn create_namespace_export_sink(
    ctx: &mut Ctx<'_>,
    request: CreateNamespaceExportSinkRequest,
) -> Result<CreateNamespaceExportSinkResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(namespace(ctx, &request.namespace)?, &spec)?;
        let id = key(&request.namespace, &spec.name);
        if ctx.state.export_sinks.contains_key(&id) {
            return Err(Status::already_exists(format!(
                "namespace {} already has an export sink named {:?}",
                request.namespace, spec.name
            )));
        }
        let mut sink = ExportSink {
            name: spec.name.clone(),
            ..Default::default()
        };
        configure(&mut sink, spec, ctx.now);
        ctx.state.export_sinks.insert(id.clone(), sink);
        let resource_id = id.clone();
        Ok(Applied {
            resource_id,
            ..Applied::target(ResourceKind::ExportSink, &id, Change::Create)
        })
    })?;
    Ok(CreateNamespaceExportSinkResponse {
        async_operation: Some(done.operation),
    })
}

/// GetNamespaceExportSink.
pub fn get_namespace_export_sink(
    ctx: &mut Ctx<'_>,
    request: GetNamespaceExportSinkRequest,
) -> Result<GetNamespaceExportSinkResponse, Status> {
    ctx.readable_namespace(&request.namespace)?;
    validate::required("name", &request.name)?;
    let sink = sink(ctx.state, &request.namespace, &request.name)?;
    Ok(GetNamespaceExportSinkResponse {
        sink: Some(sink.clone()),
    })
}

/// GetNamespaceExportSinks: the namespace's sinks in name order.
pub fn get_namespace_export_sinks(
    ctx: &mut Ctx<'_>,
    request: GetNamespaceExportSinksRequest,
) -> Result<GetNamespaceExportSinksResponse, Status> {
    ctx.readable_namespace(&request.namespace)?;
    let prefix = key(&request.namespace, "");
    let sinks = ctx
        .state
        .export_sinks
        .range(prefix.clone()..)
        .take_while(|(id, _)| id.starts_with(&prefix));
    let (sinks, next_page_token) = page::page(sinks, request.page_size, &request.page_token)?;
    Ok(GetNamespaceExportSinksResponse { sinks, next_page_token })
}

/// UpdateNamespaceExportSink: replaces the spec of the sink named `spec.name`.
pub fn update_namespace_export_sink(
    ctx: &mut Ctx<'_>,
    request: UpdateNamespaceExportSinkRequest,
) -> Result<UpdateNamespaceExportSinkResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        validate::required("spec.name", &spec.name)?;
        let ns = namespace(ctx, &request.namespace)?.clone();
        let id = key(&request.namespace, &spec.name);
        let sink = sink(ctx.state, &request.namespace, &spec.name)?;
        validate::can_change(sink, &request.resource_version)?;
        check_spec(&ns, &spec)?;
        configure(sink, spec, ctx.now);
        Ok(Applied::target(ResourceKind::ExportSink, &id, Change::Update))
    })?;
    Ok(UpdateNamespaceExportSinkResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteNamespaceExportSink: DELETING until the operation completes, then gone.
pub fn delete_namespace_export_sink(
    ctx: &mut Ctx<'_>,
    request: DeleteNamespaceExportSinkRequest,
) -> Result<DeleteNamespaceExportSinkResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::required("name", &request.name)?;
        namespace(ctx, &request.namespace)?;
        let id = key(&request.namespace, &request.name);
        let sink = sink(ctx.state, &request.namespace, &request.name)?;
        validate::can_change(sink, &request.resource_version)?;
        Ok(Applied::target(ResourceKind::ExportSink, &id, Change::Delete))
    })?;
    Ok(DeleteNamespaceExportSinkResponse {
        async_operation: Some(done.operation),
    })
}

/// ValidateNamespaceExportSink: checks the spec as Create would (the name may already exist);
/// stores nothing and starts no operation.
pub fn validate_namespace_export_sink(
    ctx: &mut Ctx<'_>,
    request: ValidateNamespaceExportSinkRequest,
) -> Result<ValidateNamespaceExportSinkResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    check_spec(namespace(ctx, &request.namespace)?, &request.spec.unwrap_or_default())?;
    Ok(ValidateNamespaceExportSinkResponse {})
}

/// The map key of sink `name` in `namespace`.
fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

/// The sink `name` of `namespace` (NOT_FOUND names the sink, not its key).
fn sink<'s>(state: &'s mut State, namespace: &str, name: &str) -> Result<&'s mut ExportSink, Status> {
    let sink = state.get_mut::<ExportSink>(&key(namespace, name));
    sink.ok_or_else(|| validate::missing::<ExportSink>(name))
}

/// The namespace a sink change applies to: it must exist and not be on its way out.
fn namespace<'s>(ctx: &'s Ctx<'_>, name: &str) -> Result<&'s Namespace, Status> {
    let ns = validate::require::<Namespace>(ctx.state, name)?;
    if ns.state == ResourceState::Deleting as i32 {
        return Err(Status::failed_precondition(format!(
            "namespace {name} is being deleted"
        )));
    }
    Ok(ns)
}

/// Stores `spec` on `sink` and derives its health: an enabled sink is checked and HEALTH_OK.
fn configure(sink: &mut ExportSink, spec: ExportSinkSpec, now: Timestamp) {
    sink.health = if spec.enabled { Health::Ok } else { Health::Unspecified } as i32;
    sink.last_health_check_time = spec.enabled.then_some(now);
    sink.error_message.clear();
    sink.spec = Some(spec);
}

/// A sink spec for `ns`: a name (letters, digits, `-`, `_`, at most 64) and exactly one destination
/// for the namespace's cloud provider (`destination.rs`).
fn check_spec(ns: &Namespace, spec: &ExportSinkSpec) -> Result<(), Status> {
    validate::required("spec.name", &spec.name)?;
    let name_ok = spec.name.len() <= 64
        && spec
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        return Err(validate::invalid(
            "spec.name",
            "at most 64 letters, digits, hyphens and underscores",
        ));
    }
    destination::check(regions::provider(&ns.active_region), spec)
}
