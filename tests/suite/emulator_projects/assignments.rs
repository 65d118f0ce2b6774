//! Project assignments: every user, service account and user group with access to a project, each
//! once with its strongest role, `inherited_access` true for roles that come from an account role
//! or (for users) a group; paging; who may ask. And project roles showing up, inherited, in the
//! namespace assignments of the project's namespaces.

use super::*;

use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_member_id::MemberType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, ProjectScopedAccess, ServiceAccount, ServiceAccountSpec, UserGroup, UserGroupMember,
    UserGroupMemberId, UserGroupSpec,
};

fn with_roles(account: Role, projects: &[(&str, ProjectRole)]) -> Access {
    Access {
        account_access: Some(AccountAccess {
            role: account as i32,
            ..Default::default()
        }),
        project_accesses: projects
            .iter()
            .map(|(p, r)| (p.to_string(), ProjectAccess { role: *r as i32 }))
            .collect(),
        ..Default::default()
    }
}

fn add_group(s: &mut State, id: &str, access: Access, members: &[&str]) {
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
        let entry = UserGroupMember {
            member_id: Some(UserGroupMemberId {
                member_type: Some(MemberType::UserId(member.to_string())),
            }),
            created_time: Some(START),
        };
        s.group_members
            .entry(id.into())
            .or_default()
            .insert(member.to_string(), entry);
    }
}

