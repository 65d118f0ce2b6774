//! Emulator, custom roles family, through the gRPC client: lifecycle with operations and versions,
//! validation naming the field, delete refused while the role is assigned, paging, permissions,
//! idempotent retries.

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::custom_role_spec::{Permission, Resources};
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, CustomRole, CustomRoleSpec, OwnerType, UserSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{START, TestEmulator, admin, req};
use tonic::{Code, Status};

fn permission(resource_type: &str, ids: &[&str], allow_all: bool, actions: &[&str]) -> Permission {
    Permission {
        resources: Some(Resources {
            resource_type: resource_type.into(),
            resource_ids: ids.iter().map(|s| s.to_string()).collect(),
            allow_all,
        }),
        actions: actions.iter().map(|s| s.to_string()).collect(),
    }
}

fn spec(name: &str) -> CustomRoleSpec {
    CustomRoleSpec {
        name: name.into(),
        description: "reads namespaces".into(),
        permissions: vec![permission("namespace", &[], true, &["read"])],
    }
}

async fn create(emu: &mut TestEmulator, spec: CustomRoleSpec) -> Result<String, Status> {
    let request = CreateCustomRoleRequest {
        spec: Some(spec),
        ..Default::default()
    };
    Ok(emu
        .client
        .create_custom_role(admin(request))
        .await?
        .into_inner()
        .role_id)
}

async fn get(emu: &mut TestEmulator, role_id: &str) -> Result<CustomRole, Status> {
    let request = GetCustomRoleRequest {
        role_id: role_id.into(),
    };
    Ok(emu
        .client
        .get_custom_role(admin(request))
        .await?
        .into_inner()
        .custom_role
        .unwrap())
}

async fn delete(emu: &mut TestEmulator, role_id: &str) -> Result<(), Status> {
    let request = DeleteCustomRoleRequest {
        role_id: role_id.into(),
        resource_version: get(emu, role_id).await?.resource_version,
        ..Default::default()
    };
    emu.client.delete_custom_role(admin(request)).await.map(|_| ())
}

