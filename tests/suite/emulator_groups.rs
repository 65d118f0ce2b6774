//! Emulator, user groups family, through the gRPC client: lifecycle with operations and versions,
//! membership, group types (Google, SCIM, cloud) and their rules, listing in name order with
//! filters, paging, permissions, idempotent retries. (Group access flowing to members: see
//! emulator_assignments.rs.)

use crate::common;

use cloud_ops_gateway::emulator::demo;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::get_user_groups_request::{
    GoogleGroupFilter, ScimGroupFilter,
};
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_member_id::MemberType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_spec::GroupType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, CloudGroupSpec, GoogleGroupSpec, NamespaceAccess, OwnerType, ScimGroupSpec, UserGroup, UserGroupMemberId,
    UserGroupSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::Namespace;
use cloud_ops_gateway::pb::temporal::api::cloud::operation::v1::async_operation::State as OpState;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{ADMIN_KEY, START, TestEmulator, admin, req};
use tonic::{Code, Status};

const NS1: &str = "ns1.a1b2c";

fn grant(permission: Permission) -> NamespaceAccess {
    NamespaceAccess {
        permission: permission as i32,
        ..Default::default()
    }
}

fn spec(name: &str, group_type: GroupType) -> UserGroupSpec {
    UserGroupSpec {
        display_name: name.into(),
        access: Some(Access::default()),
        group_type: Some(group_type),
    }
}

fn cloud(name: &str) -> UserGroupSpec {
    spec(name, GroupType::CloudGroup(CloudGroupSpec {}))
}

fn google(name: &str, email: &str) -> UserGroupSpec {
    let google = GoogleGroupSpec {
        email_address: email.into(),
    };
    spec(name, GroupType::GoogleGroup(google))
}

fn member(user_id: &str) -> Option<UserGroupMemberId> {
    Some(UserGroupMemberId {
        member_type: Some(MemberType::UserId(user_id.into())),
    })
}

/// Namespaces are another family's; the tests put one straight into the state.
fn add_namespace(emu: &TestEmulator) {
    emu.emulator.with_state(|s| {
        let namespace = Namespace {
            namespace: NS1.into(),
            resource_version: s.next_version(),
            state: ResourceState::Active as i32,
            ..Default::default()
        };
        s.namespaces.insert(NS1.into(), namespace);
    });
}

async fn create(emu: &mut TestEmulator, spec: UserGroupSpec) -> Result<String, Status> {
    let request = CreateUserGroupRequest {
        spec: Some(spec),
        ..Default::default()
    };
    Ok(emu
        .client
        .create_user_group(admin(request))
        .await?
        .into_inner()
        .group_id)
}

async fn get(emu: &mut TestEmulator, group_id: &str) -> Result<UserGroup, Status> {
    let request = GetUserGroupRequest {
        group_id: group_id.into(),
    };
    Ok(emu
        .client
        .get_user_group(admin(request))
        .await?
        .into_inner()
        .group
        .unwrap())
}

async fn add(emu: &mut TestEmulator, key: &str, group_id: &str, user_id: &str) -> Result<(), Status> {
    let request = AddUserGroupMemberRequest {
        group_id: group_id.into(),
        member_id: member(user_id),
        ..Default::default()
    };
    emu.client.add_user_group_member(req(key, request)).await.map(|_| ())
}

async fn remove(emu: &mut TestEmulator, group_id: &str, user_id: &str) -> Result<(), Status> {
    let request = RemoveUserGroupMemberRequest {
        group_id: group_id.into(),
        member_id: member(user_id),
        ..Default::default()
    };
    emu.client.remove_user_group_member(admin(request)).await.map(|_| ())
}

fn code<T>(result: Result<T, Status>) -> Code {
    result.err().map_or(Code::Ok, |e| e.code())
}

