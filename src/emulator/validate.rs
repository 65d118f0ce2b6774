//! Request validation shared by the resource families: required fields, formats from the proto
//! comments, the lookup of the resource a request names ([`require`]: INVALID_ARGUMENT without an
//! id, NOT_FOUND without the resource), optimistic concurrency and "busy" resources. Errors name
//! the field.

use tonic::Status;

use crate::pb::temporal::api::cloud::identity::v1::project_access::ProjectRole;
use crate::pb::temporal::api::cloud::identity::v1::{Access, ProjectAccess};
use crate::pb::temporal::api::cloud::project::v1::Project;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;

use super::projects;
use super::state::{Lifecycle, Resource, State};

/// INVALID_ARGUMENT naming `field`.
pub fn invalid(field: &str, problem: impl std::fmt::Display) -> Status {
    Status::invalid_argument(format!("{field}: {problem}"))
}

/// `value` must not be empty.
pub fn required(field: &str, value: &str) -> Result<(), Status> {
    if value.trim().is_empty() {
        return Err(invalid(field, "is required"));
    }
    Ok(())
}

/// A plausible email address: one `@`, non-empty local part, a dotted domain, no spaces.
pub fn email(field: &str, value: &str) -> Result<(), Status> {
    required(field, value)?;
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
        }
        None => false,
    };
    if !valid {
        return Err(invalid(field, format!("{value:?} is not a valid email address")));
    }
    Ok(())
}

/// `value` is a GUID (Azure's tenant and subscription ids): 8-4-4-4-12 hexadecimal digits.
pub fn guid(field: &str, value: &str) -> Result<(), Status> {
    required(field, value)?;
    let groups: Vec<&str> = value.split('-').collect();
    let ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()));
    if !ok {
        return Err(invalid(
            field,
            format!("{value:?} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
        ));
    }
    Ok(())
}

/// NOT_FOUND for a `what` called `id`.
pub fn not_found(what: &str, id: &str) -> Status {
    Status::not_found(format!("{what} {id:?} not found"))
}

/// NOT_FOUND for the `R` called `id`.
pub fn missing<R: Resource>(id: &str) -> Status {
    not_found(R::NAME, id)
}

/// The `R` a request names: INVALID_ARGUMENT (naming [`Resource::ID_FIELD`]) if `id` is empty,
/// NOT_FOUND if there is no `R` called `id`.
pub fn require<'s, R: Resource>(state: &'s State, id: &str) -> Result<&'s R, Status> {
    required(R::ID_FIELD, id)?;
    state.get(id).ok_or_else(|| missing::<R>(id))
}

/// [`require`], to change it.
pub fn require_mut<'s, R: Resource>(state: &'s mut State, id: &str) -> Result<&'s mut R, Status> {
    required(R::ID_FIELD, id)?;
    state.get_mut(id).ok_or_else(|| missing::<R>(id))
}

/// [`require_mut`] plus [`can_change`]: the preamble of an update or delete of the `R` called `id`
/// at resource version `version`.
pub fn changeable<'s, R: Resource>(state: &'s mut State, id: &str, version: &str) -> Result<&'s mut R, Status> {
    let resource = require_mut::<R>(state, id)?;
    can_change(resource, version)?;
    Ok(resource)
}

/// Optimistic concurrency: `given` must be the resource's current version. Missing → INVALID_ARGUMENT,
/// stale → ABORTED (HTTP 409); nothing changes either way.
pub fn version(resource: &dyn Lifecycle, given: &str) -> Result<(), Status> {
    if given.is_empty() {
        return Err(invalid(
            "resource_version",
            "is required (pass the version you last read)",
        ));
    }
    if given != resource.resource_version() {
        return Err(Status::aborted(format!(
            "resource_version {given:?} is stale: the resource is now at version {:?}; read it again and retry",
            resource.resource_version()
        )));
    }
    Ok(())
}

/// A resource whose previous operation has not finished cannot be changed again.
pub fn not_busy(resource: &dyn Lifecycle) -> Result<(), Status> {
    match resource.state() {
        state @ (ResourceState::Activating | ResourceState::Updating | ResourceState::Deleting) => {
            Err(Status::failed_precondition(format!(
                "the resource is {}: wait for its async operation to finish",
                state.as_str_name()
            )))
        }
        _ => Ok(()),
    }
}

