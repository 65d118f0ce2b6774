//! Emulator, projects (Cloud Ops API v0.18–v0.19.1), through the gRPC client. This file: the
//! project lifecycle (operations, resource versions, idempotent operation ids, validation), the
//! default project, delete protection and what else refuses a delete, and a state file from before
//! projects. Beside it: `project_id` on namespaces, Nexus endpoints and connectivity rules and the
//! list filters (`resources.rs`), project access (`access.rs`), what project roles allow
//! (`roles.rs`), project-scoped service accounts (`scoped.rs`), the assignment listings
//! (`assignments.rs`) and Azure (`azure.rs`).

mod access;
mod assignments;
mod azure;
mod resources;
mod roles;
mod scoped;

use crate::common;

use std::time::Duration;

use cloud_ops_gateway::emulator::projects::DEFAULT_PROJECT_ID;
use cloud_ops_gateway::emulator::{Emulator, EmulatorConfig, State, demo, persist};
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::OwnerType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{ProjectAccess, User};
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::{ApiKeyAuthSpec, NamespaceSpec, ReplicaSpec};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::project::v1::{LifecycleSpec, Project, ProjectSpec};
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{ADMIN_KEY, LATENCY, START, TestEmulator, admin, req};
use tonic::{Code, Status};

/// A project set up directly in the state by most tests.
const P1: &str = "proj-one";
/// Another one.
const P2: &str = "proj-two";

fn project_spec(name: &str) -> ProjectSpec {
    ProjectSpec {
        display_name: name.into(),
        description: "a project".into(),
        lifecycle: None,
    }
}

fn code<T>(result: Result<T, Status>) -> Code {
    result.err().map_or(Code::Ok, |s| s.code())
}

/// The error of `result`, asserted to have `code` and a message starting with `field`.
fn refused<T: std::fmt::Debug>(result: Result<T, Status>, code: Code, field: &str) -> Status {
    let status = result.expect_err(field);
    assert_eq!(status.code(), code, "{field}: {status:?}");
    assert!(status.message().starts_with(field), "{field}: {}", status.message());
    status
}

async fn create_project(
    emu: &mut TestEmulator,
    request: CreateProjectRequest,
) -> Result<CreateProjectResponse, Status> {
    Ok(emu.client.create_project(admin(request)).await?.into_inner())
}

async fn project_as(emu: &mut TestEmulator, key: &str, id: &str) -> Result<Project, Status> {
    let request = GetProjectRequest { project_id: id.into() };
    Ok(emu
        .client
        .get_project(req(key, request))
        .await?
        .into_inner()
        .project
        .unwrap())
}

async fn get_project(emu: &mut TestEmulator, id: &str) -> Result<Project, Status> {
    project_as(emu, ADMIN_KEY, id).await
}

async fn delete_project(emu: &mut TestEmulator, id: &str) -> Result<DeleteProjectResponse, Status> {
    let request = DeleteProjectRequest {
        project_id: id.into(),
        resource_version: get_project(emu, id).await?.resource_version,
        ..Default::default()
    };
    Ok(emu.client.delete_project(admin(request)).await?.into_inner())
}

/// Adds user `id` with account `role` and an API key `<id>-key`; returns the key.
fn user_with_key(s: &mut State, id: &str, role: Role) -> String {
    demo::add_user(s, id, &format!("{id}@example.com"), role, START);
    let key = format!("{id}-key");
    demo::add_api_key(s, id, OwnerType::User, &format!("{id}-key-id"), &key, START);
    key
}

/// Gives user `id` `role` on `project`, directly in the state.
fn grant_project(s: &mut State, id: &str, project: &str, role: ProjectRole) {
    let user = s.users.get_mut(id).unwrap();
    let access = user.spec.as_mut().unwrap().access.get_or_insert_default();
    access
        .project_accesses
        .insert(project.into(), ProjectAccess { role: role as i32 });
}