#[tokio::test]
async fn group_lifecycle_with_operations_versions_and_members() {
    let mut emu = TestEmulator::start().await;
    emu.emulator
        .with_state(|s| demo::add_user(s, "other", "other@example.com", Role::Read, START));
    let request = CreateUserGroupRequest {
        spec: Some(cloud("platform")),
        ..Default::default()
    };
    let created = emu.client.create_user_group(admin(request)).await.unwrap().into_inner();
    let op = created.async_operation.unwrap();
    assert_eq!(
        (op.state, op.operation_type.as_str()),
        (OpState::Pending as i32, "CreateUserGroup")
    );
    let id = created.group_id;
    assert_eq!(
        get(&mut emu, &id).await.unwrap().state,
        ResourceState::Activating as i32
    );
    emu.finish_operations();
    let group = get(&mut emu, &id).await.unwrap();
    assert_eq!(group.state, ResourceState::Active as i32);

    let update = UpdateUserGroupRequest {
        group_id: id.clone(),
        spec: Some(cloud("platform team")),
        resource_version: group.resource_version.clone(),
        ..Default::default()
    };
    emu.client.update_user_group(admin(update.clone())).await.unwrap();
    let stale = emu.client.update_user_group(admin(update)).await.unwrap_err();
    assert_eq!(stale.code(), Code::Aborted, "{stale:?}");
    emu.finish_operations();
    let group = get(&mut emu, &id).await.unwrap();
    assert_eq!(group.spec.unwrap().display_name, "platform team");

    let added_at = emu.clock.now();
    add(&mut emu, ADMIN_KEY, &id, "admin").await.unwrap();
    assert_eq!(code(add(&mut emu, ADMIN_KEY, &id, "admin").await), Code::AlreadyExists);
    assert_eq!(code(add(&mut emu, ADMIN_KEY, &id, "ghost").await), Code::NotFound);
    add(&mut emu, ADMIN_KEY, &id, "other").await.unwrap();
    remove(&mut emu, &id, "other").await.unwrap();
    assert_eq!(code(remove(&mut emu, &id, "other").await), Code::NotFound);
    let members = GetUserGroupMembersRequest {
        group_id: id.clone(),
        ..Default::default()
    };
    let members = emu
        .client
        .get_user_group_members(admin(members))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(members.members.len(), 1);
    assert_eq!(members.members[0].member_id, member("admin"));
    assert_eq!(members.members[0].created_time, Some(added_at));
    let delete = DeleteUserGroupRequest {
        group_id: id.clone(),
        resource_version: group.resource_version,
        ..Default::default()
    };
    emu.client.delete_user_group(admin(delete)).await.unwrap();
    assert_eq!(get(&mut emu, &id).await.unwrap().state, ResourceState::Deleting as i32);
    emu.finish_operations();
    assert_eq!(get(&mut emu, &id).await.unwrap_err().code(), Code::NotFound);
    assert!(
        emu.emulator.with_state(|s| s.group_members.is_empty()),
        "memberships gone too"
    );
}

#[tokio::test]
async fn group_types_follow_their_rules() {
    let mut emu = TestEmulator::start().await;
    let scim = spec(
        "idp group",
        GroupType::ScimGroup(ScimGroupSpec { idp_id: "idp-1".into() }),
    );
    let no_type = UserGroupSpec {
        group_type: None,
        ..cloud("x")
    };
    let cases = [
        (cloud(""), "spec.display_name"),
        (no_type, "spec.group_type"),
        (scim.clone(), "spec.scim_group"),
        (google("g", "not-an-email"), "spec.google_group.email_address"),
    ];
    for (spec, field) in cases {
        let error = create(&mut emu, spec).await.unwrap_err();
        assert_eq!(error.code(), Code::InvalidArgument, "{field}: {error:?}");
        assert!(error.message().starts_with(field), "{field}: {}", error.message());
    }
    assert!(emu.emulator.with_state(|s| s.groups.is_empty()));

    let google_id = create(&mut emu, google("eng", "eng@example.com")).await.unwrap();
    let duplicate = create(&mut emu, google("eng 2", "ENG@example.com")).await.unwrap_err();
    assert_eq!(duplicate.code(), Code::AlreadyExists);
    emu.finish_operations();
    let managed = add(&mut emu, ADMIN_KEY, &google_id, "admin").await;
    assert_eq!(
        code(managed),
        Code::FailedPrecondition,
        "Google members come from Google"
    );
    for (new_spec, field) in [
        (google("eng", "other@example.com"), "spec.google_group.email_address"),
        (cloud("eng"), "spec.group_type"),
    ] {
        let request = UpdateUserGroupRequest {
            group_id: google_id.clone(),
            spec: Some(new_spec),
            resource_version: get(&mut emu, &google_id).await.unwrap().resource_version,
            ..Default::default()
        };
        let error = emu.client.update_user_group(admin(request)).await.unwrap_err();
        assert!(
            error.code() == Code::InvalidArgument && error.message().starts_with(field),
            "{error:?}"
        );
    }

    // A SCIM group (provisioned by the identity provider): its access can be managed, nothing else.
    emu.emulator.with_state(|s| {
        let group = UserGroup {
            id: "scim1".into(),
            resource_version: s.next_version(),
            spec: Some(scim.clone()),
            state: ResourceState::Active as i32,
            ..Default::default()
        };
        s.groups.insert("scim1".into(), group);
    });
    let mut readers = scim.clone();
    readers.access.as_mut().unwrap().account_access = Some(Default::default());
    let request = UpdateUserGroupRequest {
        group_id: "scim1".into(),
        spec: Some(readers),
        resource_version: get(&mut emu, "scim1").await.unwrap().resource_version,
        ..Default::default()
    };
    emu.client.update_user_group(admin(request)).await.unwrap();
    emu.finish_operations();
    let delete = DeleteUserGroupRequest {
        group_id: "scim1".into(),
        resource_version: get(&mut emu, "scim1").await.unwrap().resource_version,
        ..Default::default()
    };
    let error = emu.client.delete_user_group(admin(delete)).await.unwrap_err();
    assert_eq!(error.code(), Code::FailedPrecondition);
    assert_eq!(
        code(add(&mut emu, ADMIN_KEY, "scim1", "admin").await),
        Code::FailedPrecondition
    );
}

