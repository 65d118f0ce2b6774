//! Emulator, API keys family, through the gRPC client: a minted token authenticates as its owner at
//! once and stops when the key is disabled, expired or deleted; lifecycle with operations and
//! versions; idempotent retries return the same token; validation; ownership rules; paging.

use crate::common;

use std::time::Duration;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::get_current_identity_response::Principal;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{ApiKey, ApiKeySpec, OwnerType, ServiceAccount};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use cloud_ops_gateway::wkt::Timestamp;
use common::emulator::{ADMIN_KEY, START, TestEmulator, admin, req};
use tonic::{Code, Status};

fn spec(owner: &str, owner_type: OwnerType, name: &str) -> ApiKeySpec {
    ApiKeySpec {
        owner_id: owner.into(),
        owner_type: owner_type as i32,
        display_name: name.into(),
        ..Default::default()
    }
}

async fn identity(emu: &mut TestEmulator, token: &str) -> Result<GetCurrentIdentityResponse, Status> {
    let response = emu
        .client
        .get_current_identity(req(token, GetCurrentIdentityRequest {}))
        .await;
    response.map(|r| r.into_inner())
}

async fn create(emu: &mut TestEmulator, caller: &str, spec: ApiKeySpec) -> Result<CreateApiKeyResponse, Status> {
    let request = CreateApiKeyRequest {
        spec: Some(spec),
        ..Default::default()
    };
    Ok(emu.client.create_api_key(req(caller, request)).await?.into_inner())
}

fn code<T>(result: Result<T, Status>) -> Code {
    result.err().map_or(Code::Ok, |e| e.code())
}

async fn get_key(emu: &mut TestEmulator, key_id: &str) -> Result<ApiKey, Status> {
    let request = GetApiKeyRequest { key_id: key_id.into() };
    let response = emu.client.get_api_key(admin(request)).await?;
    Ok(response.into_inner().api_key.unwrap())
}

async fn update(emu: &mut TestEmulator, key: &str, caller: &str, spec: ApiKeySpec) -> Result<(), Status> {
    let version = get_key(emu, key).await?.resource_version;
    let request = UpdateApiKeyRequest {
        key_id: key.into(),
        spec: Some(spec),
        resource_version: version,
        ..Default::default()
    };
    emu.client.update_api_key(req(caller, request)).await.map(|_| ())
}

fn add_reader(emu: &TestEmulator) {
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
    });
}

#[tokio::test]
async fn minted_token_authenticates_until_disabled_or_deleted() {
    let mut emu = TestEmulator::start().await;
    emu.emulator
        .with_state(|s| demo::add_user(s, "dev", "dev@example.com", Role::Developer, START));
    let created = create(&mut emu, ADMIN_KEY, spec("dev", OwnerType::User, "dev laptop"))
        .await
        .unwrap();
    let op = created.async_operation.unwrap();
    assert_eq!(op.state, OpState::Pending as i32);
    assert_eq!(op.operation_type, "CreateApiKey");
    assert!(
        created.token.starts_with("tmprl_") && created.token.len() > 60,
        "{}",
        created.token
    );
    let key_id = created.key_id.clone();

    let me = identity(&mut emu, &created.token).await.unwrap();
    assert!(matches!(me.principal, Some(Principal::User(u)) if u.id == "dev"));
    assert_eq!(me.principal_api_key.unwrap().id, key_id, "works while ACTIVATING");
    let key = get_key(&mut emu, &key_id).await.unwrap();
    assert_eq!(key.state, ResourceState::Activating as i32);
    assert!(
        !format!("{key:?}").contains(&created.token),
        "Get never returns the token"
    );
    let listed = emu.client.get_api_keys(admin(GetApiKeysRequest::default())).await;
    assert!(!format!("{:?}", listed.unwrap().into_inner()).contains(&created.token));

    emu.finish_operations();
    let key = get_key(&mut emu, &key_id).await.unwrap();
    assert_eq!(key.state, ResourceState::Active as i32);
    let renamed = UpdateApiKeyRequest {
        key_id: key_id.clone(),
        spec: Some(spec("", OwnerType::Unspecified, "renamed")),
        resource_version: key.resource_version.clone(),
        ..Default::default()
    };
    emu.client.update_api_key(admin(renamed.clone())).await.unwrap();
    let stale = emu.client.update_api_key(admin(renamed.clone())).await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted, "{stale:?}");
    let unversioned = UpdateApiKeyRequest {
        resource_version: String::new(),
        ..renamed
    };
    let missing = emu.client.update_api_key(admin(unversioned)).await.unwrap_err();
    assert_eq!(missing.code(), Code::InvalidArgument);
    emu.finish_operations();
    let key = get_key(&mut emu, &key_id).await.unwrap();
    let stored = key.spec.clone().unwrap();
    assert_eq!(stored.display_name, "renamed");
    assert_eq!(
        (stored.owner_id.as_str(), stored.owner_type),
        ("dev", OwnerType::User as i32)
    );

    // The owner (a developer, not an admin) disables their own key with it: it stops working.
    let disabled = ApiKeySpec {
        disabled: true,
        ..stored.clone()
    };
    update(&mut emu, &key_id, &created.token, disabled).await.unwrap();
    assert_eq!(code(identity(&mut emu, &created.token).await), Code::Unauthenticated);
    emu.finish_operations();
    update(&mut emu, &key_id, ADMIN_KEY, stored).await.unwrap();
    assert!(identity(&mut emu, &created.token).await.is_ok(), "re-enabled");
    emu.finish_operations();

    let version = get_key(&mut emu, &key_id).await.unwrap().resource_version;
    let delete = DeleteApiKeyRequest {
        key_id: key_id.clone(),
        resource_version: version,
        ..Default::default()
    };
    emu.client.delete_api_key(admin(delete)).await.unwrap();
    let deleting = get_key(&mut emu, &key_id).await.unwrap();
    assert_eq!(deleting.state, ResourceState::Deleting as i32);
    assert_eq!(code(identity(&mut emu, &created.token).await), Code::Unauthenticated);
    emu.finish_operations();
    assert_eq!(code(get_key(&mut emu, &key_id).await), Code::NotFound);
    assert_eq!(code(identity(&mut emu, &created.token).await), Code::Unauthenticated);
    assert!(!emu.emulator.with_state(|s| s.tokens.contains_key(&created.token)));
}

