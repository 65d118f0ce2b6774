//! API keys: list (filter by owner; non-admins see only the keys they may manage), get, create
//! (returns a fresh secret token that authenticates as the owner at once; an idempotent retry
//! returns the same token), update (full spec replace; owner immutable; `disabled` stops the token
//! working) and delete. Tokens are never returned by Get/List.
//!
//! Who may manage a key: its owner (any role), the admins of the namespace of a namespace-scoped
//! service-account owner, and account owners and admins.

use tonic::Status;

use crate::emulator::auth::Principal;
use crate::emulator::ids::new_id;
use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateApiKeyRequest, CreateApiKeyResponse, DeleteApiKeyRequest, DeleteApiKeyResponse, GetApiKeyRequest,
    GetApiKeyResponse, GetApiKeysRequest, GetApiKeysResponse, UpdateApiKeyRequest, UpdateApiKeyResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::{ApiKey, ApiKeySpec, OwnerType};

use super::service_accounts;

/// GetApiKeys: in ascending id order, optionally only those of `owner_id` / `owner_type`.
#[allow(deprecated)] // owner_type_deprecated is still accepted from older clients
pub fn get_api_keys(ctx: &mut Ctx<'_>, request: GetApiKeysRequest) -> Result<GetApiKeysResponse, Status> {
    let owner_type = owner_type(
        request.owner_type,
        &request.owner_type_deprecated,
        "owner_type",
        "owner_type_deprecated",
    )?;
    let ctx = &*ctx;
    let visible = |key: &ApiKey| {
        let spec = key.spec.clone().unwrap_or_default();
        (request.owner_id.is_empty() || spec.owner_id == request.owner_id)
            && (owner_type == OwnerType::Unspecified || spec.owner_type == owner_type as i32)
            && may_manage(ctx, &spec).is_ok()
    };
    let keys = ctx.state.api_keys.iter().filter(|(_, k)| visible(k));
    let (api_keys, next_page_token) = page::page(keys, request.page_size, &request.page_token)?;
    Ok(GetApiKeysResponse {
        api_keys,
        next_page_token,
    })
}

/// GetApiKey (without its token).
pub fn get_api_key(ctx: &mut Ctx<'_>, request: GetApiKeyRequest) -> Result<GetApiKeyResponse, Status> {
    validate::required("key_id", &request.key_id)?;
    authorize_existing(ctx, &request.key_id)?;
    let key = validate::require::<ApiKey>(ctx.state, &request.key_id)?;
    Ok(GetApiKeyResponse {
        api_key: Some(key.clone()),
    })
}

/// CreateApiKey: ACTIVATING until the operation completes; the token works at once.
#[allow(deprecated)] // owner_type_deprecated is still accepted from older clients
pub fn create_api_key(ctx: &mut Ctx<'_>, request: CreateApiKeyRequest) -> Result<CreateApiKeyResponse, Status> {
    let mut spec = request.spec.clone().unwrap_or_default();
    let resolved = owner_type(spec.owner_type, &spec.owner_type_deprecated, "", "").unwrap_or(OwnerType::Unspecified);
    may_manage(
        ctx,
        &ApiKeySpec {
            owner_type: resolved as i32,
            ..spec.clone()
        },
    )?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let resolved = owner_type(
            spec.owner_type,
            &spec.owner_type_deprecated,
            "spec.owner_type",
            "spec.owner_type_deprecated",
        )?;
        if resolved == OwnerType::Unspecified {
            return Err(validate::invalid(
                "spec.owner_type",
                "is required (OWNER_TYPE_USER or OWNER_TYPE_SERVICE_ACCOUNT)",
            ));
        }
        spec.owner_type = resolved as i32;
        check_spec(ctx, &spec, None)?;
        let created = ctx.create(|id, now| ApiKey {
            id,
            spec: Some(spec),
            created_time: Some(now),
            ..Default::default()
        });
        let token = format!("tmprl_{}_{}", new_id(), new_id());
        ctx.state.tokens.insert(token.clone(), created.resource_id.clone());
        Ok(Applied {
            secret: token,
            ..created
        })
    })?;
    Ok(CreateApiKeyResponse {
        key_id: done.resource_id,
        token: done.secret,
        async_operation: Some(done.operation),
    })
}