async fn list(
    emu: &mut TestEmulator,
    key: &str,
    request: GetUserGroupsRequest,
) -> Result<GetUserGroupsResponse, Status> {
    Ok(emu.client.get_user_groups(req(key, request)).await?.into_inner())
}

#[tokio::test]
async fn listing_in_name_order_with_filters_and_paging_members() {
    let mut emu = TestEmulator::start().await;
    add_namespace(&emu);
    emu.emulator.with_state(|s| {
        for i in 0..25 {
            let mut spec = match i {
                7 => google("group 07", "seven@example.com"),
                8 => spec(
                    "group 08",
                    GroupType::ScimGroup(ScimGroupSpec { idp_id: "idp-8".into() }),
                ),
                _ => cloud(&format!("group {i:02}")),
            };
            if i == 7 {
                let access = spec.access.as_mut().unwrap();
                access.namespace_accesses.insert(NS1.into(), grant(Permission::Read));
            }
            // Ids run the other way from names: the list must follow the names.
            let id = format!("id{:02}", 24 - i);
            let version = s.next_version();
            let group = UserGroup {
                id: id.clone(),
                resource_version: version,
                spec: Some(spec),
                ..Default::default()
            };
            s.groups.insert(id, group);
            let user = format!("u{i:02}");
            demo::add_user(s, &user, &format!("{user}@example.com"), Role::Read, START);
        }
    });
    let (mut names, mut token) = (Vec::new(), String::new());
    loop {
        let request = GetUserGroupsRequest {
            page_size: 10,
            page_token: token,
            ..Default::default()
        };
        let page = list(&mut emu, ADMIN_KEY, request).await.unwrap();
        assert!(page.groups.len() <= 10);
        names.extend(page.groups.into_iter().map(|g| g.spec.unwrap().display_name));
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(names, (0..25).map(|i| format!("group {i:02}")).collect::<Vec<_>>());

    let mut filters = vec![GetUserGroupsRequest::default(); 4];
    filters[0].display_name = "group 03".into();
    filters[1].google_group = Some(GoogleGroupFilter {
        email_address: "SEVEN@example.com".into(),
    });
    filters[2].scim_group = Some(ScimGroupFilter { idp_id: "idp-8".into() });
    filters[3].namespace = NS1.into();
    let mut found = Vec::new();
    for filter in filters {
        let groups = list(&mut emu, ADMIN_KEY, filter).await.unwrap().groups;
        found.push(groups.into_iter().map(|g| g.id).collect::<Vec<_>>());
    }
    assert_eq!(found, [vec!["id21"], vec!["id17"], vec!["id16"], vec!["id17"]]);

    let group = create(&mut emu, cloud("big")).await.unwrap();
    for i in 0..25 {
        add(&mut emu, ADMIN_KEY, &group, &format!("u{i:02}")).await.unwrap();
    }
    let (mut seen, mut token) = (Vec::new(), String::new());
    loop {
        let request = GetUserGroupMembersRequest {
            page_size: 10,
            page_token: token,
            group_id: group.clone(),
        };
        let page = emu
            .client
            .get_user_group_members(admin(request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.members.len() <= 10);
        seen.extend(page.members.into_iter().map(|m| m.member_id));
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(seen, (0..25).map(|i| member(&format!("u{i:02}"))).collect::<Vec<_>>());
}

#[tokio::test]
async fn readers_cannot_change_groups_and_retries_are_idempotent() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        demo::add_user(s, "reader", "reader@example.com", Role::Read, START);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
    });
    let request = CreateUserGroupRequest {
        spec: Some(cloud("team")),
        async_operation_id: "op-group".into(),
    };
    let denied = emu.client.create_user_group(req("reader-key", request.clone())).await;
    assert_eq!(denied.unwrap_err().code(), Code::PermissionDenied);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let created = emu.client.create_user_group(admin(request.clone())).await.unwrap();
        ids.push(created.into_inner().group_id);
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(emu.emulator.with_state(|s| s.groups.len()), 1);
    assert!(list(&mut emu, "reader-key", Default::default()).await.is_ok());
    let denied = add(&mut emu, "reader-key", &ids[0], "reader").await;
    assert_eq!(code(denied), Code::PermissionDenied);

    let add_request = AddUserGroupMemberRequest {
        group_id: ids[0].clone(),
        member_id: member("reader"),
        async_operation_id: "op-add".into(),
    };
    for _ in 0..2 {
        let added = emu.client.add_user_group_member(admin(add_request.clone())).await;
        assert_eq!(
            added.unwrap().into_inner().async_operation.unwrap().id,
            "op-add",
            "replayed, no ALREADY_EXISTS"
        );
    }
    let count = emu.emulator.with_state(|s| s.group_members[&ids[0]].len());
    assert_eq!(count, 1);
}
