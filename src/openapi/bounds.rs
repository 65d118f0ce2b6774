//! Bounds of request parameters, written into their schemas so that a request the document calls
//! valid is not refused for a value the document could have bounded:
//! - a `page_size` (AIP-158's name for it) is never negative: `minimum: 0`;
//! - "Cannot exceed N" in a field's comment is `maximum: N`;
//! - a path variable is never empty: `minLength: 1`.
//!
//! Bounds the protos do not state are not invented; docs/reliability.md lists what the emulator
//! refuses that the document cannot say.

use prost_reflect::{FieldDescriptor, Kind};
use utoipa::openapi::{RefOr, Schema};

/// `schema` for `field` (commented `comment`), with the bounds the protos state.
pub fn bounded(field: &FieldDescriptor, comment: Option<&str>, mut schema: RefOr<Schema>) -> RefOr<Schema> {
    let integer = matches!(field.kind(), Kind::Int32 | Kind::Sint32 | Kind::Sfixed32);
    if !integer || field.is_list() {
        return schema;
    }
    let RefOr::T(Schema::Object(object)) = &mut schema else {
        return schema;
    };
    if field.name() == "page_size" {
        object.minimum = Some(0.into());
    }
    if let Some(max) = comment.and_then(stated_maximum) {
        object.maximum = Some(max.into());
    }
    schema
}

/// `schema` for a path variable: a string one is never empty (an empty segment binds nothing).
pub fn non_empty(mut schema: RefOr<Schema>) -> RefOr<Schema> {
    if let RefOr::T(Schema::Object(object)) = &mut schema
        && object.schema_type == utoipa::openapi::schema::SchemaType::Type(utoipa::openapi::Type::String)
    {
        object.min_length = Some(1);
    }
    schema
}

/// N in "Cannot exceed N" (case-insensitive), if the text says so.
fn stated_maximum(text: &str) -> Option<isize> {
    const PHRASE: &str = "cannot exceed ";
    let lower = text.to_ascii_lowercase();
    let at = lower.find(PHRASE)? + PHRASE.len();
    let digits: String = lower[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stated_maximum_is_read_from_the_comment() {
        assert_eq!(
            stated_maximum("The requested size of the page. Cannot exceed 1000."),
            Some(1000)
        );
        assert_eq!(stated_maximum("cannot exceed 25 items"), Some(25));
        assert_eq!(stated_maximum("Defaults to 100."), None);
        assert_eq!(stated_maximum("Cannot exceed the quota."), None);
    }

    #[test]
    fn page_sizes_get_their_bounds() {
        let request = crate::pb::pool()
            .get_message_by_name("temporal.api.cloud.cloudservice.v1.GetUsersRequest")
            .unwrap();
        let field = request.get_field_by_name("page_size").unwrap();
        let schema = super::super::types::field_schema(&field, super::super::types::Enums::Inline);
        let RefOr::T(Schema::Object(object)) = bounded(&field, Some("Cannot exceed 1000."), schema) else {
            panic!("an integer schema is an object");
        };
        assert!(object.minimum == Some(0.into()) && object.maximum == Some(1000.into()));
    }
}
