//! Route cases of user groups.

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
    // nested message filters as dotted query parameters (proto names, then JSON names).
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
    // an empty message as the chosen oneof member.
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
    // a '/' percent-encoded inside the path parameter.
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
    // body with proto field names.
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
];
