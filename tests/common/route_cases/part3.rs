//! Route cases GetApiKey … CreateUserGroup (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // 21
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
    // 22
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
    // 23: a timestamp with fractional seconds in the body.
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
    // 24
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
    // 25
    RouteCase {
        rpc: "GetNexusEndpoints",
        method: "GET",
        uri: "/cloud/nexus/endpoints?pageSize=10&target_namespace_id=ns-a.acct1&targetTaskQueue=orders-tq&name=orders-endpoint",
        body: None,
        upstream_request: r#"{
            "pageSize": 10,
            "targetNamespaceId": "ns-a.acct1",
            "targetTaskQueue": "orders-tq",
            "name": "orders-endpoint"
        }"#,
        upstream_response: r#"{
            "endpoints": [
                {
                    "id": "ep-1",
                    "resourceVersion": "5",
                    "spec": {
                        "name": "orders-endpoint",
                        "targetSpec": {"workerTargetSpec": {"namespaceId": "ns-a.acct1", "taskQueue": "orders-tq"}},
                        "policySpecs": [{"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-b.acct1"}}],
                        "description": {
                            "metadata": {"encoding": "anNvbi9wbGFpbg=="},
                            "data": "IlBheW1lbnRzIGVuZHBvaW50Ig=="
                        }
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-02-10T00:00:00Z",
                    "lastModifiedTime": "2024-04-10T00:00:00Z"
                }
            ],
            "nextPageToken": "tok-ep-2"
        }"#,
    },
    // 26
    RouteCase {
        rpc: "GetNexusEndpoint",
        method: "GET",
        uri: "/cloud/nexus/endpoints/ep-1",
        body: None,
        upstream_request: r#"{"endpointId": "ep-1"}"#,
        upstream_response: r#"{
            "endpoint": {
                "id": "ep-1",
                "resourceVersion": "5",
                "spec": {
                    "name": "orders-endpoint",
                    "targetSpec": {"workerTargetSpec": {"namespaceId": "ns-a.acct1", "taskQueue": "orders-tq"}},
                    "policySpecs": [
                        {"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-b.acct1"}},
                        {"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-c.acct1"}}
                    ]
                },
                "state": "RESOURCE_STATE_UPDATING",
                "asyncOperationId": "op-update-ep-1",
                "createdTime": "2024-02-10T00:00:00Z",
                "lastModifiedTime": "2024-05-03T11:00:00Z"
            }
        }"#,
    },
    // 27
    RouteCase {
        rpc: "CreateNexusEndpoint",
        method: "POST",
        uri: "/cloud/nexus/endpoints",
        body: Some(
            r#"{
                "spec": {
                    "name": "fulfillment-endpoint",
                    "targetSpec": {"workerTargetSpec": {"namespaceId": "ns-b.acct1", "taskQueue": "fulfillment-tq"}},
                    "policySpecs": [{"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-a.acct1"}}],
                    "description": {
                        "metadata": {"encoding": "dGV4dC9wbGFpbg=="},
                        "data": "Um91dGVzIG9yZGVycyB0byB0aGUgZnVsZmlsbG1lbnQgbmFtZXNwYWNl"
                    }
                },
                "asyncOperationId": "op-create-ep-2"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "fulfillment-endpoint",
                "targetSpec": {"workerTargetSpec": {"namespaceId": "ns-b.acct1", "taskQueue": "fulfillment-tq"}},
                "policySpecs": [{"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-a.acct1"}}],
                "description": {
                    "metadata": {"encoding": "dGV4dC9wbGFpbg=="},
                    "data": "Um91dGVzIG9yZGVycyB0byB0aGUgZnVsZmlsbG1lbnQgbmFtZXNwYWNl"
                }
            },
            "asyncOperationId": "op-create-ep-2"
        }"#,
        upstream_response: r#"{
            "endpointId": "ep-2",
            "asyncOperation": {
                "id": "op-create-ep-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-nexus-endpoint",
                "startedTime": "2024-05-03T12:00:00Z"
            }
        }"#,
    },
    // 28
    RouteCase {
        rpc: "UpdateNexusEndpoint",
        method: "POST",
        uri: "/cloud/nexus/endpoints/ep-1",
        body: Some(
            r#"{
                "spec": {
                    "name": "orders-endpoint",
                    "targetSpec": {"workerTargetSpec": {"namespaceId": "ns-a.acct1", "taskQueue": "orders-tq-v2"}},
                    "policySpecs": [{"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-b.acct1"}}]
                },
                "resourceVersion": "5",
                "asyncOperationId": "op-update-ep-1"
            }"#,
        ),
        upstream_request: r#"{
            "endpointId": "ep-1",
            "spec": {
                "name": "orders-endpoint",
                "targetSpec": {"workerTargetSpec": {"namespaceId": "ns-a.acct1", "taskQueue": "orders-tq-v2"}},
                "policySpecs": [{"allowedCloudNamespacePolicySpec": {"namespaceId": "ns-b.acct1"}}]
            },
            "resourceVersion": "5",
            "asyncOperationId": "op-update-ep-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-ep-1",
                "state": "STATE_IN_PROGRESS",
                "checkDuration": "1s",
                "operationType": "update-nexus-endpoint",
                "startedTime": "2024-05-03T11:00:00Z"
            }
        }"#,
    },
    // 29
    RouteCase {
        rpc: "DeleteNexusEndpoint",
        method: "DELETE",
        uri: "/cloud/nexus/endpoints/ep-1?resource_version=6&async_operation_id=op-delete-ep-1",
        body: None,
        upstream_request: r#"{
            "endpointId": "ep-1",
            "resourceVersion": "6",
            "asyncOperationId": "op-delete-ep-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-ep-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-nexus-endpoint",
                "startedTime": "2024-05-03T13:00:00Z"
            }
        }"#,
    },
    // 30: nested message filters as dotted query parameters (proto names, then JSON names).
    RouteCase {
        rpc: "GetUserGroups",
        method: "GET",
        uri: "/cloud/user-groups?page_size=20&namespace=ns-a.acct1&displayName=Platform%20Team&google_group.email_address=platform%40example.com&scimGroup.idpId=scim-123",
        body: None,
        upstream_request: r#"{
            "pageSize": 20,
            "namespace": "ns-a.acct1",
            "displayName": "Platform Team",
            "googleGroup": {"emailAddress": "platform@example.com"},
            "scimGroup": {"idpId": "scim-123"}
        }"#,
        upstream_response: r#"{
            "groups": [
                {
                    "id": "grp-1",
                    "resourceVersion": "3",
                    "spec": {
                        "displayName": "Platform Team",
                        "access": {
                            "accountAccess": {"role": "ROLE_DEVELOPER"},
                            "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_WRITE"}}
                        },
                        "googleGroup": {"emailAddress": "platform@example.com"}
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-02-01T00:00:00Z"
                }
            ],
            "nextPageToken": "tok-grp-2"
        }"#,
    },
    // 31
    RouteCase {
        rpc: "GetUserGroup",
        method: "GET",
        uri: "/cloud/user-groups/grp-1",
        body: None,
        upstream_request: r#"{"groupId": "grp-1"}"#,
        upstream_response: r#"{
            "group": {
                "id": "grp-1",
                "resourceVersion": "3",
                "spec": {
                    "displayName": "SRE",
                    "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_ADMIN"}}},
                    "scimGroup": {"idpId": "scim-123"}
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-02-01T00:00:00Z",
                "lastModifiedTime": "2024-03-15T14:20:00Z"
            }
        }"#,
    },
    // 32: an empty message as the chosen oneof member.
    RouteCase {
        rpc: "CreateUserGroup",
        method: "POST",
        uri: "/cloud/user-groups",
        body: Some(
            r#"{
                "spec": {
                    "displayName": "On-call",
                    "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}},
                    "cloudGroup": {}
                },
                "asyncOperationId": "op-create-grp-2"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "displayName": "On-call",
                "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}},
                "cloudGroup": {}
            },
            "asyncOperationId": "op-create-grp-2"
        }"#,
        upstream_response: r#"{
            "groupId": "grp-2",
            "asyncOperation": {
                "id": "op-create-grp-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-user-group",
                "startedTime": "2024-05-04T09:00:00Z"
            }
        }"#,
    },
];
