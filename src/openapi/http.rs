//! The HTTP endpoints of the document: `GET /openapi.json`, `GET /openapi.yaml`, and the Swagger UI
//! at `/docs/` (assets compiled into the binary by utoipa-swagger-ui's `vendored` feature, so it
//! works offline). The UI loads `/openapi.json`, whose relative server URL makes "Try it out" call
//! this same gateway; the bearer key entered under "Authorize" is kept across reloads.

use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::{StatusCode, header};
use utoipa_swagger_ui::Config;

/// Where the Swagger UI lives.
pub const DOCS_PATH: &str = "/docs";
/// Where the JSON document is served.
pub const JSON_PATH: &str = "/openapi.json";
/// Where the YAML document is served.
pub const YAML_PATH: &str = "/openapi.yaml";

/// The routes of the document and the docs UI, to merge into the gateway's router.
pub fn router() -> Router {
    Router::new()
        .route(JSON_PATH, get(|| async { text("application/json", super::json()) }))
        .route(YAML_PATH, get(|| async { text("application/yaml", super::yaml()) }))
        .route(DOCS_PATH, get(|| async { Redirect::permanent("/docs/") }))
        .route("/docs/", get(|| async { asset("") }))
        .route(
            "/docs/{*file}",
            get(|Path(file): Path<String>| async move { asset(&file) }),
        )
}

fn text(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The Swagger UI settings, written into its `swagger-initializer.js`.
fn config() -> Arc<Config<'static>> {
    static CONFIG: LazyLock<Arc<Config<'static>>> = LazyLock::new(|| {
        Arc::new(
            Config::new([JSON_PATH])
                .try_it_out_enabled(true)
                .persist_authorization(true)
                .display_operation_id(true)
                .display_request_duration(true)
                .filter(true)
                .deep_linking(true)
                // No call to the public validator badge service: the page must work offline.
                .validator_url("none"),
        )
    });
    CONFIG.clone()
}

/// One file of the Swagger UI (`""` is its index page).
fn asset(file: &str) -> Response {
    match utoipa_swagger_ui::serve(file, config()) {
        Ok(Some(file)) => ([(header::CONTENT_TYPE, file.content_type)], file.bytes.into_owned()).into_response(),
        Ok(None) => crate::error::GatewayError::RouteNotFound(format!("{DOCS_PATH}/{file}")).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("docs UI: {e}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use http::Request;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;

    async fn get(path: &str) -> (StatusCode, String, Vec<u8>) {
        let response = router()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        (status, content_type, body)
    }

    #[tokio::test]
    async fn serves_the_document_in_both_formats() {
        let (status, content_type, body) = get(JSON_PATH).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "application/json"));
        assert_eq!(body, super::super::json().as_bytes());
        let (status, content_type, body) = get(YAML_PATH).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "application/yaml"));
        assert_eq!(body, super::super::yaml().as_bytes());
    }

    #[tokio::test]
    async fn serves_the_offline_swagger_ui_pointing_at_the_document() {
        let (status, _, _) = get("/docs").await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
        let (status, content_type, body) = get("/docs/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/html"));
        let page = String::from_utf8(body).unwrap();
        assert!(page.contains("swagger-ui-bundle.js"));
        assert!(!page.contains("https://"), "no asset from the network");
        let (status, _, body) = get("/docs/swagger-initializer.js").await;
        assert_eq!(status, StatusCode::OK);
        let script = String::from_utf8(body).unwrap();
        assert!(script.contains("\"/openapi.json\""), "{script}");
        assert!(script.contains("\"persistAuthorization\": true"), "{script}");
        let (status, _, _) = get("/docs/swagger-ui-bundle.js").await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = get("/docs/no-such-file.js").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
