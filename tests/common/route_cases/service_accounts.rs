//! Route cases of service accounts.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
];
