//! Emulator, namespace assignments and group access, through the gRPC client: every user, service
//! account and user group with access to a namespace, direct (inherited_access = false) or through
//! an account role or a user group (inherited_access = true), with the strongest permission;
//! paging; who may ask; a group's namespace access working for its members, and only while they
//! are members.

use crate::common;

use cloud_ops_gateway::emulator::{State, demo};
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::*;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::account_access::Role;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_member_id::MemberType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_spec::GroupType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, CloudGroupSpec, NamespaceAccess, NamespaceScopedAccess, OwnerType, ServiceAccount,
    ServiceAccountSpec, UserGroup, UserGroupMember, UserGroupMemberId, UserGroupSpec,
};
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::Namespace;
use cloud_ops_gateway::pb::temporal::api::cloud::resource::v1::ResourceState;
use common::emulator::{START, TestEmulator, admin, req};
use tonic::Code;

const NS1: &str = "ns1.a1b2c";
const NS2: &str = "ns2.a1b2c";

fn grant(permission: Permission) -> NamespaceAccess {
    NamespaceAccess {
        permission: permission as i32,
        ..Default::default()
    }
}

fn access(role: Role, namespace: &str, permission: Permission) -> Access {
    let mut access = Access {
        account_access: Some(AccountAccess {
            role: role as i32,
            ..Default::default()
        }),
        ..Default::default()
    };
    if permission != Permission::Unspecified {
        access.namespace_accesses.insert(namespace.into(), grant(permission));
    }
    access
}

/// A user `id` with `role` and a direct grant (unless PERMISSION_UNSPECIFIED) on `namespace`.
fn user(s: &mut State, id: &str, role: Role, namespace: &str, permission: Permission) {
    demo::add_user(s, id, &format!("{id}@example.com"), role, START);
    s.users.get_mut(id).unwrap().spec.as_mut().unwrap().access = Some(access(role, namespace, permission));
}

fn group(s: &mut State, id: &str, access: Access, members: &[&str]) {
    let group = UserGroup {
        id: id.into(),
        resource_version: s.next_version(),
        spec: Some(UserGroupSpec {
            display_name: format!("{id} group"),
            access: Some(access),
            group_type: None,
        }),
        state: ResourceState::Active as i32,
        ..Default::default()
    };
    s.groups.insert(id.into(), group);
    for member in members {
        let member_id = UserGroupMemberId {
            member_type: Some(MemberType::UserId(member.to_string())),
        };
        let entry = UserGroupMember {
            member_id: Some(member_id),
            created_time: Some(START),
        };
        s.group_members
            .entry(id.into())
            .or_default()
            .insert(member.to_string(), entry);
    }
}

