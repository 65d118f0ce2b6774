//! Emulator, service accounts family, through the gRPC client: lifecycle with operations and
//! versions, deleting a service account stops its API keys, account- vs namespace-scoped specs,
//! namespace admins managing namespace-scoped accounts, namespace access, paging, idempotent
//! retries.

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::get_current_identity_response::Principal;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, ApiKeySpec, NamespaceAccess, NamespaceScopedAccess, OwnerType, ServiceAccount,
    ServiceAccountSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::Namespace;
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{ADMIN_KEY, START, TestEmulator, admin, req};
use tonic::{Code, Status};

const NS1: &str = "ns1.a1b2c";
const NS2: &str = "ns2.a1b2c";

fn account_scoped(name: &str, role: Role) -> ServiceAccountSpec {
    ServiceAccountSpec {
        name: name.into(),
        access: Some(Access {
            account_access: Some(AccountAccess {
                role: role as i32,
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn grant(permission: Permission) -> NamespaceAccess {
    NamespaceAccess {
        permission: permission as i32,
        ..Default::default()
    }
}

fn namespace_scoped(name: &str, namespace: &str, permission: Permission) -> ServiceAccountSpec {
    ServiceAccountSpec {
        name: name.into(),
        namespace_scoped_access: Some(NamespaceScopedAccess {
            namespace: namespace.into(),
            access: Some(grant(permission)),
        }),
        ..Default::default()
    }
}

/// Namespaces are another family's; the tests put them straight into the state.
fn add_namespaces(emu: &TestEmulator) {
    emu.emulator.with_state(|s| {
        for name in [NS1, NS2] {
            let namespace = Namespace {
                namespace: name.into(),
                resource_version: s.next_version(),
                state: ResourceState::Active as i32,
                ..Default::default()
            };
            s.namespaces.insert(name.into(), namespace);
        }
    });
}

async fn create(emu: &mut TestEmulator, key: &str, spec: ServiceAccountSpec) -> Result<String, Status> {
    let request = CreateServiceAccountRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let response = emu.client.create_service_account(req(key, request)).await?;
    Ok(response.into_inner().service_account_id)
}

fn code<T>(result: Result<T, Status>) -> Code {
    result.err().map_or(Code::Ok, |e| e.code())
}

async fn identity(emu: &mut TestEmulator, token: &str) -> Result<GetCurrentIdentityResponse, Status> {
    let request = req(token, GetCurrentIdentityRequest {});
    Ok(emu.client.get_current_identity(request).await?.into_inner())
}

async fn get(emu: &mut TestEmulator, id: &str) -> Result<ServiceAccount, Status> {
    let request = GetServiceAccountRequest {
        service_account_id: id.into(),
    };
    let response = emu.client.get_service_account(admin(request)).await?;
    Ok(response.into_inner().service_account.unwrap())
}

async fn set_access(emu: &mut TestEmulator, key: &str, id: &str, ns: &str, p: Permission) -> Result<(), Status> {
    let request = SetServiceAccountNamespaceAccessRequest {
        service_account_id: id.into(),
        namespace: ns.into(),
        access: Some(grant(p)),
        resource_version: get(emu, id).await?.resource_version,
        ..Default::default()
    };
    emu.client
        .set_service_account_namespace_access(req(key, request))
        .await
        .map(|_| ())
}

#[tokio::test]
async fn service_account_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    let request = CreateServiceAccountRequest {
        spec: Some(account_scoped("deployer", Role::Developer)),
        ..Default::default()
    };
    let created = emu
        .client
        .create_service_account(admin(request))
        .await
        .unwrap()
        .into_inner();
    let op = created.async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateServiceAccount")
    );
    let id = created.service_account_id;
    assert_eq!(
        get(&mut emu, &id).await.unwrap().state,
        ResourceState::Activating as i32
    );
    emu.finish_operations();
    let account = get(&mut emu, &id).await.unwrap();
    assert_eq!(account.state, ResourceState::Active as i32);

    let update = UpdateServiceAccountRequest {
        service_account_id: id.clone(),
        spec: Some(ServiceAccountSpec {
            description: "ships builds".into(),
            ..account_scoped("deployer-2", Role::Read)
        }),
        resource_version: account.resource_version.clone(),
        ..Default::default()
    };
    emu.client.update_service_account(admin(update.clone())).await.unwrap();
    assert_eq!(get(&mut emu, &id).await.unwrap().state, ResourceState::Updating as i32);
    let stale = emu.client.update_service_account(admin(update)).await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted, "{stale:?}");
    emu.finish_operations();
    let account = get(&mut emu, &id).await.unwrap();
    let spec = account.spec.clone().unwrap();
    assert_eq!(
        (spec.name.as_str(), spec.description.as_str()),
        ("deployer-2", "ships builds")
    );
    assert_eq!(spec.access.unwrap().account_access.unwrap().role, Role::Read as i32);

    let delete = DeleteServiceAccountRequest {
        service_account_id: id.clone(),
        resource_version: account.resource_version,
        ..Default::default()
    };
    emu.client.delete_service_account(admin(delete)).await.unwrap();
    assert_eq!(get(&mut emu, &id).await.unwrap().state, ResourceState::Deleting as i32);
    emu.finish_operations();
    assert_eq!(get(&mut emu, &id).await.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn deleting_a_service_account_stops_its_api_keys() {
    let mut emu = TestEmulator::start().await;
    let id = create(&mut emu, ADMIN_KEY, account_scoped("bot", Role::Admin))
        .await
        .unwrap();
    emu.finish_operations();
    let key = CreateApiKeyRequest {
        spec: Some(ApiKeySpec {
            owner_id: id.clone(),
            owner_type: OwnerType::ServiceAccount as i32,
            display_name: "bot key".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let token = emu.client.create_api_key(admin(key)).await.unwrap().into_inner().token;
    let principal = identity(&mut emu, &token).await.unwrap().principal;
    assert!(matches!(principal, Some(Principal::ServiceAccount(a)) if a.id == id));

    let delete = DeleteServiceAccountRequest {
        service_account_id: id.clone(),
        resource_version: get(&mut emu, &id).await.unwrap().resource_version,
        ..Default::default()
    };
    emu.client.delete_service_account(admin(delete)).await.unwrap();
    let refused = identity(&mut emu, &token).await;
    assert_eq!(code(refused), Code::Unauthenticated, "refused while DELETING");
    emu.finish_operations();
    let refused = identity(&mut emu, &token).await;
    assert_eq!(code(refused), Code::Unauthenticated, "refused once gone");
}

#[tokio::test]
async fn validation_names_the_field_and_changes_nothing() {
    let mut emu = TestEmulator::start().await;
    add_namespaces(&emu);
    let both = ServiceAccountSpec {
        namespace_scoped_access: namespace_scoped("x", NS1, Permission::Read).namespace_scoped_access,
        ..account_scoped("x", Role::Read)
    };
    let mut unknown_namespace = account_scoped("x", Role::Read);
    let access = unknown_namespace.access.as_mut().unwrap();
    access
        .namespace_accesses
        .insert("nope.a1b2c".into(), grant(Permission::Read));
    let cases = [
        (account_scoped("", Role::Read), "spec.name"),
        (both, "spec.namespace_scoped_access"),
        (
            ServiceAccountSpec {
                name: "x".into(),
                ..Default::default()
            },
            "spec.access",
        ),
        (
            namespace_scoped("x", "", Permission::Read),
            "spec.namespace_scoped_access.namespace",
        ),
        (
            namespace_scoped("x", "nope.a1b2c", Permission::Read),
            "spec.namespace_scoped_access.namespace",
        ),
        (
            namespace_scoped("x", NS1, Permission::Unspecified),
            "spec.namespace_scoped_access.access.permission",
        ),
        (unknown_namespace, "spec.access.namespace_accesses"),
    ];
    for (spec, field) in cases {
        let error = create(&mut emu, ADMIN_KEY, spec).await.unwrap_err();
        assert_eq!(error.code(), Code::InvalidArgument, "{field}: {error:?}");
        assert!(error.message().starts_with(field), "{field}: {}", error.message());
    }
    assert!(emu.emulator.with_state(|s| s.service_accounts.is_empty()));

    let account = create(&mut emu, ADMIN_KEY, account_scoped("a", Role::Read)).await;
    let account = account.unwrap();
    let scoped = create(&mut emu, ADMIN_KEY, namespace_scoped("s", NS1, Permission::Read))
        .await
        .unwrap();
    let duplicate = create(&mut emu, ADMIN_KEY, account_scoped("a", Role::Read)).await;
    assert_eq!(code(duplicate), Code::AlreadyExists);
    emu.finish_operations();
    let changes = [
        (
            &account,
            namespace_scoped("a", NS1, Permission::Read),
            "spec.namespace_scoped_access",
        ),
        (&scoped, account_scoped("s", Role::Read), "spec.namespace_scoped_access"),
        (
            &scoped,
            namespace_scoped("s", NS2, Permission::Read),
            "spec.namespace_scoped_access.namespace",
        ),
    ];
    for (id, spec, field) in changes {
        let request = UpdateServiceAccountRequest {
            service_account_id: id.clone(),
            spec: Some(spec),
            resource_version: get(&mut emu, id).await.unwrap().resource_version,
            ..Default::default()
        };
        let error = emu.client.update_service_account(admin(request)).await.unwrap_err();
        assert_eq!(error.code(), Code::InvalidArgument, "{field}: {error:?}");
        assert!(error.message().starts_with(field), "{field}: {}", error.message());
    }
    let unchanged = get(&mut emu, &scoped).await.unwrap();
    assert_eq!(unchanged.state, ResourceState::Active as i32);
    assert_eq!(unchanged.spec.unwrap().namespace_scoped_access.unwrap().namespace, NS1);
}

#[tokio::test]
async fn namespace_admins_manage_namespace_scoped_accounts() {
    let mut emu = TestEmulator::start().await;
    add_namespaces(&emu);
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
        demo::add_user(s, "nsadmin", "nsadmin@example.com", Role::Read, START);
        let access = s
            .users
            .get_mut("nsadmin")
            .unwrap()
            .spec
            .as_mut()
            .unwrap()
            .access
            .as_mut()
            .unwrap();
        access.namespace_accesses.insert(NS1.into(), grant(Permission::Admin));
        demo::add_api_key(s, "nsadmin", OwnerType::User, "nsadmin-key-id", "nsadmin-key", START);
    });
    let denied = create(&mut emu, "reader-key", namespace_scoped("r", NS1, Permission::Read)).await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let denied = create(&mut emu, "nsadmin-key", account_scoped("n", Role::Read)).await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let denied = create(&mut emu, "nsadmin-key", namespace_scoped("n", NS2, Permission::Read)).await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let scoped = create(&mut emu, "nsadmin-key", namespace_scoped("n", NS1, Permission::Read)).await;
    let scoped = scoped.unwrap();
    let account = create(&mut emu, ADMIN_KEY, account_scoped("a", Role::Read)).await;
    let account = account.unwrap();
    emu.finish_operations();

    set_access(&mut emu, "nsadmin-key", &scoped, NS1, Permission::Write)
        .await
        .unwrap();
    emu.finish_operations();
    let other_namespace = set_access(&mut emu, "nsadmin-key", &account, NS2, Permission::Read).await;
    assert_eq!(code(other_namespace), Code::PermissionDenied);
    let elsewhere = set_access(&mut emu, ADMIN_KEY, &scoped, NS2, Permission::Read)
        .await
        .unwrap_err();
    assert!(elsewhere.code() == Code::InvalidArgument && elsewhere.message().starts_with("namespace"));
    let removed = set_access(&mut emu, ADMIN_KEY, &scoped, NS1, Permission::Unspecified)
        .await
        .unwrap_err();
    assert!(removed.code() == Code::InvalidArgument && removed.message().starts_with("access"));
    set_access(&mut emu, ADMIN_KEY, &account, NS1, Permission::Read)
        .await
        .unwrap();
    emu.finish_operations();

    let account = get(&mut emu, &account).await.unwrap().spec.unwrap().access.unwrap();
    assert_eq!(account.namespace_accesses[NS1], grant(Permission::Read));
    let scoped = get(&mut emu, &scoped)
        .await
        .unwrap()
        .spec
        .unwrap()
        .namespace_scoped_access;
    assert_eq!(scoped.unwrap().access, Some(grant(Permission::Write)));
}

#[tokio::test]
async fn paging_and_idempotent_retries() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        for i in 0..25 {
            let account = ServiceAccount {
                id: format!("sa{i:02}"),
                resource_version: s.next_version(),
                spec: Some(account_scoped(&format!("sa {i}"), Role::Read)),
                state: ResourceState::Active as i32,
                ..Default::default()
            };
            s.service_accounts.insert(account.id.clone(), account);
        }
    });
    let (mut seen, mut token) = (Vec::new(), String::new());
    loop {
        let request = GetServiceAccountsRequest {
            page_size: 10,
            page_token: token.clone(),
        };
        let page = emu
            .client
            .get_service_accounts(admin(request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.service_account.len() <= 10);
        seen.extend(page.service_account.into_iter().map(|a| a.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, (0..25).map(|i| format!("sa{i:02}")).collect::<Vec<_>>());

    let request = CreateServiceAccountRequest {
        spec: Some(account_scoped("retried", Role::Read)),
        async_operation_id: "op-sa".into(),
    };
    let mut ids = Vec::new();
    for _ in 0..2 {
        let created = emu.client.create_service_account(admin(request.clone())).await.unwrap();
        let created = created.into_inner();
        assert_eq!(created.async_operation.unwrap().id, "op-sa");
        ids.push(created.service_account_id);
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(emu.emulator.with_state(|s| s.service_accounts.len()), 26);
}
