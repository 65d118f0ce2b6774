//! Route cases GetCurrentIdentity … CreateNamespace (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
];
