//! The JSON Schema of one field, matching the canonical proto3 JSON the gateway emits: int64 and
//! uint64 as digit strings, enums by name, Timestamp as RFC 3339 `date-time`, Duration as `"1.5s"`,
//! bytes as base64, maps as objects, repeated fields as arrays, and the well-known types that have
//! a scalar JSON form (Timestamp, Duration, FieldMask, wrappers) inline.
//!
//! Messages and enums are `$ref`s to their component (named by full proto name); [`annotate`] adds
//! a field's description, deprecation and `x-temporal-*` extensions to whatever shape it has.

use prost_reflect::{FieldDescriptor, Kind};
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Ref, RefBuilder,
    Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Deprecated, RefOr};

/// `google.protobuf.Duration` text: decimal seconds with up to 9 fractional digits and an `s`.
pub const DURATION_PATTERN: &str = r"^-?[0-9]+(\.[0-9]{1,9})?s$";
/// int64 / sint64 / sfixed64 text.
pub const INT64_PATTERN: &str = "^-?[0-9]+$";
/// uint64 / fixed64 text.
pub const UINT64_PATTERN: &str = "^[0-9]+$";

/// How an enum-typed field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enums {
    /// `$ref` to the enum's component (message properties).
    Ref,
    /// The value list inline (parameters: Swagger UI offers a drop-down).
    Inline,
}

/// The component name of a message or enum: its full proto name.
pub fn ref_to(full_name: &str) -> Ref {
    Ref::from_schema_name(full_name)
}

/// Whether a message is a well-known type written inline as a scalar (no component of its own).
pub fn is_inline_wkt(full_name: &str) -> bool {
    matches!(
        full_name,
        "google.protobuf.Timestamp"
            | "google.protobuf.Duration"
            | "google.protobuf.FieldMask"
            | "google.protobuf.DoubleValue"
            | "google.protobuf.FloatValue"
            | "google.protobuf.Int64Value"
            | "google.protobuf.UInt64Value"
            | "google.protobuf.Int32Value"
            | "google.protobuf.UInt32Value"
            | "google.protobuf.BoolValue"
            | "google.protobuf.StringValue"
            | "google.protobuf.BytesValue"
    )
}

/// The schema of a whole field: list → array, map → object with `additionalProperties`.
pub fn field_schema(field: &FieldDescriptor, enums: Enums) -> RefOr<Schema> {
    if field.is_map() {
        let Kind::Message(entry) = field.kind() else {
            unreachable!("map fields have an entry message")
        };
        let key = entry.map_entry_key_field();
        let value = entry.map_entry_value_field();
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(AdditionalProperties::RefOr(kind_schema(&value.kind(), enums))));
        let key_pattern = match key.kind() {
            Kind::Bool => Some("^(true|false)$"),
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 | Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => {
                Some(INT64_PATTERN)
            }
            Kind::Uint32 | Kind::Fixed32 | Kind::Uint64 | Kind::Fixed64 => Some(UINT64_PATTERN),
            _ => None,
        };
        if let Some(pattern) = key_pattern {
            object = object.property_names(Some(
                ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern)),
            ));
        }
        return RefOr::T(Schema::Object(object.build()));
    }
    let item = kind_schema(&field.kind(), enums);
    if field.is_list() {
        return RefOr::T(Schema::Array(ArrayBuilder::new().items(item).build()));
    }
    item
}

