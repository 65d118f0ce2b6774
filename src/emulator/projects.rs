//! What the other layers need to know about projects: the default project every account has (its
//! id, and its creation in a fresh state or one saved before projects existed), which project a
//! resource belongs to (an empty `project_id` means the default project), and project roles — how
//! strong each is and what it gives on the namespaces of its project. The project RPCs themselves
//! are the family in `api/projects/`.

use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::project::v1::{Project, ProjectSpec};
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::state::State;

/// The id of the project every account has: resources created without a `project_id` belong to it,
/// and it cannot be deleted.
pub const DEFAULT_PROJECT_ID: &str = "default";
/// The default project's display name as created.
pub const DEFAULT_PROJECT_NAME: &str = "Default Project";

/// The project a resource with `project_id` belongs to: the default project when it is empty (a
/// resource stored before projects existed, or created without one).
pub fn effective(project_id: &str) -> &str {
    if project_id.is_empty() {
        DEFAULT_PROJECT_ID
    } else {
        project_id
    }
}

/// The project namespace `name` belongs to, if the namespace exists.
pub fn of_namespace<'s>(state: &'s State, name: &str) -> Option<&'s str> {
    state.namespaces.get(name).map(|ns| effective(&ns.project_id))
}

/// Adds the default project if the state has none (a new account, or a state file written before
/// projects existed) and files every namespace, Nexus endpoint and connectivity rule without a
/// project under it. Changes nothing on a state that has both.
pub fn ensure_default(state: &mut State, now: Timestamp) {
    if !state.projects.contains_key(DEFAULT_PROJECT_ID) {
        let project = Project {
            id: DEFAULT_PROJECT_ID.into(),
            spec: Some(ProjectSpec {
                display_name: DEFAULT_PROJECT_NAME.into(),
                description: "Resources created without a project belong here".into(),
                lifecycle: None,
            }),
            resource_version: state.next_version(),
            state: ResourceState::Active as i32,
            created_time: Some(now),
            ..Default::default()
        };
        state.projects.insert(project.id.clone(), project);
    }
    let namespaces = state.namespaces.values_mut().map(|ns| &mut ns.project_id);
    let endpoints = state.nexus_endpoints.values_mut().map(|e| &mut e.project_id);
    let rules = state.connectivity_rules.values_mut().map(|r| &mut r.project_id);
    for project_id in namespaces.chain(endpoints).chain(rules) {
        if project_id.is_empty() {
            *project_id = DEFAULT_PROJECT_ID.into();
        }
    }
}

/// The strength of a project role, to keep the strongest of several grants (higher is more).
/// PROJECT_ROLE_DEVELOPER (only ever inherited from the account developer role) ranks below the
/// roles that write, so a direct write grant is what an assignment listing shows.
pub fn rank(role: ProjectRole) -> u8 {
    match role {
        ProjectRole::Unspecified => 0,
        ProjectRole::List => 1,
        ProjectRole::Member => 2,
        ProjectRole::Read => 3,
        ProjectRole::Developer => 4,
        ProjectRole::Contribute => 5,
        ProjectRole::Write => 6,
        ProjectRole::Admin => 7,
    }
}

/// The stronger of two project roles.
pub fn strongest(a: ProjectRole, b: ProjectRole) -> ProjectRole {
    if rank(b) > rank(a) { b } else { a }
}

/// The permission a project role gives on every namespace of its project: admins administer them,
/// write and contribute write, read, member and list read (the emulator does not tell listing
/// from reading); the developer role creates namespaces but, like the account developer role,
/// gives nothing on existing ones.
pub fn namespace_permission(role: ProjectRole) -> Permission {
    match role {
        ProjectRole::Admin => Permission::Admin,
        ProjectRole::Write | ProjectRole::Contribute => Permission::Write,
        ProjectRole::Read | ProjectRole::Member | ProjectRole::List => Permission::Read,
        ProjectRole::Developer | ProjectRole::Unspecified => Permission::Unspecified,
    }
}

/// A project role number as stored (unknown numbers are no role).
pub fn role_of(raw: i32) -> ProjectRole {
    ProjectRole::try_from(raw).unwrap_or(ProjectRole::Unspecified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::temporal::api::cloud::namespace::v1::Namespace;

    #[test]
    fn the_default_project_is_added_once_and_adopts_orphans() {
        let mut state = State::default();
        state.namespaces.insert("old.a1b2c".into(), Namespace::default());
        let now = Timestamp { seconds: 1, nanos: 0 };
        ensure_default(&mut state, now);
        let version = state.projects[DEFAULT_PROJECT_ID].resource_version.clone();
        assert_eq!(state.namespaces["old.a1b2c"].project_id, DEFAULT_PROJECT_ID);
        ensure_default(&mut state, now);
        assert_eq!(state.projects.len(), 1);
        assert_eq!(state.projects[DEFAULT_PROJECT_ID].resource_version, version);
        assert_eq!(of_namespace(&state, "old.a1b2c"), Some(DEFAULT_PROJECT_ID));
        assert_eq!(of_namespace(&state, "none.a1b2c"), None);
    }

    #[test]
    fn roles_rank_and_map_to_namespace_permissions() {
        assert_eq!(strongest(ProjectRole::Read, ProjectRole::Admin), ProjectRole::Admin);
        assert_eq!(
            strongest(ProjectRole::Write, ProjectRole::Developer),
            ProjectRole::Write
        );
        assert_eq!(namespace_permission(ProjectRole::Member), Permission::Read);
        assert_eq!(namespace_permission(ProjectRole::Developer), Permission::Unspecified);
        assert_eq!(role_of(99), ProjectRole::Unspecified);
        assert_eq!(effective(""), DEFAULT_PROJECT_ID);
        assert_eq!(effective("p1"), "p1");
    }
}
