//! Service accounts: list, get, create (name unique; either account-scoped `access` or a
//! `namespace_scoped_access` to one namespace, never both), update (full spec replace; the scope
//! and a scoped namespace are immutable), delete (its API keys stop authenticating at once) and
//! per-namespace access. Namespace-scoped service accounts may be managed by the admins of their
//! namespace; account-scoped ones need an account owner or admin.

use tonic::Status;

use crate::emulator::auth::Caller;
use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateServiceAccountRequest, CreateServiceAccountResponse, DeleteServiceAccountRequest,
    DeleteServiceAccountResponse, GetServiceAccountRequest, GetServiceAccountResponse, GetServiceAccountsRequest,
    GetServiceAccountsResponse, SetServiceAccountNamespaceAccessRequest, SetServiceAccountNamespaceAccessResponse,
    UpdateServiceAccountRequest, UpdateServiceAccountResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::{Access, NamespaceAccess, ServiceAccount, ServiceAccountSpec};
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;

/// CreateServiceAccount: ACTIVATING until the operation completes.
pub fn create_service_account(
    ctx: &mut Ctx<'_>,
    request: CreateServiceAccountRequest,
) -> Result<CreateServiceAccountResponse, Status> {
    let spec = request.spec.clone().unwrap_or_default();
    authorize(ctx.caller, scoped_namespace(&spec))?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        check_spec(ctx, &spec, None)?;
        Ok(ctx.create(|id, now| ServiceAccount {
            id,
            spec: Some(spec),
            created_time: Some(now),
            ..Default::default()
        }))
    })?;
    Ok(CreateServiceAccountResponse {
        service_account_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// GetServiceAccount: any reader, or the service account itself.
pub fn get_service_account(
    ctx: &mut Ctx<'_>,
    request: GetServiceAccountRequest,
) -> Result<GetServiceAccountResponse, Status> {
    if !ctx.caller.is(&request.service_account_id) {
        ctx.caller.require_read()?;
    }
    let account = validate::require::<ServiceAccount>(ctx.state, &request.service_account_id)?;
    Ok(GetServiceAccountResponse {
        service_account: Some(account.clone()),
    })
}

/// GetServiceAccounts: every service account, in ascending id order.
pub fn get_service_accounts(
    ctx: &mut Ctx<'_>,
    request: GetServiceAccountsRequest,
) -> Result<GetServiceAccountsResponse, Status> {
    ctx.caller.require_read()?;
    let (service_account, next_page_token) =
        page::page(&ctx.state.service_accounts, request.page_size, &request.page_token)?;
    Ok(GetServiceAccountsResponse {
        service_account,
        next_page_token,
    })
}

/// UpdateServiceAccount: replaces the spec (name, description, access; not the scope).
pub fn update_service_account(
    ctx: &mut Ctx<'_>,
    request: UpdateServiceAccountRequest,
) -> Result<UpdateServiceAccountResponse, Status> {
    authorize_existing(ctx, &request.service_account_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let spec = request.spec.clone().unwrap_or_default();
        let account =
            validate::changeable::<ServiceAccount>(ctx.state, &request.service_account_id, &request.resource_version)?;
        let before = account.spec.clone().unwrap_or_default();
        check_spec(ctx, &spec, Some((&request.service_account_id, &before)))?;
        validate::require_mut::<ServiceAccount>(ctx.state, &request.service_account_id)?.spec = Some(spec);
        Ok(Applied::target(
            ResourceKind::ServiceAccount,
            &request.service_account_id,
            Change::Update,
        ))
    })?;
    Ok(UpdateServiceAccountResponse {
        async_operation: Some(done.operation),
    })
}

/// SetServiceAccountNamespaceAccess: grants (or, with PERMISSION_UNSPECIFIED, removes) access to one
/// namespace. A namespace-scoped service account only has its own namespace, which it must keep.
pub fn set_service_account_namespace_access(
    ctx: &mut Ctx<'_>,
    request: SetServiceAccountNamespaceAccessRequest,
) -> Result<SetServiceAccountNamespaceAccessResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::require::<Namespace>(ctx.state, &request.namespace)?;
        let access = request.access.clone().unwrap_or_default();
        permission("access.permission", &access)?;
        let account =
            validate::changeable::<ServiceAccount>(ctx.state, &request.service_account_id, &request.resource_version)?;
        let spec = account.spec.get_or_insert_default();
        match spec.namespace_scoped_access.as_mut() {
            Some(scoped) if scoped.namespace != request.namespace => {
                return Err(validate::invalid(
                    "namespace",
                    format!(
                        "the service account is scoped to namespace {:?} and cannot have access to another",
                        scoped.namespace
                    ),
                ));
            }
            Some(_) if access.permission == Permission::Unspecified as i32 => {
                return Err(validate::invalid(
                    "access.permission",
                    "a namespace-scoped service account cannot lose access to its namespace",
                ));
            }
            Some(scoped) => scoped.access = Some(access),
            None => set_grant(spec.access.get_or_insert_default(), &request.namespace, access),
        }
        Ok(Applied::target(
            ResourceKind::ServiceAccount,
            &request.service_account_id,
            Change::Update,
        ))
    })?;
    Ok(SetServiceAccountNamespaceAccessResponse {
        async_operation: Some(done.operation),
    })
}