/// The schema of one value of `kind`.
pub fn kind_schema(kind: &Kind, enums: Enums) -> RefOr<Schema> {
    let scalar = |ty: Type, format: Option<KnownFormat>| {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(ty)
                .format(format.map(SchemaFormat::KnownFormat))
                .build(),
        ))
    };
    match kind {
        Kind::Double => floating(KnownFormat::Double),
        Kind::Float => floating(KnownFormat::Float),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => scalar(Type::Integer, Some(KnownFormat::Int32)),
        Kind::Uint32 | Kind::Fixed32 => RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::Custom("uint32".into())))
                .minimum(Some(0))
                .maximum(Some(u32::MAX))
                .build(),
        )),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => {
            digits(SchemaFormat::KnownFormat(KnownFormat::Int64), INT64_PATTERN)
        }
        Kind::Uint64 | Kind::Fixed64 => digits(SchemaFormat::Custom("uint64".into()), UINT64_PATTERN),
        Kind::Bool => scalar(Type::Boolean, None),
        Kind::String => scalar(Type::String, None),
        Kind::Bytes => RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Byte)))
                .content_encoding("base64")
                .build(),
        )),
        Kind::Enum(e) => match enums {
            Enums::Ref => RefOr::Ref(ref_to(e.full_name())),
            Enums::Inline => RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(e.values().map(|v| v.name().to_string())))
                    .build(),
            )),
        },
        Kind::Message(m) => match m.full_name() {
            "google.protobuf.Timestamp" => scalar(Type::String, Some(KnownFormat::DateTime)),
            "google.protobuf.Duration" => RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(DURATION_PATTERN))
                    .examples(["1.5s"])
                    .build(),
            )),
            "google.protobuf.FieldMask" => scalar(Type::String, None),
            name if is_inline_wkt(name) => {
                let value = m.get_field_by_name("value").expect("wrapper types have a value field");
                kind_schema(&value.kind(), enums)
            }
            name => RefOr::Ref(ref_to(name)),
        },
    }
}

/// A double or float: a JSON number, or one of the strings proto3 JSON uses for non-finite values.
fn floating(format: KnownFormat) -> RefOr<Schema> {
    RefOr::T(Schema::OneOf(
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .format(Some(SchemaFormat::KnownFormat(format))),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["NaN", "Infinity", "-Infinity"])),
            )
            .build(),
    ))
}

/// A 64-bit integer: canonical proto3 JSON writes it as a string of digits.
fn digits(format: SchemaFormat, pattern: &str) -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(format))
            .pattern(Some(pattern))
            .build(),
    ))
}

/// What a field adds to its shape's schema.
#[derive(Default)]
pub struct Notes {
    /// Field description (comments).
    pub description: Option<String>,
    /// `[deprecated = true]`.
    pub deprecated: bool,
    /// `x-temporal-*` and other extensions.
    pub extensions: Option<Extensions>,
}

/// Adds `notes` to `schema`. A `$ref` keeps a sibling `description` (OpenAPI 3.1 allows it);
/// a `$ref` with deprecation or extensions is wrapped in a one-item `allOf`.
pub fn annotate(schema: RefOr<Schema>, notes: Notes) -> RefOr<Schema> {
    let deprecated = notes.deprecated.then_some(Deprecated::True);
    match schema {
        RefOr::Ref(r) if !notes.deprecated && notes.extensions.is_none() => RefOr::Ref(
            RefBuilder::new()
                .ref_location(r.ref_location)
                .description(notes.description)
                .build(),
        ),
        // A `$ref` with more than a description: wrapped, as `$ref` siblings are not for every tool.
        RefOr::Ref(r) => annotate_wrapped(RefOr::Ref(r), notes),
        RefOr::T(Schema::Object(mut o)) => {
            o.description = notes.description.or(o.description);
            o.deprecated = deprecated.or(o.deprecated);
            o.extensions = merge(o.extensions, notes.extensions);
            RefOr::T(Schema::Object(o))
        }
        RefOr::T(Schema::Array(mut a)) => {
            a.description = notes.description.or(a.description);
            a.deprecated = deprecated.or(a.deprecated);
            a.extensions = merge(a.extensions, notes.extensions);
            RefOr::T(Schema::Array(a))
        }
        // Composites (the float shape): wrap, so the members stay untouched.
        other => annotate_wrapped(other, notes),
    }
}

