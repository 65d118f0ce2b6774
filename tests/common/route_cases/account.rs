//! Route cases of the account, audit logs and audit-log sinks.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
    // Timestamps in the query: an offset (normalised to UTC) and fractional seconds.
    RouteCase {
        rpc: "GetAuditLogs",
        method: "GET",
        uri: "/cloud/audit-logs?pageSize=50&startTimeInclusive=2024-05-01T02:00:00%2B02:00&end_time_exclusive=2024-05-02T12:30:00.5Z",
        body: None,
        upstream_request: r#"{
            "pageSize": 50,
            "startTimeInclusive": "2024-05-01T00:00:00Z",
            "endTimeExclusive": "2024-05-02T12:30:00.500Z"
        }"#,
        upstream_response: r#"{
            "logs": [
                {
                    "emitTime": "2024-05-01T10:00:00.123Z",
                    "operation": "CreateNamespace",
                    "status": "OK",
                    "version": 2,
                    "logId": "log-1",
                    "principal": {"type": "user", "id": "user-1", "name": "alice@example.com", "apiKeyId": "key-1"},
                    "rawDetails": {"namespace": "orders.acct1", "region": "aws-us-east-1", "deleteProtection": true},
                    "xForwardedFor": "203.0.113.7",
                    "asyncOperationId": "op-create-ns-1"
                }
            ],
            "nextPageToken": "tok-audit-2"
        }"#,
    },
    // empty response message.
    RouteCase {
        rpc: "ValidateAccountAuditLogSink",
        method: "POST",
        uri: "/cloud/audit-log-sink-validate",
        body: Some(
            r#"{
                "spec": {
                    "name": "audit-kinesis",
                    "kinesisSink": {
                        "roleName": "TemporalAuditRole",
                        "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/temporal-audit",
                        "region": "us-east-1"
                    },
                    "enabled": true
                }
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "audit-kinesis",
                "kinesisSink": {
                    "roleName": "TemporalAuditRole",
                    "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/temporal-audit",
                    "region": "us-east-1"
                },
                "enabled": true
            }
        }"#,
        upstream_response: r#"{}"#,
    },
    RouteCase {
        rpc: "CreateAccountAuditLogSink",
        method: "POST",
        uri: "/cloud/audit-log-sinks",
        body: Some(
            r#"{
                "spec": {
                    "name": "audit-pubsub",
                    "pubSubSink": {
                        "serviceAccountId": "audit-writer@acme-prod.iam.gserviceaccount.com",
                        "topicName": "temporal-audit",
                        "gcpProjectId": "acme-prod"
                    },
                    "enabled": true
                },
                "asyncOperationId": "op-create-audit-sink-1"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "audit-pubsub",
                "pubSubSink": {
                    "serviceAccountId": "audit-writer@acme-prod.iam.gserviceaccount.com",
                    "topicName": "temporal-audit",
                    "gcpProjectId": "acme-prod"
                },
                "enabled": true
            },
            "asyncOperationId": "op-create-audit-sink-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-create-audit-sink-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-account-audit-log-sink",
                "startedTime": "2024-05-08T09:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "GetAccountAuditLogSink",
        method: "GET",
        uri: "/cloud/audit-log-sinks/audit-kinesis",
        body: None,
        upstream_request: r#"{"name": "audit-kinesis"}"#,
        upstream_response: r#"{
            "sink": {
                "name": "audit-kinesis",
                "resourceVersion": "4",
                "state": "RESOURCE_STATE_ACTIVE",
                "spec": {
                    "name": "audit-kinesis",
                    "kinesisSink": {
                        "roleName": "TemporalAuditRole",
                        "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/temporal-audit",
                        "region": "us-east-1"
                    },
                    "enabled": true
                },
                "health": "HEALTH_OK",
                "lastSucceededTime": "2024-05-08T08:59:59.999999Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "GetAccountAuditLogSinks",
        method: "GET",
        uri: "/cloud/audit-log-sinks?page_size=5&pageToken=tok-als-1",
        body: None,
        upstream_request: r#"{"pageSize": 5, "pageToken": "tok-als-1"}"#,
        upstream_response: r#"{
            "sinks": [
                {
                    "name": "audit-pubsub",
                    "resourceVersion": "1",
                    "state": "RESOURCE_STATE_ACTIVE",
                    "spec": {
                        "name": "audit-pubsub",
                        "pubSubSink": {
                            "serviceAccountId": "audit-writer@acme-prod.iam.gserviceaccount.com",
                            "topicName": "temporal-audit",
                            "gcpProjectId": "acme-prod"
                        },
                        "enabled": true
                    },
                    "health": "HEALTH_ERROR_INTERNAL",
                    "errorMessage": "internal error delivering audit logs"
                }
            ],
            "nextPageToken": "tok-als-2"
        }"#,
    },
    // {spec.name} comes from the path only.
    RouteCase {
        rpc: "UpdateAccountAuditLogSink",
        method: "POST",
        uri: "/cloud/audit-log-sinks/audit-kinesis",
        body: Some(
            r#"{
                "spec": {
                    "kinesisSink": {
                        "roleName": "TemporalAuditRoleV2",
                        "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/temporal-audit",
                        "region": "us-east-1"
                    },
                    "enabled": false
                },
                "resourceVersion": "4"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "audit-kinesis",
                "kinesisSink": {
                    "roleName": "TemporalAuditRoleV2",
                    "destinationUri": "arn:aws:kinesis:us-east-1:123456789012:stream/temporal-audit",
                    "region": "us-east-1"
                }
            },
            "resourceVersion": "4"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-audit-sink-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-account-audit-log-sink",
                "startedTime": "2024-05-08T10:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "DeleteAccountAuditLogSink",
        method: "DELETE",
        uri: "/cloud/audit-log-sinks/audit-pubsub?resourceVersion=2&async_operation_id=op-delete-audit-sink-1",
        body: None,
        upstream_request: r#"{
            "name": "audit-pubsub",
            "resourceVersion": "2",
            "asyncOperationId": "op-delete-audit-sink-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-audit-sink-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-account-audit-log-sink",
                "startedTime": "2024-05-08T11:00:00Z"
            }
        }"#,
    },
];
