//! Component schemas: one per message and enum of the Cloud Ops API (every message and enum of the
//! `temporal.api.cloud.*` packages, `google.rpc.Status`, and everything they reference), named by
//! full proto name. Messages are closed objects (`additionalProperties: false`: the gateway rejects
//! unknown fields) whose properties are the JSON names; a oneof with several members becomes an
//! "at most one of" constraint; enums are string enums of the value names.

use std::collections::BTreeMap;

use prost_reflect::{DescriptorPool, EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor, OneofDescriptor};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::{Deprecated, RefOr};

use super::comments::{Doc, paragraphs};
use super::types::{self, Enums, Notes};

/// The package prefix whose messages and enums are all documented.
const API_PACKAGES: &str = "temporal.api.cloud.";
/// The error body of every failed call.
pub const STATUS: &str = "google.rpc.Status";

/// Every component schema, by name.
pub fn components(pool: &DescriptorPool) -> BTreeMap<String, RefOr<Schema>> {
    let mut messages: BTreeMap<String, MessageDescriptor> = BTreeMap::new();
    let mut enums: BTreeMap<String, EnumDescriptor> = BTreeMap::new();
    let mut pending: Vec<MessageDescriptor> = pool
        .all_messages()
        .filter(|m| m.package_name().starts_with(API_PACKAGES) && !m.is_map_entry())
        .chain(pool.get_message_by_name(STATUS))
        .collect();
    for e in pool.all_enums().filter(|e| e.package_name().starts_with(API_PACKAGES)) {
        enums.insert(e.full_name().to_string(), e);
    }
    while let Some(message) = pending.pop() {
        if types::is_inline_wkt(message.full_name()) || messages.contains_key(message.full_name()) {
            continue;
        }
        messages.insert(message.full_name().to_string(), message.clone());
        if message.package_name() == "google.protobuf" {
            continue; // their JSON forms are special (see `well_known`): fields not followed
        }
        for field in message.fields() {
            let kind = match field.kind() {
                Kind::Message(entry) if field.is_map() => entry.map_entry_value_field().kind(),
                kind => kind,
            };
            match kind {
                Kind::Message(m) => pending.push(m),
                Kind::Enum(e) => {
                    enums.insert(e.full_name().to_string(), e);
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    for (name, message) in messages {
        out.insert(name, message_schema(&message));
    }
    for (name, e) in enums {
        out.insert(name, enum_schema(&e));
    }
    out
}

/// The schema of one message.
pub fn message_schema(message: &MessageDescriptor) -> RefOr<Schema> {
    let doc = Doc::of(&message.parent_file(), message.path());
    if let Some(schema) = well_known(message.full_name(), doc.text.clone()) {
        return RefOr::T(schema);
    }
    let groups: Vec<OneofDescriptor> = message
        .oneofs()
        .filter(|o| !o.is_synthetic() && o.fields().count() > 1)
        .collect();
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
    for field in message.fields() {
        object = object.property(field.json_name(), property(&field));
    }
    let oneof_note = paragraphs(groups.iter().map(|g| {
        let names: Vec<String> = g.fields().map(|f| format!("`{}`", f.json_name())).collect();
        Some(format!(
            "At most one of {} may be set (oneof `{}`).",
            names.join(", "),
            g.name()
        ))
    }));
    let description = paragraphs([doc.text.clone(), oneof_note]);
    let mut extensions = doc.extensions();
    if !groups.is_empty() {
        let map: serde_json::Map<String, serde_json::Value> = groups
            .iter()
            .map(|g| {
                (
                    g.name().to_string(),
                    g.fields().map(|f| f.json_name().to_string()).collect(),
                )
            })
            .collect();
        extensions = types::merge(
            extensions,
            Some(
                ExtensionsBuilder::new()
                    .add("x-oneof", serde_json::Value::Object(map))
                    .build(),
            ),
        );
    }
    if groups.is_empty() {
        let mut object = object.description(description).build();
        object.extensions = extensions;
        return RefOr::T(Schema::Object(object));
    }
    // The properties, then one "at most one member present" constraint per oneof.
    let mut all_of = AllOfBuilder::new().item(object).description(description);
    for group in &groups {
        all_of = all_of.item(at_most_one(group));
    }
    let mut all_of = all_of.build();
    all_of.extensions = extensions;
    RefOr::T(Schema::AllOf(all_of))
}

/// A message property: the field's shape plus its documentation.
fn property(field: &FieldDescriptor) -> RefOr<Schema> {
    let doc = Doc::of(&field.parent_file(), field.path());
    let member = field
        .containing_oneof()
        .filter(|o| !o.is_synthetic())
        .map(|o| format!("Member of oneof `{}`.", o.name()));
    types::annotate(
        types::field_schema(field, Enums::Ref),
        Notes {
            description: paragraphs([doc.text.clone(), member]),
            deprecated: is_deprecated(field),
            extensions: doc.extensions(),
        },
    )
}

/// Whether a field is marked `[deprecated = true]`.
pub fn is_deprecated(field: &FieldDescriptor) -> bool {
    field
        .field_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false)
}

/// `anyOf` over the members: "every other member is absent". It holds exactly when at most one
/// member is present. Absence is `{"enum": []}` (no value matches), the JSON Schema `false`.
fn at_most_one(group: &OneofDescriptor) -> Schema {
    let members: Vec<String> = group.fields().map(|f| f.json_name().to_string()).collect();
    let mut any_of = AnyOfBuilder::new().description(Some(format!(
        "oneof `{}`: at most one of {} is present",
        group.name(),
        members.join(", ")
    )));
    for kept in &members {
        let mut branch = ObjectBuilder::new().schema_type(SchemaType::AnyValue);
        for other in members.iter().filter(|m| *m != kept) {
            branch = branch.property(
                other.clone(),
                ObjectBuilder::new()
                    .schema_type(SchemaType::AnyValue)
                    .enum_values(Some(Vec::<serde_json::Value>::new())),
            );
        }
        any_of = any_of.item(branch);
    }
    Schema::AnyOf(any_of.build())
}

/// The schema of one enum: the value names, each value's comment listed in the description.
pub fn enum_schema(e: &EnumDescriptor) -> RefOr<Schema> {
    let doc = Doc::of(&e.parent_file(), e.path());
    let values: Vec<String> = e
        .values()
        .map(|v| {
            let value_doc = Doc::of(&v.parent_file(), v.path());
            match value_doc.text {
                Some(text) => format!("- `{}`: {}", v.name(), text.replace('\n', " ")),
                None => format!("- `{}`", v.name()),
            }
        })
        .collect();
    let mut object = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(e.values().map(|v| v.name().to_string())))
        .description(paragraphs([doc.text.clone(), Some(values.join("\n"))]))
        .build();
    object.extensions = doc.extensions();
    if e.enum_descriptor_proto()
        .options
        .as_ref()
        .and_then(|o| o.deprecated)
        .unwrap_or(false)
    {
        object.deprecated = Some(Deprecated::True);
    }
    RefOr::T(Schema::Object(object))
}

/// The JSON forms of the `google.protobuf` messages that have components.
fn well_known(full_name: &str, doc: Option<String>) -> Option<Schema> {
    let with = |text: &str| paragraphs([Some(text.to_string()), doc.clone()]);
    let schema: Schema = match full_name {
        "google.protobuf.Any" => ObjectBuilder::new()
            .schema_type(Type::Object)
            .property(
                "@type",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("`type.googleapis.com/` followed by the full name of the message")),
            )
            .required("@type")
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)))
            .description(with(
                "A message of any type: `@type` names it, its fields follow as in that message's own JSON form.",
            ))
            .build()
            .into(),
        "google.protobuf.Struct" => types::free_form_object()
            .description(with("A JSON object."))
            .build()
            .into(),
        "google.protobuf.Value" => types::any_value().description(with("Any JSON value.")).build().into(),
        "google.protobuf.ListValue" => ArrayBuilder::new()
            .items(types::any_value())
            .description(with("A JSON array."))
            .build()
            .into(),
        "google.protobuf.Empty" => ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
            .description(with("An empty JSON object."))
            .build()
            .into(),
        _ => return None,
    };
    Some(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(name: &str) -> serde_json::Value {
        let components = components(crate::pb::pool());
        serde_json::to_value(components.get(name).unwrap_or_else(|| panic!("no component {name}"))).unwrap()
    }

    #[test]
    fn covers_api_messages_enums_and_status_but_not_inline_wkts() {
        let components = components(crate::pb::pool());
        for name in [
            "temporal.api.cloud.namespace.v1.Namespace",
            "temporal.api.cloud.cloudservice.v1.GetUsersRequest",
            "temporal.api.cloud.resource.v1.ResourceState",
            "google.rpc.Status",
            "google.protobuf.Any",
        ] {
            assert!(components.contains_key(name), "{name}");
        }
        assert!(!components.contains_key("google.protobuf.Timestamp"));
        assert!(
            !components.keys().any(|k| k.ends_with("Entry")),
            "no map entry components"
        );
    }

    #[test]
    fn messages_are_closed_objects_with_json_names() {
        let user = schema("temporal.api.cloud.identity.v1.User");
        assert_eq!(user["type"], "object");
        assert_eq!(user["additionalProperties"], false);
        assert_eq!(user["properties"]["resourceVersion"]["type"], "string");
        assert_eq!(user["properties"]["createdTime"]["format"], "date-time");
        assert_eq!(user["properties"]["stateDeprecated"]["deprecated"], true);
        assert_eq!(
            user["properties"]["state"]["allOf"][0]["$ref"],
            "#/components/schemas/temporal.api.cloud.resource.v1.ResourceState"
        );
        assert_eq!(user["properties"]["state"]["x-temporal-min-version"], "v0.3.0");
    }

    #[test]
    fn oneofs_allow_at_most_one_member() {
        let spec = schema("temporal.api.cloud.namespace.v1.CapacitySpec");
        assert_eq!(spec["x-oneof"], json!({"spec": ["onDemand", "provisioned"]}));
        assert_eq!(spec["x-temporal-min-version"], "v0.10.0");
        assert_eq!(
            spec["allOf"][1]["anyOf"][0]["properties"]["provisioned"],
            json!({"enum": []})
        );
    }

    #[test]
    fn enums_list_value_names_and_their_comments() {
        let role = schema("temporal.api.cloud.identity.v1.AccountAccess.Role");
        assert_eq!(role["type"], "string");
        assert_eq!(role["enum"][1], "ROLE_OWNER");
        assert!(
            role["description"]
                .as_str()
                .unwrap()
                .contains("- `ROLE_OWNER`: Gives full access")
        );
    }
}