/// UpdateApiKey: replaces the spec; the owner cannot change.
#[allow(deprecated)] // owner_type_deprecated is still accepted from older clients
pub fn update_api_key(ctx: &mut Ctx<'_>, request: UpdateApiKeyRequest) -> Result<UpdateApiKeyResponse, Status> {
    authorize_existing(ctx, &request.key_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let key = validate::changeable::<ApiKey>(ctx.state, &request.key_id, &request.resource_version)?;
        let before = key.spec.clone().unwrap_or_default();
        let mut spec = request.spec.clone().unwrap_or_default();
        if !spec.owner_id.is_empty() && spec.owner_id != before.owner_id {
            return Err(validate::invalid("spec.owner_id", "is immutable"));
        }
        let resolved = owner_type(
            spec.owner_type,
            &spec.owner_type_deprecated,
            "spec.owner_type",
            "spec.owner_type_deprecated",
        )?;
        if resolved != OwnerType::Unspecified && resolved as i32 != before.owner_type {
            return Err(validate::invalid("spec.owner_type", "is immutable"));
        }
        spec.owner_id = before.owner_id.clone();
        spec.owner_type = before.owner_type;
        check_spec(ctx, &spec, Some(&before))?;
        validate::require_mut::<ApiKey>(ctx.state, &request.key_id)?.spec = Some(spec);
        Ok(Applied::target(ResourceKind::ApiKey, &request.key_id, Change::Update))
    })?;
    Ok(UpdateApiKeyResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteApiKey: the token stops working at once (DELETING), the key is gone when the operation
/// completes.
pub fn delete_api_key(ctx: &mut Ctx<'_>, request: DeleteApiKeyRequest) -> Result<DeleteApiKeyResponse, Status> {
    authorize_existing(ctx, &request.key_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::changeable::<ApiKey>(ctx.state, &request.key_id, &request.resource_version)?;
        Ok(Applied::target(ResourceKind::ApiKey, &request.key_id, Change::Delete))
    })?;
    Ok(DeleteApiKeyResponse {
        async_operation: Some(done.operation),
    })
}

/// The owner type from the enum, or (when unspecified) from the deprecated text field ("Possible
/// values: user, service-account"). Unspecified if neither is set.
fn owner_type(value: i32, deprecated: &str, field: &str, deprecated_field: &str) -> Result<OwnerType, Status> {
    let owner_type =
        OwnerType::try_from(value).map_err(|_| validate::invalid(field, format!("unknown owner type {value}")))?;
    if owner_type != OwnerType::Unspecified {
        return Ok(owner_type);
    }
    match deprecated.trim().to_ascii_lowercase().as_str() {
        "" => Ok(OwnerType::Unspecified),
        "user" => Ok(OwnerType::User),
        "service-account" | "service_account" | "serviceaccount" => Ok(OwnerType::ServiceAccount),
        other => Err(validate::invalid(
            deprecated_field,
            format!("{other:?} is not one of user, service-account"),
        )),
    }
}

/// Whether the caller may see and manage a key with `spec` (owner type already resolved).
fn may_manage(ctx: &Ctx<'_>, spec: &ApiKeySpec) -> Result<(), Status> {
    let owner = OwnerType::try_from(spec.owner_type).unwrap_or(OwnerType::Unspecified);
    match (&ctx.caller.principal, owner) {
        (Principal::User(id), OwnerType::User) | (Principal::ServiceAccount(id), OwnerType::ServiceAccount)
            if *id == spec.owner_id =>
        {
            Ok(())
        }
        (_, OwnerType::ServiceAccount) => {
            let account = ctx.state.service_accounts.get(&spec.owner_id);
            let scope = account
                .and_then(|a| a.spec.as_ref())
                .map_or(service_accounts::Scope::Account, service_accounts::scope_of);
            service_accounts::authorize(ctx.caller, scope)
        }
        _ => ctx.caller.require_admin(),
    }
}

/// [`may_manage`] for the stored key `key_id` (account admin if it does not exist).
fn authorize_existing(ctx: &Ctx<'_>, key_id: &str) -> Result<(), Status> {
    match ctx.state.api_keys.get(key_id).and_then(|k| k.spec.as_ref()) {
        Some(spec) => may_manage(ctx, spec),
        None => ctx.caller.require_admin(),
    }
}

/// Display name required; the owner (resolved type) exists; a new expiry time is in the future.
fn check_spec(ctx: &Ctx<'_>, spec: &ApiKeySpec, before: Option<&ApiKeySpec>) -> Result<(), Status> {
    validate::required("spec.display_name", &spec.display_name)?;
    validate::required("spec.owner_id", &spec.owner_id)?;
    let owner_exists = match OwnerType::try_from(spec.owner_type) {
        Ok(OwnerType::ServiceAccount) => ctx.state.service_accounts.contains_key(&spec.owner_id),
        _ => ctx.state.users.contains_key(&spec.owner_id),
    };
    if !owner_exists && before.is_none() {
        let what = if spec.owner_type == OwnerType::ServiceAccount as i32 {
            "service account"
        } else {
            "user"
        };
        return Err(Status::not_found(format!(
            "spec.owner_id: {what} {:?} not found",
            spec.owner_id
        )));
    }
    let changed = before.is_none_or(|b| b.expiry_time != spec.expiry_time);
    if let Some(expiry) = spec.expiry_time.filter(|_| changed)
        && expiry <= ctx.now
    {
        return Err(validate::invalid("spec.expiry_time", "must be in the future"));
    }
    Ok(())
}