fn service_account(s: &mut State, id: &str, access: Option<Access>, scoped: Option<(&str, Permission)>) {
    let account = ServiceAccount {
        id: id.into(),
        resource_version: s.next_version(),
        spec: Some(ServiceAccountSpec {
            name: format!("{id} name"),
            access,
            namespace_scoped_access: scoped.map(|(namespace, p)| NamespaceScopedAccess {
                namespace: namespace.into(),
                access: Some(grant(p)),
            }),
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        ..Default::default()
    };
    s.service_accounts.insert(id.into(), account);
}

fn namespaces(s: &mut State) {
    for name in [NS1, NS2] {
        let namespace = Namespace {
            namespace: name.into(),
            resource_version: s.next_version(),
            state: ResourceState::Active as i32,
            ..Default::default()
        };
        s.namespaces.insert(name.into(), namespace);
    }
}

fn rows<T>(items: Vec<T>, row: impl Fn(T) -> (String, String, Option<NamespaceAccess>, bool)) -> Vec<String> {
    let describe = |(id, name, access, inherited): (String, String, Option<NamespaceAccess>, bool)| {
        let permission = Permission::try_from(access.unwrap().permission).unwrap();
        format!("{id} {name} {} {inherited}", permission.as_str_name())
    };
    items.into_iter().map(row).map(describe).collect()
}

#[tokio::test]
async fn direct_inherited_and_group_access_of_every_principal() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        namespaces(s);
        user(s, "direct", Role::Read, NS1, Permission::Write);
        user(s, "member", Role::Read, NS1, Permission::Unspecified);
        user(s, "both", Role::Read, NS1, Permission::Read);
        user(s, "strong", Role::Read, NS1, Permission::Admin);
        user(s, "elsewhere", Role::Read, NS2, Permission::Admin);
        group(
            s,
            "admins",
            access(Role::Unspecified, NS1, Permission::Admin),
            &["member", "both"],
        );
        group(
            s,
            "readers",
            access(Role::Unspecified, NS1, Permission::Read),
            &["strong"],
        );
        group(s, "global", access(Role::Admin, NS1, Permission::Unspecified), &[]);
        group(
            s,
            "other",
            access(Role::Unspecified, NS2, Permission::Admin),
            &["elsewhere"],
        );
        service_account(s, "sa-direct", Some(access(Role::Read, NS1, Permission::Read)), None);
        service_account(s, "sa-scoped", None, Some((NS1, Permission::Write)));
        service_account(
            s,
            "sa-admin",
            Some(access(Role::Admin, NS1, Permission::Unspecified)),
            None,
        );
        service_account(s, "sa-other", None, Some((NS2, Permission::Write)));
    });
    let request = GetUserNamespaceAssignmentsRequest {
        namespace: NS1.into(),
        ..Default::default()
    };
    let users = emu.client.get_user_namespace_assignments(admin(request)).await.unwrap();
    let users = rows(users.into_inner().users, |u| {
        (u.id, u.email, u.namespace_access, u.inherited_access)
    });
    let expected = [
        "admin admin@example.com PERMISSION_ADMIN true",
        "both both@example.com PERMISSION_ADMIN true",
        "direct direct@example.com PERMISSION_WRITE false",
        "member member@example.com PERMISSION_ADMIN true",
        "strong strong@example.com PERMISSION_ADMIN false",
    ];
    assert_eq!(users, expected);

    let request = GetUserGroupNamespaceAssignmentsRequest {
        namespace: NS1.into(),
        ..Default::default()
    };
    let groups = emu
        .client
        .get_user_group_namespace_assignments(admin(request))
        .await
        .unwrap();
    let groups = rows(groups.into_inner().groups, |g| {
        (g.id, g.display_name, g.namespace_access, g.inherited_access)
    });
    let expected = [
        "admins admins group PERMISSION_ADMIN false",
        "global global group PERMISSION_ADMIN true",
        "readers readers group PERMISSION_READ false",
    ];
    assert_eq!(groups, expected);

    let request = GetServiceAccountNamespaceAssignmentsRequest {
        namespace: NS1.into(),
        ..Default::default()
    };
    let accounts = emu
        .client
        .get_service_account_namespace_assignments(admin(request))
        .await
        .unwrap();
    let accounts = rows(accounts.into_inner().service_accounts, |a| {
        (a.id, a.name, a.namespace_access, a.inherited_access)
    });
    let expected = [
        "sa-admin sa-admin name PERMISSION_ADMIN true",
        "sa-direct sa-direct name PERMISSION_READ false",
        "sa-scoped sa-scoped name PERMISSION_WRITE false",
    ];
    assert_eq!(accounts, expected);
    let versions = emu
        .emulator
        .with_state(|s| s.service_accounts["sa-direct"].resource_version.clone());
    let request = GetServiceAccountNamespaceAssignmentsRequest {
        namespace: NS1.into(),
        page_size: 2,
        ..Default::default()
    };
    let page = emu
        .client
        .get_service_account_namespace_assignments(admin(request))
        .await;
    let page = page.unwrap().into_inner();
    assert_eq!(page.service_accounts[1].resource_version, versions);
    assert!(!page.next_page_token.is_empty());
}

