//! One operation per route of the generated route table: the OpenAPI path (template variables
//! renamed to the fields' JSON names, e.g. `/cloud/operations/{asyncOperationId}`, shared by the
//! routes of one path),
//! path parameters, query parameters for routes without a `*` body (flattened dotted JSON names,
//! arrays for repeated fields, enum value lists, `date-time` Timestamps), the request body, the 200
//! response and the shared error responses. Texts come from `openapiv2_operation` and the comments.

use std::collections::BTreeSet;

use prost_reflect::{FieldDescriptor, MessageDescriptor, MethodDescriptor, ServiceDescriptor};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{ContentBuilder, Deprecated, Paths, Required};

use super::annotations::{self, ExternalDocs};
use super::bounds;
use super::comments::{Doc, paragraphs};
use super::features;
use super::responses::{self, Errors, JSON};
use super::schemas::is_deprecated;
use super::types::{self, Enums, ref_to};
use crate::routes::{BodyRule, FieldPath, Route, Verb};

/// The `paths` object for `routes`, served by `service`, with the PATCH of every resource that
/// takes a merge patch beside its Update. Fails on a route whose RPC is not a method
/// of the service, or on two operations with the same id.
pub fn paths(routes: &[Route], service: &ServiceDescriptor) -> Result<Paths, String> {
    let mut paths = Paths::new();
    let mut ids = BTreeSet::new();
    for route in routes {
        let method = service
            .methods()
            .find(|m| m.name() == route.rpc)
            .ok_or_else(|| format!("route {} has no method in {}", route.rpc, service.full_name()))?;
        let names = path_names(route, routes);
        let operation = operation(route, &method, &names)?;
        let path = openapi_path(route, &names);
        let patch = crate::patch::patchables()
            .iter()
            .find(|p| p.update.rpc == route.rpc)
            .map(|target| super::patch::operation(target, &operation));
        for (verb, operation) in std::iter::once((http_method(route.verb), operation))
            .chain(patch.map(|operation| (HttpMethod::Patch, operation)))
        {
            let id = operation.operation_id.clone().unwrap_or_default();
            if !ids.insert(id.clone()) {
                return Err(format!("operationId {id} is used twice"));
            }
            paths.add_path_operation(&path, vec![verb], operation);
        }
    }
    Ok(paths)
}

/// The OpenAPI names of a route's path variables: the JSON paths of the fields they bind. OpenAPI
/// takes templated paths that differ only in their variables' names for the same path and forbids
/// two of them, so routes whose templates have one shape (`/cloud/audit-log-sinks/{name}` for Get
/// and Delete, `/cloud/audit-log-sinks/{spec.name}` for Update) all take the names of the first of
/// them in `routes`; each parameter's description still names the field it binds.
pub fn path_names(route: &Route, routes: &[Route]) -> Vec<String> {
    let first = routes
        .iter()
        .find(|r| shape(r.template) == shape(route.template))
        .unwrap_or(route);
    first.path_params.iter().map(FieldPath::json_name).collect()
}

/// A template with its variables blanked: `/cloud/namespaces/{}`.
fn shape(template: &str) -> Vec<&str> {
    template
        .split('/')
        .map(|segment| if segment.starts_with('{') { "{}" } else { segment })
        .collect()
}

/// The OpenAPI path of a route: the template with its variables named `names` (see [`path_names`]).
pub fn openapi_path(route: &Route, names: &[String]) -> String {
    let mut names = names.iter();
    route
        .template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                let name = names.next().expect("one name per template variable");
                format!("{{{name}}}")
            } else {
                segment.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The operation id: the `openapiv2_operation` one, else the RPC name in lowerCamelCase.
pub fn operation_id(method: &MethodDescriptor) -> String {
    annotations::operation(method)
        .operation_id
        .unwrap_or_else(|| lower_camel(method.name()))
}

/// `GetNamespace` → `getNamespace`.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn http_method(verb: Verb) -> HttpMethod {
    match verb {
        Verb::Get => HttpMethod::Get,
        Verb::Post => HttpMethod::Post,
        Verb::Put => HttpMethod::Put,
        Verb::Delete => HttpMethod::Delete,
        Verb::Patch => HttpMethod::Patch,
    }
}

