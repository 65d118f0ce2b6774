//! What project roles allow: project admins create and administer their project's namespaces,
//! update the project and manage its membership, but not other projects and not its deletion;
//! project readers read but do not write; a group's project role works for its members; account
//! developers create in any project; rights that come from a project go with the grant.

use super::access::{group, role, set_user};
use super::*;

#[tokio::test]
async fn project_admins_manage_their_project_and_readers_only_read() {
    let mut emu = TestEmulator::start().await;
    let (admin_key, reader_key, member_key, dev_key) = emu.emulator.with_state(|s| {
        two_projects(s);
        let admin_key = user_with_key(s, "padmin", Role::Unspecified);
        grant_project(s, "padmin", P1, ProjectRole::Admin);
        let reader_key = user_with_key(s, "preader", Role::Unspecified);
        grant_project(s, "preader", P1, ProjectRole::Read);
        let member_key = user_with_key(s, "gmember", Role::Unspecified);
        group(s, "g-admins", &["gmember"]);
        let access = s
            .groups
            .get_mut("g-admins")
            .unwrap()
            .spec
            .as_mut()
            .unwrap()
            .access
            .as_mut()
            .unwrap();
        access.project_accesses.insert(
            P2.into(),
            ProjectAccess {
                role: ProjectRole::Admin as i32,
            },
        );
        user_with_key(s, "other", Role::Unspecified);
        (
            admin_key,
            reader_key,
            member_key,
            user_with_key(s, "dev", Role::Developer),
        )
    });
    let in_p1 = create_namespace(&mut emu, &admin_key, "admin-made", P1).await.unwrap();
    for project in [P2, "", DEFAULT_PROJECT_ID] {
        let denied = create_namespace(&mut emu, &admin_key, "elsewhere", project).await;
        assert_eq!(code(denied), Code::PermissionDenied, "project {project:?}");
    }
    create_namespace(&mut emu, &member_key, "group-made", P2)
        .await
        .expect("a project admin through a group");
    create_namespace(&mut emu, &dev_key, "dev-made", P1)
        .await
        .expect("account developers create in any project");
    let in_default = create_namespace(&mut emu, ADMIN_KEY, "owner-made", "").await.unwrap();
    emu.finish_operations();

    // The project admin administers the project's namespaces, not others.
    let ns = |emu: &mut TestEmulator, key: &str, name: &str| {
        let request = GetNamespaceRequest { namespace: name.into() };
        let mut client = emu.client.clone();
        let key = key.to_string();
        async move {
            Ok::<_, Status>(
                client
                    .get_namespace(req(&key, request))
                    .await?
                    .into_inner()
                    .namespace
                    .unwrap(),
            )
        }
    };
    let current = ns(&mut emu, ADMIN_KEY, &in_p1).await.unwrap();
    let update = |version: &str, retention_days: i32| UpdateNamespaceRequest {
        namespace: in_p1.clone(),
        spec: Some(NamespaceSpec {
            retention_days,
            ..current.spec.clone().unwrap()
        }),
        resource_version: version.into(),
        ..Default::default()
    };
    assert_eq!(
        code(
            emu.client
                .update_namespace(req(&reader_key, update(&current.resource_version, 9)))
                .await
        ),
        Code::PermissionDenied
    );
    emu.client
        .update_namespace(req(&admin_key, update(&current.resource_version, 9)))
        .await
        .unwrap();
    assert_eq!(
        code(ns(&mut emu, &admin_key, &in_default).await),
        Code::PermissionDenied
    );
    assert_eq!(
        ns(&mut emu, &reader_key, &in_p1).await.unwrap().namespace,
        in_p1,
        "readers read"
    );
    assert_eq!(
        code(create_namespace(&mut emu, &reader_key, "reader-made", P1).await),
        Code::PermissionDenied
    );
    let listed = emu
        .client
        .get_namespaces(req(&reader_key, GetNamespacesRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let mut names: Vec<String> = listed.namespaces.into_iter().map(|n| n.namespace).collect();
    names.sort();
    assert_eq!(
        names,
        ["admin-made.a1b2c", "dev-made.a1b2c"],
        "a project reader sees its project's namespaces"
    );

    // Projects: readers see theirs; admins update theirs and manage its membership, not deletes.
    assert_eq!(project_as(&mut emu, &reader_key, P1).await.unwrap().id, P1);
    assert_eq!(
        code(project_as(&mut emu, &reader_key, P2).await),
        Code::PermissionDenied
    );
    assert_eq!(
        code(project_as(&mut emu, "other-key", P1).await),
        Code::PermissionDenied
    );
    let visible = emu
        .client
        .get_projects(req(&reader_key, GetProjectsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(visible.projects.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), [P1]);
    let p1_version = get_project(&mut emu, P1).await.unwrap().resource_version;
    let rename = |version: &str| UpdateProjectRequest {
        project_id: P1.into(),
        spec: Some(project_spec("Renamed by its admin")),
        resource_version: version.into(),
        ..Default::default()
    };
    assert_eq!(
        code(emu.client.update_project(req(&reader_key, rename(&p1_version))).await),
        Code::PermissionDenied
    );
    emu.client
        .update_project(req(&admin_key, rename(&p1_version)))
        .await
        .unwrap();
    let delete = DeleteProjectRequest {
        project_id: P1.into(),
        resource_version: get_project(&mut emu, P1).await.unwrap().resource_version,
        ..Default::default()
    };
    assert_eq!(
        code(emu.client.delete_project(req(&admin_key, delete)).await),
        Code::PermissionDenied
    );
    let version = user(&mut emu, "other").await.resource_version;
    set_user(&mut emu, &admin_key, P1, "other", role(ProjectRole::Read), &version)
        .await
        .expect("membership of P1");
    let denied = set_user(&mut emu, &admin_key, P2, "other", role(ProjectRole::Read), &version).await;
    assert_eq!(code(denied), Code::PermissionDenied);
    let denied = set_user(&mut emu, &reader_key, P1, "other", role(ProjectRole::Read), &version).await;
    assert_eq!(code(denied), Code::PermissionDenied);

    // Their namespace admin right comes from the project: it goes when the grant goes.
    emu.finish_operations();
    let version = user(&mut emu, "padmin").await.resource_version;
    set_user(&mut emu, ADMIN_KEY, P1, "padmin", None, &version)
        .await
        .unwrap();
    emu.finish_operations();
    assert_eq!(code(ns(&mut emu, &admin_key, &in_p1).await), Code::PermissionDenied);
}
