//! Route cases of connectivity rules.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    RouteCase {
        rpc: "CreateConnectivityRule",
        method: "POST",
        uri: "/cloud/connectivity-rules",
        body: Some(
            r#"{
                "spec": {"privateRule": {"connectionId": "vpce-0123456789abcdef0", "region": "aws-us-east-1"}},
                "asyncOperationId": "op-create-cr-1"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {"privateRule": {"connectionId": "vpce-0123456789abcdef0", "region": "aws-us-east-1"}},
            "asyncOperationId": "op-create-cr-1"
        }"#,
        upstream_response: r#"{
            "connectivityRuleId": "cr-private-1",
            "asyncOperation": {
                "id": "op-create-cr-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-connectivity-rule",
                "operationInput": {
                    "@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateConnectivityRuleRequest",
                    "spec": {"privateRule": {"connectionId": "vpce-0123456789abcdef0", "region": "aws-us-east-1"}},
                    "asyncOperationId": "op-create-cr-1"
                },
                "startedTime": "2024-05-07T09:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "GetConnectivityRule",
        method: "GET",
        uri: "/cloud/connectivity-rules/cr-private-2",
        body: None,
        upstream_request: r#"{"connectivityRuleId": "cr-private-2"}"#,
        upstream_response: r#"{
            "connectivityRule": {
                "id": "cr-private-2",
                "spec": {
                    "privateRule": {
                        "connectionId": "psc-1234567890",
                        "gcpProjectId": "acme-prod",
                        "region": "gcp-us-central1"
                    }
                },
                "resourceVersion": "1",
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-05-07T09:30:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "GetConnectivityRules",
        method: "GET",
        uri: "/cloud/connectivity-rules?page_size=10&namespace=ns-a.acct1",
        body: None,
        upstream_request: r#"{"pageSize": 10, "namespace": "ns-a.acct1"}"#,
        upstream_response: r#"{
            "connectivityRules": [
                {
                    "id": "cr-public-1",
                    "spec": {"publicRule": {}},
                    "resourceVersion": "2",
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-01-09T00:00:00Z"
                },
                {
                    "id": "cr-private-1",
                    "spec": {"privateRule": {"connectionId": "vpce-0123456789abcdef0", "region": "aws-us-east-1"}},
                    "resourceVersion": "1",
                    "state": "RESOURCE_STATE_ACTIVATING",
                    "asyncOperationId": "op-create-cr-1",
                    "createdTime": "2024-05-07T09:00:00Z"
                }
            ],
            "nextPageToken": "tok-cr-2"
        }"#,
    },
    RouteCase {
        rpc: "DeleteConnectivityRule",
        method: "DELETE",
        uri: "/cloud/connectivity-rules/cr-private-1?resource_version=2&asyncOperationId=op-delete-cr-1",
        body: None,
        upstream_request: r#"{
            "connectivityRuleId": "cr-private-1",
            "resourceVersion": "2",
            "asyncOperationId": "op-delete-cr-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-cr-1",
                "state": "STATE_FAILED",
                "checkDuration": "1s",
                "operationType": "delete-connectivity-rule",
                "failureReason": "connectivity rule is still attached to namespace ns-a.acct1",
                "startedTime": "2024-05-07T10:00:00Z",
                "finishedTime": "2024-05-07T10:00:02Z"
            }
        }"#,
    },
];
