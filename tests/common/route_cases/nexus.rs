//! Route cases of Nexus endpoints.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
];
