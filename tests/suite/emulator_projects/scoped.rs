//! Project-scoped service accounts: exactly one of account access, project-scoped access and
//! namespace-scoped access; the project and its namespaces checked; the scope immutable; listed by
//! GetProjectScopedServiceAccounts; managed by the project's admins; and what such an account may
//! do with its own API key.

use super::*;

use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use cloud_ops_gateway::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, NamespaceAccess, NamespaceScopedAccess, ProjectScopedAccess, ServiceAccountSpec,
};

fn grant(permission: Permission) -> NamespaceAccess {
    NamespaceAccess {
        permission: permission as i32,
        ..Default::default()
    }
}

fn scoped(name: &str, project: &str, role: ProjectRole, namespaces: &[(&str, Permission)]) -> ServiceAccountSpec {
    ServiceAccountSpec {
        name: name.into(),
        project_scoped_access: Some(ProjectScopedAccess {
            project_id: project.into(),
            access: Some(ProjectAccess { role: role as i32 }),
            namespace_accesses: namespaces.iter().map(|(n, p)| (n.to_string(), grant(*p))).collect(),
        }),
        ..Default::default()
    }
}

fn account_scoped(name: &str) -> ServiceAccountSpec {
    ServiceAccountSpec {
        name: name.into(),
        access: Some(Access {
            account_access: Some(AccountAccess {
                role: Role::Read as i32,
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

async fn create_sa(emu: &mut TestEmulator, key: &str, spec: ServiceAccountSpec) -> Result<String, Status> {
    let request = CreateServiceAccountRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let created = emu.client.create_service_account(req(key, request)).await?;
    Ok(created.into_inner().service_account_id)
}

/// Namespaces `n1` in P1 and `n2` in P2; their ids.
async fn namespaces(emu: &mut TestEmulator) -> (String, String) {
    emu.emulator.with_state(two_projects);
    let n1 = create_namespace(emu, ADMIN_KEY, "n1", P1).await.unwrap();
    let n2 = create_namespace(emu, ADMIN_KEY, "n2", P2).await.unwrap();
    emu.finish_operations();
    (n1, n2)
}

#[tokio::test]
async fn exactly_one_scope_and_a_valid_project_scope() {
    let mut emu = TestEmulator::start().await;
    let (n1, n2) = namespaces(&mut emu).await;
    let with = |spec: ServiceAccountSpec, edit: &dyn Fn(&mut ServiceAccountSpec)| {
        let mut spec = spec;
        edit(&mut spec);
        spec
    };
    let valid = scoped("x", P1, ProjectRole::Write, &[(&n1, Permission::Admin)]);
    let namespace_scope = Some(NamespaceScopedAccess {
        namespace: n1.clone(),
        access: Some(grant(Permission::Read)),
    });
    let cases = [
        (
            with(valid.clone(), &|s| s.access = account_scoped("x").access),
            "spec.project_scoped_access",
        ),
        (
            with(valid.clone(), &|s| s.namespace_scoped_access = namespace_scope.clone()),
            "spec.namespace_scoped_access",
        ),
        (
            with(valid.clone(), &|s| {
                s.access = account_scoped("x").access;
                s.namespace_scoped_access = namespace_scope.clone();
            }),
            "spec.namespace_scoped_access",
        ),
        (with(valid.clone(), &|s| s.project_scoped_access = None), "spec.access"),
        (
            scoped("x", "", ProjectRole::Write, &[]),
            "spec.project_scoped_access.project_id",
        ),
        (
            scoped("x", "nope", ProjectRole::Write, &[]),
            "spec.project_scoped_access.project_id",
        ),
        (
            scoped("x", P1, ProjectRole::Unspecified, &[]),
            "spec.project_scoped_access.access.role",
        ),
        (
            scoped("x", P1, ProjectRole::Developer, &[]),
            "spec.project_scoped_access.access.role",
        ),
        (
            scoped("x", P1, ProjectRole::Read, &[(&n2, Permission::Read)]),
            "spec.project_scoped_access.namespace_accesses",
        ),
        (
            scoped("x", P1, ProjectRole::Read, &[("none.a1b2c", Permission::Read)]),
            "spec.project_scoped_access.namespace_accesses",
        ),
        (
            scoped("x", P1, ProjectRole::Read, &[(&n1, Permission::Unspecified)]),
            "spec.project_scoped_access.namespace_accesses",
        ),
    ];
    for (spec, field) in cases {
        refused(create_sa(&mut emu, ADMIN_KEY, spec).await, Code::InvalidArgument, field);
    }
    assert!(emu.emulator.with_state(|s| s.service_accounts.is_empty()));

    let id = create_sa(&mut emu, ADMIN_KEY, valid.clone()).await.unwrap();
    let account = create_sa(&mut emu, ADMIN_KEY, account_scoped("plain")).await.unwrap();
    emu.finish_operations();
    let version = |emu: &TestEmulator, id: &str| {
        emu.emulator
            .with_state(|s| s.service_accounts[id].resource_version.clone())
    };
    let changes = [
        (
            &id,
            scoped("x", P2, ProjectRole::Write, &[]),
            "spec.project_scoped_access.project_id",
        ),
        (&id, account_scoped("x"), "spec.project_scoped_access"),
        (
            &account,
            scoped("plain", P1, ProjectRole::Read, &[]),
            "spec.project_scoped_access",
        ),
    ];
    for (target, spec, field) in changes {
        let request = UpdateServiceAccountRequest {
            service_account_id: target.clone(),
            spec: Some(spec),
            resource_version: version(&emu, target),
            ..Default::default()
        };
        refused(
            emu.client.update_service_account(admin(request)).await,
            Code::InvalidArgument,
            field,
        );
    }
    // Role and namespace grants are mutable.
    let request = UpdateServiceAccountRequest {
        service_account_id: id.clone(),
        spec: Some(scoped("x", P1, ProjectRole::Admin, &[])),
        resource_version: version(&emu, &id),
        ..Default::default()
    };
    emu.client.update_service_account(admin(request)).await.unwrap();
    emu.finish_operations();
    let stored = emu
        .emulator
        .with_state(|s| s.service_accounts[&id].spec.clone().unwrap());
    assert_eq!(
        stored.project_scoped_access.unwrap().access.unwrap().role,
        ProjectRole::Admin as i32
    );
}

#[tokio::test]
async fn project_scoped_accounts_are_listed_by_project_and_managed_by_its_admins() {
    let mut emu = TestEmulator::start().await;
    let (n1, n2) = namespaces(&mut emu).await;
    let padmin = emu.emulator.with_state(|s| {
        let key = user_with_key(s, "padmin", Role::Unspecified);
        grant_project(s, "padmin", P1, ProjectRole::Admin);
        key
    });
    let a = create_sa(&mut emu, &padmin, scoped("a", P1, ProjectRole::Read, &[]))
        .await
        .expect("by P1's admin");
    let b = create_sa(
        &mut emu,
        ADMIN_KEY,
        scoped("b", P1, ProjectRole::Write, &[(&n1, Permission::Write)]),
    )
    .await
    .unwrap();
    create_sa(&mut emu, ADMIN_KEY, scoped("c", P2, ProjectRole::Read, &[]))
        .await
        .unwrap();
    create_sa(&mut emu, ADMIN_KEY, account_scoped("d")).await.unwrap();
    let denied = create_sa(&mut emu, &padmin, scoped("e", P2, ProjectRole::Read, &[])).await;
    assert_eq!(code(denied), Code::PermissionDenied, "not P2's admin");
    let denied = create_sa(&mut emu, &padmin, account_scoped("f")).await;
    assert_eq!(
        code(denied),
        Code::PermissionDenied,
        "account-scoped needs an account admin"
    );
    emu.finish_operations();

    let list = |project: &str, page_size: i32, page_token: String| GetProjectScopedServiceAccountsRequest {
        project_id: project.into(),
        page_size,
        page_token,
    };
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    let c = &mut emu.client;
    let all = c
        .get_project_scoped_service_accounts(admin(list(P1, 0, String::new())))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        all.service_accounts.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        expected
    );
    let first = c
        .get_project_scoped_service_accounts(admin(list(P1, 1, String::new())))
        .await
        .unwrap()
        .into_inner();
    let second = c
        .get_project_scoped_service_accounts(admin(list(P1, 1, first.next_page_token.clone())))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        [
            first.service_accounts[0].id.clone(),
            second.service_accounts[0].id.clone()
        ],
        expected.as_slice()
    );
    assert!(second.next_page_token.is_empty());
    let none = c
        .get_project_scoped_service_accounts(admin(list(DEFAULT_PROJECT_ID, 0, String::new())))
        .await
        .unwrap();
    assert!(none.into_inner().service_accounts.is_empty());
    assert_eq!(
        code(
            c.get_project_scoped_service_accounts(admin(list("nope", 0, String::new())))
                .await
        ),
        Code::NotFound
    );
    refused(
        c.get_project_scoped_service_accounts(admin(list("", 0, String::new())))
            .await,
        Code::InvalidArgument,
        "project_id",
    );
    assert_eq!(
        code(
            c.get_project_scoped_service_accounts(req(&padmin, list(P2, 0, String::new())))
                .await
        ),
        Code::PermissionDenied
    );
    let big = c
        .get_project_scoped_service_accounts(admin(list(P1, 1001, String::new())))
        .await;
    assert_eq!(code(big), Code::InvalidArgument);

    // Namespace grants of a project-scoped account stay inside its project.
    let version = emu
        .emulator
        .with_state(|s| s.service_accounts[&b].resource_version.clone());
    let set = |namespace: &str| SetServiceAccountNamespaceAccessRequest {
        service_account_id: b.clone(),
        namespace: namespace.into(),
        access: Some(grant(Permission::Read)),
        resource_version: version.clone(),
        ..Default::default()
    };
    refused(
        emu.client.set_service_account_namespace_access(admin(set(&n2))).await,
        Code::InvalidArgument,
        "namespace",
    );
    emu.client
        .set_service_account_namespace_access(admin(set(&n1)))
        .await
        .unwrap();
    emu.finish_operations();
    let scope = emu
        .emulator
        .with_state(|s| s.service_accounts[&b].spec.clone().unwrap());
    assert!(scope.access.is_none(), "still project-scoped only");
    assert_eq!(
        scope.project_scoped_access.unwrap().namespace_accesses[&n1].permission,
        Permission::Read as i32
    );
}

#[tokio::test]
async fn a_project_scoped_account_acts_within_its_project() {
    let mut emu = TestEmulator::start().await;
    let (n1, n2) = namespaces(&mut emu).await;
    let id = create_sa(
        &mut emu,
        ADMIN_KEY,
        scoped("worker", P1, ProjectRole::Read, &[(&n1, Permission::Admin)]),
    )
    .await
    .unwrap();
    emu.finish_operations();
    emu.emulator
        .with_state(|s| demo::add_api_key(s, &id, OwnerType::ServiceAccount, "worker-key-id", "worker-key", START));
    let c = &mut emu.client;
    let get = |namespace: &str| GetNamespaceRequest {
        namespace: namespace.into(),
    };
    let ns = c
        .get_namespace(req("worker-key", get(&n1)))
        .await
        .unwrap()
        .into_inner()
        .namespace
        .unwrap();
    assert_eq!(
        code(c.get_namespace(req("worker-key", get(&n2))).await),
        Code::PermissionDenied
    );
    let update = UpdateNamespaceRequest {
        namespace: n1.clone(),
        spec: Some(NamespaceSpec {
            retention_days: 30,
            ..ns.spec.unwrap()
        }),
        resource_version: ns.resource_version,
        ..Default::default()
    };
    c.update_namespace(req("worker-key", update))
        .await
        .expect("admin of n1 by its namespace grant");
    let own = GetProjectRequest { project_id: P1.into() };
    c.get_project(req("worker-key", own)).await.unwrap();
    let other = GetProjectRequest { project_id: P2.into() };
    assert_eq!(
        code(c.get_project(req("worker-key", other)).await),
        Code::PermissionDenied
    );
    let create = CreateProjectRequest {
        spec: Some(project_spec("Mine")),
        ..Default::default()
    };
    assert_eq!(
        code(c.create_project(req("worker-key", create)).await),
        Code::PermissionDenied
    );
    assert_eq!(
        code(create_namespace(&mut emu, "worker-key", "made", P1).await),
        Code::PermissionDenied,
        "a reader of P1"
    );
}
