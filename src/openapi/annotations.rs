//! The grpc-gateway OpenAPI annotations of the protos, read through the descriptor pool as plain
//! structs: `openapiv2_swagger` (file-level info, tags, external docs) and `openapiv2_operation`
//! (per-RPC tags, summary, description, operation id, deprecation, external docs).
//! Only the parts that have an OpenAPI 3.1 meaning the gateway can honour are read.

use prost_reflect::{DynamicMessage, FileDescriptor, MethodDescriptor, Value};

const SWAGGER: &str = "grpc.gateway.protoc_gen_openapiv2.options.openapiv2_swagger";
const OPERATION: &str = "grpc.gateway.protoc_gen_openapiv2.options.openapiv2_operation";

/// `ExternalDocumentation`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalDocs {
    /// Target URL.
    pub url: String,
    /// What is there.
    pub description: Option<String>,
}

impl ExternalDocs {
    /// As an OpenAPI External Documentation object.
    pub fn to_openapi(&self) -> utoipa::openapi::external_docs::ExternalDocs {
        utoipa::openapi::external_docs::ExternalDocsBuilder::new()
            .url(self.url.clone())
            .description(self.description.clone())
            .build()
    }
}

/// One declared tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagOption {
    /// Tag name, as used by operations.
    pub name: String,
    /// What the tag groups.
    pub description: Option<String>,
    /// More documentation.
    pub external_docs: Option<ExternalDocs>,
}

/// `openapiv2_swagger` of a file.
#[derive(Clone, Debug, Default)]
pub struct SwaggerOption {
    /// `info.title`.
    pub title: Option<String>,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.extensions` (`x-…`), as JSON, sorted by key.
    pub info_extensions: Vec<(String, serde_json::Value)>,
    /// Declared tags, in declaration order.
    pub tags: Vec<TagOption>,
    /// `external_docs`.
    pub external_docs: Option<ExternalDocs>,
}

/// `openapiv2_operation` of a method.
#[derive(Clone, Debug, Default)]
pub struct OperationOption {
    /// Tags, in order.
    pub tags: Vec<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Explicit operation id.
    pub operation_id: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// More documentation.
    pub external_docs: Option<ExternalDocs>,
}

/// The `openapiv2_swagger` option of `file`, if set.
pub fn swagger(file: &FileDescriptor) -> Option<SwaggerOption> {
    let extension = file.parent_pool().get_extension_by_name(SWAGGER)?;
    let options = file.options();
    if !options.has_extension(&extension) {
        return None;
    }
    let value = options.get_extension(&extension);
    let swagger = value.as_message()?;
    let info = message(swagger, "info");
    let mut info_extensions: Vec<(String, serde_json::Value)> = info
        .as_ref()
        .and_then(|info| match info.get_field_by_name("extensions").as_deref() {
            Some(Value::Map(map)) => Some(
                map.iter()
                    .filter_map(|(key, value)| {
                        let key = key.as_str()?.to_string();
                        let json = serde_json::to_value(value.as_message()?).ok()?;
                        Some((key, json))
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default();
    info_extensions.sort_by(|a, b| a.0.cmp(&b.0));
    let tags = list(swagger, "tags")
        .iter()
        .filter_map(Value::as_message)
        .map(|tag| TagOption {
            name: text(tag, "name").unwrap_or_default(),
            description: text(tag, "description"),
            external_docs: external_docs(tag),
        })
        .filter(|tag| !tag.name.is_empty())
        .collect();
    Some(SwaggerOption {
        title: info.as_ref().and_then(|i| text(i, "title")),
        description: info.as_ref().and_then(|i| text(i, "description")),
        info_extensions,
        tags,
        external_docs: external_docs(swagger),
    })
}

/// The `openapiv2_operation` option of `method`; the default when absent.
pub fn operation(method: &MethodDescriptor) -> OperationOption {
    let Some(extension) = method.parent_pool().get_extension_by_name(OPERATION) else {
        return OperationOption::default();
    };
    let options = method.options();
    if !options.has_extension(&extension) {
        return OperationOption::default();
    }
    let value = options.get_extension(&extension);
    let Some(operation) = value.as_message() else {
        return OperationOption::default();
    };
    OperationOption {
        tags: list(operation, "tags")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .filter(|t| !t.is_empty())
            .collect(),
        summary: text(operation, "summary"),
        description: text(operation, "description"),
        operation_id: text(operation, "operation_id"),
        deprecated: matches!(
            operation.get_field_by_name("deprecated").as_deref(),
            Some(Value::Bool(true))
        ),
        external_docs: external_docs(operation),
    }
}

fn text(message: &DynamicMessage, field: &str) -> Option<String> {
    match message.get_field_by_name(field).as_deref() {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn list(message: &DynamicMessage, field: &str) -> Vec<Value> {
    match message.get_field_by_name(field).as_deref() {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn message(parent: &DynamicMessage, field: &str) -> Option<DynamicMessage> {
    if !parent.has_field_by_name(field) {
        return None;
    }
    parent.get_field_by_name(field).and_then(|v| v.as_message().cloned())
}

fn external_docs(parent: &DynamicMessage) -> Option<ExternalDocs> {
    let docs = message(parent, "external_docs")?;
    Some(ExternalDocs {
        url: text(&docs, "url")?,
        description: text(&docs, "description"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> prost_reflect::ServiceDescriptor {
        crate::pb::pool()
            .get_service_by_name("temporal.api.cloud.cloudservice.v1.CloudService")
            .unwrap()
    }

    #[test]
    fn reads_the_file_level_swagger_option() {
        let swagger = swagger(&service().parent_file()).expect("service.proto has openapiv2_swagger");
        assert_eq!(swagger.title.as_deref(), Some("Temporal Cloud Ops API"));
        assert!(swagger.description.unwrap().contains("Authorization: Bearer"));
        assert_eq!(swagger.tags.first().map(|t| t.name.as_str()), Some("Namespaces"));
        assert!(
            swagger
                .info_extensions
                .iter()
                .any(|(k, v)| k == "x-logo" && v["url"].is_string())
        );
        assert_eq!(
            swagger.external_docs.map(|d| d.url),
            Some("https://docs.temporal.io/cloud".to_string())
        );
    }

    #[test]
    fn reads_operation_options() {
        let get_users = service().methods().find(|m| m.name() == "GetUsers").unwrap();
        let op = operation(&get_users);
        assert_eq!(op.operation_id.as_deref(), Some("listUsers"));
        assert_eq!(op.tags, ["Users"]);
        assert_eq!(op.summary.as_deref(), Some("List all users"));
        assert!(op.external_docs.is_some());
        assert!(!op.deprecated);
    }
}
