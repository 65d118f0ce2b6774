//! Route cases of custom roles.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
];