/// Version check plus busy check, the preamble of every update and delete.
pub fn can_change(resource: &dyn Lifecycle, given_version: &str) -> Result<(), Status> {
    version(resource, given_version)?;
    not_busy(resource)
}

/// The project a create request puts its resource in (`field`, e.g. `project_id`): the default
/// project when empty, NOT_FOUND naming the field for an unknown one, FAILED_PRECONDITION for one
/// being deleted.
pub fn project(state: &State, field: &str, id: &str) -> Result<String, Status> {
    let id = projects::effective(id);
    let project = state
        .get::<Project>(id)
        .ok_or_else(|| Status::not_found(format!("{field}: project {id:?} not found")))?;
    if project.state() == ResourceState::Deleting {
        return Err(Status::failed_precondition(format!(
            "{field}: project {id:?} is being deleted"
        )));
    }
    Ok(id.to_string())
}

/// A project role that may be assigned: one of the enum's values, and not PROJECT_ROLE_DEVELOPER
/// ("Inherited from the account developer role; cannot be assigned directly"). UNSPECIFIED passes:
/// the caller decides whether it means "remove" or is missing.
pub fn project_role(field: &str, raw: i32) -> Result<ProjectRole, Status> {
    let role = ProjectRole::try_from(raw).map_err(|_| invalid(field, format!("unknown project role {raw}")))?;
    if role == ProjectRole::Developer {
        return Err(invalid(
            field,
            "PROJECT_ROLE_DEVELOPER is inherited from the account developer role and cannot be assigned directly",
        ));
    }
    Ok(role)
}

/// The project access of a Set*ProjectAccess request: `None` when it is empty (no access, or
/// PROJECT_ROLE_UNSPECIFIED: "If left empty, the principal will be removed from the project").
pub fn project_grant(field: &str, access: Option<&ProjectAccess>) -> Result<Option<ProjectAccess>, Status> {
    let Some(access) = access else {
        return Ok(None);
    };
    match project_role(&format!("{field}.role"), access.role)? {
        ProjectRole::Unspecified => Ok(None),
        _ => Ok(Some(*access)),
    }
}

/// One entry of a spec's `project_accesses` map (`field` names the map): the project exists, the
/// role is set and assignable.
fn project_access(state: &State, field: &str, project: &str, access: &ProjectAccess) -> Result<(), Status> {
    if !state.projects.contains_key(project) {
        return Err(invalid(field, format!("project {project:?} does not exist")));
    }
    let role_field = format!("{field}[{project:?}].role");
    if project_role(&role_field, access.role)? == ProjectRole::Unspecified {
        return Err(invalid(
            &role_field,
            "is required (leave the project out of the map to give no access)",
        ));
    }
    Ok(())
}