/// DeleteServiceAccount: DELETING until the operation completes, then gone. Its API keys stop
/// authenticating as soon as it is DELETING.
pub fn delete_service_account(
    ctx: &mut Ctx<'_>,
    request: DeleteServiceAccountRequest,
) -> Result<DeleteServiceAccountResponse, Status> {
    authorize_existing(ctx, &request.service_account_id)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::changeable::<ServiceAccount>(ctx.state, &request.service_account_id, &request.resource_version)?;
        Ok(Applied::target(
            ResourceKind::ServiceAccount,
            &request.service_account_id,
            Change::Delete,
        ))
    })?;
    Ok(DeleteServiceAccountResponse {
        async_operation: Some(done.operation),
    })
}

/// Sets (or, with PERMISSION_UNSPECIFIED, removes) the grant on `namespace` in `access`.
pub(crate) fn set_grant(access: &mut Access, namespace: &str, grant: NamespaceAccess) {
    if grant.permission == Permission::Unspecified as i32 {
        access.namespace_accesses.remove(namespace);
    } else {
        access.namespace_accesses.insert(namespace.to_string(), grant);
    }
}

/// The namespace of a namespace-scoped service account (None for an account-scoped one).
pub(crate) fn scoped_namespace(spec: &ServiceAccountSpec) -> Option<&str> {
    spec.namespace_scoped_access.as_ref().map(|s| s.namespace.as_str())
}

/// Who may manage a service account: the admins of its namespace if it is namespace-scoped
/// ("Namespace Admins can manage and create Namespace-scoped Service Accounts"), account owners
/// and admins otherwise.
pub(crate) fn authorize(caller: &Caller, scoped_namespace: Option<&str>) -> Result<(), Status> {
    match scoped_namespace {
        Some(namespace) if caller.require_admin().is_err() => caller.require_namespace(namespace, Permission::Admin),
        _ => caller.require_admin(),
    }
}

/// [`authorize`] for the stored service account `id` (account admin if it does not exist).
fn authorize_existing(ctx: &Ctx<'_>, id: &str) -> Result<(), Status> {
    let spec = ctx.state.service_accounts.get(id).and_then(|a| a.spec.as_ref());
    authorize(ctx.caller, spec.and_then(scoped_namespace))
}

/// A namespace permission that is one of the enum's values.
fn permission(field: &str, access: &NamespaceAccess) -> Result<Permission, Status> {
    Permission::try_from(access.permission)
        .map_err(|_| validate::invalid(field, format!("unknown permission {}", access.permission)))
}

/// Name required and unique; exactly one of access / namespace_scoped_access ("one of `Access` or
/// `NamespaceScopedAccess` must be provided, but not both"); on update (`before` = the id and the
/// stored spec) the scope and the scoped namespace ("immutable") stay as they were.
fn check_spec(
    ctx: &Ctx<'_>,
    spec: &ServiceAccountSpec,
    before: Option<(&str, &ServiceAccountSpec)>,
) -> Result<(), Status> {
    validate::required("spec.name", &spec.name)?;
    let taken = ctx.state.service_accounts.values().any(|a| {
        Some(a.id.as_str()) != before.map(|(id, _)| id) && a.spec.as_ref().is_some_and(|s| s.name == spec.name)
    });
    if taken {
        return Err(Status::already_exists(format!(
            "a service account named {:?} already exists",
            spec.name
        )));
    }
    match (&spec.access, &spec.namespace_scoped_access) {
        (Some(_), Some(_)) => Err(validate::invalid(
            "spec.namespace_scoped_access",
            "cannot be set together with spec.access: a service account is either account-scoped or namespace-scoped",
        )),
        (None, None) => Err(validate::invalid(
            "spec.access",
            "one of spec.access or spec.namespace_scoped_access is required",
        )),
        (Some(access), None) => {
            if before.is_some_and(|(_, b)| b.namespace_scoped_access.is_some()) {
                return Err(validate::invalid(
                    "spec.namespace_scoped_access",
                    "is required: a namespace-scoped service account cannot become account-scoped",
                ));
            }
            validate::access(ctx.state, "spec.access", access)
        }
        (None, Some(scoped)) => {
            let field = "spec.namespace_scoped_access.namespace";
            match before.map(|(_, b)| scoped_namespace(b)) {
                Some(None) => {
                    return Err(validate::invalid(
                        "spec.namespace_scoped_access",
                        "cannot be set: an account-scoped service account cannot become namespace-scoped",
                    ));
                }
                Some(Some(namespace)) if namespace != scoped.namespace => {
                    return Err(validate::invalid(field, format!("is immutable (it is {namespace:?})")));
                }
                _ => {}
            }
            validate::required(field, &scoped.namespace)?;
            if !ctx.state.namespaces.contains_key(&scoped.namespace) {
                return Err(validate::invalid(
                    field,
                    format!("namespace {:?} does not exist", scoped.namespace),
                ));
            }
            let access = scoped.access.clone().unwrap_or_default();
            let field = "spec.namespace_scoped_access.access.permission";
            if permission(field, &access)? == Permission::Unspecified {
                return Err(validate::invalid(field, "is required (ADMIN, WRITE or READ)"));
            }
            Ok(())
        }
    }
}
