//! Initial data: the bootstrap account owner and API key every emulator starts with, and the demo
//! data `dev` preloads (unless `--empty`).

use crate::pb::temporal::api::cloud::account::v1::Account;
use crate::pb::temporal::api::cloud::identity::v1::account_access::Role;
use crate::pb::temporal::api::cloud::identity::v1::{
    Access, AccountAccess, ApiKey, ApiKeySpec, OwnerType, User, UserSpec,
};
use crate::pb::temporal::api::cloud::resource::v1::ResourceState;
use crate::wkt::Timestamp;

use super::state::State;

/// The emulated account's id (namespaces are `<name>.<ACCOUNT_ID>`).
pub const ACCOUNT_ID: &str = "a1b2c";
/// Email of the bootstrap account owner.
pub const ADMIN_EMAIL: &str = "admin@example.com";

/// A state with the account, an account owner and an active API key whose token is `token`.
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
    state
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
