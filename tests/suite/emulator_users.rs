//! Emulator, users family, through the gRPC client: lifecycle with async operations, optimistic
//! concurrency, idempotent retries, failure injection, pagination, auth and role failures.

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{Access, AccountAccess, OwnerType, UserSpec};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{ADMIN_KEY, START, TestEmulator, admin, req};
use tonic::Code;

fn spec(email: &str, role: Role) -> UserSpec {
    UserSpec {
        email: email.into(),
        access: Some(Access {
            account_access: Some(AccountAccess {
                role: role as i32,
                ..Default::default()
            }),
            ..Default::default()
        }),
    }
}

#[tokio::test]
async fn user_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    let c = &mut emu.client;
    let created = c
        .create_user(admin(CreateUserRequest {
            spec: Some(spec("bob@example.com", Role::Developer)),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let op = created.async_operation.unwrap();
    assert_eq!(op.state, OpState::Pending as i32);
    assert_eq!(op.operation_type, "CreateUser");
    assert_eq!(
        op.operation_input.unwrap().type_name(),
        "temporal.api.cloud.cloudservice.v1.CreateUserRequest"
    );
    let user = c
        .get_user(admin(GetUserRequest {
            user_id: created.user_id.clone(),
        }))
        .await
        .unwrap()
        .into_inner()
        .user
        .unwrap();
    assert_eq!(user.state, ResourceState::Activating as i32);
    assert!(user.invitation.is_some());

    emu.clock.advance(common::emulator::LATENCY / 2);
    let op = c
        .get_async_operation(admin(GetAsyncOperationRequest {
            async_operation_id: op.id.clone(),
        }))
        .await
        .unwrap();
    assert_eq!(
        op.into_inner().async_operation.unwrap().state,
        OpState::InProgress as i32
    );
    emu.finish_operations();
    let c = &mut emu.client;
    let user = c
        .get_user(admin(GetUserRequest {
            user_id: created.user_id.clone(),
        }))
        .await
        .unwrap()
        .into_inner()
        .user
        .unwrap();
    assert_eq!(user.state, ResourceState::Active as i32);

    let update = UpdateUserRequest {
        user_id: user.id.clone(),
        spec: Some(spec("bob@example.com", Role::Read)),
        resource_version: user.resource_version.clone(),
        ..Default::default()
    };
    c.update_user(admin(update.clone())).await.unwrap();
    let stale = c.update_user(admin(update.clone())).await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted, "{stale:?}");
    let missing = c
        .update_user(admin(UpdateUserRequest {
            resource_version: String::new(),
            ..update
        }))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::InvalidArgument);
    emu.finish_operations();
    let c = &mut emu.client;
    let user = c
        .get_user(admin(GetUserRequest {
            user_id: user.id.clone(),
        }))
        .await
        .unwrap()
        .into_inner()
        .user
        .unwrap();
    assert_eq!(
        user.spec.unwrap().access.unwrap().account_access.unwrap().role,
        Role::Read as i32
    );

    let delete = DeleteUserRequest {
        user_id: user.id.clone(),
        resource_version: user.resource_version.clone(),
        ..Default::default()
    };
    c.delete_user(admin(delete)).await.unwrap();
    let deleting = c
        .get_user(admin(GetUserRequest {
            user_id: user.id.clone(),
        }))
        .await
        .unwrap()
        .into_inner()
        .user
        .unwrap();
    assert_eq!(deleting.state, ResourceState::Deleting as i32);
    emu.finish_operations();
    let gone = emu
        .client
        .get_user(admin(GetUserRequest { user_id: user.id }))
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Code::NotFound);
}

