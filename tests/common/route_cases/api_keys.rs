//! Route cases of API keys.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // enum query parameter given by number; page token percent-encoded.
    RouteCase {
        rpc: "GetApiKeys",
        method: "GET",
        uri: "/cloud/api-keys?page_size=25&pageToken=abc%2Fdef%2Bghi%3D%3D&ownerId=sa-1&owner_type=2",
        body: None,
        upstream_request: r#"{
            "pageSize": 25,
            "pageToken": "abc/def+ghi==",
            "ownerId": "sa-1",
            "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT"
        }"#,
        upstream_response: r#"{
            "apiKeys": [
                {
                    "id": "key-7",
                    "resourceVersion": "1",
                    "spec": {
                        "ownerId": "sa-1",
                        "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                        "displayName": "deploy bot",
                        "description": "used by CI",
                        "expiryTime": "2025-06-30T23:59:59Z"
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-03-01T12:00:00Z"
                },
                {
                    "id": "key-8",
                    "resourceVersion": "4",
                    "spec": {
                        "ownerId": "sa-1",
                        "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                        "displayName": "old deploy bot",
                        "expiryTime": "2024-12-31T00:00:00Z",
                        "disabled": true
                    },
                    "state": "RESOURCE_STATE_SUSPENDED",
                    "createdTime": "2023-12-31T00:00:00Z",
                    "lastModifiedTime": "2024-04-01T08:30:00.500Z"
                }
            ],
            "nextPageToken": "tok-keys-2"
        }"#,
    },
    RouteCase {
        rpc: "GetApiKey",
        method: "GET",
        uri: "/cloud/api-keys/key-7",
        body: None,
        upstream_request: r#"{"keyId": "key-7"}"#,
        upstream_response: r#"{
            "apiKey": {
                "id": "key-7",
                "resourceVersion": "1",
                "spec": {
                    "ownerId": "sa-1",
                    "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                    "displayName": "deploy bot",
                    "expiryTime": "2025-06-30T23:59:59Z"
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-03-01T12:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "CreateApiKey",
        method: "POST",
        uri: "/cloud/api-keys",
        body: Some(
            r#"{
                "spec": {
                    "ownerId": "sa-1",
                    "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                    "displayName": "deploy bot",
                    "description": "used by CI",
                    "expiryTime": "2025-06-30T23:59:59Z"
                },
                "asyncOperationId": "op-create-key-7"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "ownerId": "sa-1",
                "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                "displayName": "deploy bot",
                "description": "used by CI",
                "expiryTime": "2025-06-30T23:59:59Z"
            },
            "asyncOperationId": "op-create-key-7"
        }"#,
        upstream_response: r#"{
            "keyId": "key-7",
            "token": "tmprl_key7_0123456789abcdef",
            "asyncOperation": {
                "id": "op-create-key-7",
                "state": "STATE_FULFILLED",
                "checkDuration": "1s",
                "operationType": "create-api-key",
                "startedTime": "2024-03-01T12:00:00Z",
                "finishedTime": "2024-03-01T12:00:01Z"
            }
        }"#,
    },
    // a timestamp with fractional seconds in the body.
    RouteCase {
        rpc: "UpdateApiKey",
        method: "POST",
        uri: "/cloud/api-keys/key-7",
        body: Some(
            r#"{
                "spec": {
                    "ownerId": "sa-1",
                    "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                    "displayName": "deploy bot",
                    "expiryTime": "2025-06-30T23:59:59.5Z",
                    "disabled": true
                },
                "resourceVersion": "1"
            }"#,
        ),
        upstream_request: r#"{
            "keyId": "key-7",
            "spec": {
                "ownerId": "sa-1",
                "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                "displayName": "deploy bot",
                "expiryTime": "2025-06-30T23:59:59.500Z",
                "disabled": true
            },
            "resourceVersion": "1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-key-7",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-api-key",
                "startedTime": "2024-05-03T09:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "DeleteApiKey",
        method: "DELETE",
        uri: "/cloud/api-keys/key-8?resourceVersion=4&async_operation_id=op-delete-key-8",
        body: None,
        upstream_request: r#"{
            "keyId": "key-8",
            "resourceVersion": "4",
            "asyncOperationId": "op-delete-key-8"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-key-8",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-api-key",
                "startedTime": "2024-05-03T10:00:00Z"
            }
        }"#,
    },
];
