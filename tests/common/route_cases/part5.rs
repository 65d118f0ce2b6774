//! Route cases GetAccount … GetConnectivityRule (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // 46
    RouteCase {
        rpc: "GetAccount",
        method: "GET",
        uri: "/cloud/account",
        body: None,
        upstream_request: r#"{}"#,
        upstream_response: r#"{
            "account": {
                "id": "acct1",
                "spec": {
                    "metrics": {
                        "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJtZXRyaWNzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
                    }
                },
                "resourceVersion": "8",
                "state": "RESOURCE_STATE_ACTIVE",
                "metrics": {"uri": "https://acct1.tmprl.cloud/prometheus"}
            }
        }"#,
    },
    // 47
    RouteCase {
        rpc: "UpdateAccount",
        method: "POST",
        uri: "/cloud/account",
        body: Some(
            r#"{
                "spec": {
                    "metrics": {
                        "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJtZXRyaWNzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
                    }
                },
                "resourceVersion": "8",
                "asyncOperationId": "op-update-account-1"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "metrics": {
                    "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJtZXRyaWNzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
                }
            },
            "resourceVersion": "8",
            "asyncOperationId": "op-update-account-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-account-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-account",
                "startedTime": "2024-05-06T09:00:00Z"
            }
        }"#,
    },
    // 48
    RouteCase {
        rpc: "CreateNamespaceExportSink",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/export-sinks",
        body: Some(
            r#"{
                "spec": {
                    "name": "s3-history",
                    "enabled": true,
                    "s3": {
                        "roleName": "TemporalExportRole",
                        "bucketName": "acme-temporal-history",
                        "region": "us-east-1",
                        "kmsArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        "awsAccountId": "123456789012"
                    }
                },
                "asyncOperationId": "op-create-sink-1"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "spec": {
                "name": "s3-history",
                "enabled": true,
                "s3": {
                    "roleName": "TemporalExportRole",
                    "bucketName": "acme-temporal-history",
                    "region": "us-east-1",
                    "kmsArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "awsAccountId": "123456789012"
                }
            },
            "asyncOperationId": "op-create-sink-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-create-sink-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-namespace-export-sink",
                "startedTime": "2024-05-06T10:00:00Z"
            }
        }"#,
    },
    // 49: a space percent-encoded inside the path parameter.
    RouteCase {
        rpc: "GetNamespaceExportSink",
        method: "GET",
        uri: "/cloud/namespaces/ns-a.acct1/export-sinks/export%20sink%2001",
        body: None,
        upstream_request: r#"{"namespace": "ns-a.acct1", "name": "export sink 01"}"#,
        upstream_response: r#"{
            "sink": {
                "name": "export sink 01",
                "resourceVersion": "2",
                "state": "RESOURCE_STATE_ACTIVE",
                "spec": {
                    "name": "export sink 01",
                    "enabled": true,
                    "s3": {
                        "roleName": "TemporalExportRole",
                        "bucketName": "acme-temporal-history",
                        "region": "us-east-1",
                        "awsAccountId": "123456789012"
                    }
                },
                "health": "HEALTH_OK",
                "latestDataExportTime": "2024-05-06T11:00:00Z",
                "lastHealthCheckTime": "2024-05-06T11:30:00.123Z"
            }
        }"#,
    },
    // 50
    RouteCase {
        rpc: "GetNamespaceExportSinks",
        method: "GET",
        uri: "/cloud/namespaces/ns-a.acct1/export-sinks?pageSize=10&pageToken=tok-sinks-1",
        body: None,
        upstream_request: r#"{"namespace": "ns-a.acct1", "pageSize": 10, "pageToken": "tok-sinks-1"}"#,
        upstream_response: r#"{
            "sinks": [
                {
                    "name": "gcs-history",
                    "resourceVersion": "3",
                    "state": "RESOURCE_STATE_ACTIVE",
                    "spec": {
                        "name": "gcs-history",
                        "enabled": true,
                        "gcs": {
                            "saId": "temporal-export",
                            "bucketName": "acme-history",
                            "gcpProjectId": "acme-prod",
                            "region": "us-central1"
                        }
                    },
                    "health": "HEALTH_ERROR_USER_CONFIGURATION",
                    "errorMessage": "permission denied writing to bucket acme-history",
                    "lastHealthCheckTime": "2024-05-06T11:30:00Z"
                }
            ],
            "nextPageToken": "tok-sinks-2"
        }"#,
    },
    // 51: spec.name in the body disagrees with the path's {spec.name}; the path wins.
    RouteCase {
        rpc: "UpdateNamespaceExportSink",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/export-sinks/s3-history",
        body: Some(
            r#"{
                "spec": {
                    "name": "name-from-body",
                    "enabled": false,
                    "s3": {
                        "roleName": "TemporalExportRoleV2",
                        "bucketName": "acme-temporal-history",
                        "region": "us-east-1",
                        "awsAccountId": "123456789012"
                    }
                },
                "resourceVersion": "2",
                "asyncOperationId": "op-update-sink-1"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "spec": {
                "name": "s3-history",
                "s3": {
                    "roleName": "TemporalExportRoleV2",
                    "bucketName": "acme-temporal-history",
                    "region": "us-east-1",
                    "awsAccountId": "123456789012"
                }
            },
            "resourceVersion": "2",
            "asyncOperationId": "op-update-sink-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-sink-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-namespace-export-sink",
                "startedTime": "2024-05-06T12:00:00Z"
            }
        }"#,
    },
    // 52
    RouteCase {
        rpc: "DeleteNamespaceExportSink",
        method: "DELETE",
        uri: "/cloud/namespaces/ns-a.acct1/export-sinks/gcs-history?resourceVersion=3&asyncOperationId=op-delete-sink-1",
        body: None,
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "name": "gcs-history",
            "resourceVersion": "3",
            "asyncOperationId": "op-delete-sink-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-sink-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-namespace-export-sink",
                "startedTime": "2024-05-06T13:00:00Z"
            }
        }"#,
    },
    // 53: empty response message.
    RouteCase {
        rpc: "ValidateNamespaceExportSink",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/export-sink-validate",
        body: Some(
            r#"{
                "spec": {
                    "name": "gcs-history",
                    "enabled": true,
                    "gcs": {
                        "saId": "temporal-export",
                        "bucketName": "acme-history",
                        "gcpProjectId": "acme-prod",
                        "region": "us-central1"
                    }
                }
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "spec": {
                "name": "gcs-history",
                "enabled": true,
                "gcs": {
                    "saId": "temporal-export",
                    "bucketName": "acme-history",
                    "gcpProjectId": "acme-prod",
                    "region": "us-central1"
                }
            }
        }"#,
        upstream_response: r#"{}"#,
    },
    // 54
    RouteCase {
        rpc: "UpdateNamespaceTags",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/update-tags",
        body: Some(
            r#"{
                "tagsToUpsert": {"team": "payments", "cost-center": "cc-42"},
                "tagsToRemove": ["legacy", "temp"],
                "asyncOperationId": "op-tags-1"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "tagsToUpsert": {"team": "payments", "cost-center": "cc-42"},
            "tagsToRemove": ["legacy", "temp"],
            "asyncOperationId": "op-tags-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-tags-1",
                "state": "STATE_IN_PROGRESS",
                "checkDuration": "2s",
                "operationType": "update-namespace-tags",
                "operationInput": {
                    "@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.UpdateNamespaceTagsRequest",
                    "namespace": "ns-a.acct1",
                    "tagsToUpsert": {"team": "payments", "cost-center": "cc-42"},
                    "tagsToRemove": ["legacy", "temp"],
                    "asyncOperationId": "op-tags-1"
                },
                "startedTime": "2024-05-06T14:00:00.123456789Z"
            }
        }"#,
    },
    // 55
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
    // 56
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
];
