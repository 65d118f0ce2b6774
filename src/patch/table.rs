//! Which paths take PATCH, from the route table and the descriptors alone: a path with a GET whose
//! answer holds one versioned resource (the resource [`crate::etag`] tags) and exactly one other
//! route whose request is a whole-body message with that resource's `spec` type and a
//! `resource_version` — the Update of that resource. A new API release with a new Get + Update
//! pair gets PATCH with no code.

use std::sync::LazyLock;

use crate::etag::versioned_resource;
use crate::routes::{BodyRule, ROUTES, Route, Verb};

/// A resource that takes PATCH: read with `get`, written with `update`.
#[derive(Debug)]
pub struct Patchable {
    /// The Get route (same path as `update`).
    pub get: &'static Route,
    /// The Update route.
    pub update: &'static Route,
    /// The JSON name of the resource in the Get answer (`namespace`, `user`).
    pub resource: String,
}

/// The field of a resource (and of its Update request) that a PATCH merges into.
pub const SPEC: &str = "spec";

static TABLE: LazyLock<Vec<Patchable>> = LazyLock::new(|| ROUTES.iter().filter_map(pair).collect());

/// Every resource that takes PATCH.
pub fn patchables() -> &'static [Patchable] {
    &TABLE
}

/// The resource that takes PATCH at an axum path, if one does.
pub fn at(axum_path: &str) -> Option<&'static Patchable> {
    TABLE.iter().find(|p| p.get.axum_path == axum_path)
}

fn pair(get: &'static Route) -> Option<Patchable> {
    if get.verb != Verb::Get {
        return None;
    }
    let pool = crate::pb::pool();
    let (field, resource) = versioned_resource(&pool.get_message_by_name(get.output_type)?)?;
    let spec = resource.get_field_by_name(SPEC)?.kind();
    let spec = spec.as_message()?;
    let mut updates = ROUTES.iter().filter(|update| {
        let request = pool.get_message_by_name(update.input_type);
        update.axum_path == get.axum_path
            && matches!(update.verb, Verb::Post | Verb::Put | Verb::Patch)
            && matches!(update.body, BodyRule::Whole)
            && request.is_some_and(|request| {
                request.get_field_by_name("resource_version").is_some()
                    && request
                        .get_field_by_name(SPEC)
                        .is_some_and(|f| f.kind().as_message() == Some(spec))
            })
    });
    let update = updates.next()?;
    let resource = field.json_name().to_string();
    updates.next().is_none().then_some(Patchable { get, update, resource })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_get_and_an_update_of_one_spec_on_one_path_make_a_patchable_resource() {
        let namespace = at(crate::routes::by_rpc("GetNamespace").unwrap().axum_path).unwrap();
        assert_eq!(
            (namespace.get.rpc, namespace.update.rpc, namespace.resource.as_str()),
            ("GetNamespace", "UpdateNamespace", "namespace")
        );
        let sink = at(crate::routes::by_rpc("GetAccountAuditLogSink").unwrap().axum_path).unwrap();
        assert_eq!(
            sink.update.rpc, "UpdateAccountAuditLogSink",
            "{{name}} and {{spec.name}} are one path"
        );
        assert!(
            at(crate::routes::by_rpc("GetUsers").unwrap().axum_path).is_none(),
            "a list"
        );
        assert!(
            at(crate::routes::by_rpc("GetAsyncOperation").unwrap().axum_path).is_none(),
            "no update"
        );
    }
}
