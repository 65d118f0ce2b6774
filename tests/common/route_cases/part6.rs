//! Route cases GetConnectivityRules … GetBillingReport (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // 57
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
    // 58
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
    // 59: Timestamps in the query: an offset (normalised to UTC) and fractional seconds.
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
    // 60: empty response message.
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
    // 61
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
    // 62
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
    // 63
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
    // 64: {spec.name} comes from the path only.
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
    // 65
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
    // 66
    RouteCase {
        rpc: "GetNamespaceCapacityInfo",
        method: "GET",
        uri: "/cloud/namespaces/ns-a.acct1/capacity-info",
        body: None,
        upstream_request: r#"{"namespace": "ns-a.acct1"}"#,
        upstream_response: r#"{
            "capacityInfo": {
                "namespace": "ns-a.acct1",
                "hasLegacyLimits": true,
                "currentCapacity": {
                    "provisioned": {"currentValue": 2.5},
                    "latestRequest": {
                        "state": "STATE_CAPACITY_REQUEST_IN_PROGRESS",
                        "startTime": "2024-05-08T12:00:00Z",
                        "asyncOperationId": "op-capacity-2",
                        "spec": {"provisioned": {"value": 4.5}}
                    }
                },
                "modeOptions": {
                    "provisioned": {"validTruValues": [1.5, 2.5, 4.5], "maxAvailableTruValue": 4.5},
                    "onDemand": {"apsLimit": 450.5}
                },
                "stats": {"aps": {"mean": 120.25, "p90": 310.5, "p99": 480.75}}
            }
        }"#,
    },
    // 67: a Duration with fractional seconds in the body.
    RouteCase {
        rpc: "CreateBillingReport",
        method: "POST",
        uri: "/cloud/billing-reports",
        body: Some(
            r#"{
                "spec": {
                    "startTimeInclusive": "2024-04-01T00:00:00Z",
                    "endTimeExclusive": "2024-05-01T00:00:00Z",
                    "downloadUrlExpirationDuration": "1800.5s",
                    "description": "April 2024",
                    "granularity": "BILLING_REPORT_GRANULARITY_DAILY"
                },
                "asyncOperationId": "op-billing-1"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "startTimeInclusive": "2024-04-01T00:00:00Z",
                "endTimeExclusive": "2024-05-01T00:00:00Z",
                "downloadUrlExpirationDuration": "1800.500s",
                "description": "April 2024",
                "granularity": "BILLING_REPORT_GRANULARITY_DAILY"
            },
            "asyncOperationId": "op-billing-1"
        }"#,
        upstream_response: r#"{
            "billingReportId": "br-1",
            "asyncOperation": {
                "id": "op-billing-1",
                "state": "STATE_PENDING",
                "checkDuration": "3600s",
                "operationType": "create-billing-report",
                "startedTime": "2024-05-08T13:00:00Z"
            }
        }"#,
    },
    // 68: an int64 in the response.
    RouteCase {
        rpc: "GetBillingReport",
        method: "GET",
        uri: "/cloud/billing-reports/br-1",
        body: None,
        upstream_request: r#"{"billingReportId": "br-1"}"#,
        upstream_response: r#"{
            "billingReport": {
                "id": "br-1",
                "state": "BILLING_REPORT_STATE_GENERATED",
                "spec": {
                    "startTimeInclusive": "2024-04-01T00:00:00Z",
                    "endTimeExclusive": "2024-05-01T00:00:00Z",
                    "downloadUrlExpirationDuration": "1800.500s",
                    "description": "April 2024",
                    "granularity": "BILLING_REPORT_GRANULARITY_DAILY"
                },
                "downloadInfo": [
                    {
                        "url": "https://billing.example.com/reports/br-1.csv?sig=abc123",
                        "urlExpirationTime": "2024-05-08T13:35:00.500Z",
                        "fileFormat": "FILE_FORMAT_CSV",
                        "fileSizeBytes": "1048576"
                    }
                ],
                "requestedTime": "2024-05-08T13:00:00Z",
                "generatedTime": "2024-05-08T13:05:00Z",
                "asyncOperationId": "op-billing-1"
            }
        }"#,
    },
];