fn operation(
    route: &Route,
    method: &MethodDescriptor,
    path_names: &[String],
) -> Result<utoipa::openapi::path::Operation, String> {
    let option = annotations::operation(method);
    let doc = Doc::of(&method.parent_file(), method.path());
    let deprecated_by_option = method
        .method_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false);
    let summary = option.summary.clone().or_else(|| first_line(doc.text.as_deref()));
    // The annotation's description when there is one; a `Deprecated:` note from the comments is
    // kept either way, since that is where the protos say what to use instead.
    let deprecation_note = doc
        .text
        .as_deref()
        .and_then(|t| t.lines().find(|l| l.trim_start().starts_with("Deprecated:")))
        .map(str::to_string);
    let description = match option.description.clone() {
        Some(text) => paragraphs([Some(text), deprecation_note]),
        None => doc.text.clone(),
    };
    let mut builder = OperationBuilder::new()
        .operation_id(Some(operation_id(method)))
        .tags(Some(option.tags.clone()).filter(|t| !t.is_empty()))
        .summary(summary)
        .description(description)
        .deprecated((option.deprecated || deprecated_by_option).then_some(Deprecated::True))
        .extensions(Some(
            ExtensionsBuilder::new().add("x-grpc-method", route.grpc_path).build(),
        ));
    let input = method.input();
    for (field_path, name) in route.path_params.iter().zip(path_names) {
        let field = leaf(&input, field_path)?;
        builder = builder.parameter(parameter(field_path, &field, ParameterIn::Path, name));
    }
    for field_path in route.query_params {
        let field = leaf(&input, field_path)?;
        builder = builder.parameter(parameter(
            field_path,
            &field,
            ParameterIn::Query,
            &field_path.json_name(),
        ));
    }
    for header in features::header_parameters(route) {
        builder = builder.parameter(header);
    }
    let bound: Vec<String> = route
        .path_params
        .iter()
        .map(|p| format!("`{}`", p.json_name()))
        .collect();
    let errors = match route.body {
        BodyRule::None => Errors::NoBody,
        BodyRule::Whole | BodyRule::Field(_) => {
            let (schema_type, what) = match route.body {
                BodyRule::Field(field_path) => {
                    let field = leaf(&input, field_path)?;
                    let message = field
                        .kind()
                        .as_message()
                        .ok_or_else(|| format!("{}: body field is not a message", route.rpc))?
                        .full_name()
                        .to_string();
                    (
                        message,
                        format!("The `{}` field of the request.", field_path.json_name()),
                    )
                }
                _ => (route.input_type.to_string(), "The request message.".to_string()),
            };
            let path_note = (!bound.is_empty()).then(|| {
                format!(
                    "{} {} taken from the path; a value given here is overridden.",
                    bound.join(", "),
                    if bound.len() == 1 { "is" } else { "are" }
                )
            });
            builder = builder.request_body(Some(
                RequestBodyBuilder::new()
                    .description(paragraphs([
                        Some(what),
                        Some("An empty body is read as `{}`.".to_string()),
                        path_note,
                    ]))
                    .content(JSON, ContentBuilder::new().schema(Some(ref_to(&schema_type))).build())
                    .required(Some(Required::False))
                    .build(),
            ));
            Errors::WithBody
        }
    };
    let output_doc = method.output();
    let output_doc = Doc::of(&output_doc.parent_file(), output_doc.path()).text;
    let mut ok = responses::ok(route.output_type, output_doc.or(Some("OK".into())));
    ok.headers.extend(features::ok_headers(route));
    builder = builder.response("200", ok);
    for (status, response) in features::wait_responses(route)
        .into_iter()
        .chain(features::conditional_responses(route))
    {
        builder = builder.response(status, response);
    }
    for (status, response) in responses::for_operation(errors) {
        builder = builder.response(status, response);
    }
    let mut operation = builder.build();
    // OperationBuilder has no setter for it.
    operation.external_docs = option.external_docs.as_ref().map(ExternalDocs::to_openapi);
    Ok(operation)
}

