//! Where a route's messages hold an asynchronous operation, read from the descriptors once: the
//! request's top-level `async_operation_id` string (the caller's idempotency key for a mutation;
//! the operation to read for GetAsyncOperation),
//! and the response's top-level field of type `AsyncOperation`. No RPC is named here; a new RPC
//! with either field gets the behaviour that goes with it.

use std::collections::HashMap;
use std::sync::LazyLock;

use prost_reflect::{Kind, MessageDescriptor};

use crate::routes::{ROUTES, Route};

/// The request field that names a mutation's operation (proto name).
const OPERATION_ID_FIELD: &str = "async_operation_id";
/// The message type of an asynchronous operation.
const OPERATION_TYPE: &str = "temporal.api.cloud.operation.v1.AsyncOperation";

/// The operation fields of one route's messages, as JSON names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationFields {
    /// The request's `async_operation_id`, as (JSON name, proto name).
    pub request_id: Option<(String, String)>,
    /// The response field holding the operation (`asyncOperation`).
    pub response_operation: Option<String>,
}

static FIELDS: LazyLock<HashMap<&'static str, OperationFields>> = LazyLock::new(|| {
    let pool = crate::pb::pool();
    ROUTES
        .iter()
        .map(|route| {
            let input = pool.get_message_by_name(route.input_type);
            let output = pool.get_message_by_name(route.output_type);
            let fields = OperationFields {
                request_id: input.as_ref().and_then(request_id),
                response_operation: output.as_ref().and_then(response_operation),
            };
            (route.rpc, fields)
        })
        .collect()
});

/// The operation fields of `route`.
pub fn of(route: &Route) -> &'static OperationFields {
    static NONE: OperationFields = OperationFields {
        request_id: None,
        response_operation: None,
    };
    FIELDS.get(route.rpc).unwrap_or(&NONE)
}

/// The route that reads an operation by its id (GetAsyncOperation): the GET route whose request
/// names an operation and whose response holds one.
pub fn poll_route() -> Option<&'static Route> {
    static POLL: LazyLock<Option<&'static Route>> = LazyLock::new(|| {
        ROUTES.iter().find(|route| {
            let fields = of(route);
            route.verb == crate::routes::Verb::Get && fields.request_id.is_some() && fields.response_operation.is_some()
        })
    });
    *POLL
}

fn request_id(message: &MessageDescriptor) -> Option<(String, String)> {
    let field = message.get_field_by_name(OPERATION_ID_FIELD)?;
    (field.kind() == Kind::String && !field.is_list())
        .then(|| (field.json_name().to_string(), field.name().to_string()))
}

fn response_operation(message: &MessageDescriptor) -> Option<String> {
    message
        .fields()
        .find(|f| !f.is_list() && matches!(f.kind(), Kind::Message(m) if m.full_name() == OPERATION_TYPE))
        .map(|f| f.json_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::by_rpc;

    #[test]
    fn mutations_name_their_operation_and_reads_do_not() {
        let create = of(by_rpc("CreateNamespace").unwrap());
        assert_eq!(
            create.request_id,
            Some(("asyncOperationId".to_string(), "async_operation_id".to_string()))
        );
        assert_eq!(create.response_operation.as_deref(), Some("asyncOperation"));
        assert_eq!(of(by_rpc("GetNamespace").unwrap()), &OperationFields::default());
        let poll = of(by_rpc("GetAsyncOperation").unwrap());
        assert_eq!(poll.response_operation.as_deref(), Some("asyncOperation"));
        assert!(poll.request_id.is_some(), "the poll names the operation it reads");
        assert_eq!(poll_route().map(|r| r.rpc), Some("GetAsyncOperation"));
        let with_ids = ROUTES.iter().filter(|r| of(r).request_id.is_some()).count();
        let with_operations = ROUTES.iter().filter(|r| of(r).response_operation.is_some()).count();
        assert!(with_ids > 40 && with_operations > 40, "{with_ids} {with_operations}");
    }
}
