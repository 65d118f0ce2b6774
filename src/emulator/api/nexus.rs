//! Nexus endpoints: list (filter by target namespace, target task queue, name, project), get,
//! create (in a project, the default one unless `project_id` names another; name unique and
//! well-formed, target and allowed caller namespaces must exist), update (full spec replace) and
//! delete. Account developers, admins and owners manage them, and the admins of their project.

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::projects::{self, DEFAULT_PROJECT_ID};
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateNexusEndpointRequest, CreateNexusEndpointResponse, DeleteNexusEndpointRequest, DeleteNexusEndpointResponse,
    GetNexusEndpointRequest, GetNexusEndpointResponse, GetNexusEndpointsRequest, GetNexusEndpointsResponse,
    UpdateNexusEndpointRequest, UpdateNexusEndpointResponse,
};
use crate::pb::temporal::api::cloud::nexus::v1::endpoint_policy_spec::Variant as PolicyVariant;
use crate::pb::temporal::api::cloud::nexus::v1::endpoint_target_spec::Variant as TargetVariant;
use crate::pb::temporal::api::cloud::nexus::v1::{Endpoint, EndpointSpec, WorkerTargetSpec};
use crate::pb::temporal::api::cloud::project::v1::Project;

/// Longest endpoint name accepted.
const MAX_NAME_LEN: usize = 200;

/// GetNexusEndpoints: every endpoint in id order, filters ANDed.
pub fn get_nexus_endpoints(
    ctx: &mut Ctx<'_>,
    request: GetNexusEndpointsRequest,
) -> Result<GetNexusEndpointsResponse, Status> {
    ctx.caller.require_read()?;
    if !request.project_id.is_empty() {
        validate::require::<Project>(ctx.state, &request.project_id)?;
    }
    let matches = |endpoint: &Endpoint| {
        let spec = endpoint.spec.clone().unwrap_or_default();
        let target = worker_target(&spec).cloned().unwrap_or_default();
        (request.name.is_empty() || spec.name == request.name)
            && (request.project_id.is_empty() || projects::effective(&endpoint.project_id) == request.project_id)
            && (request.target_namespace_id.is_empty() || target.namespace_id == request.target_namespace_id)
            && (request.target_task_queue.is_empty() || target.task_queue == request.target_task_queue)
    };
    let endpoints = ctx.state.nexus_endpoints.iter().filter(|(_, e)| matches(e));
    let (endpoints, next_page_token) = page::page(endpoints, request.page_size, &request.page_token)?;
    Ok(GetNexusEndpointsResponse {
        endpoints,
        next_page_token,
    })
}

/// GetNexusEndpoint.
pub fn get_nexus_endpoint(
    ctx: &mut Ctx<'_>,
    request: GetNexusEndpointRequest,
) -> Result<GetNexusEndpointResponse, Status> {
    ctx.caller.require_read()?;
    let endpoint = validate::require::<Endpoint>(ctx.state, &request.endpoint_id)?;
    Ok(GetNexusEndpointResponse {
        endpoint: Some(endpoint.clone()),
    })
}