#[tokio::test]
async fn retried_create_returns_the_same_key_and_token() {
    let mut emu = TestEmulator::start().await;
    let request = CreateApiKeyRequest {
        spec: Some(spec("admin", OwnerType::User, "ci")),
        async_operation_id: "op-key".into(),
    };
    let first = emu
        .client
        .create_api_key(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    let second = emu
        .client
        .create_api_key(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((&first.key_id, &first.token), (&second.key_id, &second.token));
    assert!(!first.token.is_empty());
    assert_eq!(emu.emulator.with_state(|s| (s.api_keys.len(), s.tokens.len())), (2, 2));
    let other = CreateApiKeyRequest {
        spec: Some(spec("admin", OwnerType::User, "other")),
        ..request
    };
    let reused = emu.client.create_api_key(admin(other)).await.unwrap_err();
    assert_eq!(reused.code(), Code::AlreadyExists);
}

#[tokio::test]
async fn expired_keys_stop_working_and_expiry_must_be_in_the_future() {
    let mut emu = TestEmulator::start().await;
    let in_an_hour = Timestamp {
        seconds: START.seconds + 3600,
        nanos: 0,
    };
    let expiring = ApiKeySpec {
        expiry_time: Some(in_an_hour),
        ..spec("admin", OwnerType::User, "short-lived")
    };
    let created = create(&mut emu, ADMIN_KEY, expiring.clone()).await.unwrap();
    assert!(identity(&mut emu, &created.token).await.is_ok());
    emu.clock.advance(Duration::from_secs(2 * 3600));
    assert_eq!(code(identity(&mut emu, &created.token).await), Code::Unauthenticated);
    let invalid = create(&mut emu, ADMIN_KEY, expiring).await.unwrap_err();
    assert!(invalid.code() == Code::InvalidArgument && invalid.message().starts_with("spec.expiry_time"));
}

#[tokio::test]
#[allow(deprecated)] // owner_type_deprecated is part of what is tested
async fn validation_names_the_field_and_changes_nothing() {
    let mut emu = TestEmulator::start().await;
    let cases = [
        (
            spec("admin", OwnerType::User, ""),
            Code::InvalidArgument,
            "spec.display_name",
        ),
        (
            spec("admin", OwnerType::Unspecified, "k"),
            Code::InvalidArgument,
            "spec.owner_type",
        ),
        (
            ApiKeySpec {
                owner_type_deprecated: "robot".into(),
                ..spec("admin", OwnerType::Unspecified, "k")
            },
            Code::InvalidArgument,
            "spec.owner_type_deprecated",
        ),
        (spec("", OwnerType::User, "k"), Code::InvalidArgument, "spec.owner_id"),
        (spec("nobody", OwnerType::User, "k"), Code::NotFound, "spec.owner_id"),
        (
            spec("admin", OwnerType::ServiceAccount, "k"),
            Code::NotFound,
            "spec.owner_id",
        ),
    ];
    for (spec, code, field) in cases {
        let error = create(&mut emu, ADMIN_KEY, spec).await.unwrap_err();
        assert_eq!(error.code(), code, "{field}: {error:?}");
        assert!(error.message().starts_with(field), "{field}: {}", error.message());
    }
    assert_eq!(emu.emulator.with_state(|s| (s.api_keys.len(), s.tokens.len())), (1, 1));

    // The deprecated text owner type still works, and the key authenticates as the service account.
    emu.emulator.with_state(|s| {
        let mut account = ServiceAccount {
            id: "sa1".into(),
            state: ResourceState::Active as i32,
            ..Default::default()
        };
        account.spec.get_or_insert_default().name = "deployer".into();
        s.service_accounts.insert("sa1".into(), account);
    });
    let legacy = ApiKeySpec {
        owner_type_deprecated: "service-account".into(),
        ..spec("sa1", OwnerType::Unspecified, "legacy")
    };
    let created = create(&mut emu, ADMIN_KEY, legacy).await.unwrap();
    let me = identity(&mut emu, &created.token).await.unwrap();
    assert!(matches!(me.principal, Some(Principal::ServiceAccount(a)) if a.id == "sa1"));
    let key = get_key(&mut emu, &created.key_id).await.unwrap();
    assert_eq!(key.spec.unwrap().owner_type, OwnerType::ServiceAccount as i32);

    emu.finish_operations();
    let moved = spec("admin", OwnerType::User, "k");
    let moved = update(&mut emu, &created.key_id, ADMIN_KEY, moved).await.unwrap_err();
    assert_eq!(moved.code(), Code::InvalidArgument);
    assert!(moved.message().starts_with("spec.owner_id"), "{}", moved.message());
}

#[tokio::test]
async fn owners_manage_their_own_keys_and_only_admins_manage_others() {
    let mut emu = TestEmulator::start().await;
    add_reader(&emu);
    let mine = create(&mut emu, "reader-key", spec("reader", OwnerType::User, "mine"))
        .await
        .unwrap();
    let theirs = create(&mut emu, "reader-key", spec("admin", OwnerType::User, "not mine")).await;
    assert_eq!(code(theirs), Code::PermissionDenied);

    let listed = emu
        .client
        .get_api_keys(req("reader-key", GetApiKeysRequest::default()))
        .await;
    let ids: Vec<String> = listed
        .unwrap()
        .into_inner()
        .api_keys
        .into_iter()
        .map(|k| k.id)
        .collect();
    let mut expected = vec!["reader-key-id".to_string(), mine.key_id.clone()];
    expected.sort();
    assert_eq!(ids, expected, "a non-admin sees only their own keys");
    let all = emu
        .client
        .get_api_keys(admin(GetApiKeysRequest::default()))
        .await
        .unwrap();
    assert_eq!(all.into_inner().api_keys.len(), 3);

    let other = GetApiKeyRequest {
        key_id: "bootstrap".into(),
    };
    assert_eq!(
        code(emu.client.get_api_key(req("reader-key", other)).await),
        Code::PermissionDenied
    );
    let disable = update(&mut emu, "bootstrap", "reader-key", spec("admin", OwnerType::User, "x"));
    assert_eq!(code(disable.await), Code::PermissionDenied);
    assert!(identity(&mut emu, ADMIN_KEY).await.is_ok());

    emu.finish_operations();
    let version = get_key(&mut emu, &mine.key_id).await.unwrap().resource_version;
    let delete = DeleteApiKeyRequest {
        key_id: mine.key_id.clone(),
        resource_version: version,
        ..Default::default()
    };
    emu.client.delete_api_key(req("reader-key", delete)).await.unwrap();
    assert_eq!(code(identity(&mut emu, &mine.token).await), Code::Unauthenticated);
}

#[tokio::test]
#[allow(deprecated)] // owner_type_deprecated is part of what is tested
async fn paging_and_owner_filters() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        demo::add_user(s, "u1", "u1@example.com", Role::Read, START);
        for i in 0..25 {
            demo::add_api_key(s, "u1", OwnerType::User, &format!("k{i:02}"), &format!("t{i}"), START);
        }
    });
    let (mut seen, mut token, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let request = GetApiKeysRequest {
            page_size: 10,
            page_token: token.clone(),
            owner_id: "u1".into(),
            ..Default::default()
        };
        let page = emu.client.get_api_keys(admin(request)).await.unwrap().into_inner();
        assert!(page.api_keys.len() <= 10);
        seen.extend(page.api_keys.into_iter().map(|k| k.id));
        pages += 1;
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, (0..25).map(|i| format!("k{i:02}")).collect::<Vec<_>>());

    let count = |request: GetApiKeysRequest| {
        let mut client = emu.client.clone();
        async move {
            client
                .get_api_keys(admin(request))
                .await
                .map(|r| r.into_inner().api_keys.len())
        }
    };
    let by_type = |owner_type: OwnerType| GetApiKeysRequest {
        owner_type: owner_type as i32,
        ..Default::default()
    };
    assert_eq!(count(by_type(OwnerType::User)).await.unwrap(), 26);
    assert_eq!(count(by_type(OwnerType::ServiceAccount)).await.unwrap(), 0);
    let legacy = GetApiKeysRequest {
        owner_type_deprecated: "service-account".into(),
        ..Default::default()
    };
    assert_eq!(count(legacy).await.unwrap(), 0);
    let too_big = GetApiKeysRequest {
        page_size: 1001,
        ..Default::default()
    };
    assert_eq!(code(count(too_big).await), Code::InvalidArgument);
}
