//! Route cases of namespace export sinks.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
    // a space percent-encoded inside the path parameter.
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
    // spec.name in the body disagrees with the path's {spec.name}; the path wins.
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
    // empty response message.
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
];
