//! Route cases of namespaces.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    RouteCase {
        rpc: "CreateNamespace",
        method: "POST",
        uri: "/cloud/namespaces",
        body: Some(
            r#"{
                "spec": {
                    "name": "orders",
                    "retentionDays": 30,
                    "mtlsAuth": {
                        "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJjZXJ0Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
                        "certificateFilters": [
                            {"commonName": "worker.orders.example.com", "organization": "Example Inc"},
                            {"subjectAlternativeName": "starter.orders.example.com"}
                        ],
                        "enabled": true
                    },
                    "apiKeyAuth": {"enabled": true},
                    "searchAttributes": {
                        "CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD",
                        "OrderTotal": "SEARCH_ATTRIBUTE_TYPE_DOUBLE"
                    },
                    "codecServer": {
                        "endpoint": "https://codec.example.com",
                        "passAccessToken": true,
                        "customErrorMessage": {
                            "default": {"message": "Codec server unreachable", "link": "https://wiki.example.com/codec"}
                        }
                    },
                    "lifecycle": {"enableDeleteProtection": true},
                    "highAvailability": {"disableManagedFailover": true},
                    "connectivityRuleIds": ["cr-public-1"],
                    "capacitySpec": {"provisioned": {"value": 2.5}},
                    "replicas": [{"region": "aws-us-east-1"}, {"region": "aws-us-west-2"}],
                    "fairness": {"taskQueueFairnessEnabled": true}
                },
                "asyncOperationId": "op-create-ns-1",
                "tags": {"team": "payments", "env": "prod"}
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "orders",
                "retentionDays": 30,
                "mtlsAuth": {
                    "acceptedClientCa": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJjZXJ0Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
                    "certificateFilters": [
                        {"commonName": "worker.orders.example.com", "organization": "Example Inc"},
                        {"subjectAlternativeName": "starter.orders.example.com"}
                    ],
                    "enabled": true
                },
                "apiKeyAuth": {"enabled": true},
                "searchAttributes": {
                    "CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD",
                    "OrderTotal": "SEARCH_ATTRIBUTE_TYPE_DOUBLE"
                },
                "codecServer": {
                    "endpoint": "https://codec.example.com",
                    "passAccessToken": true,
                    "customErrorMessage": {
                        "default": {"message": "Codec server unreachable", "link": "https://wiki.example.com/codec"}
                    }
                },
                "lifecycle": {"enableDeleteProtection": true},
                "highAvailability": {"disableManagedFailover": true},
                "connectivityRuleIds": ["cr-public-1"],
                "capacitySpec": {"provisioned": {"value": 2.5}},
                "replicas": [{"region": "aws-us-east-1"}, {"region": "aws-us-west-2"}],
                "fairness": {"taskQueueFairnessEnabled": true}
            },
            "asyncOperationId": "op-create-ns-1",
            "tags": {"team": "payments", "env": "prod"}
        }"#,
        upstream_response: r#"{
            "namespace": "orders.acct1",
            "asyncOperation": {
                "id": "op-create-ns-1",
                "state": "STATE_PENDING",
                "checkDuration": "10s",
                "operationType": "create-namespace",
                "startedTime": "2024-05-01T10:00:00Z"
            }
        }"#,
    },
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
    // the body repeats the path's namespace with the same value.
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
    // body with proto field names.
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
];
