//! Canned messages shared by the criterion benches and the load harness: a realistic
//! GetNamespace response, GetUsers responses of any size, a CreateUser response, and the JSON
//! request bodies of CreateNamespace and CreateUser. Built from canonical JSON through the crate's
//! own pbjson types, so they are exactly what the gateway decodes and renders.
#![allow(dead_code)]

use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1 as cs;
use prost::Message as _;

/// The gRPC path of `rpc`.
pub fn grpc_path(rpc: &str) -> String {
    format!("/temporal.api.cloud.cloudservice.v1.CloudService/{rpc}")
}

/// A GetNamespace response with every commonly set field (about 1 KiB encoded).
pub const GET_NAMESPACE_RESPONSE_JSON: &str = r#"{
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
        "replicas": [{"id": "rep-1", "isPrimary": true, "state": "REPLICA_STATE_ACTIVE", "region": "aws-us-east-1"}]
    }
}"#;

/// The body of a full CreateNamespace request (`POST /cloud/namespaces`).
pub const CREATE_NAMESPACE_BODY: &str = r#"{
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
        "searchAttributes": {"CustomerId": "SEARCH_ATTRIBUTE_TYPE_KEYWORD", "OrderTotal": "SEARCH_ATTRIBUTE_TYPE_DOUBLE"},
        "codecServer": {"endpoint": "https://codec.example.com", "passAccessToken": true},
        "lifecycle": {"enableDeleteProtection": true},
        "connectivityRuleIds": ["cr-public-1"],
        "replicas": [{"region": "aws-us-east-1"}, {"region": "aws-us-west-2"}]
    },
    "asyncOperationId": "op-create-ns-1",
    "tags": {"team": "payments", "env": "prod"}
}"#;

/// The body of a CreateUser request (`POST /cloud/users`).
pub const CREATE_USER_BODY: &str = r#"{"spec": {"email": "bob@example.com", "access": {"accountAccess": {"role": "ROLE_DEVELOPER"}, "namespaceAccesses": {"ns-a.acct1": {"permission": "PERMISSION_READ"}}}}, "asyncOperationId": "op-create-user-2"}"#;

/// What the upstream answers to CreateUser.
pub const CREATE_USER_RESPONSE_JSON: &str = r#"{
    "userId": "user-2",
    "asyncOperation": {
        "id": "op-create-user-2",
        "state": "STATE_PENDING",
        "checkDuration": "1s",
        "operationType": "create-user",
        "startedTime": "2024-05-01T10:00:00Z"
    }
}"#;

/// A GetUsers response with `n` users, each with account and namespace access and timestamps.
pub fn get_users_response_json(n: usize) -> String {
    let users: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "user-{i:04}", "resourceVersion": "{v}",
                    "spec": {{"email": "user{i}@example.com", "access": {{
                        "accountAccess": {{"role": "ROLE_DEVELOPER"}},
                        "namespaceAccesses": {{"ns-a.acct1": {{"permission": "PERMISSION_WRITE"}}, "ns-b.acct1": {{"permission": "PERMISSION_READ"}}}}}}}},
                    "state": "RESOURCE_STATE_ACTIVE",
                    "createdTime": "2024-01-15T09:30:00Z",
                    "lastModifiedTime": "2024-05-01T10:00:00.123Z"}}"#,
                v = i % 17 + 1
            )
        })
        .collect();
    format!(r#"{{"users": [{}], "nextPageToken": "tok-users-2"}}"#, users.join(","))
}

fn encode<M: prost::Message + serde::de::DeserializeOwned>(json: &str) -> Vec<u8> {
    serde_json::from_str::<M>(json)
        .unwrap_or_else(|e| panic!("fixture does not fit the message: {e}"))
        .encode_to_vec()
}

/// The encoded GetNamespace response.
pub fn get_namespace_response() -> Vec<u8> {
    encode::<cs::GetNamespaceResponse>(GET_NAMESPACE_RESPONSE_JSON)
}

/// The encoded GetUsers response with `n` users.
pub fn get_users_response(n: usize) -> Vec<u8> {
    encode::<cs::GetUsersResponse>(&get_users_response_json(n))
}

/// The encoded CreateUser response.
pub fn create_user_response() -> Vec<u8> {
    encode::<cs::CreateUserResponse>(CREATE_USER_RESPONSE_JSON)
}

/// The encoded GetNamespace request for `ns-a.acct1` (what the direct client sends).
pub fn get_namespace_request() -> Vec<u8> {
    cs::GetNamespaceRequest {
        namespace: "ns-a.acct1".into(),
    }
    .encode_to_vec()
}

/// The encoded GetUsers request with `page_size`.
pub fn get_users_request(page_size: i32) -> Vec<u8> {
    cs::GetUsersRequest {
        page_size,
        ..Default::default()
    }
    .encode_to_vec()
}

/// The encoded CreateUser request (the same as [`CREATE_USER_BODY`]).
pub fn create_user_request() -> Vec<u8> {
    encode::<cs::CreateUserRequest>(CREATE_USER_BODY)
}
