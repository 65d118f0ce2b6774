//! Route cases of current identity and async operations.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    RouteCase {
        rpc: "GetCurrentIdentity",
        method: "GET",
        uri: "/cloud/current-identity",
        body: None,
        upstream_request: r#"{}"#,
        upstream_response: r#"{
            "user": {
                "id": "user-1",
                "resourceVersion": "7",
                "spec": {
                    "email": "alice@example.com",
                    "access": {
                        "accountAccess": {"role": "ROLE_ADMIN"},
                        "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_WRITE"}}
                    }
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-01-15T09:30:00Z",
                "lastModifiedTime": "2024-05-01T10:00:00.123Z"
            },
            "principalApiKey": {
                "id": "key-1",
                "resourceVersion": "3",
                "spec": {
                    "ownerId": "user-1",
                    "ownerType": "OWNER_TYPE_USER",
                    "displayName": "alice laptop",
                    "expiryTime": "2025-01-01T00:00:00Z"
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-02-01T00:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "GetAsyncOperation",
        method: "GET",
        uri: "/cloud/operations/op-create-ns-1",
        body: None,
        upstream_request: r#"{"asyncOperationId": "op-create-ns-1"}"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-create-ns-1",
                "stateDeprecated": "fulfilled",
                "state": "STATE_FULFILLED",
                "checkDuration": "5s",
                "operationType": "create-namespace",
                "operationInput": {
                    "@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest",
                    "spec": {
                        "name": "orders",
                        "retentionDays": 30,
                        "apiKeyAuth": {"enabled": true},
                        "searchAttributes": {"CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD"},
                        "replicas": [{"region": "aws-us-east-1"}]
                    },
                    "asyncOperationId": "op-create-ns-1",
                    "tags": {"team": "payments"}
                },
                "startedTime": "2024-05-01T10:00:00Z",
                "finishedTime": "2024-05-01T10:02:30.250Z"
            }
        }"#,
    },
];
