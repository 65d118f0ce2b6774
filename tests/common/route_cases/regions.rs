//! Route cases of regions and namespace replicas (add, remove, failover).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    RouteCase {
        rpc: "FailoverNamespaceRegion",
        method: "POST",
        uri: "/cloud/namespaces/ns-ha.acct1/failover-region",
        body: Some(r#"{"region": "aws-us-west-2", "asyncOperationId": "op-failover-1"}"#),
        upstream_request: r#"{
            "namespace": "ns-ha.acct1",
            "region": "aws-us-west-2",
            "asyncOperationId": "op-failover-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-failover-1",
                "state": "STATE_IN_PROGRESS",
                "checkDuration": "1s",
                "operationType": "failover-namespace-region",
                "startedTime": "2024-05-02T11:00:00.000001Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "AddNamespaceRegion",
        method: "POST",
        uri: "/cloud/namespaces/ns-ha.acct1/add-region",
        body: Some(r#"{"region": "aws-us-west-2", "resourceVersion": "30"}"#),
        upstream_request: r#"{
            "namespace": "ns-ha.acct1",
            "region": "aws-us-west-2",
            "resourceVersion": "30"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-add-region-1",
                "state": "STATE_PENDING",
                "checkDuration": "60s",
                "operationType": "add-namespace-region",
                "startedTime": "2024-05-02T12:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "DeleteNamespaceRegion",
        method: "DELETE",
        uri: "/cloud/namespaces/ns-ha.acct1/regions/aws-us-west-2?resource_version=31&asyncOperationId=op-delete-region-1",
        body: None,
        upstream_request: r#"{
            "namespace": "ns-ha.acct1",
            "region": "aws-us-west-2",
            "resourceVersion": "31",
            "asyncOperationId": "op-delete-region-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-region-1",
                "state": "STATE_PENDING",
                "checkDuration": "60s",
                "operationType": "delete-namespace-region",
                "startedTime": "2024-05-02T13:00:00Z"
            }
        }"#,
    },
    RouteCase {
        rpc: "GetRegions",
        method: "GET",
        uri: "/cloud/regions",
        body: None,
        upstream_request: r#"{}"#,
        upstream_response: r#"{
            "regions": [
                {
                    "id": "aws-us-east-1",
                    "cloudProvider": "CLOUD_PROVIDER_AWS",
                    "cloudProviderRegion": "us-east-1",
                    "location": "N. Virginia, USA"
                },
                {
                    "id": "gcp-us-central1",
                    "cloudProvider": "CLOUD_PROVIDER_GCP",
                    "cloudProviderRegion": "us-central1",
                    "location": "Iowa, USA"
                }
            ]
        }"#,
    },
    RouteCase {
        rpc: "GetRegion",
        method: "GET",
        uri: "/cloud/regions/aws-eu-west-1",
        body: None,
        upstream_request: r#"{"region": "aws-eu-west-1"}"#,
        upstream_response: r#"{
            "region": {
                "id": "aws-eu-west-1",
                "cloudProviderDeprecated": "aws",
                "cloudProvider": "CLOUD_PROVIDER_AWS",
                "cloudProviderRegion": "eu-west-1",
                "location": "Dublin, Ireland"
            }
        }"#,
    },
];
