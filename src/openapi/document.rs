//! Assembles the OpenAPI 3.1 document: info (title and description from `openapiv2_swagger`,
//! version = the pinned Cloud Ops API version), the gateway as the one (relative) server, the
//! declared tags, bearer security on every operation, the paths and the components.

use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder, ServerBuilder};

use super::annotations::{self, ExternalDocs, SwaggerOption};
use super::comments::paragraphs;
use super::{operations, responses, schemas};
use crate::routes::Route;

/// The service whose routes the document describes.
pub const SERVICE: &str = "temporal.api.cloud.cloudservice.v1.CloudService";

/// How the gateway's JSON differs from what a reader of the protos might expect.
const GATEWAY_NOTES: &str = "## This gateway\n\n\
This document describes the REST/JSON gateway in front of the Cloud Ops API gRPC service \
`temporal.api.cloud.cloudservice.v1.CloudService`. It is generated from the same protos as the gateway's routes.\n\n\
- JSON is canonical proto3 JSON: lowerCamelCase member names; 64-bit integers as strings of digits; enums by \
value name; Timestamps in RFC 3339 (`2024-01-01T00:00:00Z`); Durations as decimal seconds (`\"1.5s\"`); bytes in \
base64; `Any` as an object with `@type`; fields with default values are omitted from responses.\n\
- Requests also accept the proto (snake_case) member and query parameter names, numbers for 64-bit integers \
and enums, and `null` for \"default\"; an unknown member or query parameter is rejected with 400.\n\
- Path parameters are named by the JSON path of the request field they bind (`{namespace}`); operations on \
the same path share its names, and each parameter says which field it binds (on `/cloud/audit-log-sinks/{name}`, \
Update binds `spec.name`).\n\
- Errors are `google.rpc.Status` objects (`code`, `message`, `details`), with the HTTP status of the \
grpc-gateway table.\n\
- Every call needs `Authorization: Bearer <API key>`; the gateway pins `temporal-cloud-api-version` to the \
version of this document. `Grpc-Metadata-<name>` headers travel as gRPC metadata and `Grpc-Timeout` shortens \
the call's deadline.";

/// The document for `routes` of the embedded protos.
pub fn build(routes: &[Route]) -> Result<OpenApi, String> {
    let pool = crate::pb::pool();
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or_else(|| format!("service {SERVICE} is not in the descriptor set"))?;
    let swagger = annotations::swagger(&service.parent_file()).unwrap_or_default();
    let paths = operations::paths(routes, &service)?;

    let mut info = InfoBuilder::new()
        .title(swagger.title.clone().unwrap_or_else(|| service.name().to_string()))
        .version(crate::pb::API_VERSION)
        .description(paragraphs([
            swagger.description.clone(),
            Some(GATEWAY_NOTES.to_string()),
        ]));
    if !swagger.info_extensions.is_empty() {
        let mut extensions = ExtensionsBuilder::new();
        for (key, value) in &swagger.info_extensions {
            extensions = extensions.add(key.clone(), value.clone());
        }
        info = info.extensions(Some(extensions.build()));
    }

    let mut components = ComponentsBuilder::new().security_scheme(responses::BEARER, responses::bearer());
    for (name, schema) in schemas::components(pool) {
        components = components.schema(name, schema);
    }
    for (name, response) in responses::components() {
        components = components.response(name, response);
    }

    Ok(OpenApiBuilder::new()
        .info(info)
        .servers(Some([ServerBuilder::new()
            .url("/")
            .description(Some("This gateway (the host that serves this document)"))
            .build()]))
        .security(Some([SecurityRequirement::new(
            responses::BEARER,
            Vec::<String>::new(),
        )]))
        .tags(Some(tags(&swagger, routes, &service)))
        .external_docs(swagger.external_docs.as_ref().map(ExternalDocs::to_openapi))
        .paths(paths)
        .components(Some(components.build()))
        .build())
}

/// The declared tags in declaration order, then any tag an operation uses without declaring it.
fn tags(
    swagger: &SwaggerOption,
    routes: &[Route],
    service: &prost_reflect::ServiceDescriptor,
) -> Vec<utoipa::openapi::Tag> {
    let mut out: Vec<utoipa::openapi::Tag> = swagger
        .tags
        .iter()
        .map(|t| {
            TagBuilder::new()
                .name(t.name.clone())
                .description(t.description.clone())
                .external_docs(t.external_docs.as_ref().map(ExternalDocs::to_openapi))
                .build()
        })
        .collect();
    let mut undeclared: Vec<String> = routes
        .iter()
        .filter_map(|r| service.methods().find(|m| m.name() == r.rpc))
        .flat_map(|m| annotations::operation(&m).tags)
        .filter(|t| !swagger.tags.iter().any(|d| &d.name == t))
        .collect();
    undeclared.sort();
    undeclared.dedup();
    out.extend(undeclared.into_iter().map(|name| TagBuilder::new().name(name).build()));
    out
}
