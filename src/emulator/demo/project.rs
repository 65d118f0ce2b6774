//! The demo's second project, "Data science", beside the default project: a namespace in an Azure
//! region, and a project-scoped service account (with its own API key) that writes to the
//! project's namespaces. Also [`add_project`], which tests use to set up projects directly.

use crate::emulator::ids::new_id;
use crate::emulator::state::State;
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::identity::v1::{
    NamespaceAccess, OwnerType, ProjectAccess, ProjectScopedAccess, ServiceAccount, ServiceAccountSpec,
};
use crate::pb::temporal::api::cloud::project::v1::{LifecycleSpec, Project, ProjectSpec};
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::{add_api_key, add_namespace};

/// The id of the demo's second project.
pub const DEMO_PROJECT_ID: &str = "proj-data-science";

/// Adds an ACTIVE project `id` called `display_name`, with delete protection if `protected`.
pub fn add_project(state: &mut State, id: &str, display_name: &str, protected: bool, now: Timestamp) -> String {
    let project = Project {
        id: id.into(),
        spec: Some(ProjectSpec {
            display_name: display_name.into(),
            description: String::new(),
            lifecycle: protected.then_some(LifecycleSpec {
                enable_delete_protection: true,
            }),
        }),
        resource_version: state.next_version(),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.projects.insert(id.into(), project);
    id.into()
}

/// The second project, its namespace `forecasting` (Azure East US) and the project-scoped
/// service account `forecast-trainer` with PROJECT_ROLE_WRITE and admin on `forecasting`.
pub(super) fn populate(state: &mut State, now: Timestamp) {
    let project = add_project(state, DEMO_PROJECT_ID, "Data science", true, now);
    if let Some(spec) = state.projects.get_mut(&project).and_then(|p| p.spec.as_mut()) {
        spec.description = "Forecasting models and their training pipelines".into();
    }
    let namespace = add_namespace(
        state,
        "forecasting",
        &["azure-eastus"],
        14,
        &[("team", "data-science")],
        now,
    );
    if let Some(ns) = state.namespaces.get_mut(&namespace) {
        ns.project_id = project.clone();
    }
    let trainer = ServiceAccount {
        id: "sa-forecast-trainer".into(),
        resource_version: state.next_version(),
        spec: Some(ServiceAccountSpec {
            name: "forecast-trainer".into(),
            description: "Trains forecasting models (project-scoped)".into(),
            project_scoped_access: Some(ProjectScopedAccess {
                project_id: project,
                access: Some(ProjectAccess {
                    role: ProjectRole::Write as i32,
                }),
                namespace_accesses: [(
                    namespace,
                    NamespaceAccess {
                        permission: Permission::Admin as i32,
                        ..Default::default()
                    },
                )]
                .into(),
            }),
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.service_accounts.insert(trainer.id.clone(), trainer);
    add_api_key(
        state,
        "sa-forecast-trainer",
        OwnerType::ServiceAccount,
        "key-forecast-trainer",
        &format!("demo-trainer-{}", new_id()),
        now,
    );
}
