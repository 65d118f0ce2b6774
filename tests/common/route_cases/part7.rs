//! Route cases GetCustomRoles … GetUserGroupNamespaceAssignments (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
