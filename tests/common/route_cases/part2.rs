//! Route cases GetNamespaces … GetApiKeys (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // 10
    RouteCase {
        rpc: "GetNamespaces",
        method: "GET",
        uri: "/cloud/namespaces?pageSize=2&page_token=tok-ns-1&name=orders",
        body: None,
        upstream_request: r#"{"pageSize": 2, "pageToken": "tok-ns-1", "name": "orders"}"#,
        upstream_response: r#"{
            "namespaces": [
                {
                    "namespace": "orders.acct1",
                    "resourceVersion": "3",
                    "spec": {
                        "name": "orders",
                        "retentionDays": 30,
                        "apiKeyAuth": {"enabled": true},
                        "replicas": [{"region": "aws-us-east-1"}]
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "endpoints": {
                        "webAddress": "https://cloud.temporal.io/namespaces/orders.acct1",
                        "grpcAddress": "us-east-1.aws.api.temporal.io:7233"
                    },
                    "activeRegion": "aws-us-east-1",
                    "limits": {"actionsPerSecondLimit": 400},
                    "createdTime": "2024-05-01T10:02:30Z",
                    "tags": {"team": "payments", "env": "prod"},
                    "replicas": [{"id": "rep-orders-1", "isPrimary": true, "state": "REPLICA_STATE_ACTIVE", "region": "aws-us-east-1"}]
                },
                {
                    "namespace": "orders-legacy.acct1",
                    "resourceVersion": "41",
                    "spec": {"name": "orders-legacy", "retentionDays": 90},
                    "state": "RESOURCE_STATE_UPDATING",
                    "asyncOperationId": "op-update-legacy-1",
                    "activeRegion": "aws-us-west-2",
                    "createdTime": "2022-03-01T00:00:00Z",
                    "lastModifiedTime": "2024-05-01T09:59:59.999Z",
                    "regionStatus": {
                        "aws-us-west-2": {"state": "STATE_ACTIVE"},
                        "aws-us-east-1": {"state": "STATE_ADDING", "asyncOperationId": "op-update-legacy-1"}
                    }
                }
            ],
            "nextPageToken": "tok-ns-2"
        }"#,
    },
    // 11
    RouteCase {
        rpc: "GetNamespace",
        method: "GET",
        uri: "/cloud/namespaces/ns-a.acct1",
        body: None,
        upstream_request: r#"{"namespace": "ns-a.acct1"}"#,
        upstream_response: r#"{
            "namespace": {
                "namespace": "ns-a.acct1",
                "resourceVersion": "12",
                "spec": {
                    "name": "ns-a",
                    "retentionDays": 7,
                    "mtlsAuth": {
                        "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJjZXJ0Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
                        "enabled": true
                    },
                    "apiKeyAuth": {"enabled": true},
                    "searchAttributes": {"CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD", "Tags": "SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST"},
                    "lifecycle": {"enableDeleteProtection": true},
                    "connectivityRuleIds": ["cr-public-1"],
                    "capacitySpec": {"onDemand": {}},
                    "replicas": [{"region": "aws-us-east-1"}]
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "endpoints": {
                    "webAddress": "https://cloud.temporal.io/namespaces/ns-a.acct1",
                    "mtlsGrpcAddress": "ns-a.acct1.tmprl.cloud:7233",
                    "grpcAddress": "us-east-1.aws.api.temporal.io:7233"
                },
                "activeRegion": "aws-us-east-1",
                "limits": {"actionsPerSecondLimit": 500},
                "privateConnectivities": [
                    {
                        "region": "aws-us-east-1",
                        "awsPrivateLink": {
                            "allowedPrincipalArns": ["arn:aws:iam::123456789012:root"],
                            "vpcEndpointServiceNames": ["com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"]
                        }
                    }
                ],
                "createdTime": "2024-01-10T08:00:00Z",
                "lastModifiedTime": "2024-05-01T10:00:00.123456Z",
                "connectivityRules": [
                    {
                        "id": "cr-public-1",
                        "spec": {"publicRule": {"enableStableIps": true}},
                        "resourceVersion": "2",
                        "state": "RESOURCE_STATE_ACTIVE",
                        "createdTime": "2024-01-09T00:00:00Z"
                    }
                ],
                "tags": {"team": "payments"},
                "capacity": {
                    "onDemand": {},
                    "latestRequest": {
                        "state": "STATE_CAPACITY_REQUEST_COMPLETED",
                        "startTime": "2024-04-01T00:00:00Z",
                        "endTime": "2024-04-01T00:05:00Z",
                        "asyncOperationId": "op-capacity-1",
                        "spec": {"onDemand": {}}
                    }
                },
                "replicas": [{"id": "rep-1", "isPrimary": true, "state": "REPLICA_STATE_ACTIVE", "region": "aws-us-east-1"}]
            }
        }"#,
    },
    // 12: the body repeats the path's namespace with the same value.
    RouteCase {
        rpc: "UpdateNamespace",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1",
        body: Some(
            r#"{
                "namespace": "ns-a.acct1",
                "spec": {
                    "name": "ns-a",
                    "retentionDays": 14,
                    "mtlsAuth": {
                        "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJjZXJ0Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
                        "enabled": true
                    },
                    "apiKeyAuth": {"enabled": true},
                    "codecServer": {"endpoint": "https://codec.example.com", "includeCrossOriginCredentials": true},
                    "highAvailability": {"disablePassivePollerForwarding": true},
                    "capacitySpec": {"onDemand": {}},
                    "replicas": [{"region": "aws-us-east-1"}, {"region": "aws-us-east-2"}]
                },
                "resourceVersion": "12",
                "asyncOperationId": "op-update-ns-a"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "spec": {
                "name": "ns-a",
                "retentionDays": 14,
                "mtlsAuth": {
                    "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJjZXJ0Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
                    "enabled": true
                },
                "apiKeyAuth": {"enabled": true},
                "codecServer": {"endpoint": "https://codec.example.com", "includeCrossOriginCredentials": true},
                "highAvailability": {"disablePassivePollerForwarding": true},
                "capacitySpec": {"onDemand": {}},
                "replicas": [{"region": "aws-us-east-1"}, {"region": "aws-us-east-2"}]
            },
            "resourceVersion": "12",
            "asyncOperationId": "op-update-ns-a"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-ns-a",
                "state": "STATE_IN_PROGRESS",
                "checkDuration": "3s",
                "operationType": "update-namespace",
                "startedTime": "2024-05-02T08:15:00Z"
            }
        }"#,
    },
    // 13: body with proto field names.
    RouteCase {
        rpc: "RenameCustomSearchAttribute",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/rename-custom-search-attribute",
        body: Some(
            r#"{
                "existing_custom_search_attribute_name": "CustomerId",
                "new_custom_search_attribute_name": "CustomerKey",
                "resource_version": "13"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "existingCustomSearchAttributeName": "CustomerId",
            "newCustomSearchAttributeName": "CustomerKey",
            "resourceVersion": "13"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-rename-sa-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "rename-custom-search-attribute",
                "startedTime": "2024-05-02T09:00:00Z"
            }
        }"#,
    },
    // 14
    RouteCase {
        rpc: "DeleteNamespace",
        method: "DELETE",
        uri: "/cloud/namespaces/ns-old.acct1?resourceVersion=21&asyncOperationId=op-delete-ns-old",
        body: None,
        upstream_request: r#"{
            "namespace": "ns-old.acct1",
            "resourceVersion": "21",
            "asyncOperationId": "op-delete-ns-old"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-ns-old",
                "state": "STATE_PENDING",
                "checkDuration": "30s",
                "operationType": "delete-namespace",
                "startedTime": "2024-05-02T10:00:00Z"
            }
        }"#,
    },
    // 15
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
    // 16
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
    // 17
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
    // 18
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
    // 19
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
    // 20: enum query parameter given by number; page token percent-encoded.
    RouteCase {
        rpc: "GetApiKeys",
        method: "GET",
        uri: "/cloud/api-keys?page_size=25&pageToken=abc%2Fdef%2Bghi%3D%3D&ownerId=sa-1&owner_type=2",
        body: None,
        upstream_request: r#"{
            "pageSize": 25,
            "pageToken": "abc/def+ghi==",
            "ownerId": "sa-1",
            "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT"
        }"#,
        upstream_response: r#"{
            "apiKeys": [
                {
                    "id": "key-7",
                    "resourceVersion": "1",
                    "spec": {
                        "ownerId": "sa-1",
                        "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                        "displayName": "deploy bot",
                        "description": "used by CI",
                        "expiryTime": "2025-06-30T23:59:59Z"
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-03-01T12:00:00Z"
                },
                {
                    "id": "key-8",
                    "resourceVersion": "4",
                    "spec": {
                        "ownerId": "sa-1",
                        "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                        "displayName": "old deploy bot",
                        "expiryTime": "2024-12-31T00:00:00Z",
                        "disabled": true
                    },
                    "state": "RESOURCE_STATE_SUSPENDED",
                    "createdTime": "2023-12-31T00:00:00Z",
                    "lastModifiedTime": "2024-04-01T08:30:00.500Z"
                }
            ],
            "nextPageToken": "tok-keys-2"
        }"#,
    },
];
