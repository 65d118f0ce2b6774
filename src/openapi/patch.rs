//! The PATCH operation of each resource that takes a JSON Merge Patch ([`crate::patch`]): the
//! Update's operation — its path, parameters, headers and answers, since a PATCH answers what
//! the Update answers — with an `application/merge-patch+json` body of the Update request's shape
//! and its own id, summary and 415.

use utoipa::openapi::path::Operation;
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{ContentBuilder, RefOr, Required, ResponseBuilder};

use super::responses::{JSON, text_header};
use super::schemas::STATUS;
use super::types::ref_to;
use crate::headers::{ACCEPT_PATCH_HEADER, GATEWAY_ERROR_HEADER, MERGE_PATCH};
use crate::patch::{Patchable, ROUNDS};

/// The PATCH operation of `target`, made from `update`, the OpenAPI operation of its Update.
pub fn operation(target: &Patchable, update: &Operation) -> Operation {
    let mut operation = update.clone();
    let resource = target.resource.as_str();
    // `updateNamespace` → `patchNamespace`; any other id → `patch` + it.
    let update_id = update.operation_id.as_deref().unwrap_or(target.update.rpc);
    let rest = update_id
        .strip_prefix("update")
        .filter(|rest| rest.starts_with(char::is_uppercase));
    operation.operation_id = Some(format!(
        "patch{}",
        rest.map_or_else(|| upper_first(update_id), str::to_string)
    ));
    operation.summary = Some(format!("Change part of a {resource}'s spec (JSON Merge Patch)"));
    operation.description = Some(format!(
        "The gateway reads the {resource} (`{get}`) with the caller's key, merges the body into \
         `{{\"spec\": <spec read>, \"resourceVersion\": <version read>}}` by RFC 7396 (objects merge, \
         arrays and scalars replace, `null` resets a field to its default) and sends the result as \
         `{update}`, which is validated like a POST of it (unknown fields are a 400). The answer is \
         the `{update}` answer.\n\n`If-Match` pins the version (412 when the {resource} has moved on). \
         Without it, when another writer changed the {resource} between the read and the update, the \
         gateway reads again and applies the patch on top of that change, at most {ROUNDS} times.",
        get = target.get.rpc,
        update = target.update.rpc,
    ));
    operation.request_body = Some(
        RequestBodyBuilder::new()
            .description(Some(format!(
                "A merge patch of the `{}` request, e.g. `{{\"spec\": {{…}}}}`; members not named are kept.",
                target.update.rpc
            )))
            .content(
                MERGE_PATCH,
                ContentBuilder::new()
                    .schema(Some(ref_to(target.update.input_type)))
                    .build(),
            )
            .required(Some(Required::True))
            .build(),
    );
    let refused = ResponseBuilder::new()
        .description(format!(
            "The body is not `{MERGE_PATCH}` (code INVALID_ARGUMENT); `Accept-Patch` names the type."
        ))
        .content(JSON, ContentBuilder::new().schema(Some(ref_to(STATUS))).build())
        .header(GATEWAY_ERROR_HEADER.as_str(), text_header("`unsupported_media_type`"))
        .header(ACCEPT_PATCH_HEADER.as_str(), text_header(MERGE_PATCH))
        .build();
    operation.responses.responses.insert("415".into(), RefOr::T(refused));
    operation
}

fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
