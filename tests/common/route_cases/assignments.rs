//! Route cases of namespace access and assignments.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // body with proto field names.
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
    // enum given by number in the body.
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