#[tokio::test]
async fn retried_create_with_the_same_operation_id_is_idempotent() {
    let mut emu = TestEmulator::start().await;
    let request = CreateUserRequest {
        spec: Some(spec("carol@example.com", Role::Read)),
        async_operation_id: "op-carol".into(),
    };
    let first = emu
        .client
        .create_user(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    let second = emu
        .client
        .create_user(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.user_id, second.user_id);
    assert_eq!(first.async_operation.unwrap().id, "op-carol");
    assert_eq!(
        emu.emulator.with_state(|s| s.users.len()),
        2,
        "admin + carol, no duplicate"
    );
    let other = CreateUserRequest {
        spec: Some(spec("dave@example.com", Role::Read)),
        ..request
    };
    let reused = emu.client.create_user(admin(other)).await.unwrap_err();
    assert_eq!(reused.code(), Code::AlreadyExists);
    let duplicate_email = CreateUserRequest {
        spec: Some(spec("CAROL@example.com", Role::Read)),
        async_operation_id: String::new(),
    };
    assert_eq!(
        emu.client.create_user(admin(duplicate_email)).await.unwrap_err().code(),
        Code::AlreadyExists
    );
}

#[tokio::test]
async fn injected_failures_fail_or_reject_the_operation() {
    let mut emu = TestEmulator::start().await;
    let failing = CreateUserRequest {
        spec: Some(spec("f@example.com", Role::Read)),
        async_operation_id: "fail-1".into(),
    };
    let created = emu.client.create_user(admin(failing)).await.unwrap().into_inner();
    emu.finish_operations();
    let op = emu
        .client
        .get_async_operation(admin(GetAsyncOperationRequest {
            async_operation_id: "fail-1".into(),
        }))
        .await;
    let op = op.unwrap().into_inner().async_operation.unwrap();
    assert_eq!(op.state, OpState::Failed as i32);
    assert!(op.failure_reason.contains("fail-1"));
    let user = emu
        .client
        .get_user(admin(GetUserRequest {
            user_id: created.user_id,
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(user.user.unwrap().state, ResourceState::ActivationFailed as i32);

    let rejected = CreateUserRequest {
        spec: Some(spec("r@example.com", Role::Read)),
        async_operation_id: "reject-1".into(),
    };
    let created = emu.client.create_user(admin(rejected)).await.unwrap().into_inner();
    assert_eq!(created.async_operation.unwrap().state, OpState::Rejected as i32);
    assert!(created.user_id.is_empty());
    assert_eq!(
        emu.emulator.with_state(|s| s.users.len()),
        2,
        "admin + the failed one; rejected created nothing"
    );
}

#[tokio::test]
async fn paging_through_users_returns_each_once() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        for i in 0..25 {
            demo::add_user(
                s,
                &format!("u{i:02}"),
                &format!("u{i:02}@example.com"),
                Role::Read,
                START,
            );
        }
    });
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = emu
            .client
            .get_users(admin(GetUsersRequest {
                page_size: 10,
                page_token: token.clone(),
                ..Default::default()
            }))
            .await
            .unwrap()
            .into_inner();
        assert!(page.users.len() <= 10);
        seen.extend(page.users.into_iter().map(|u| u.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let mut expected: Vec<String> = (0..25).map(|i| format!("u{i:02}")).collect();
    expected.push("admin".into());
    expected.sort();
    assert_eq!(seen, expected);
    let too_big = emu
        .client
        .get_users(admin(GetUsersRequest {
            page_size: 1001,
            ..Default::default()
        }))
        .await;
    assert_eq!(too_big.unwrap_err().code(), Code::InvalidArgument);
    let by_email = GetUsersRequest {
        email: "u07@example.com".into(),
        ..Default::default()
    };
    let found = emu.client.get_users(admin(by_email)).await.unwrap().into_inner().users;
    assert_eq!(found.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(), ["u07"]);
}

#[tokio::test]
async fn auth_version_roles_and_validation() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
    });
    let c = &mut emu.client;
    let no_key = c
        .get_users(tonic::Request::new(GetUsersRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(no_key.code(), Code::InvalidArgument, "version header checked first");
    let mut unauthenticated = req("wrong-key", GetUsersRequest::default());
    assert_eq!(
        c.get_users(unauthenticated).await.unwrap_err().code(),
        Code::Unauthenticated
    );
    unauthenticated = req(ADMIN_KEY, GetUsersRequest::default());
    unauthenticated
        .metadata_mut()
        .insert("temporal-cloud-api-version", "v9.0.0".parse().unwrap());
    let bad_version = c.get_users(unauthenticated).await.unwrap_err();
    assert_eq!(bad_version.code(), Code::InvalidArgument);
    assert_eq!(bad_version.message(), "API version specified is invalid");

    assert!(
        c.get_users(req("reader-key", GetUsersRequest::default())).await.is_ok(),
        "readers read"
    );
    let create = CreateUserRequest {
        spec: Some(spec("x@example.com", Role::Read)),
        ..Default::default()
    };
    let denied = c.create_user(req("reader-key", create)).await.unwrap_err();
    assert_eq!(denied.code(), Code::PermissionDenied);

    let bad_email = CreateUserRequest {
        spec: Some(spec("not-an-email", Role::Read)),
        ..Default::default()
    };
    let invalid = c.create_user(admin(bad_email)).await.unwrap_err();
    assert_eq!(invalid.code(), Code::InvalidArgument);
    assert!(invalid.message().contains("spec.email"), "{}", invalid.message());
    assert_eq!(
        emu.emulator.with_state(|s| s.users.len()),
        2,
        "nothing created by failed calls"
    );
}
