//! Service accounts: list, get, create (name unique; exactly one scope: account-scoped `access`,
//! `project_scoped_access` to one project or `namespace_scoped_access` to one namespace — the
//! rules are in `scope.rs`), update (full spec replace; the scope and its project or namespace
//! are immutable), delete (its API keys stop authenticating at once), per-namespace access, and
//! the listing of a project's project-scoped accounts. Namespace-scoped service accounts may be
//! managed by the admins of their namespace, project-scoped ones by the admins of their project;
//! account-scoped ones need an account owner or admin.

mod scope;

pub(crate) use scope::{Scope, authorize, scope_of};

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::{page, projects, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateServiceAccountRequest, CreateServiceAccountResponse, DeleteServiceAccountRequest,
    DeleteServiceAccountResponse, GetProjectScopedServiceAccountsRequest, GetProjectScopedServiceAccountsResponse,
    GetServiceAccountRequest, GetServiceAccountResponse, GetServiceAccountsRequest, GetServiceAccountsResponse,
    SetServiceAccountNamespaceAccessRequest, SetServiceAccountNamespaceAccessResponse, UpdateServiceAccountRequest,
    UpdateServiceAccountResponse,
};
use crate::pb::temporal::api::cloud::identity::v1::namespace_access::Permission;
use crate::pb::temporal::api::cloud::identity::v1::{Access, NamespaceAccess, ServiceAccount};
use crate::pb::temporal::api::cloud::namespace::v1::Namespace;

use scope::{check_spec, permission};

/// CreateServiceAccount: ACTIVATING until the operation completes.
pub fn create_service_account(
    ctx: &mut Ctx<'_>,
    request: CreateServiceAccountRequest,
) -> Result<CreateServiceAccountResponse, Status> {
    let spec = request.spec.clone().unwrap_or_default();
    authorize(ctx.caller, scope_of(&spec))?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        check_spec(ctx.state, &spec, None)?;
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
        check_spec(ctx.state, &spec, Some((&request.service_account_id, &before)))?;
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
/// namespace. A namespace-scoped service account only has its own namespace, which it must keep; a
/// project-scoped one only namespaces of its project.
pub fn set_service_account_namespace_access(
    ctx: &mut Ctx<'_>,
    request: SetServiceAccountNamespaceAccessRequest,
) -> Result<SetServiceAccountNamespaceAccessResponse, Status> {
    validate::required("namespace", &request.namespace)?;
    ctx.caller.require_namespace(&request.namespace, Permission::Admin)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        validate::require::<Namespace>(ctx.state, &request.namespace)?;
        let in_project = projects::of_namespace(ctx.state, &request.namespace).map(str::to_string);
        let access = request.access.clone().unwrap_or_default();
        permission("access.permission", &access)?;
        let account =
            validate::changeable::<ServiceAccount>(ctx.state, &request.service_account_id, &request.resource_version)?;
        let spec = account.spec.get_or_insert_default();
        if let Some(scoped) = spec.project_scoped_access.as_mut() {
            if in_project.as_deref() != Some(scoped.project_id.as_str()) {
                let problem = format!(
                    "the service account is scoped to project {:?} and the namespace belongs to project {:?}",
                    scoped.project_id,
                    in_project.unwrap_or_default()
                );
                return Err(validate::invalid("namespace", problem));
            }
            if access.permission == Permission::Unspecified as i32 {
                scoped.namespace_accesses.remove(&request.namespace);
            } else {
                scoped.namespace_accesses.insert(request.namespace.clone(), access);
            }
            return Ok(Applied::target(
                ResourceKind::ServiceAccount,
                &request.service_account_id,
                Change::Update,
            ));
        }
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

/// GetProjectScopedServiceAccounts: the service accounts scoped to one project, "in ascending ID
/// order" (readers of the project).
pub fn get_project_scoped_service_accounts(
    ctx: &mut Ctx<'_>,
    request: GetProjectScopedServiceAccountsRequest,
) -> Result<GetProjectScopedServiceAccountsResponse, Status> {
    let project = request.project_id.as_str();
    ctx.readable_project(project)?;
    let scoped = ctx
        .state
        .service_accounts
        .iter()
        .filter(|(_, a)| a.spec.as_ref().map(scope_of) == Some(Scope::Project(project)));
    let (service_accounts, next_page_token) = page::page(scoped, request.page_size, &request.page_token)?;
    Ok(GetProjectScopedServiceAccountsResponse {
        service_accounts,
        next_page_token,
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

/// [`authorize`] for the stored service account `id` (account admin if it does not exist).
fn authorize_existing(ctx: &Ctx<'_>, id: &str) -> Result<(), Status> {
    let spec = ctx.state.service_accounts.get(id).and_then(|a| a.spec.as_ref());
    authorize(ctx.caller, spec.map_or(Scope::Account, scope_of))
}
