//! Initial data: the bootstrap account owner and API key every emulator starts with, and the demo
//! data `dev` preloads (unless `--empty`); the demo's second project and what is in it are in
//! `project.rs`.

mod project;

pub use project::{DEMO_PROJECT_ID, add_project};

use crate::pb::temporal::api::cloud::account::v1::Account;
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::custom_role_spec::{Permission as Permission_, Resources};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::user_group_member_id::MemberType;
use crate::pb::temporal::api::cloud::identity::v1::user_group_spec::GroupType;
use crate::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, ApiKey, ApiKeySpec, CloudGroupSpec, CustomRole, CustomRoleSpec, NamespaceAccess, OwnerType,
    ServiceAccount, ServiceAccountSpec, User, UserGroup, UserGroupMember, UserGroupMemberId, UserGroupSpec, UserSpec,
};
use crate::pb::temporal::api::cloud::namespace::v1::capacity::{self, CurrentMode};
use crate::pb::temporal::api::cloud::namespace::v1::replica::ReplicaState;
use crate::pb::temporal::api::cloud::namespace::v1::{
    ApiKeyAuthSpec, Capacity, Limits, Namespace, NamespaceSpec, Replica, ReplicaSpec,
};
use crate::pb::temporal::api::cloud::nexus::v1::endpoint_policy_spec::Variant as PolicyVariant;
use crate::pb::temporal::api::cloud::nexus::v1::endpoint_target_spec::Variant as TargetVariant;
use crate::pb::temporal::api::cloud::nexus::v1::{
    AllowedCloudNamespacePolicySpec, Endpoint, EndpointPolicySpec, EndpointSpec, EndpointTargetSpec, WorkerTargetSpec,
};
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::ids::new_id;
use super::projects::DEFAULT_PROJECT_ID;
use super::state::State;

/// The emulated account's id (namespaces are `<name>.<ACCOUNT_ID>`).
pub const ACCOUNT_ID: &str = "a1b2c";
/// Email of the bootstrap account owner.
pub const ADMIN_EMAIL: &str = "admin@example.com";

/// A state with the account, an account owner, an active API key whose token is `token`, and the
/// default project.
pub fn bootstrap(token: &str, now: Timestamp) -> State {
    let mut state = State::default();
    let version = state.next_version();
    state.account = Account {
        id: ACCOUNT_ID.into(),
        resource_version: version,
        state: ResourceState::Active as i32,
        ..Default::default()
    };
    let admin = add_user(&mut state, "admin", ADMIN_EMAIL, Role::Owner, now);
    add_api_key(&mut state, &admin, OwnerType::User, "bootstrap", token, now);
    super::projects::ensure_default(&mut state, now);
    state
}

/// Makes `token` authenticate as the account owner of a loaded state (re-creating the owner if it
/// was deleted), so the key printed at start-up always works.
pub fn ensure_owner_key(state: &mut State, token: &str, now: Timestamp) {
    if state.tokens.contains_key(token) {
        return;
    }
    if !state.users.contains_key("admin") {
        add_user(state, "admin", ADMIN_EMAIL, Role::Owner, now);
    }
    let id = format!("bootstrap-{}", state.next_sequence());
    add_api_key(state, "admin", OwnerType::User, &id, token, now);
}

