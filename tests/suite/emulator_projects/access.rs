//! Project access: the three Set*ProjectAccess RPCs (an operation on the principal at the
//! principal's resource version; an empty access removes the principal from the project;
//! PROJECT_ROLE_DEVELOPER cannot be assigned) and project roles in specs. What the roles allow is
//! in `roles.rs`.

use super::*;

use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_member_id::MemberType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::user_group_spec::GroupType;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, CloudGroupSpec, NamespaceAccess, NamespaceScopedAccess, ProjectScopedAccess, ServiceAccount,
    ServiceAccountSpec, UserGroup, UserGroupMember, UserGroupMemberId, UserGroupSpec, UserSpec,
};

pub(super) fn role(role: ProjectRole) -> Option<ProjectAccess> {
    Some(ProjectAccess { role: role as i32 })
}

pub(super) async fn set_user(
    emu: &mut TestEmulator,
    key: &str,
    project: &str,
    user_id: &str,
    access: Option<ProjectAccess>,
    version: &str,
) -> Result<SetUserProjectAccessResponse, Status> {
    let request = SetUserProjectAccessRequest {
        project_id: project.into(),
        user_id: user_id.into(),
        access,
        resource_version: version.into(),
        ..Default::default()
    };
    Ok(emu
        .client
        .set_user_project_access(req(key, request))
        .await?
        .into_inner())
}

