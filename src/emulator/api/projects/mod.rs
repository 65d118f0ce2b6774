//! Projects: list (the projects the caller sees, optionally only `project_ids`), get, create
//! (account owners and admins; display name unique), update (full spec replace; project admins
//! too) and delete — refused for the default project, under delete protection
//! (`spec.lifecycle.enable_delete_protection`), and while namespaces, Nexus endpoints,
//! connectivity rules or project-scoped service accounts still belong to the project. Who has
//! access to a project is set by the RPCs in `access.rs` and listed by those in `assignments.rs`.

mod access;
mod assignments;

pub use access::{set_service_account_project_access, set_user_group_project_access, set_user_project_access};
pub use assignments::{
    get_service_account_project_assignments, get_user_group_project_assignments, get_user_project_assignments,
};

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::projects::{self, DEFAULT_PROJECT_ID};
use crate::emulator::state::State;
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateProjectRequest, CreateProjectResponse, DeleteProjectRequest, DeleteProjectResponse, GetProjectRequest,
    GetProjectResponse, GetProjectsRequest, GetProjectsResponse, UpdateProjectRequest, UpdateProjectResponse,
};
use crate::pb::temporal::api::cloud::project::v1::{Project, ProjectSpec};

/// Longest display name accepted.
const MAX_NAME_LEN: usize = 64;
/// Longest description accepted.
const MAX_DESCRIPTION_LEN: usize = 1000;

/// GetProjects: the projects the caller sees "in ascending ids order", only those in `project_ids`
/// when it is not empty (ids that match nothing are simply not returned).
pub fn get_projects(ctx: &mut Ctx<'_>, request: GetProjectsRequest) -> Result<GetProjectsResponse, Status> {
    ctx.caller.require_read()?;
    let caller = ctx.caller;
    let wanted = |id: &String| request.project_ids.is_empty() || request.project_ids.contains(id);
    let items = ctx
        .state
        .projects
        .iter()
        .filter(|(id, _)| caller.sees_project(id) && wanted(id));
    let (projects, next_page_token) = page::page(items, request.page_size, &request.page_token)?;
    Ok(GetProjectsResponse {
        projects,
        next_page_token,
    })
}

/// GetProject.
pub fn get_project(ctx: &mut Ctx<'_>, request: GetProjectRequest) -> Result<GetProjectResponse, Status> {
    let project = ctx.readable_project(&request.project_id)?;
    Ok(GetProjectResponse {
        project: Some(project.clone()),
    })
}

/// CreateProject: ACTIVATING until the operation completes.
pub fn create_project(ctx: &mut Ctx<'_>, request: CreateProjectRequest) -> Result<CreateProjectResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(ctx.state, &spec, None)?;
        Ok(ctx.create(|id, now| Project {
            id,
            spec: Some(spec),
            created_time: Some(now),
            ..Default::default()
        }))
    })?;
    Ok(CreateProjectResponse {
        project_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// UpdateProject: replaces the spec (account owners and admins, and the project's admins).
pub fn update_project(ctx: &mut Ctx<'_>, request: UpdateProjectRequest) -> Result<UpdateProjectResponse, Status> {
    validate::required("project_id", &request.project_id)?;
    ctx.caller.require_project_admin(&request.project_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        validate::changeable::<Project>(ctx.state, &request.project_id, &request.resource_version)?;
        check_spec(ctx.state, &spec, Some(&request.project_id))?;
        validate::require_mut::<Project>(ctx.state, &request.project_id)?.spec = Some(spec);
        Ok(Applied::target(
            ResourceKind::Project,
            &request.project_id,
            Change::Update,
        ))
    })?;
    Ok(UpdateProjectResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteProject: DELETING until the operation completes, then gone, and every grant on it with
/// it. Refused (FAILED_PRECONDITION) for the default project, under delete protection, and while
/// anything still belongs to the project.
pub fn delete_project(ctx: &mut Ctx<'_>, request: DeleteProjectRequest) -> Result<DeleteProjectResponse, Status> {
    ctx.caller.require_admin()?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let id = &request.project_id;
        let project = validate::changeable::<Project>(ctx.state, id, &request.resource_version)?;
        let protected = project
            .spec
            .as_ref()
            .and_then(|s| s.lifecycle)
            .is_some_and(|l| l.enable_delete_protection);
        if id == DEFAULT_PROJECT_ID {
            return Err(Status::failed_precondition(format!(
                "project {id:?} is the account's default project (where resources created without a project_id go) \
                 and cannot be deleted"
            )));
        }
        if protected {
            return Err(Status::failed_precondition(format!(
                "project {id:?} has delete protection on (spec.lifecycle.enable_delete_protection): turn it off with \
                 UpdateProject first"
            )));
        }
        if let Some(contents) = contents(ctx.state, id) {
            return Err(Status::failed_precondition(format!(
                "project {id:?} still holds {contents}: delete them first"
            )));
        }
        Ok(Applied::target(ResourceKind::Project, id, Change::Delete))
    })?;
    Ok(DeleteProjectResponse {
        async_operation: Some(done.operation),
    })
}

/// What still belongs to project `id`, described for an error message (None if nothing).
fn contents(state: &State, id: &str) -> Option<String> {
    let mine = |project_id: &str| projects::effective(project_id) == id;
    let namespaces = state.namespaces.values().filter(|ns| mine(&ns.project_id));
    let endpoints = state.nexus_endpoints.values().filter(|e| mine(&e.project_id));
    let rules = state.connectivity_rules.values().filter(|r| mine(&r.project_id));
    let accounts = state.service_accounts.values().filter(|a| {
        let scoped = a.spec.as_ref().and_then(|s| s.project_scoped_access.as_ref());
        scoped.is_some_and(|s| s.project_id == id)
    });
    let found: Vec<String> = (namespaces.map(|ns| format!("namespace {}", ns.namespace)))
        .chain(endpoints.map(|e| format!("Nexus endpoint {}", e.id)))
        .chain(rules.map(|r| format!("connectivity rule {}", r.id)))
        .chain(accounts.map(|a| format!("project-scoped service account {}", a.id)))
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

/// Display name required (at most [`MAX_NAME_LEN`] characters) and unique in the account, ignoring
/// case (other than `self_id`); description at most [`MAX_DESCRIPTION_LEN`] characters.
fn check_spec(state: &State, spec: &ProjectSpec, self_id: Option<&str>) -> Result<(), Status> {
    validate::required("spec.display_name", &spec.display_name)?;
    if spec.display_name.chars().count() > MAX_NAME_LEN {
        return Err(validate::invalid(
            "spec.display_name",
            format!("at most {MAX_NAME_LEN} characters"),
        ));
    }
    if spec.description.chars().count() > MAX_DESCRIPTION_LEN {
        return Err(validate::invalid(
            "spec.description",
            format!("at most {MAX_DESCRIPTION_LEN} characters"),
        ));
    }
    let taken = state.projects.values().any(|p| {
        Some(p.id.as_str()) != self_id
            && p.spec
                .as_ref()
                .is_some_and(|s| s.display_name.eq_ignore_ascii_case(&spec.display_name))
    });
    if taken {
        return Err(Status::already_exists(format!(
            "a project named {:?} already exists",
            spec.display_name
        )));
    }
    Ok(())
}