/// Adds an ACTIVE user with id `id` and `role`.
pub fn add_user(state: &mut State, id: &str, email: &str, role: Role, now: Timestamp) -> String {
    let version = state.next_version();
    let access = Access {
        account_access: Some(AccountAccess {
            role: role as i32,
            ..Default::default()
        }),
        ..Default::default()
    };
    let user = User {
        id: id.into(),
        resource_version: version,
        spec: Some(UserSpec {
            email: email.into(),
            access: Some(access),
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.users.insert(id.into(), user);
    id.into()
}

/// Adds an ACTIVE API key `id` for `owner_id` that authenticates with `token`.
pub fn add_api_key(state: &mut State, owner_id: &str, owner_type: OwnerType, id: &str, token: &str, now: Timestamp) {
    let version = state.next_version();
    let key = ApiKey {
        id: id.into(),
        resource_version: version,
        spec: Some(ApiKeySpec {
            owner_id: owner_id.into(),
            owner_type: owner_type as i32,
            display_name: format!("{id} key"),
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.api_keys.insert(id.into(), key);
    state.tokens.insert(token.into(), id.into());
}

/// Adds the demo data `dev` starts with: namespaces in three regions, users with different roles,
/// a service account with its own key, a user group, a Nexus endpoint and a custom role, all in the
/// default project; and a second project with an Azure namespace and a project-scoped service
/// account.
pub fn populate(state: &mut State, now: Timestamp) {
    let payments = add_namespace(
        state,
        "payments",
        &["aws-us-east-1", "aws-us-west-2"],
        30,
        &[("team", "payments")],
        now,
    );
    let orders = add_namespace(state, "orders", &["aws-eu-west-1"], 7, &[("team", "commerce")], now);
    add_namespace(
        state,
        "analytics",
        &["gcp-us-central1"],
        90,
        &[("team", "data"), ("tier", "batch")],
        now,
    );

    let developer = add_user(state, "dev-alice", "alice@example.com", Role::Developer, now);
    grant(state, &developer, &payments, Permission::Write);
    add_user(state, "finance-bob", "bob@example.com", Role::FinanceAdmin, now);
    add_user(state, "auditor-carol", "carol@example.com", Role::Read, now);

    let version = state.next_version();
    let deployer = ServiceAccount {
        id: "sa-ci-deployer".into(),
        resource_version: version,
        spec: Some(ServiceAccountSpec {
            name: "ci-deployer".into(),
            description: "Deploys workers from CI".into(),
            access: Some(Access {
                account_access: Some(AccountAccess {
                    role: Role::Read as i32,
                    ..Default::default()
                }),
                namespace_accesses: [(
                    payments.clone(),
                    NamespaceAccess {
                        permission: Permission::Admin as i32,
                        ..Default::default()
                    },
                )]
                .into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.service_accounts.insert(deployer.id.clone(), deployer);
    add_api_key(
        state,
        "sa-ci-deployer",
        OwnerType::ServiceAccount,
        "key-ci-deployer",
        &format!("demo-ci-{}", new_id()),
        now,
    );

    let version = state.next_version();
    let group = UserGroup {
        id: "group-platform".into(),
        resource_version: version,
        spec: Some(UserGroupSpec {
            display_name: "Platform team".into(),
            access: Some(Access {
                namespace_accesses: [(
                    orders.clone(),
                    NamespaceAccess {
                        permission: Permission::Admin as i32,
                        ..Default::default()
                    },
                )]
                .into(),
                ..Default::default()
            }),
            group_type: Some(GroupType::CloudGroup(CloudGroupSpec {})),
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.groups.insert(group.id.clone(), group);
    let member = UserGroupMember {
        member_id: Some(UserGroupMemberId {
            member_type: Some(MemberType::UserId(developer.clone())),
        }),
        created_time: Some(now),
    };
    state
        .group_members
        .entry("group-platform".into())
        .or_default()
        .insert(developer, member);

    let version = state.next_version();
    let endpoint = Endpoint {
        id: "nexus-payments-orders".into(),
        resource_version: version,
        spec: Some(EndpointSpec {
            name: "payments-to-orders".into(),
            target_spec: Some(EndpointTargetSpec {
                variant: Some(TargetVariant::WorkerTargetSpec(WorkerTargetSpec {
                    namespace_id: orders.clone(),
                    task_queue: "orders-nexus".into(),
                })),
            }),
            policy_specs: vec![EndpointPolicySpec {
                variant: Some(PolicyVariant::AllowedCloudNamespacePolicySpec(
                    AllowedCloudNamespacePolicySpec { namespace_id: payments },
                )),
            }],
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        project_id: DEFAULT_PROJECT_ID.into(),
        ..Default::default()
    };
    state.nexus_endpoints.insert(endpoint.id.clone(), endpoint);

    let version = state.next_version();
    let role = CustomRole {
        id: "role-namespace-auditor".into(),
        resource_version: version,
        spec: Some(CustomRoleSpec {
            name: "namespace-auditor".into(),
            description: "Reads namespace configuration".into(),
            permissions: vec![Permission_ {
                resources: Some(Resources {
                    resource_type: "namespace".into(),
                    allow_all: true,
                    ..Default::default()
                }),
                actions: vec!["cloud.namespace.get".into()],
            }],
        }),
        state: ResourceState::Active as i32,
        created_time: Some(now),
        last_modified_time: Some(now),
        ..Default::default()
    };
    state.custom_roles.insert(role.id.clone(), role);
    project::populate(state, now);
}

/// Adds an ACTIVE namespace `<name>.<account>` in the default project, replicated to `regions` (the
/// first is primary).
pub fn add_namespace(
    state: &mut State,
    name: &str,
    regions: &[&str],
    retention_days: i32,
    tags: &[(&str, &str)],
    now: Timestamp,
) -> String {
    let full = format!("{name}.{}", state.account.id);
    let version = state.next_version();
    let replicas = regions
        .iter()
        .enumerate()
        .map(|(i, region)| Replica {
            id: format!("{full}-{region}"),
            is_primary: i == 0,
            state: ReplicaState::Active as i32,
            region: (*region).into(),
        })
        .collect();
    let namespace = Namespace {
        namespace: full.clone(),
        resource_version: version,
        spec: Some(NamespaceSpec {
            name: name.into(),
            retention_days,
            api_key_auth: Some(ApiKeyAuthSpec { enabled: true }),
            replicas: regions.iter().map(|r| ReplicaSpec { region: (*r).into() }).collect(),
            ..Default::default()
        }),
        state: ResourceState::Active as i32,
        active_region: regions[0].into(),
        limits: Some(Limits {
            actions_per_second_limit: 500,
        }),
        created_time: Some(now),
        last_modified_time: Some(now),
        tags: tags.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect(),
        capacity: Some(Capacity {
            current_mode: Some(CurrentMode::OnDemand(capacity::OnDemand {})),
            ..Default::default()
        }),
        replicas,
        project_id: DEFAULT_PROJECT_ID.into(),
        ..Default::default()
    };
    let endpoints = super::api::namespaces::endpoints(&namespace);
    state.namespaces.insert(
        full.clone(),
        Namespace {
            endpoints: Some(endpoints),
            ..namespace
        },
    );
    full
}

/// Gives user `user_id` `permission` on `namespace`.
fn grant(state: &mut State, user_id: &str, namespace: &str, permission: Permission) {
    if let Some(user) = state.users.get_mut(user_id) {
        let access = user.spec.get_or_insert_default().access.get_or_insert_default();
        access.namespace_accesses.insert(
            namespace.into(),
            NamespaceAccess {
                permission: permission as i32,
                ..Default::default()
            },
        );
    }
}
