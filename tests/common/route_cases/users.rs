//! Route cases of users.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
    // the user id in the body disagrees with the path; the path wins.
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
];
