//! Route cases of usage and billing reports.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // Timestamps in the query, one with ':' percent-encoded.
    RouteCase {
        rpc: "GetUsage",
        method: "GET",
        uri: "/cloud/usage?start_time_inclusive=2024-04-01T00:00:00Z&endTimeExclusive=2024-04-03T00%3A00%3A00Z&page_size=100",
        body: None,
        upstream_request: r#"{
            "startTimeInclusive": "2024-04-01T00:00:00Z",
            "endTimeExclusive": "2024-04-03T00:00:00Z",
            "pageSize": 100
        }"#,
        upstream_response: r#"{
            "summaries": [
                {
                    "startTime": "2024-04-01T00:00:00Z",
                    "endTime": "2024-04-02T00:00:00Z",
                    "recordGroups": [
                        {
                            "groupBys": [{"key": "GROUP_BY_KEY_NAMESPACE", "value": "ns-a.acct1"}],
                            "records": [
                                {"type": "RECORD_TYPE_ACTIONS", "unit": "RECORD_UNIT_NUMBER", "value": 15230.5},
                                {"type": "RECORD_TYPE_ACTIVE_STORAGE", "unit": "RECORD_UNIT_BYTE_SECONDS", "value": 987654.25}
                            ]
                        }
                    ]
                },
                {
                    "startTime": "2024-04-02T00:00:00Z",
                    "endTime": "2024-04-03T00:00:00Z",
                    "recordGroups": [
                        {
                            "groupBys": [{"key": "GROUP_BY_KEY_NAMESPACE", "value": "ns-a.acct1"}],
                            "records": [{"type": "RECORD_TYPE_RETAINED_STORAGE", "unit": "RECORD_UNIT_BYTE_SECONDS", "value": 123456.75}]
                        }
                    ],
                    "incomplete": true
                }
            ],
            "nextPageToken": "tok-usage-2"
        }"#,
    },
    // a Duration with fractional seconds in the body.
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
    // an int64 in the response.
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