pub(super) fn group(s: &mut State, id: &str, members: &[&str]) {
    let group = UserGroup {
        id: id.into(),
        resource_version: s.next_version(),
        spec: Some(UserGroupSpec {
            display_name: format!("{id} group"),
            access: Some(Access::default()),
            group_type: Some(GroupType::CloudGroup(CloudGroupSpec {})),
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

fn service_account(s: &mut State, id: &str, spec: ServiceAccountSpec) {
    let account = ServiceAccount {
        id: id.into(),
        resource_version: s.next_version(),
        spec: Some(spec),
        state: ResourceState::Active as i32,
        ..Default::default()
    };
    s.service_accounts.insert(id.into(), account);
}

#[tokio::test]
async fn set_user_project_access_is_an_operation_on_the_user() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        two_projects(s);
        user_with_key(s, "u1", Role::Read);
    });
    let version = user(&mut emu, "u1").await.resource_version;
    let stale = set_user(&mut emu, ADMIN_KEY, P1, "u1", role(ProjectRole::Write), "0").await;
    assert_eq!(code(stale), Code::Aborted, "the user's version, not the project's");
    let missing = set_user(&mut emu, ADMIN_KEY, P1, "u1", role(ProjectRole::Write), "").await;
    refused(missing, Code::InvalidArgument, "resource_version");
    let developer = set_user(&mut emu, ADMIN_KEY, P1, "u1", role(ProjectRole::Developer), &version).await;
    let developer = refused(developer, Code::InvalidArgument, "access.role");
    assert!(
        developer.message().contains("cannot be assigned directly"),
        "{developer:?}"
    );
    let unknown = set_user(
        &mut emu,
        ADMIN_KEY,
        P1,
        "u1",
        Some(ProjectAccess { role: 42 }),
        &version,
    )
    .await;
    refused(unknown, Code::InvalidArgument, "access.role");
    let no_project = set_user(&mut emu, ADMIN_KEY, "nope", "u1", role(ProjectRole::Write), &version).await;
    refused(no_project, Code::NotFound, "project_id");
    let no_id = set_user(&mut emu, ADMIN_KEY, "", "u1", role(ProjectRole::Write), &version).await;
    refused(no_id, Code::InvalidArgument, "project_id");
    let no_user = set_user(&mut emu, ADMIN_KEY, P1, "nobody", role(ProjectRole::Write), &version).await;
    assert_eq!(code(no_user), Code::NotFound);
    assert_eq!(
        user(&mut emu, "u1").await.resource_version,
        version,
        "refusals change nothing"
    );

    let request = SetUserProjectAccessRequest {
        project_id: P1.into(),
        user_id: "u1".into(),
        access: role(ProjectRole::Write),
        resource_version: version.clone(),
        async_operation_id: "grant-u1".into(),
    };
    let op = emu
        .client
        .set_user_project_access(admin(request.clone()))
        .await
        .unwrap()
        .into_inner();
    let op = op.async_operation.unwrap();
    assert_eq!(
        (op.operation_type.as_str(), op.id.as_str()),
        ("SetUserProjectAccess", "grant-u1")
    );
    let updating = user(&mut emu, "u1").await;
    assert_eq!(updating.state, ResourceState::Updating as i32);
    let access = updating.spec.unwrap().access.unwrap();
    assert_eq!(access.project_accesses[P1].role, ProjectRole::Write as i32);
    let retried = emu
        .client
        .set_user_project_access(admin(request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        retried.async_operation.unwrap().id,
        "grant-u1",
        "the same operation, not a stale version"
    );
    emu.finish_operations();

    let version = user(&mut emu, "u1").await.resource_version;
    set_user(&mut emu, ADMIN_KEY, P2, "u1", role(ProjectRole::Read), &version)
        .await
        .unwrap();
    emu.finish_operations();
    let version = user(&mut emu, "u1").await.resource_version;
    set_user(&mut emu, ADMIN_KEY, P1, "u1", None, &version).await.unwrap();
    emu.finish_operations();
    let access = user(&mut emu, "u1").await.spec.unwrap().access.unwrap();
    assert_eq!(
        access.project_accesses.keys().collect::<Vec<_>>(),
        [P2],
        "an empty access removes"
    );
    let version = user(&mut emu, "u1").await.resource_version;
    let unspecified = Some(ProjectAccess::default());
    set_user(&mut emu, ADMIN_KEY, P2, "u1", unspecified, &version)
        .await
        .unwrap();
    emu.finish_operations();
    let access = user(&mut emu, "u1").await.spec.unwrap().access.unwrap();
    assert!(
        access.project_accesses.is_empty(),
        "PROJECT_ROLE_UNSPECIFIED removes too"
    );
}

#[tokio::test]
async fn groups_and_service_accounts_get_project_access_by_their_own_versions() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(|s| {
        two_projects(s);
        group(s, "g1", &[]);
        let account_access = Access {
            account_access: Some(AccountAccess::default()),
            ..Default::default()
        };
        service_account(
            s,
            "sa-account",
            ServiceAccountSpec {
                name: "account".into(),
                access: Some(account_access),
                ..Default::default()
            },
        );
        service_account(
            s,
            "sa-p1",
            ServiceAccountSpec {
                name: "p1".into(),
                project_scoped_access: Some(ProjectScopedAccess {
                    project_id: P1.into(),
                    access: role(ProjectRole::Read),
                    ..Default::default()
                }),
                ..Default::default()
            },
        );
    });
    let mut c = emu.client.clone();
    let group_version = |s: &State| s.groups["g1"].resource_version.clone();
    let version = emu.emulator.with_state(|s| group_version(s));
    let set_group = |access: Option<ProjectAccess>, version: &str| SetUserGroupProjectAccessRequest {
        project_id: P1.into(),
        group_id: "g1".into(),
        access,
        resource_version: version.into(),
        ..Default::default()
    };
    assert_eq!(
        code(
            c.set_user_group_project_access(admin(set_group(role(ProjectRole::Admin), "0")))
                .await
        ),
        Code::Aborted
    );
    let developer = c
        .set_user_group_project_access(admin(set_group(role(ProjectRole::Developer), &version)))
        .await;
    refused(developer, Code::InvalidArgument, "access.role");
    c.set_user_group_project_access(admin(set_group(role(ProjectRole::Admin), &version)))
        .await
        .unwrap();
    emu.finish_operations();
    let request = GetUserGroupRequest { group_id: "g1".into() };
    let g = c
        .get_user_group(admin(request))
        .await
        .unwrap()
        .into_inner()
        .group
        .unwrap();
    let (state, access) = (g.state, g.spec.unwrap().access.unwrap());
    assert_eq!(state, ResourceState::Active as i32);
    assert_eq!(access.project_accesses[P1].role, ProjectRole::Admin as i32);
    let version = emu.emulator.with_state(|s| group_version(s));
    c.set_user_group_project_access(admin(set_group(None, &version)))
        .await
        .unwrap();
    emu.finish_operations();
    assert!(emu.emulator.with_state(|s| {
        s.groups["g1"]
            .spec
            .clone()
            .unwrap()
            .access
            .unwrap()
            .project_accesses
            .is_empty()
    }));

    let sa_version = |emu: &TestEmulator, id: &str| {
        emu.emulator
            .with_state(|s| s.service_accounts[id].resource_version.clone())
    };
    let set_sa = |id: &str, project: &str, access: Option<ProjectAccess>, version: String| {
        SetServiceAccountProjectAccessRequest {
            project_id: project.into(),
            service_account_id: id.into(),
            access,
            resource_version: version,
            ..Default::default()
        }
    };
    let v = sa_version(&emu, "sa-account");
    let mut c = emu.client.clone();
    c.set_service_account_project_access(admin(set_sa("sa-account", P2, role(ProjectRole::Contribute), v)))
        .await
        .unwrap();
    // A project-scoped account changes its role on its project, keeps it, and gets no other.
    let v = sa_version(&emu, "sa-p1");
    let other = c
        .set_service_account_project_access(admin(set_sa("sa-p1", P2, role(ProjectRole::Read), v.clone())))
        .await;
    refused(other, Code::InvalidArgument, "project_id");
    let lose = c
        .set_service_account_project_access(admin(set_sa("sa-p1", P1, None, v.clone())))
        .await;
    refused(lose, Code::InvalidArgument, "access.role");
    c.set_service_account_project_access(admin(set_sa("sa-p1", P1, role(ProjectRole::Write), v)))
        .await
        .unwrap();
    emu.finish_operations();
    emu.emulator.with_state(|s| {
        let account = s.service_accounts["sa-account"].spec.clone().unwrap();
        assert_eq!(
            account.access.unwrap().project_accesses[P2].role,
            ProjectRole::Contribute as i32
        );
        let scoped = s.service_accounts["sa-p1"]
            .spec
            .clone()
            .unwrap()
            .project_scoped_access
            .unwrap();
        assert_eq!(scoped.access.unwrap().role, ProjectRole::Write as i32);
    });

    // A namespace-scoped account has no project access.
    let namespace = create_namespace(&mut emu, ADMIN_KEY, "scoped", P1).await.unwrap();
    emu.finish_operations();
    emu.emulator.with_state(|s| {
        service_account(
            s,
            "sa-ns",
            ServiceAccountSpec {
                name: "ns".into(),
                namespace_scoped_access: Some(NamespaceScopedAccess {
                    namespace: namespace.clone(),
                    access: Some(NamespaceAccess {
                        permission: Permission::Read as i32,
                        ..Default::default()
                    }),
                }),
                ..Default::default()
            },
        );
    });
    let v = sa_version(&emu, "sa-ns");
    let refusal = emu
        .client
        .set_service_account_project_access(admin(set_sa("sa-ns", P1, role(ProjectRole::Read), v)))
        .await;
    refused(refusal, Code::InvalidArgument, "service_account_id");
}

#[tokio::test]
async fn project_roles_in_specs_are_checked() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(two_projects);
    let spec = |project: &str, role: ProjectRole| UserSpec {
        email: "new@example.com".into(),
        access: Some(Access {
            account_access: Some(AccountAccess::default()),
            project_accesses: [(project.to_string(), ProjectAccess { role: role as i32 })].into(),
            ..Default::default()
        }),
    };
    let create = |spec: UserSpec| CreateUserRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let c = &mut emu.client;
    refused(
        c.create_user(admin(create(spec(P1, ProjectRole::Developer)))).await,
        Code::InvalidArgument,
        "spec.access.project_accesses[\"proj-one\"].role",
    );
    refused(
        c.create_user(admin(create(spec(P1, ProjectRole::Unspecified)))).await,
        Code::InvalidArgument,
        "spec.access.project_accesses[\"proj-one\"].role",
    );
    refused(
        c.create_user(admin(create(spec("nope", ProjectRole::Read)))).await,
        Code::InvalidArgument,
        "spec.access.project_accesses",
    );
    let id = c
        .create_user(admin(create(spec(P1, ProjectRole::Member))))
        .await
        .unwrap()
        .into_inner()
        .user_id;
    let access = user(&mut emu, &id).await.spec.unwrap().access.unwrap();
    assert_eq!(access.project_accesses[P1].role, ProjectRole::Member as i32);
}
