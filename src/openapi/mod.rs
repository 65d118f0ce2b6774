//! The OpenAPI 3.1 document of the gateway's REST API, generated at run time from the embedded
//! descriptor set and the generated route table with utoipa's builders (never written by hand),
//! rendered deterministically, and served with an offline Swagger UI.
//!
//! - [`document`]: info, servers, tags, security; assembles the rest.
//! - [`operations`]: one operation per route (parameters, request body, responses).
//! - [`schemas`]: component schemas of messages and enums; [`types`]: the schema of one field;
//!   [`bounds`]: the numeric bounds the protos state.
//! - [`responses`]: shared error responses and the bearer security scheme; [`features`]: the
//!   headers and answers of waits, idempotency keys and conditional requests.
//! - [`annotations`]: the `openapiv2_*` options; [`comments`]: proto comments and directives.
//! - [`render`]: stable JSON/YAML text; [`http`]: `/openapi.json`, `/openapi.yaml`, `/docs/`.
//!
//! The committed copies under `openapi/` must equal [`json`] and [`yaml`] byte for byte
//! (`tests/suite/openapi.rs`; regenerate with `UPDATE_OPENAPI=1 cargo test --test suite openapi`).

pub mod annotations;
pub mod assets;
pub mod bounds;
pub mod comments;
pub mod document;
pub mod features;
pub mod http;
pub mod operations;
pub mod patch;
pub mod render;
pub mod responses;
pub mod schemas;
pub mod types;

use std::sync::LazyLock;

pub use http::router;

/// The rendered document, built once.
struct Rendered {
    json: String,
    yaml: String,
}

static RENDERED: LazyLock<Rendered> = LazyLock::new(|| {
    let value = value();
    Rendered {
        json: render::json(&value),
        yaml: render::yaml(&value),
    }
});

/// The document as a JSON value (keys unordered).
pub fn value() -> serde_json::Value {
    let document = document::build(crate::routes::ROUTES)
        .unwrap_or_else(|e| panic!("the OpenAPI document cannot be built from the embedded protos: {e}"));
    serde_json::to_value(document).expect("the OpenAPI document serializes")
}

/// The document as pretty JSON, exactly as served at `/openapi.json` and printed by `openapi`.
pub fn json() -> &'static str {
    &RENDERED.json
}

/// The document as YAML, exactly as served at `/openapi.yaml` and printed by `openapi --yaml`.
pub fn yaml() -> &'static str {
    &RENDERED.yaml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_is_openapi_3_1_with_one_operation_per_route_and_one_per_patch() {
        let doc = value();
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["info"]["version"], crate::pb::API_VERSION);
        let operations: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        let patches = crate::patch::patchables().len();
        assert!(patches > 0);
        assert_eq!(operations, crate::routes::ROUTES.len() + patches);
    }

    #[test]
    fn rendering_is_stable_and_round_trips() {
        assert_eq!(render::json(&value()), json());
        let from_json: serde_json::Value = serde_json::from_str(json()).unwrap();
        let from_yaml: serde_json::Value = serde_norway::from_str(yaml()).unwrap();
        assert_eq!(from_json, from_yaml);
        assert_eq!(from_json, value());
    }
}
