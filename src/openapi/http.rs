//! The HTTP endpoints of the document: `GET /openapi.json`, `GET /openapi.yaml`, and the Swagger UI
//! at `/docs/` (assets compiled into the binary by utoipa-swagger-ui's `vendored` feature, so it
//! works offline). The UI loads `/openapi.json`, whose relative server URL makes "Try it out" call
//! this same gateway; the bearer key entered under "Authorize" is kept across reloads.
//!
//! Every file is sent from the bytes [`super::assets`] compressed once, negotiated with
//! `Accept-Encoding` (`Vary`, a strong `ETag` per coding, 304 on `If-None-Match`), with a
//! Content-Security-Policy, `X-Frame-Options: DENY`, `nosniff` and `Referrer-Policy: no-referrer`.
//! The gateway mounts these routes on the API listener, or with `--docs-on-metrics-listener` on
//! the metrics listener only (`crate::server`).

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::middleware::map_response;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};

use super::assets::{self, Precompressed, encoding};
use crate::error::GatewayError;

pub use super::assets::{DOCS_PATH, JSON_PATH, YAML_PATH};

/// The docs UI's Content-Security-Policy: its own scripts, styles and images only (`data:` for
/// the SVG icons `swagger-ui.css` inlines), "Try it out" and the document fetched from this
/// origin, no plugin, no `<base>`, no form posting anywhere, never framed. No `'unsafe-inline'`:
/// the vendored UI (5.17) sets styles through the DOM, which CSP does not restrict; its one
/// `<style>` element (the colours of the top bar's logo) is allowed by its hash.
/// `scripts/check-docs-ui.sh` fails on any violation the browser reports.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:; \
    connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// The documents' Content-Security-Policy: data, never a page.
pub const DOCUMENT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The routes of the document and the docs UI, to merge into a listener's router.
pub fn router() -> Router {
    let documents = Router::new()
        .route(JSON_PATH, get(|headers| serve(JSON_PATH.into(), headers)))
        .route(YAML_PATH, get(|headers| serve(YAML_PATH.into(), headers)))
        .layer(map_response(|response| security_headers(response, DOCUMENT_CSP)));
    let ui = Router::new()
        .route(DOCS_PATH, get(|| async { Redirect::permanent("/docs/") }))
        .route("/docs/", get(|headers| serve("/docs/".into(), headers)))
        .route(
            "/docs/{*file}",
            get(|Path(file): Path<String>, headers| serve(format!("{DOCS_PATH}/{file}"), headers)),
        )
        .layer(map_response(|response| security_headers(response, DOCS_CSP)));
    documents.merge(ui)
}

/// [`respond`], once the files are built ([`assets::ready`]: only a request in the first moments
/// after start-up waits).
async fn serve(path: String, request: HeaderMap) -> Response {
    assets::ready().await;
    respond(&path, &request)
}

async fn security_headers(mut response: Response, csp: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The file at `path` in the coding `request` accepts best, or 304 when `If-None-Match` names
/// that variant; 404 for no such file, 406 when every coding held is refused.
fn respond(path: &str, request: &HeaderMap) -> Response {
    let Some(asset) = assets::get(path) else {
        return GatewayError::RouteNotFound(path.to_string()).into_response();
    };
    let Some(coding) = encoding::negotiate(request, &asset.codings()) else {
        let error = GatewayError::InvalidRequest(format!(
            "Accept-Encoding refuses every content coding {path} is available in (identity, gzip, br)"
        ));
        let mut response = error.into_response();
        *response.status_mut() = StatusCode::NOT_ACCEPTABLE;
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        return response;
    };
    let (coding, variant) = asset.variant(coding);
    let mut response = if encoding::none_match(request, variant.etag.to_str().unwrap_or_default()) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        let mut response = Response::new(Body::from(variant.body.clone()));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, asset.content_type.clone());
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(variant.body.len()));
        if let Some(value) = coding.header_value() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(value));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, variant.etag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // Always revalidate: the files change with the binary, under the same names.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response.extensions_mut().insert(Precompressed);
    response
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