/// CreateNexusEndpoint: ACTIVATING until the operation completes. It goes into project
/// `project_id` (the default project if empty).
pub fn create_nexus_endpoint(
    ctx: &mut Ctx<'_>,
    request: CreateNexusEndpointRequest,
) -> Result<CreateNexusEndpointResponse, Status> {
    ctx.caller
        .require_project_developer(projects::effective(&request.project_id))?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let project_id = validate::project(ctx.state, "project_id", &request.project_id)?;
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(ctx, &spec, None)?;
        Ok(ctx.create(|id, now| Endpoint {
            id,
            spec: Some(spec),
            created_time: Some(now),
            project_id,
            ..Default::default()
        }))
    })?;
    Ok(CreateNexusEndpointResponse {
        endpoint_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// UpdateNexusEndpoint: replaces the spec.
pub fn update_nexus_endpoint(
    ctx: &mut Ctx<'_>,
    request: UpdateNexusEndpointRequest,
) -> Result<UpdateNexusEndpointResponse, Status> {
    authorize_existing(ctx, &request.endpoint_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        validate::changeable::<Endpoint>(ctx.state, &request.endpoint_id, &request.resource_version)?;
        check_spec(ctx, &spec, Some(&request.endpoint_id))?;
        validate::require_mut::<Endpoint>(ctx.state, &request.endpoint_id)?.spec = Some(spec);
        Ok(Applied::target(
            ResourceKind::NexusEndpoint,
            &request.endpoint_id,
            Change::Update,
        ))
    })?;
    Ok(UpdateNexusEndpointResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteNexusEndpoint: DELETING until the operation completes, then gone.
pub fn delete_nexus_endpoint(
    ctx: &mut Ctx<'_>,
    request: DeleteNexusEndpointRequest,
) -> Result<DeleteNexusEndpointResponse, Status> {
    authorize_existing(ctx, &request.endpoint_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::changeable::<Endpoint>(ctx.state, &request.endpoint_id, &request.resource_version)?;
        Ok(Applied::target(
            ResourceKind::NexusEndpoint,
            &request.endpoint_id,
            Change::Delete,
        ))
    })?;
    Ok(DeleteNexusEndpointResponse {
        async_operation: Some(done.operation),
    })
}

/// Who may change the stored endpoint `id`: those who create endpoints in its project (the default
/// project if it does not exist).
fn authorize_existing(ctx: &Ctx<'_>, id: &str) -> Result<(), Status> {
    let endpoint = ctx.state.nexus_endpoints.get(id);
    let project = endpoint.map_or(DEFAULT_PROJECT_ID, |e| projects::effective(&e.project_id));
    ctx.caller.require_project_developer(project)
}

fn worker_target(spec: &EndpointSpec) -> Option<&WorkerTargetSpec> {
    match spec.target_spec.as_ref()?.variant.as_ref()? {
        TargetVariant::WorkerTargetSpec(target) => Some(target),
    }
}

/// `^[a-zA-Z][a-zA-Z0-9\-]*[a-zA-Z0-9]$` (EndpointSpec.name), at most [`MAX_NAME_LEN`] characters.
fn valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    bytes.len() >= 2
        && bytes.len() <= MAX_NAME_LEN
        && first.is_ascii_alphabetic()
        && last.is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// Name well-formed and unique in the account (other than `self_id`); a worker target in an
/// existing namespace with a task queue; every allowed caller namespace existing.
fn check_spec(ctx: &Ctx<'_>, spec: &EndpointSpec, self_id: Option<&str>) -> Result<(), Status> {
    validate::required("spec.name", &spec.name)?;
    if !valid_name(&spec.name) {
        return Err(validate::invalid(
            "spec.name",
            format!(
                "{:?} must start with a letter, end with a letter or digit, contain only letters, digits and \
                 hyphens, and be 2 to {MAX_NAME_LEN} characters long",
                spec.name
            ),
        ));
    }
    let taken = ctx
        .state
        .nexus_endpoints
        .values()
        .any(|e| Some(e.id.as_str()) != self_id && e.spec.as_ref().is_some_and(|s| s.name == spec.name));
    if taken {
        return Err(Status::already_exists(format!(
            "a Nexus endpoint named {:?} already exists",
            spec.name
        )));
    }
    let target = worker_target(spec).ok_or_else(|| {
        validate::invalid(
            "spec.target_spec.worker_target_spec",
            "is required (the namespace and task queue to route requests to)",
        )
    })?;
    validate::required("spec.target_spec.worker_target_spec.namespace_id", &target.namespace_id)?;
    if !ctx.state.namespaces.contains_key(&target.namespace_id) {
        return Err(validate::invalid(
            "spec.target_spec.worker_target_spec.namespace_id",
            format!("namespace {:?} does not exist in this account", target.namespace_id),
        ));
    }
    validate::required("spec.target_spec.worker_target_spec.task_queue", &target.task_queue)?;
    for (i, policy) in spec.policy_specs.iter().enumerate() {
        let field = format!("spec.policy_specs[{i}].allowed_cloud_namespace_policy_spec.namespace_id");
        let Some(PolicyVariant::AllowedCloudNamespacePolicySpec(allowed)) = &policy.variant else {
            return Err(validate::invalid(
                &format!("spec.policy_specs[{i}]"),
                "allowed_cloud_namespace_policy_spec is required",
            ));
        };
        validate::required(&field, &allowed.namespace_id)?;
        if !ctx.state.namespaces.contains_key(&allowed.namespace_id) {
            return Err(validate::invalid(
                &field,
                format!("namespace {:?} does not exist in this account", allowed.namespace_id),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["ab", "payments-to-orders", "A1", "x".repeat(200).as_str()] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "1ab",
            "-ab",
            "ab-",
            "a_b",
            "a.b",
            "a b",
            "é1",
            "x".repeat(201).as_str(),
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