/// A path or query parameter `name` binding `field_path` (leaf `field`).
fn parameter(
    field_path: &FieldPath,
    field: &FieldDescriptor,
    location: ParameterIn,
    name: &str,
) -> utoipa::openapi::path::Parameter {
    let doc = Doc::of(&field.parent_file(), field.path());
    let proto = field_path.proto_name();
    let binding = match location {
        ParameterIn::Path => format!("Binds request field `{proto}`."),
        _ if proto != name => format!("Request field `{proto}`; also accepted under that name."),
        _ => format!("Request field `{proto}`."),
    };
    let repeated = (location == ParameterIn::Query && field.is_list())
        .then(|| "Repeat the parameter for several values.".to_string());
    let schema = bounds::bounded(field, doc.text.as_deref(), types::field_schema(field, Enums::Inline));
    let schema = if location == ParameterIn::Path {
        bounds::non_empty(schema)
    } else {
        schema
    };
    let deprecated = is_deprecated(field);
    ParameterBuilder::new()
        .name(name)
        .parameter_in(location.clone())
        .required(if location == ParameterIn::Path {
            Required::True
        } else {
            Required::False
        })
        .description(paragraphs([doc.text.clone(), Some(binding), repeated]))
        .deprecated(deprecated.then_some(Deprecated::True))
        .schema(Some(schema))
        .extensions(doc.extensions())
        .build()
}

/// The leaf field of `field_path` inside `input`.
fn leaf(input: &MessageDescriptor, field_path: &FieldPath) -> Result<FieldDescriptor, String> {
    let (last, parents) = field_path.segments.split_last().ok_or("empty field path")?;
    let mut message = input.clone();
    for segment in parents {
        let field = message
            .get_field_by_name(segment.proto)
            .ok_or_else(|| format!("{}: no field {}", message.full_name(), segment.proto))?;
        message = field
            .kind()
            .as_message()
            .cloned()
            .ok_or_else(|| format!("{}: {} is not a message", input.full_name(), field.name()))?;
    }
    message
        .get_field_by_name(last.proto)
        .ok_or_else(|| format!("{}: no field {}", message.full_name(), last.proto))
}

fn first_line(text: Option<&str>) -> Option<String> {
    text.and_then(|t| t.lines().next()).map(|l| l.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::by_rpc;

    fn path_of(rpc: &str) -> String {
        let route = by_rpc(rpc).unwrap();
        openapi_path(route, &path_names(route, crate::routes::ROUTES))
    }

    #[test]
    fn path_variables_take_json_names() {
        assert_eq!(path_of("GetAsyncOperation"), "/cloud/operations/{asyncOperationId}");
        assert_eq!(path_of("GetNamespace"), "/cloud/namespaces/{namespace}");
    }

    #[test]
    fn routes_of_one_path_share_its_names() {
        assert_eq!(path_of("GetAccountAuditLogSink"), "/cloud/audit-log-sinks/{name}");
        assert_eq!(path_of("UpdateAccountAuditLogSink"), "/cloud/audit-log-sinks/{name}");
        assert_eq!(
            path_of("UpdateNamespaceExportSink"),
            "/cloud/namespaces/{namespace}/export-sinks/{name}"
        );
    }

    #[test]
    fn operation_ids_come_from_annotations_or_the_rpc_name() {
        let service = crate::pb::pool()
            .get_service_by_name("temporal.api.cloud.cloudservice.v1.CloudService")
            .unwrap();
        let method = |name: &str| service.methods().find(|m| m.name() == name).unwrap();
        assert_eq!(operation_id(&method("GetUsers")), "listUsers");
        assert_eq!(operation_id(&method("GetNamespace")), "getNamespace");
    }
}