fn add_account(s: &mut State, id: &str, access: Option<Access>, scoped: Option<(&str, ProjectRole)>) {
    let account = ServiceAccount {
        id: id.into(),
        resource_version: s.next_version(),
        spec: Some(ServiceAccountSpec {
            name: format!("{id} name"),
            access,
            project_scoped_access: scoped.map(|(project, role)| ProjectScopedAccess {
                project_id: project.into(),
                access: Some(ProjectAccess { role: role as i32 }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        ..Default::default()
    };
    s.service_accounts.insert(id.into(), account);
}

fn user(s: &mut State, id: &str, access: Access) {
    demo::add_user(s, id, &format!("{id}@example.com"), Role::Unspecified, START);
    s.users.get_mut(id).unwrap().spec.as_mut().unwrap().access = Some(access);
}

/// `<id> <name> <role> <inherited>` per row.
fn rows(items: Vec<(String, String, Option<ProjectAccess>, bool)>) -> Vec<String> {
    items
        .into_iter()
        .map(|(id, name, access, inherited)| {
            let role = ProjectRole::try_from(access.unwrap().role).unwrap();
            format!("{id} {name} {} {inherited}", role.as_str_name())
        })
        .collect()
}

fn setup(s: &mut State) {
    two_projects(s);
    user(s, "u-dev", with_roles(Role::Developer, &[]));
    user(s, "u-direct", with_roles(Role::Read, &[(P1, ProjectRole::Write)]));
    user(s, "u-group", with_roles(Role::Read, &[]));
    user(
        s,
        "u-stronger-group",
        with_roles(Role::Read, &[(P1, ProjectRole::Read)]),
    );
    user(s, "u-weaker-group", with_roles(Role::Read, &[(P1, ProjectRole::Admin)]));
    user(s, "u-other", with_roles(Role::Read, &[(P2, ProjectRole::Admin)]));
    user(s, "u-reader", with_roles(Role::Read, &[]));
    add_group(
        s,
        "g-admins",
        with_roles(Role::Unspecified, &[(P1, ProjectRole::Admin)]),
        &["u-group", "u-stronger-group"],
    );
    add_group(
        s,
        "g-members",
        with_roles(Role::Unspecified, &[(P1, ProjectRole::Member)]),
        &["u-weaker-group"],
    );
    add_group(s, "g-account-admins", with_roles(Role::Admin, &[]), &[]);
    add_group(
        s,
        "g-p2",
        with_roles(Role::Unspecified, &[(P2, ProjectRole::Read)]),
        &[],
    );
    add_account(s, "sa-scoped", None, Some((P1, ProjectRole::Contribute)));
    add_account(s, "sa-scoped-p2", None, Some((P2, ProjectRole::Read)));
    add_account(
        s,
        "sa-granted",
        Some(with_roles(Role::Read, &[(P1, ProjectRole::List)])),
        None,
    );
    add_account(s, "sa-account-admin", Some(with_roles(Role::Admin, &[])), None);
    add_account(s, "sa-reader", Some(with_roles(Role::Read, &[])), None);
}

#[tokio::test]
async fn project_assignments_report_the_strongest_role_and_where_it_comes_from() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(setup);
    let c = &mut emu.client;
    let users = GetUserProjectAssignmentsRequest {
        project_id: P1.into(),
        ..Default::default()
    };
    let users = c
        .get_user_project_assignments(admin(users))
        .await
        .unwrap()
        .into_inner()
        .users;
    let users = rows(
        users
            .into_iter()
            .map(|u| (u.id, u.email, u.project_access, u.inherited_access))
            .collect(),
    );
    assert_eq!(
        users,
        [
            "admin admin@example.com PROJECT_ROLE_ADMIN true",
            "u-dev u-dev@example.com PROJECT_ROLE_DEVELOPER true",
            "u-direct u-direct@example.com PROJECT_ROLE_WRITE false",
            "u-group u-group@example.com PROJECT_ROLE_ADMIN true",
            "u-stronger-group u-stronger-group@example.com PROJECT_ROLE_ADMIN true",
            "u-weaker-group u-weaker-group@example.com PROJECT_ROLE_ADMIN false",
        ]
    );
    let accounts = GetServiceAccountProjectAssignmentsRequest {
        project_id: P1.into(),
        ..Default::default()
    };
    let accounts = c
        .get_service_account_project_assignments(admin(accounts))
        .await
        .unwrap()
        .into_inner();
    let accounts = accounts.service_accounts.into_iter();
    let accounts = rows(
        accounts
            .map(|a| (a.id, a.name, a.project_access, a.inherited_access))
            .collect(),
    );
    assert_eq!(
        accounts,
        [
            "sa-account-admin sa-account-admin name PROJECT_ROLE_ADMIN true",
            "sa-granted sa-granted name PROJECT_ROLE_LIST false",
            "sa-scoped sa-scoped name PROJECT_ROLE_CONTRIBUTE false",
        ]
    );
    let groups = GetUserGroupProjectAssignmentsRequest {
        project_id: P1.into(),
        ..Default::default()
    };
    let groups = c
        .get_user_group_project_assignments(admin(groups))
        .await
        .unwrap()
        .into_inner()
        .groups;
    let groups = rows(
        groups
            .into_iter()
            .map(|g| (g.id, g.display_name, g.project_access, g.inherited_access))
            .collect(),
    );
    assert_eq!(
        groups,
        [
            "g-account-admins g-account-admins group PROJECT_ROLE_ADMIN true",
            "g-admins g-admins group PROJECT_ROLE_ADMIN false",
            "g-members g-members group PROJECT_ROLE_MEMBER false",
        ]
    );
    let versions = emu
        .emulator
        .with_state(|s| s.users["u-direct"].resource_version.clone());
    let again = GetUserProjectAssignmentsRequest {
        project_id: P1.into(),
        ..Default::default()
    };
    let listed = emu
        .client
        .get_user_project_assignments(admin(again))
        .await
        .unwrap()
        .into_inner()
        .users;
    let direct = listed.iter().find(|u| u.id == "u-direct").unwrap();
    assert_eq!(direct.resource_version, versions, "the principal's resource version");
}

#[tokio::test]
async fn project_assignments_page_and_check_the_caller() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        setup(s);
        demo::add_api_key(s, "u-other", OwnerType::User, "other-key-id", "other-key", START);
        demo::add_api_key(s, "u-direct", OwnerType::User, "direct-key-id", "direct-key", START);
        demo::add_api_key(s, "u-reader", OwnerType::User, "reader-key-id", "reader-key", START);
    });
    let request = |page_size: i32, page_token: String| GetUserProjectAssignmentsRequest {
        project_id: P1.into(),
        page_size,
        page_token,
    };
    let c = &mut emu.client;
    let all = c
        .get_user_project_assignments(admin(request(0, String::new())))
        .await
        .unwrap()
        .into_inner();
    assert!(all.next_page_token.is_empty());
    let mut paged = Vec::new();
    let mut token = String::new();
    loop {
        let page = c
            .get_user_project_assignments(admin(request(4, token)))
            .await
            .unwrap()
            .into_inner();
        assert!(page.users.len() <= 4);
        paged.extend(page.users);
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(paged, all.users, "pages cover every assignment once, in id order");
    assert_eq!(
        code(
            c.get_user_project_assignments(admin(request(1001, String::new())))
                .await
        ),
        Code::InvalidArgument
    );
    assert_eq!(
        code(c.get_user_project_assignments(admin(request(2, "bogus".into()))).await),
        Code::InvalidArgument
    );

    let for_project = |project: &str| GetServiceAccountProjectAssignmentsRequest {
        project_id: project.into(),
        ..Default::default()
    };
    assert_eq!(
        code(
            c.get_service_account_project_assignments(admin(for_project("nope")))
                .await
        ),
        Code::NotFound
    );
    refused(
        c.get_service_account_project_assignments(admin(for_project(""))).await,
        Code::InvalidArgument,
        "project_id",
    );
    // u-other only has a role on P2 (its account read role sees every project); a principal with
    // no account role and no project role sees none.
    c.get_user_group_project_assignments(req(
        "direct-key",
        GetUserGroupProjectAssignmentsRequest {
            project_id: P1.into(),
            ..Default::default()
        },
    ))
    .await
    .expect("a member of P1");
    c.get_user_group_project_assignments(req(
        "reader-key",
        GetUserGroupProjectAssignmentsRequest {
            project_id: P1.into(),
            ..Default::default()
        },
    ))
    .await
    .expect("an account reader");
    emu.emulator.with_state(|s| {
        let access = s
            .users
            .get_mut("u-other")
            .unwrap()
            .spec
            .as_mut()
            .unwrap()
            .access
            .as_mut()
            .unwrap();
        access.account_access = None;
    });
    let denied = emu
        .client
        .get_user_group_project_assignments(req(
            "other-key",
            GetUserGroupProjectAssignmentsRequest {
                project_id: P1.into(),
                ..Default::default()
            },
        ))
        .await;
    assert_eq!(code(denied), Code::PermissionDenied);
}

#[tokio::test]
async fn project_roles_show_as_inherited_namespace_access() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(setup);
    let namespace = create_namespace(&mut emu, ADMIN_KEY, "in-p1", P1).await.unwrap();
    emu.finish_operations();
    let request = GetUserNamespaceAssignmentsRequest {
        namespace: namespace.clone(),
        ..Default::default()
    };
    let users = emu
        .client
        .get_user_namespace_assignments(admin(request))
        .await
        .unwrap()
        .into_inner()
        .users;
    let users: Vec<String> = users
        .into_iter()
        .map(|u| {
            let permission = Permission::try_from(u.namespace_access.unwrap().permission).unwrap();
            format!("{} {} {}", u.id, permission.as_str_name(), u.inherited_access)
        })
        .collect();
    assert_eq!(
        users,
        [
            "admin PERMISSION_ADMIN true",
            "u-direct PERMISSION_WRITE true",
            "u-group PERMISSION_ADMIN true",
            "u-stronger-group PERMISSION_ADMIN true",
            "u-weaker-group PERMISSION_ADMIN true",
        ],
        "account developers get nothing on existing namespaces"
    );
    let request = GetServiceAccountNamespaceAssignmentsRequest {
        namespace,
        ..Default::default()
    };
    let accounts = emu
        .client
        .get_service_account_namespace_assignments(admin(request))
        .await
        .unwrap()
        .into_inner();
    let accounts: Vec<String> = accounts
        .service_accounts
        .into_iter()
        .map(|a| {
            let permission = Permission::try_from(a.namespace_access.unwrap().permission).unwrap();
            format!("{} {} {}", a.id, permission.as_str_name(), a.inherited_access)
        })
        .collect();
    assert_eq!(
        accounts,
        [
            "sa-account-admin PERMISSION_ADMIN true",
            "sa-granted PERMISSION_READ true",
            "sa-scoped PERMISSION_WRITE true",
        ]
    );
}