fn with_role(role_id: &str) -> Access {
    Access {
        account_access: Some(AccountAccess {
            role: Role::Read as i32,
            custom_roles: vec![role_id.into()],
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[tokio::test]
async fn custom_role_lifecycle_with_operations_and_versions() {
    let mut emu = TestEmulator::start().await;
    let request = CreateCustomRoleRequest {
        spec: Some(spec("ns reader")),
        ..Default::default()
    };
    let created = emu
        .client
        .create_custom_role(admin(request))
        .await
        .unwrap()
        .into_inner();
    let op = created.async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateCustomRole")
    );
    let id = created.role_id;
    assert_eq!(
        get(&mut emu, &id).await.unwrap().state,
        ResourceState::Activating as i32
    );
    emu.finish_operations();
    let role = get(&mut emu, &id).await.unwrap();
    assert_eq!(role.state, ResourceState::Active as i32);

    let new_spec = CustomRoleSpec {
        permissions: vec![permission("namespace", &["ns1.a1b2c"], false, &["read", "write"])],
        ..spec("ns writer")
    };
    let update = UpdateCustomRoleRequest {
        role_id: id.clone(),
        spec: Some(new_spec.clone()),
        resource_version: role.resource_version.clone(),
        ..Default::default()
    };
    emu.client.update_custom_role(admin(update.clone())).await.unwrap();
    let stale = emu.client.update_custom_role(admin(update)).await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted, "{stale:?}");
    emu.finish_operations();
    let role = get(&mut emu, &id).await.unwrap();
    assert_eq!(role.spec, Some(new_spec));

    delete(&mut emu, &id).await.unwrap();
    assert_eq!(get(&mut emu, &id).await.unwrap().state, ResourceState::Deleting as i32);
    emu.finish_operations();
    assert_eq!(get(&mut emu, &id).await.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn validation_names_the_field_and_changes_nothing() {
    let mut emu = TestEmulator::start().await;
    let with = |permissions: Vec<Permission>| CustomRoleSpec {
        permissions,
        ..spec("r")
    };
    let no_resources = Permission {
        resources: None,
        actions: vec!["read".into()],
    };
    let cases = [
        (spec(""), "spec.name"),
        (with(vec![]), "spec.permissions"),
        (with(vec![no_resources]), "spec.permissions[0].resources"),
        (
            with(vec![
                permission("namespace", &[], true, &["read"]),
                permission("", &[], true, &["read"]),
            ]),
            "spec.permissions[1].resources.resource_type",
        ),
        (
            with(vec![permission("namespace", &[], false, &["read"])]),
            "spec.permissions[0].resources.resource_ids",
        ),
        (
            with(vec![permission("namespace", &[], true, &[])]),
            "spec.permissions[0].actions",
        ),
        (
            with(vec![permission("namespace", &[], true, &["read", " "])]),
            "spec.permissions[0].actions[1]",
        ),
    ];
    for (spec, field) in cases {
        let error = create(&mut emu, spec).await.unwrap_err();
        assert_eq!(error.code(), Code::InvalidArgument, "{field}: {error:?}");
        assert!(error.message().starts_with(field), "{field}: {}", error.message());
    }
    assert!(emu.emulator.with_state(|s| s.custom_roles.is_empty()));
    create(&mut emu, spec("dup")).await.unwrap();
    assert_eq!(
        create(&mut emu, spec("DUP")).await.unwrap_err().code(),
        Code::AlreadyExists
    );
}

#[tokio::test]
async fn a_role_in_use_cannot_be_deleted() {
    let mut emu = TestEmulator::start().await;
    let role = create(&mut emu, spec("auditor")).await.unwrap();
    emu.finish_operations();
    let request = CreateUserRequest {
        spec: Some(UserSpec {
            email: "aud@example.com".into(),
            access: Some(with_role(&role)),
        }),
        ..Default::default()
    };
    let user_id = emu
        .client
        .create_user(admin(request))
        .await
        .unwrap()
        .into_inner()
        .user_id;
    emu.finish_operations();
    let in_use = delete(&mut emu, &role).await.unwrap_err();
    assert_eq!(in_use.code(), Code::FailedPrecondition);
    assert!(in_use.message().contains(&user_id), "{}", in_use.message());

    // Take it away from the user; a group holding it blocks the delete just the same.
    emu.emulator.with_state(|s| {
        s.users.get_mut(&user_id).unwrap().spec.as_mut().unwrap().access = None;
        let group = s.groups.entry("g1".into()).or_default();
        group.id = "g1".into();
        group.spec.get_or_insert_default().access = Some(with_role(&role));
    });
    let in_use = delete(&mut emu, &role).await.unwrap_err();
    assert!(in_use.message().contains("g1"), "{}", in_use.message());
    emu.emulator.with_state(|s| s.groups.clear());
    delete(&mut emu, &role).await.unwrap();
    emu.finish_operations();
    assert_eq!(get(&mut emu, &role).await.unwrap_err().code(), Code::NotFound);
}

#[tokio::test]
async fn paging_permissions_and_idempotent_retries() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
        for i in 0..25 {
            let role = CustomRole {
                id: format!("r{i:02}"),
                resource_version: s.next_version(),
                spec: Some(spec(&format!("role {i}"))),
                state: ResourceState::Active as i32,
                ..Default::default()
            };
            s.custom_roles.insert(role.id.clone(), role);
        }
    });
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let request = GetCustomRolesRequest {
            page_size: 10,
            page_token: token.clone(),
        };
        let page = emu
            .client
            .get_custom_roles(req("reader-key", request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.custom_roles.len() <= 10);
        seen.extend(page.custom_roles.into_iter().map(|r| r.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, (0..25).map(|i| format!("r{i:02}")).collect::<Vec<_>>());

    let request = CreateCustomRoleRequest {
        spec: Some(spec("retried")),
        async_operation_id: "op-role".into(),
    };
    let denied = emu.client.create_custom_role(req("reader-key", request.clone())).await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);
    let first = emu
        .client
        .create_custom_role(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    let second = emu
        .client
        .create_custom_role(admin(request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.role_id, second.role_id);
    assert_eq!(emu.emulator.with_state(|s| s.custom_roles.len()), 26);
    let delete = DeleteCustomRoleRequest {
        role_id: "r00".into(),
        resource_version: get(&mut emu, "r00").await.unwrap().resource_version,
        ..Default::default()
    };
    let denied = emu.client.delete_custom_role(req("reader-key", delete)).await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);
}