#[tokio::test]
async fn paging_and_who_may_ask() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        namespaces(s);
        for i in 0..25 {
            user(s, &format!("u{i:02}"), Role::Read, NS1, Permission::Read);
        }
        user(s, "ns2-only", Role::Unspecified, NS2, Permission::Read);
        demo::add_api_key(s, "ns2-only", OwnerType::User, "ns2-key-id", "ns2-key", START);
        user(s, "reader", Role::Read, NS1, Permission::Unspecified);
        demo::add_api_key(s, "reader", OwnerType::User, "reader-key-id", "reader-key", START);
    });
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let request = GetUserNamespaceAssignmentsRequest {
            namespace: NS1.into(),
            page_size: 10,
            page_token: token.clone(),
        };
        let page = emu
            .client
            .get_user_namespace_assignments(admin(request))
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
    expected.insert(0, "admin".into());
    assert_eq!(seen, expected);

    let ask = |key: &str, namespace: &str, page_size: i32| {
        let request = GetUserNamespaceAssignmentsRequest {
            namespace: namespace.into(),
            page_size,
            ..Default::default()
        };
        let mut client = emu.client.clone();
        let request = req(key, request);
        async move { client.get_user_namespace_assignments(request).await.map(|_| ()) }
    };
    assert!(ask("reader-key", NS1, 0).await.is_ok(), "any account role may read");
    assert!(
        ask("ns2-key", NS2, 0).await.is_ok(),
        "namespace access is enough for that namespace"
    );
    assert_eq!(ask("ns2-key", NS1, 0).await.unwrap_err().code(), Code::PermissionDenied);
    assert_eq!(
        ask("reader-key", "nope.a1b2c", 0).await.unwrap_err().code(),
        Code::NotFound
    );
    let empty = ask("reader-key", "", 0).await.unwrap_err();
    assert!(empty.code() == Code::InvalidArgument && empty.message().starts_with("namespace"));
    assert_eq!(
        ask("reader-key", NS1, 1001).await.unwrap_err().code(),
        Code::InvalidArgument
    );
}

#[tokio::test]
async fn group_access_works_for_members_only_while_they_are_members() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        namespaces(s);
        user(s, "member", Role::Read, NS1, Permission::Unspecified);
        demo::add_api_key(s, "member", OwnerType::User, "member-key-id", "member-key", START);
        user(s, "other", Role::Read, NS1, Permission::Unspecified);
        group(s, "admins", access(Role::Unspecified, NS1, Permission::Admin), &[]);
        let spec = s.groups.get_mut("admins").unwrap().spec.as_mut().unwrap();
        spec.group_type = Some(GroupType::CloudGroup(CloudGroupSpec {}));
    });
    // What the member tries: SetUserNamespaceAccess on NS1, which needs namespace admin.
    let emulator = emu.emulator.clone();
    let grant_other = move || SetUserNamespaceAccessRequest {
        namespace: NS1.into(),
        user_id: "other".into(),
        access: Some(grant(Permission::Read)),
        resource_version: emulator.with_state(|s| s.users["other"].resource_version.clone()),
        ..Default::default()
    };
    let denied = emu
        .client
        .set_user_namespace_access(req("member-key", grant_other()))
        .await;
    assert_eq!(
        denied.unwrap_err().code(),
        Code::PermissionDenied,
        "no access of their own"
    );
    assert_eq!(listed(&mut emu, "member").await, None);

    let member_id = Some(UserGroupMemberId {
        member_type: Some(MemberType::UserId("member".into())),
    });
    let add = AddUserGroupMemberRequest {
        group_id: "admins".into(),
        member_id: member_id.clone(),
        ..Default::default()
    };
    emu.client.add_user_group_member(admin(add)).await.unwrap();
    let allowed = emu
        .client
        .set_user_namespace_access(req("member-key", grant_other()))
        .await;
    assert!(allowed.is_ok(), "{allowed:?}");
    assert_eq!(listed(&mut emu, "member").await, Some(true), "listed through the group");

    let remove = RemoveUserGroupMemberRequest {
        group_id: "admins".into(),
        member_id,
        ..Default::default()
    };
    emu.client.remove_user_group_member(admin(remove)).await.unwrap();
    emu.finish_operations();
    let denied = emu
        .client
        .set_user_namespace_access(req("member-key", grant_other()))
        .await;
    assert_eq!(
        denied.unwrap_err().code(),
        Code::PermissionDenied,
        "gone with the membership"
    );
    assert_eq!(listed(&mut emu, "member").await, None);
}

/// Whether `user_id` is listed in NS1's user assignments, and as inherited or not.
async fn listed(emu: &mut TestEmulator, user_id: &str) -> Option<bool> {
    let request = GetUserNamespaceAssignmentsRequest {
        namespace: NS1.into(),
        ..Default::default()
    };
    let users = emu.client.get_user_namespace_assignments(admin(request)).await.unwrap();
    let users = users.into_inner().users;
    users.into_iter().find(|u| u.id == user_id).map(|u| u.inherited_access)
}
