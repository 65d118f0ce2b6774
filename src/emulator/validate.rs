//! Request validation shared by the resource families: required fields, formats from the proto
//! comments, optimistic concurrency and "busy" resources. Errors name the field.

use tonic::Status;

use crate::pb::temporal::api::cloud::identity::v1::Access;
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;

use super::state::Lifecycle;

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

/// NOT_FOUND for a `what` called `id`.
pub fn not_found(what: &str, id: &str) -> Status {
    Status::not_found(format!("{what} {id:?} not found"))
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

/// An `Access` grant: namespaces and custom roles it names must exist.
#[allow(deprecated)] // custom_roles_deprecated is still accepted from older clients
pub fn access(state: &super::state::State, field: &str, access: &Access) -> Result<(), Status> {
    for namespace in access.namespace_accesses.keys() {
        if !state.namespaces.contains_key(namespace) {
            return Err(invalid(
                &format!("{field}.namespace_accesses"),
                format!("namespace {namespace:?} does not exist"),
            ));
        }
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
    use super::*;

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
