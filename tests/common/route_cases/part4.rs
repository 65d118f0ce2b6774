//! Route cases UpdateUserGroup … GetUsage (service.proto order).

use super::RouteCase;

pub const CASES: &[RouteCase] = &[
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
];
