//! One HTTP call per CloudService RPC (v0.17.0), with the exact request message the upstream must
//! receive and a canned upstream response; read by tests/routes.rs.

/// One row of the route table test.
pub struct RouteCase {
    /// RPC method name as in service.proto, e.g. "GetNamespace".
    pub rpc: &'static str,
    /// HTTP method: "GET", "POST" or "DELETE".
    pub method: &'static str,
    /// Request target: path (params filled in) plus optional query string.
    pub uri: &'static str,
    /// JSON request body for POST routes (body: "*"), None for GET/DELETE.
    pub body: Option<&'static str>,
    /// The request message the upstream must receive, as canonical proto3 JSON.
    pub upstream_request: &'static str,
    /// The response message the fake upstream answers with, as canonical proto3 JSON.
    pub upstream_response: &'static str,
}

pub const ROUTE_CASES: &[RouteCase] = &[
    // 1
    RouteCase {
        rpc: "GetCurrentIdentity",
        method: "GET",
        uri: "/cloud/current-identity",
        body: None,
        upstream_request: r#"{}"#,
        upstream_response: r#"{
            "user": {
                "id": "user-1",
                "resourceVersion": "7",
                "spec": {
                    "email": "alice@example.com",
                    "access": {
                        "accountAccess": {"role": "ROLE_ADMIN"},
                        "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_WRITE"}}
                    }
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-01-15T09:30:00Z",
                "lastModifiedTime": "2024-05-01T10:00:00.123Z"
            },
            "principalApiKey": {
                "id": "key-1",
                "resourceVersion": "3",
                "spec": {
                    "ownerId": "user-1",
                    "ownerType": "OWNER_TYPE_USER",
                    "displayName": "alice laptop",
                    "expiryTime": "2025-01-01T00:00:00Z"
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-02-01T00:00:00Z"
            }
        }"#,
    },
    // 2
    RouteCase {
        rpc: "GetUsers",
        method: "GET",
        uri: "/cloud/users?page_size=50&pageToken=tok-users-2&email=alice%2Bops%40example.com&namespace=ns-a.acct1",
        body: None,
        upstream_request: r#"{
            "pageSize": 50,
            "pageToken": "tok-users-2",
            "email": "alice+ops@example.com",
            "namespace": "ns-a.acct1"
        }"#,
        upstream_response: r#"{
            "users": [
                {
                    "id": "user-1",
                    "resourceVersion": "7",
                    "spec": {
                        "email": "alice+ops@example.com",
                        "access": {
                            "accountAccess": {"role": "ROLE_DEVELOPER"},
                            "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_ADMIN"}}
                        }
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-01-15T09:30:00Z"
                },
                {
                    "id": "user-4",
                    "resourceVersion": "1",
                    "spec": {
                        "email": "carol@example.com",
                        "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}}
                    },
                    "state": "RESOURCE_STATE_ACTIVATING",
                    "asyncOperationId": "op-invite-user-4",
                    "invitation": {
                        "createdTime": "2024-05-01T10:00:00Z",
                        "expiredTime": "2024-05-31T10:00:00Z"
                    },
                    "createdTime": "2024-05-01T10:00:00Z"
                }
            ],
            "nextPageToken": "tok-users-3"
        }"#,
    },
    // 3
    RouteCase {
        rpc: "GetUser",
        method: "GET",
        uri: "/cloud/users/user-1",
        body: None,
        upstream_request: r#"{"userId": "user-1"}"#,
        upstream_response: r#"{
            "user": {
                "id": "user-1",
                "resourceVersion": "7",
                "spec": {
                    "email": "alice@example.com",
                    "access": {
                        "accountAccess": {"role": "ROLE_READ", "customRoles": ["role-ops", "role-billing"]},
                        "namespaceAccesses": {
                            "ns-a.acct1": {"permission": "PERMISSION_ADMIN"},
                            "ns-b.acct1": {"permission": "PERMISSION_READ"}
                        }
                    }
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-01-15T09:30:00Z",
                "lastModifiedTime": "2024-04-20T16:45:30.500Z"
            }
        }"#,
    },
    // 4
    RouteCase {
        rpc: "CreateUser",
        method: "POST",
        uri: "/cloud/users",
        body: Some(
            r#"{
                "spec": {
                    "email": "bob@example.com",
                    "access": {
                        "accountAccess": {"role": "ROLE_DEVELOPER"},
                        "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}
                    }
                },
                "asyncOperationId": "op-create-user-2"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "email": "bob@example.com",
                "access": {
                    "accountAccess": {"role": "ROLE_DEVELOPER"},
                    "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}
                }
            },
            "asyncOperationId": "op-create-user-2"
        }"#,
        upstream_response: r#"{
            "userId": "user-2",
            "asyncOperation": {
                "id": "op-create-user-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-user",
                "operationInput": {
                    "@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateUserRequest",
                    "spec": {
                        "email": "bob@example.com",
                        "access": {
                            "accountAccess": {"role": "ROLE_DEVELOPER"},
                            "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}
                        }
                    },
                    "asyncOperationId": "op-create-user-2"
                },
                "startedTime": "2024-05-01T10:00:00Z"
            }
        }"#,
    },
    // 5: the user id in the body disagrees with the path; the path wins.
    RouteCase {
        rpc: "UpdateUser",
        method: "POST",
        uri: "/cloud/users/user-2",
        body: Some(
            r#"{
                "userId": "user-from-body",
                "spec": {
                    "email": "bob@example.com",
                    "access": {"accountAccess": {"role": "ROLE_READ", "customRoles": ["role-ops"]}}
                },
                "resourceVersion": "4",
                "asyncOperationId": "op-update-user-2"
            }"#,
        ),
        upstream_request: r#"{
            "userId": "user-2",
            "spec": {
                "email": "bob@example.com",
                "access": {"accountAccess": {"role": "ROLE_READ", "customRoles": ["role-ops"]}}
            },
            "resourceVersion": "4",
            "asyncOperationId": "op-update-user-2"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-user-2",
                "state": "STATE_IN_PROGRESS",
                "checkDuration": "1.500s",
                "operationType": "update-user",
                "startedTime": "2024-05-01T10:05:00.250Z"
            }
        }"#,
    },
    // 6
    RouteCase {
        rpc: "DeleteUser",
        method: "DELETE",
        uri: "/cloud/users/user-3?resource_version=9&async_operation_id=op-delete-user-3",
        body: None,
        upstream_request: r#"{
            "userId": "user-3",
            "resourceVersion": "9",
            "asyncOperationId": "op-delete-user-3"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-user-3",
                "state": "STATE_PENDING",
                "checkDuration": "2s",
                "operationType": "delete-user",
                "startedTime": "2024-05-01T11:00:00Z"
            }
        }"#,
    },
    // 7: body with proto field names.
    RouteCase {
        rpc: "SetUserNamespaceAccess",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/users/user-1/access",
        body: Some(
            r#"{
                "access": {"permission": "PERMISSION_ADMIN"},
                "resource_version": "7",
                "async_operation_id": "op-user-access-1"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-a.acct1",
            "userId": "user-1",
            "access": {"permission": "PERMISSION_ADMIN"},
            "resourceVersion": "7",
            "asyncOperationId": "op-user-access-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-user-access-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "set-user-namespace-access",
                "startedTime": "2024-05-01T12:00:00Z"
            }
        }"#,
    },
    // 8
    RouteCase {
        rpc: "GetAsyncOperation",
        method: "GET",
        uri: "/cloud/operations/op-create-ns-1",
        body: None,
        upstream_request: r#"{"asyncOperationId": "op-create-ns-1"}"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-create-ns-1",
                "stateDeprecated": "fulfilled",
                "state": "STATE_FULFILLED",
                "checkDuration": "5s",
                "operationType": "create-namespace",
                "operationInput": {
                    "@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateNamespaceRequest",
                    "spec": {
                        "name": "orders",
                        "retentionDays": 30,
                        "apiKeyAuth": {"enabled": true},
                        "searchAttributes": {"CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD"},
                        "replicas": [{"region": "aws-us-east-1"}]
                    },
                    "asyncOperationId": "op-create-ns-1",
                    "tags": {"team": "payments"}
                },
                "startedTime": "2024-05-01T10:00:00Z",
                "finishedTime": "2024-05-01T10:02:30.250Z"
            }
        }"#,
    },
    // 9
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
    // 21
    RouteCase {
        rpc: "GetApiKey",
        method: "GET",
        uri: "/cloud/api-keys/key-7",
        body: None,
        upstream_request: r#"{"keyId": "key-7"}"#,
        upstream_response: r#"{
            "apiKey": {
                "id": "key-7",
                "resourceVersion": "1",
                "spec": {
                    "ownerId": "sa-1",
                    "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                    "displayName": "deploy bot",
                    "expiryTime": "2025-06-30T23:59:59Z"
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-03-01T12:00:00Z"
            }
        }"#,
    },
    // 22
    RouteCase {
        rpc: "CreateApiKey",
        method: "POST",
        uri: "/cloud/api-keys",
        body: Some(
            r#"{
                "spec": {
                    "ownerId": "sa-1",
                    "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                    "displayName": "deploy bot",
                    "description": "used by CI",
                    "expiryTime": "2025-06-30T23:59:59Z"
                },
                "asyncOperationId": "op-create-key-7"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "ownerId": "sa-1",
                "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                "displayName": "deploy bot",
                "description": "used by CI",
                "expiryTime": "2025-06-30T23:59:59Z"
            },
            "asyncOperationId": "op-create-key-7"
        }"#,
        upstream_response: r#"{
            "keyId": "key-7",
            "token": "tmprl_key7_0123456789abcdef",
            "asyncOperation": {
                "id": "op-create-key-7",
                "state": "STATE_FULFILLED",
                "checkDuration": "1s",
                "operationType": "create-api-key",
                "startedTime": "2024-03-01T12:00:00Z",
                "finishedTime": "2024-03-01T12:00:01Z"
            }
        }"#,
    },
    // 23: a timestamp with fractional seconds in the body.
    RouteCase {
        rpc: "UpdateApiKey",
        method: "POST",
        uri: "/cloud/api-keys/key-7",
        body: Some(
            r#"{
                "spec": {
                    "ownerId": "sa-1",
                    "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                    "displayName": "deploy bot",
                    "expiryTime": "2025-06-30T23:59:59.5Z",
                    "disabled": true
                },
                "resourceVersion": "1"
            }"#,
        ),
        upstream_request: r#"{
            "keyId": "key-7",
            "spec": {
                "ownerId": "sa-1",
                "ownerType": "OWNER_TYPE_SERVICE_ACCOUNT",
                "displayName": "deploy bot",
                "expiryTime": "2025-06-30T23:59:59.500Z",
                "disabled": true
            },
            "resourceVersion": "1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-key-7",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-api-key",
                "startedTime": "2024-05-03T09:00:00Z"
            }
        }"#,
    },
    // 24
    RouteCase {
        rpc: "DeleteApiKey",
        method: "DELETE",
        uri: "/cloud/api-keys/key-8?resourceVersion=4&async_operation_id=op-delete-key-8",
        body: None,
        upstream_request: r#"{
            "keyId": "key-8",
            "resourceVersion": "4",
            "asyncOperationId": "op-delete-key-8"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-key-8",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-api-key",
                "startedTime": "2024-05-03T10:00:00Z"
            }
        }"#,
    },
    // 25
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
    // 26
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
    // 27
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
    // 28
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
    // 29
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
    // 30: nested message filters as dotted query parameters (proto names, then JSON names).
    RouteCase {
        rpc: "GetUserGroups",
        method: "GET",
        uri: "/cloud/user-groups?page_size=20&namespace=ns-a.acct1&displayName=Platform%20Team&google_group.email_address=platform%40example.com&scimGroup.idpId=scim-123",
        body: None,
        upstream_request: r#"{
            "pageSize": 20,
            "namespace": "ns-a.acct1",
            "displayName": "Platform Team",
            "googleGroup": {"emailAddress": "platform@example.com"},
            "scimGroup": {"idpId": "scim-123"}
        }"#,
        upstream_response: r#"{
            "groups": [
                {
                    "id": "grp-1",
                    "resourceVersion": "3",
                    "spec": {
                        "displayName": "Platform Team",
                        "access": {
                            "accountAccess": {"role": "ROLE_DEVELOPER"},
                            "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_WRITE"}}
                        },
                        "googleGroup": {"emailAddress": "platform@example.com"}
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-02-01T00:00:00Z"
                }
            ],
            "nextPageToken": "tok-grp-2"
        }"#,
    },
    // 31
    RouteCase {
        rpc: "GetUserGroup",
        method: "GET",
        uri: "/cloud/user-groups/grp-1",
        body: None,
        upstream_request: r#"{"groupId": "grp-1"}"#,
        upstream_response: r#"{
            "group": {
                "id": "grp-1",
                "resourceVersion": "3",
                "spec": {
                    "displayName": "SRE",
                    "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_ADMIN"}}},
                    "scimGroup": {"idpId": "scim-123"}
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-02-01T00:00:00Z",
                "lastModifiedTime": "2024-03-15T14:20:00Z"
            }
        }"#,
    },
    // 32: an empty message as the chosen oneof member.
    RouteCase {
        rpc: "CreateUserGroup",
        method: "POST",
        uri: "/cloud/user-groups",
        body: Some(
            r#"{
                "spec": {
                    "displayName": "On-call",
                    "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}},
                    "cloudGroup": {}
                },
                "asyncOperationId": "op-create-grp-2"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "displayName": "On-call",
                "access": {"namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}},
                "cloudGroup": {}
            },
            "asyncOperationId": "op-create-grp-2"
        }"#,
        upstream_response: r#"{
            "groupId": "grp-2",
            "asyncOperation": {
                "id": "op-create-grp-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-user-group",
                "startedTime": "2024-05-04T09:00:00Z"
            }
        }"#,
    },
    // 33
    RouteCase {
        rpc: "UpdateUserGroup",
        method: "POST",
        uri: "/cloud/user-groups/grp-2",
        body: Some(
            r#"{
                "spec": {
                    "displayName": "On-call rotation",
                    "access": {"accountAccess": {"role": "ROLE_READ"}},
                    "cloudGroup": {}
                },
                "resourceVersion": "1",
                "asyncOperationId": "op-update-grp-2"
            }"#,
        ),
        upstream_request: r#"{
            "groupId": "grp-2",
            "spec": {
                "displayName": "On-call rotation",
                "access": {"accountAccess": {"role": "ROLE_READ"}},
                "cloudGroup": {}
            },
            "resourceVersion": "1",
            "asyncOperationId": "op-update-grp-2"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-grp-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-user-group",
                "startedTime": "2024-05-04T10:00:00Z"
            }
        }"#,
    },
    // 34: a '/' percent-encoded inside the path parameter.
    RouteCase {
        rpc: "DeleteUserGroup",
        method: "DELETE",
        uri: "/cloud/user-groups/group%2Feng?resourceVersion=4&asyncOperationId=op-delete-grp-eng",
        body: None,
        upstream_request: r#"{
            "groupId": "group/eng",
            "resourceVersion": "4",
            "asyncOperationId": "op-delete-grp-eng"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-grp-eng",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-user-group",
                "startedTime": "2024-05-04T11:00:00Z"
            }
        }"#,
    },
    // 35
    RouteCase {
        rpc: "SetUserGroupNamespaceAccess",
        method: "POST",
        uri: "/cloud/namespaces/ns-b.acct1/user-groups/grp-1/access",
        body: Some(
            r#"{
                "access": {"permission": "PERMISSION_WRITE"},
                "resourceVersion": "3",
                "asyncOperationId": "op-grp-access-1"
            }"#,
        ),
        upstream_request: r#"{
            "namespace": "ns-b.acct1",
            "groupId": "grp-1",
            "access": {"permission": "PERMISSION_WRITE"},
            "resourceVersion": "3",
            "asyncOperationId": "op-grp-access-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-grp-access-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "set-user-group-namespace-access",
                "startedTime": "2024-05-04T12:00:00Z"
            }
        }"#,
    },
    // 36
    RouteCase {
        rpc: "AddUserGroupMember",
        method: "POST",
        uri: "/cloud/user-groups/grp-2/members",
        body: Some(r#"{"memberId": {"userId": "user-5"}, "asyncOperationId": "op-add-member-1"}"#),
        upstream_request: r#"{
            "groupId": "grp-2",
            "memberId": {"userId": "user-5"},
            "asyncOperationId": "op-add-member-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-add-member-1",
                "state": "STATE_FULFILLED",
                "checkDuration": "1s",
                "operationType": "add-user-group-member",
                "startedTime": "2024-05-04T13:00:00Z",
                "finishedTime": "2024-05-04T13:00:00.750Z"
            }
        }"#,
    },
    // 37: body with proto field names.
    RouteCase {
        rpc: "RemoveUserGroupMember",
        method: "POST",
        uri: "/cloud/user-groups/grp-2/remove-member",
        body: Some(r#"{"member_id": {"user_id": "user-5"}}"#),
        upstream_request: r#"{"groupId": "grp-2", "memberId": {"userId": "user-5"}}"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-remove-member-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "remove-user-group-member",
                "startedTime": "2024-05-04T14:00:00Z"
            }
        }"#,
    },
    // 38
    RouteCase {
        rpc: "GetUserGroupMembers",
        method: "GET",
        uri: "/cloud/user-groups/grp-2/members?pageSize=100&page_token=tok-members-1",
        body: None,
        upstream_request: r#"{"groupId": "grp-2", "pageSize": 100, "pageToken": "tok-members-1"}"#,
        upstream_response: r#"{
            "members": [
                {"memberId": {"userId": "user-5"}, "createdTime": "2024-05-04T13:00:00Z"},
                {"memberId": {"userId": "user-6"}, "createdTime": "2024-05-04T13:05:00.500Z"}
            ],
            "nextPageToken": "tok-members-2"
        }"#,
    },
    // 39
    RouteCase {
        rpc: "CreateServiceAccount",
        method: "POST",
        uri: "/cloud/service-accounts",
        body: Some(
            r#"{
                "spec": {
                    "name": "ci-deployer",
                    "access": {
                        "accountAccess": {"role": "ROLE_DEVELOPER"},
                        "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_WRITE"}}
                    },
                    "description": "Deploys workers"
                },
                "asyncOperationId": "op-create-sa-2"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "ci-deployer",
                "access": {
                    "accountAccess": {"role": "ROLE_DEVELOPER"},
                    "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_WRITE"}}
                },
                "description": "Deploys workers"
            },
            "asyncOperationId": "op-create-sa-2"
        }"#,
        upstream_response: r#"{
            "serviceAccountId": "sa-2",
            "asyncOperation": {
                "id": "op-create-sa-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-service-account",
                "startedTime": "2024-05-05T09:00:00Z"
            }
        }"#,
    },
    // 40
    RouteCase {
        rpc: "GetServiceAccount",
        method: "GET",
        uri: "/cloud/service-accounts/sa-1",
        body: None,
        upstream_request: r#"{"serviceAccountId": "sa-1"}"#,
        upstream_response: r#"{
            "serviceAccount": {
                "id": "sa-1",
                "resourceVersion": "6",
                "spec": {
                    "name": "ns-a-worker",
                    "namespaceScopedAccess": {"namespace": "ns-a.acct1", "access": {"permission": "PERMISSION_WRITE"}},
                    "description": "Worker fleet for ns-a"
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-01-20T00:00:00Z",
                "lastModifiedTime": "2024-04-02T03:04:05.678Z"
            }
        }"#,
    },
    // 41
    RouteCase {
        rpc: "GetServiceAccounts",
        method: "GET",
        uri: "/cloud/service-accounts?page_size=2&pageToken=tok-sa-1",
        body: None,
        upstream_request: r#"{"pageSize": 2, "pageToken": "tok-sa-1"}"#,
        upstream_response: r#"{
            "serviceAccount": [
                {
                    "id": "sa-1",
                    "resourceVersion": "6",
                    "spec": {
                        "name": "ns-a-worker",
                        "namespaceScopedAccess": {"namespace": "ns-a.acct1", "access": {"permission": "PERMISSION_WRITE"}}
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-01-20T00:00:00Z"
                },
                {
                    "id": "sa-2",
                    "resourceVersion": "1",
                    "spec": {
                        "name": "ci-deployer",
                        "access": {"accountAccess": {"role": "ROLE_DEVELOPER"}},
                        "description": "Deploys workers"
                    },
                    "state": "RESOURCE_STATE_ACTIVATING",
                    "asyncOperationId": "op-create-sa-2",
                    "createdTime": "2024-05-05T09:00:00Z"
                }
            ],
            "nextPageToken": "tok-sa-2"
        }"#,
    },
    // 42
    RouteCase {
        rpc: "UpdateServiceAccount",
        method: "POST",
        uri: "/cloud/service-accounts/sa-1",
        body: Some(
            r#"{
                "spec": {
                    "name": "ns-a-worker",
                    "namespaceScopedAccess": {"namespace": "ns-a.acct1", "access": {"permission": "PERMISSION_ADMIN"}},
                    "description": "Worker fleet and admin tooling for ns-a"
                },
                "resourceVersion": "6",
                "asyncOperationId": "op-update-sa-1"
            }"#,
        ),
        upstream_request: r#"{
            "serviceAccountId": "sa-1",
            "spec": {
                "name": "ns-a-worker",
                "namespaceScopedAccess": {"namespace": "ns-a.acct1", "access": {"permission": "PERMISSION_ADMIN"}},
                "description": "Worker fleet and admin tooling for ns-a"
            },
            "resourceVersion": "6",
            "asyncOperationId": "op-update-sa-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-sa-1",
                "state": "STATE_IN_PROGRESS",
                "checkDuration": "1s",
                "operationType": "update-service-account",
                "startedTime": "2024-05-05T10:00:00Z"
            }
        }"#,
    },
    // 43: enum given by number in the body.
    RouteCase {
        rpc: "SetServiceAccountNamespaceAccess",
        method: "POST",
        uri: "/cloud/namespaces/ns-a.acct1/service-accounts/sa-2/access",
        body: Some(r#"{"access": {"permission": 3}, "resourceVersion": "2"}"#),
        upstream_request: r#"{
            "serviceAccountId": "sa-2",
            "namespace": "ns-a.acct1",
            "access": {"permission": "PERMISSION_READ"},
            "resourceVersion": "2"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-sa-access-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "set-service-account-namespace-access",
                "startedTime": "2024-05-05T11:00:00Z"
            }
        }"#,
    },
    // 44
    RouteCase {
        rpc: "DeleteServiceAccount",
        method: "DELETE",
        uri: "/cloud/service-accounts/sa-2?resource_version=3&async_operation_id=op-delete-sa-2",
        body: None,
        upstream_request: r#"{
            "serviceAccountId": "sa-2",
            "resourceVersion": "3",
            "asyncOperationId": "op-delete-sa-2"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-sa-2",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-service-account",
                "startedTime": "2024-05-05T12:00:00Z"
            }
        }"#,
    },
    // 45: Timestamps in the query, one with ':' percent-encoded.
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
    // 69
    RouteCase {
        rpc: "GetCustomRoles",
        method: "GET",
        uri: "/cloud/custom-roles?pageSize=10&page_token=tok-roles-1",
        body: None,
        upstream_request: r#"{"pageSize": 10, "pageToken": "tok-roles-1"}"#,
        upstream_response: r#"{
            "customRoles": [
                {
                    "id": "role-ops",
                    "resourceVersion": "2",
                    "spec": {
                        "name": "Ops",
                        "description": "Operations team",
                        "permissions": [
                            {
                                "resources": {"resourceType": "namespace", "resourceIds": ["ns-a.acct1", "ns-b.acct1"]},
                                "actions": ["namespace.read", "namespace.update"]
                            }
                        ]
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-03-01T00:00:00Z"
                },
                {
                    "id": "role-billing",
                    "resourceVersion": "1",
                    "spec": {
                        "name": "Billing viewer",
                        "permissions": [
                            {"resources": {"resourceType": "billing", "allowAll": true}, "actions": ["billing.read"]}
                        ]
                    },
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-03-02T00:00:00Z"
                }
            ],
            "nextPageToken": "tok-roles-2"
        }"#,
    },
    // 70
    RouteCase {
        rpc: "GetCustomRole",
        method: "GET",
        uri: "/cloud/custom-roles/role-ops",
        body: None,
        upstream_request: r#"{"roleId": "role-ops"}"#,
        upstream_response: r#"{
            "customRole": {
                "id": "role-ops",
                "resourceVersion": "2",
                "spec": {
                    "name": "Ops",
                    "description": "Operations team",
                    "permissions": [
                        {
                            "resources": {"resourceType": "namespace", "resourceIds": ["ns-a.acct1", "ns-b.acct1"]},
                            "actions": ["namespace.read", "namespace.update"]
                        },
                        {"resources": {"resourceType": "user", "allowAll": true}, "actions": ["user.read"]}
                    ]
                },
                "state": "RESOURCE_STATE_ACTIVE",
                "createdTime": "2024-03-01T00:00:00Z",
                "lastModifiedTime": "2024-04-01T00:00:00.001Z"
            }
        }"#,
    },
    // 71
    RouteCase {
        rpc: "CreateCustomRole",
        method: "POST",
        uri: "/cloud/custom-roles",
        body: Some(
            r#"{
                "spec": {
                    "name": "Export admin",
                    "description": "Manages export sinks",
                    "permissions": [
                        {
                            "resources": {"resourceType": "namespace", "resourceIds": ["ns-a.acct1"]},
                            "actions": ["exportsink.create", "exportsink.update", "exportsink.delete"]
                        }
                    ]
                },
                "asyncOperationId": "op-create-role-1"
            }"#,
        ),
        upstream_request: r#"{
            "spec": {
                "name": "Export admin",
                "description": "Manages export sinks",
                "permissions": [
                    {
                        "resources": {"resourceType": "namespace", "resourceIds": ["ns-a.acct1"]},
                        "actions": ["exportsink.create", "exportsink.update", "exportsink.delete"]
                    }
                ]
            },
            "asyncOperationId": "op-create-role-1"
        }"#,
        upstream_response: r#"{
            "roleId": "role-export",
            "asyncOperation": {
                "id": "op-create-role-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "create-custom-role",
                "startedTime": "2024-05-09T09:00:00Z"
            }
        }"#,
    },
    // 72
    RouteCase {
        rpc: "UpdateCustomRole",
        method: "POST",
        uri: "/cloud/custom-roles/role-ops",
        body: Some(
            r#"{
                "spec": {
                    "name": "Ops",
                    "description": "Operations team (all namespaces)",
                    "permissions": [
                        {"resources": {"resourceType": "namespace", "allowAll": true}, "actions": ["namespace.read"]}
                    ]
                },
                "resourceVersion": "2",
                "asyncOperationId": "op-update-role-1"
            }"#,
        ),
        upstream_request: r#"{
            "roleId": "role-ops",
            "spec": {
                "name": "Ops",
                "description": "Operations team (all namespaces)",
                "permissions": [
                    {"resources": {"resourceType": "namespace", "allowAll": true}, "actions": ["namespace.read"]}
                ]
            },
            "resourceVersion": "2",
            "asyncOperationId": "op-update-role-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-update-role-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "update-custom-role",
                "startedTime": "2024-05-09T10:00:00Z"
            }
        }"#,
    },
    // 73
    RouteCase {
        rpc: "DeleteCustomRole",
        method: "DELETE",
        uri: "/cloud/custom-roles/role-ops?resourceVersion=3&async_operation_id=op-delete-role-1",
        body: None,
        upstream_request: r#"{
            "roleId": "role-ops",
            "resourceVersion": "3",
            "asyncOperationId": "op-delete-role-1"
        }"#,
        upstream_response: r#"{
            "asyncOperation": {
                "id": "op-delete-role-1",
                "state": "STATE_PENDING",
                "checkDuration": "1s",
                "operationType": "delete-custom-role",
                "startedTime": "2024-05-09T11:00:00Z"
            }
        }"#,
    },
    // 74
    RouteCase {
        rpc: "GetUserNamespaceAssignments",
        method: "GET",
        uri: "/cloud/namespaces/ns-a.acct1/user-assignments?page_size=2&pageToken=tok-ua-1",
        body: None,
        upstream_request: r#"{"namespace": "ns-a.acct1", "pageSize": 2, "pageToken": "tok-ua-1"}"#,
        upstream_response: r#"{
            "users": [
                {
                    "id": "user-1",
                    "email": "alice@example.com",
                    "namespaceAccess": {"permission": "PERMISSION_ADMIN"},
                    "resourceVersion": "7"
                },
                {
                    "id": "user-2",
                    "email": "bob@example.com",
                    "namespaceAccess": {"permission": "PERMISSION_READ"},
                    "inheritedAccess": true,
                    "resourceVersion": "4"
                }
            ],
            "nextPageToken": "tok-ua-2"
        }"#,
    },
    // 75
    RouteCase {
        rpc: "GetServiceAccountNamespaceAssignments",
        method: "GET",
        uri: "/cloud/namespaces/ns-a.acct1/service-account-assignments?pageSize=2",
        body: None,
        upstream_request: r#"{"namespace": "ns-a.acct1", "pageSize": 2}"#,
        upstream_response: r#"{
            "serviceAccounts": [
                {
                    "id": "sa-1",
                    "name": "ns-a-worker",
                    "namespaceAccess": {"permission": "PERMISSION_WRITE"},
                    "resourceVersion": "6"
                },
                {
                    "id": "sa-2",
                    "name": "ci-deployer",
                    "namespaceAccess": {"permission": "PERMISSION_READ"},
                    "inheritedAccess": true,
                    "resourceVersion": "3"
                }
            ],
            "nextPageToken": "tok-saa-2"
        }"#,
    },
    // 76
    RouteCase {
        rpc: "GetUserGroupNamespaceAssignments",
        method: "GET",
        uri: "/cloud/namespaces/ns-b.acct1/user-group-assignments?page_size=20&page_token=tok-uga-1",
        body: None,
        upstream_request: r#"{"namespace": "ns-b.acct1", "pageSize": 20, "pageToken": "tok-uga-1"}"#,
        upstream_response: r#"{
            "groups": [
                {
                    "id": "grp-1",
                    "displayName": "Platform Team",
                    "namespaceAccess": {"permission": "PERMISSION_WRITE"},
                    "resourceVersion": "3"
                }
            ]
        }"#,
    },
];