fn annotate_wrapped(schema: RefOr<Schema>, notes: Notes) -> RefOr<Schema> {
    let mut all_of = AllOfBuilder::new().item(schema).description(notes.description).build();
    all_of.extensions = merge(all_of.extensions, notes.extensions);
    if notes.deprecated {
        // utoipa's AllOf has no `deprecated` member; JSON Schema 2020-12 allows it on any
        // schema, so it is written through the flattened extension map.
        all_of
            .extensions
            .get_or_insert_with(Extensions::default)
            .insert("deprecated".into(), serde_json::Value::Bool(true));
    }
    RefOr::T(Schema::AllOf(all_of))
}

/// Merges two optional extension maps.
pub fn merge(a: Option<Extensions>, b: Option<Extensions>) -> Option<Extensions> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.merge(b);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}

/// An object that admits any JSON value as a member (`google.protobuf.Struct`).
pub fn free_form_object() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)))
}

/// Any JSON value (`google.protobuf.Value`).
pub fn any_value() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::AnyValue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(message: &str, name: &str) -> FieldDescriptor {
        crate::pb::pool()
            .get_message_by_name(message)
            .unwrap()
            .get_field_by_name(name)
            .unwrap()
    }

    fn json_of(schema: RefOr<Schema>) -> serde_json::Value {
        serde_json::to_value(schema).unwrap()
    }

    #[test]
    fn scalars_follow_canonical_proto3_json() {
        let int64 = json_of(kind_schema(&Kind::Int64, Enums::Ref));
        assert_eq!(
            int64,
            json!({"type": "string", "format": "int64", "pattern": INT64_PATTERN})
        );
        let bytes = json_of(kind_schema(&Kind::Bytes, Enums::Ref));
        assert_eq!(bytes["format"], "byte");
        let ts = field("temporal.api.cloud.identity.v1.User", "created_time");
        assert_eq!(
            json_of(field_schema(&ts, Enums::Ref)),
            json!({"type": "string", "format": "date-time"})
        );
    }

    #[test]
    fn enums_are_refs_or_inline_names() {
        let role = field("temporal.api.cloud.identity.v1.AccountAccess", "role");
        assert_eq!(
            json_of(field_schema(&role, Enums::Ref)),
            json!({"$ref": "#/components/schemas/temporal.api.cloud.identity.v1.AccountAccess.Role"})
        );
        let inline = json_of(field_schema(&role, Enums::Inline));
        assert_eq!(inline["type"], "string");
        assert_eq!(inline["enum"][0], "ROLE_UNSPECIFIED");
    }

    #[test]
    fn maps_and_lists_wrap_the_value_schema() {
        let accesses = field("temporal.api.cloud.identity.v1.Access", "namespace_accesses");
        assert_eq!(
            json_of(field_schema(&accesses, Enums::Ref)),
            json!({"type": "object", "additionalProperties":
                {"$ref": "#/components/schemas/temporal.api.cloud.identity.v1.NamespaceAccess"}})
        );
        let roles = field("temporal.api.cloud.identity.v1.AccountAccess", "custom_roles");
        assert_eq!(
            json_of(field_schema(&roles, Enums::Ref)),
            json!({"type": "array", "items": {"type": "string"}})
        );
    }

    #[test]
    fn annotations_keep_refs_valid() {
        let r = || RefOr::Ref(ref_to("a.B"));
        let described = annotate(
            r(),
            Notes {
                description: Some("d".into()),
                ..Notes::default()
            },
        );
        assert_eq!(
            json_of(described),
            json!({"$ref": "#/components/schemas/a.B", "description": "d"})
        );
        let deprecated = annotate(
            r(),
            Notes {
                deprecated: true,
                ..Notes::default()
            },
        );
        assert_eq!(
            json_of(deprecated),
            json!({"allOf": [{"$ref": "#/components/schemas/a.B"}], "deprecated": true})
        );
    }
}