fn namespace_spec(name: &str, region: &str) -> NamespaceSpec {
    NamespaceSpec {
        name: name.into(),
        retention_days: 7,
        api_key_auth: Some(ApiKeyAuthSpec { enabled: true }),
        replicas: vec![ReplicaSpec { region: region.into() }],
        ..Default::default()
    }
}

/// CreateNamespace `name` (AWS us-east-1) in `project` as the owner of `key`; the namespace id.
async fn create_namespace(emu: &mut TestEmulator, key: &str, name: &str, project: &str) -> Result<String, Status> {
    let request = CreateNamespaceRequest {
        spec: Some(namespace_spec(name, "aws-us-east-1")),
        project_id: project.into(),
        ..Default::default()
    };
    Ok(emu
        .client
        .create_namespace(req(key, request))
        .await?
        .into_inner()
        .namespace)
}

async fn user(emu: &mut TestEmulator, id: &str) -> User {
    let request = GetUserRequest { user_id: id.into() };
    emu.client
        .get_user(admin(request))
        .await
        .unwrap()
        .into_inner()
        .user
        .unwrap()
}

fn two_projects(s: &mut State) {
    demo::add_project(s, P1, "Project one", false, START);
    demo::add_project(s, P2, "Project two", false, START);
}

#[tokio::test]
async fn project_lifecycle_with_operations_versions_and_idempotent_retries() {
    let mut emu = TestEmulator::start().await;
    let request = CreateProjectRequest {
        spec: Some(project_spec("Payments")),
        async_operation_id: "create-payments".into(),
    };
    let created = create_project(&mut emu, request.clone()).await.unwrap();
    let op = created.async_operation.clone().unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateProject")
    );
    assert_eq!(op.id, "create-payments");
    let id = created.project_id.clone();
    let project = get_project(&mut emu, &id).await.unwrap();
    assert_eq!(project.state, ResourceState::Activating as i32);
    assert_eq!(project.async_operation_id, "create-payments");
    assert_eq!(project.created_time, Some(START));

    // The same operation id and request: the same operation and project, nothing new.
    let again = create_project(&mut emu, request.clone()).await.unwrap();
    assert_eq!(again.project_id, id);
    assert_eq!(
        emu.emulator.with_state(|s| s.projects.len()),
        2,
        "the default project and this one"
    );
    let other = CreateProjectRequest {
        spec: Some(project_spec("Orders")),
        ..request
    };
    assert_eq!(code(create_project(&mut emu, other).await), Code::AlreadyExists);

    emu.clock.advance(LATENCY / 2 + Duration::from_millis(1));
    let status = |op_id: &str| GetAsyncOperationRequest {
        async_operation_id: op_id.into(),
    };
    let progress = emu.client.get_async_operation(admin(status("create-payments"))).await;
    assert_eq!(
        progress.unwrap().into_inner().async_operation.unwrap().state,
        OpState::InProgress as i32
    );
    emu.finish_operations();
    let done = emu.client.get_async_operation(admin(status("create-payments"))).await;
    assert_eq!(
        done.unwrap().into_inner().async_operation.unwrap().state,
        OpState::Fulfilled as i32
    );
    let project = get_project(&mut emu, &id).await.unwrap();
    assert_eq!(project.state, ResourceState::Active as i32);

    let update = |version: &str, name: &str| UpdateProjectRequest {
        project_id: id.clone(),
        spec: Some(project_spec(name)),
        resource_version: version.into(),
        ..Default::default()
    };
    let missing = emu.client.update_project(admin(update("", "Payments 2"))).await;
    refused(missing, Code::InvalidArgument, "resource_version");
    let stale = emu.client.update_project(admin(update("0", "Payments 2"))).await;
    assert_eq!(code(stale), Code::Aborted);
    let current = project.resource_version.clone();
    emu.client
        .update_project(admin(update(&current, "Payments 2")))
        .await
        .unwrap();
    let updating = get_project(&mut emu, &id).await.unwrap();
    assert_eq!(updating.state, ResourceState::Updating as i32);
    assert_ne!(updating.resource_version, current);
    let busy = emu
        .client
        .update_project(admin(update(&updating.resource_version, "Payments 3")))
        .await;
    assert_eq!(code(busy), Code::FailedPrecondition);
    emu.finish_operations();
    let updated = get_project(&mut emu, &id).await.unwrap();
    assert_eq!(updated.state, ResourceState::Active as i32);
    assert_eq!(updated.spec.unwrap().display_name, "Payments 2");
    assert!(updated.last_modified_time.is_some());

    let all = |project_ids: Vec<String>| GetProjectsRequest {
        project_ids,
        ..Default::default()
    };
    let listed = emu.client.get_projects(admin(all(vec![]))).await.unwrap().into_inner();
    let mut expected = vec![DEFAULT_PROJECT_ID.to_string(), id.clone()];
    expected.sort();
    let ids: Vec<String> = listed.projects.iter().map(|p| p.id.clone()).collect();
    assert_eq!(ids, expected, "ascending id order");
    let filtered = emu
        .client
        .get_projects(admin(all(vec![id.clone(), "nope".into()])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(filtered.projects.len(), 1);
    assert_eq!(filtered.projects[0].id, id);
    let page = GetProjectsRequest {
        page_size: 1,
        ..Default::default()
    };
    let first = emu.client.get_projects(admin(page.clone())).await.unwrap().into_inner();
    assert_eq!(first.projects.len(), 1);
    let second = GetProjectsRequest {
        page_token: first.next_page_token,
        ..page
    };
    let second = emu.client.get_projects(admin(second)).await.unwrap().into_inner();
    assert_eq!(first.projects[0].id, expected[0]);
    assert_eq!(second.projects[0].id, expected[1]);
    assert!(second.next_page_token.is_empty());

    let deleted = delete_project(&mut emu, &id).await.unwrap();
    assert_eq!(deleted.async_operation.unwrap().operation_type, "DeleteProject");
    assert_eq!(
        get_project(&mut emu, &id).await.unwrap().state,
        ResourceState::Deleting as i32
    );
    emu.finish_operations();
    refused(get_project(&mut emu, &id).await, Code::NotFound, "project");
}

#[tokio::test]
async fn project_specs_are_validated_and_failed_calls_change_nothing() {
    let mut emu = TestEmulator::start().await;
    let create = |spec: ProjectSpec| CreateProjectRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let long = ProjectSpec {
        description: "x".repeat(1001),
        ..project_spec("Long")
    };
    let cases = [
        (project_spec(""), "spec.display_name"),
        (project_spec("  "), "spec.display_name"),
        (project_spec(&"n".repeat(65)), "spec.display_name"),
        (long, "spec.description"),
    ];
    for (spec, field) in cases {
        refused(
            create_project(&mut emu, create(spec)).await,
            Code::InvalidArgument,
            field,
        );
    }
    create_project(&mut emu, create(project_spec("Data"))).await.unwrap();
    let duplicate = create_project(&mut emu, create(project_spec("DATA"))).await;
    assert_eq!(
        code(duplicate),
        Code::AlreadyExists,
        "display names are unique, ignoring case"
    );
    assert_eq!(emu.emulator.with_state(|s| s.projects.len()), 2);

    emu.emulator.with_state(|s| {
        user_with_key(s, "reader", Role::Read);
        user_with_key(s, "dev", Role::Developer);
    });
    for key in ["reader-key", "dev-key"] {
        let denied = emu.client.create_project(req(key, create(project_spec("Mine")))).await;
        assert_eq!(code(denied), Code::PermissionDenied, "{key}");
    }
    let blank = GetProjectRequest::default();
    refused(
        emu.client.get_project(admin(blank)).await,
        Code::InvalidArgument,
        "project_id",
    );
}

#[tokio::test]
async fn the_default_project_protection_and_contents_refuse_a_delete() {
    let mut emu = TestEmulator::start().await;
    let default = get_project(&mut emu, DEFAULT_PROJECT_ID).await.unwrap();
    assert_eq!(default.state, ResourceState::Active as i32);
    let refusal = delete_project(&mut emu, DEFAULT_PROJECT_ID).await.unwrap_err();
    assert_eq!(refusal.code(), Code::FailedPrecondition);
    assert!(refusal.message().contains("default project"), "{}", refusal.message());

    let protected = ProjectSpec {
        lifecycle: Some(LifecycleSpec {
            enable_delete_protection: true,
        }),
        ..project_spec("Guarded")
    };
    let request = CreateProjectRequest {
        spec: Some(protected),
        ..Default::default()
    };
    let id = create_project(&mut emu, request).await.unwrap().project_id;
    emu.finish_operations();
    let refusal = delete_project(&mut emu, &id).await.unwrap_err();
    assert_eq!(refusal.code(), Code::FailedPrecondition);
    assert!(
        refusal.message().contains("spec.lifecycle.enable_delete_protection"),
        "{}",
        refusal.message()
    );
    assert_eq!(
        get_project(&mut emu, &id).await.unwrap().state,
        ResourceState::Active as i32
    );

    let unprotect = UpdateProjectRequest {
        project_id: id.clone(),
        spec: Some(project_spec("Guarded")),
        resource_version: get_project(&mut emu, &id).await.unwrap().resource_version,
        ..Default::default()
    };
    emu.client.update_project(admin(unprotect)).await.unwrap();
    emu.finish_operations();

    // Something still in the project also refuses the delete; grants on it go with the project.
    let namespace = create_namespace(&mut emu, ADMIN_KEY, "inside", &id).await.unwrap();
    emu.finish_operations();
    emu.emulator.with_state(|s| {
        user_with_key(s, "member", Role::Read);
        grant_project(s, "member", &id, ProjectRole::Read);
    });
    let refusal = delete_project(&mut emu, &id).await.unwrap_err();
    assert_eq!(refusal.code(), Code::FailedPrecondition);
    assert!(refusal.message().contains(&namespace), "{}", refusal.message());
    let ns = GetNamespaceRequest {
        namespace: namespace.clone(),
    };
    let version = emu.client.get_namespace(admin(ns)).await.unwrap().into_inner();
    let delete_ns = DeleteNamespaceRequest {
        namespace,
        resource_version: version.namespace.unwrap().resource_version,
        ..Default::default()
    };
    emu.client.delete_namespace(admin(delete_ns)).await.unwrap();
    emu.finish_operations();
    delete_project(&mut emu, &id).await.unwrap();
    emu.finish_operations();
    let access = user(&mut emu, "member").await.spec.unwrap().access.unwrap();
    assert!(access.project_accesses.is_empty(), "{access:?}");
}

#[tokio::test]
async fn a_state_file_from_before_projects_loads_into_the_default_project() {
    let mut state = demo::bootstrap("old-key", START);
    demo::populate(&mut state, START);
    let mut json = serde_json::to_value(&state).unwrap();
    json.as_object_mut().unwrap().remove("projects");
    for ns in json["namespaces"].as_object_mut().unwrap().values_mut() {
        ns.as_object_mut().unwrap().remove("projectId");
    }
    let path = std::env::temp_dir().join(format!(
        "emulator-projects-{}.json",
        cloud_ops_gateway::emulator::new_id()
    ));
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    let loaded = persist::load(&path).unwrap().expect("the file exists");
    std::fs::remove_file(&path).unwrap();
    assert!(loaded.projects.is_empty(), "the old file has no projects");
    let emulator = Emulator::new(loaded, EmulatorConfig::default()).unwrap();
    emulator.with_state(|s| {
        assert_eq!(s.projects[DEFAULT_PROJECT_ID].state, ResourceState::Active as i32);
        assert!(
            s.namespaces.values().all(|ns| ns.project_id == DEFAULT_PROJECT_ID),
            "{:?}",
            s.namespaces.keys()
        );
    });
}