/// An `Access` grant: namespaces, projects and custom roles it names must exist; project roles
/// must be assignable.
#[allow(deprecated)] // custom_roles_deprecated is still accepted from older clients
pub fn access(state: &State, field: &str, access: &Access) -> Result<(), Status> {
    for namespace in access.namespace_accesses.keys() {
        if !state.namespaces.contains_key(namespace) {
            return Err(invalid(
                &format!("{field}.namespace_accesses"),
                format!("namespace {namespace:?} does not exist"),
            ));
        }
    }
    let mut granted: Vec<(&String, &ProjectAccess)> = access.project_accesses.iter().collect();
    granted.sort_by_key(|(project, _)| *project);
    for (project, grant) in granted {
        project_access(state, &format!("{field}.project_accesses"), project, grant)?;
    }
    let roles = access.account_access.iter().flat_map(|a| a.custom_roles.iter());
    for role in roles.chain(access.custom_roles_deprecated.iter()) {
        if !state.custom_roles.contains_key(role) {
            return Err(invalid(
                &format!("{field}.account_access.custom_roles"),
                format!("custom role {role:?} does not exist"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tonic::Code;

    use super::*;
    use crate::pb::temporal::api::cloud::account::v1::AuditLogSink;
    use crate::pb::temporal::api::cloud::connectivityrule::v1::ConnectivityRule;
    use crate::pb::temporal::api::cloud::identity::v1::{ApiKey, CustomRole, ServiceAccount, User, UserGroup};
    use crate::pb::temporal::api::cloud::namespace::v1::{ExportSink, Namespace};
    use crate::pb::temporal::api::cloud::nexus::v1::Endpoint;

    /// A state holding user `u1` at version 7 in `state`.
    fn with_user(state: ResourceState) -> State {
        let mut s = State::default();
        let user = User {
            id: "u1".into(),
            resource_version: "7".into(),
            state: state as i32,
            ..Default::default()
        };
        s.users.insert(user.id.clone(), user);
        s
    }

    fn code_and_message(status: Status) -> (Code, String) {
        (status.code(), status.message().to_string())
    }

    #[test]
    fn require_without_an_id_names_the_field() {
        let state = with_user(ResourceState::Active);
        for empty in ["", "  "] {
            let status = require::<User>(&state, empty).unwrap_err();
            let expected = (Code::InvalidArgument, "user_id: is required".to_string());
            assert_eq!(code_and_message(status), expected, "{empty:?}");
        }
    }

    #[test]
    fn require_finds_the_resource_or_says_which_is_missing() {
        let mut state = with_user(ResourceState::Active);
        assert_eq!(require::<User>(&state, "u1").unwrap().id, "u1");
        let status = require::<User>(&state, "u2").unwrap_err();
        assert_eq!(
            code_and_message(status),
            (Code::NotFound, r#"user "u2" not found"#.into())
        );
        // Not found in another family's map, even under an id that exists there.
        let status = require::<UserGroup>(&state, "u1").unwrap_err();
        assert_eq!(
            code_and_message(status),
            (Code::NotFound, r#"user group "u1" not found"#.into())
        );
        require_mut::<User>(&mut state, "u1").unwrap().resource_version = "8".into();
        assert_eq!(state.users["u1"].resource_version, "8");
    }

    #[test]
    fn every_family_keeps_its_not_found_name() {
        let cases = [
            (missing::<User>("x"), r#"user "x" not found"#),
            (missing::<ServiceAccount>("x"), r#"service account "x" not found"#),
            (missing::<ApiKey>("x"), r#"API key "x" not found"#),
            (missing::<UserGroup>("x"), r#"user group "x" not found"#),
            (missing::<CustomRole>("x"), r#"custom role "x" not found"#),
            (missing::<Namespace>("x"), r#"namespace "x" not found"#),
            (missing::<ExportSink>("x"), r#"export sink "x" not found"#),
            (missing::<Endpoint>("x"), r#"nexus endpoint "x" not found"#),
            (missing::<ConnectivityRule>("x"), r#"connectivity rule "x" not found"#),
            (missing::<AuditLogSink>("x"), r#"audit log sink "x" not found"#),
            (missing::<Project>("x"), r#"project "x" not found"#),
        ];
        for (status, message) in cases {
            assert_eq!(code_and_message(status), (Code::NotFound, message.to_string()));
        }
    }

    #[test]
    fn changeable_checks_existence_then_version_then_busy() {
        let mut state = with_user(ResourceState::Active);
        let code = |state: &mut State, id: &str, version: &str| {
            changeable::<User>(state, id, version).map(|_| ()).map_err(|s| s.code())
        };
        assert_eq!(code(&mut state, "u1", "7"), Ok(()));
        assert_eq!(code(&mut state, "u2", ""), Err(Code::NotFound));
        assert_eq!(code(&mut state, "u1", ""), Err(Code::InvalidArgument));
        assert_eq!(code(&mut state, "u1", "6"), Err(Code::Aborted));
        let mut busy = with_user(ResourceState::Updating);
        assert_eq!(code(&mut busy, "u1", "6"), Err(Code::Aborted));
        assert_eq!(code(&mut busy, "u1", "7"), Err(Code::FailedPrecondition));
    }

    #[test]
    fn guids() {
        assert!(guid("f", "0f8fad5b-d9cb-469f-a165-70867728950e").is_ok());
        for bad in [
            "",
            "0f8fad5b",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            "0f8fad5bd9cb-469f-a165-70867728950e-",
        ] {
            assert!(guid("f", bad).unwrap_err().message().starts_with("f: "), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@example.com"] {
            assert!(email("spec.email", ok).is_ok(), "{ok}");
        }
        for bad in ["", "a", "a@b", "@b.co", "a@b@c.co", "a b@c.co", "a@.co", "a@co."] {
            let err = email("spec.email", bad).unwrap_err();
            assert!(err.message().starts_with("spec.email"), "{bad}");
        }
    }
}
