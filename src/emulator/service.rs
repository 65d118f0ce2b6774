//! A running emulator: its shared core ([`Emulator`]: the state behind one mutex, the settings, the
//! state-file writer) and its tonic `CloudService` face ([`EmulatorService`]). Every RPC goes
//! through [`EmulatorService::call`], which checks the version header, settles finished
//! operations, authenticates the caller, runs the family handler under the state lock (released
//! before anything awaits) and persists changes.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tonic::codec::CompressionEncoding;
use tonic::{Request, Response, Status};

use crate::pb::temporal::api::cloud::cloudservice::v1::cloud_service_server::{CloudService, CloudServiceServer};
use crate::pb::temporal::api::cloud::cloudservice::v1::*;

use super::api::*;
use super::auth;
use super::clock::Clock;
use super::limits::{Limiter, RateLimits};
use super::ops::{Ctx, settle};
use super::persist::{self, Writer};
use super::state::State;

/// Emulator settings.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// How long async operations take (PENDING for the first half, IN_PROGRESS for the second).
    pub op_latency: Duration,
    /// Source of time.
    pub clock: Clock,
    /// Where to persist the state, if anywhere.
    pub state_file: Option<PathBuf>,
    /// Request-rate and running-operation limits (`None`: unlimited).
    pub limits: Option<RateLimits>,
    /// The fraction of calls answered UNAVAILABLE (0: none).
    pub unavailable_fraction: f64,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            op_latency: Duration::from_secs(1),
            clock: Clock::System,
            state_file: None,
            limits: Some(RateLimits::TEMPORAL),
            unavailable_fraction: 0.0,
        }
    }
}

/// A running emulator's shared core. Cloning shares the state.
#[derive(Clone, Debug)]
pub struct Emulator {
    state: Arc<Mutex<State>>,
    limiter: Arc<Mutex<Limiter>>,
    config: EmulatorConfig,
    writer: Option<persist::Writer>,
}

impl Emulator {
    /// An emulator over `state`, which gets the default project if it has none (a state saved
    /// before projects existed). With a state file, the state is written at once.
    pub fn new(mut state: State, config: EmulatorConfig) -> Result<Self, String> {
        super::projects::ensure_default(&mut state, config.clock.now());
        let writer = config.state_file.clone().map(persist::Writer::new);
        if let Some(writer) = &writer {
            writer
                .write_now(&state)
                .map_err(|e| format!("cannot write the state file: {e}"))?;
        }
        Ok(Self {
            state: Arc::new(Mutex::new(state)),
            limiter: Arc::new(Mutex::new(Limiter::new(
                config.limits.clone(),
                config.unavailable_fraction,
            ))),
            config,
            writer,
        })
    }

    /// The tonic service to mount on a server: gzip-compressed requests are accepted (Temporal's
    /// SDKs compress by default), and answers are compressed for clients that accept gzip.
    pub fn service(&self) -> CloudServiceServer<EmulatorService> {
        CloudServiceServer::new(EmulatorService::new(self.clone()))
            .accept_compressed(CompressionEncoding::Gzip)
            .send_compressed(CompressionEncoding::Gzip)
    }

    /// Runs `f` on the state under the lock (demo data, tests).
    pub fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Makes the next `calls` calls answer UNAVAILABLE, changing nothing (a test hook).
    pub fn fail_next(&self, calls: u32) {
        self.limiter.lock().unwrap_or_else(|e| e.into_inner()).fail_next(calls);
    }

    /// Writes the state file now (no-op without one).
    pub fn flush(&self) -> std::io::Result<()> {
        match &self.writer {
            Some(writer) => self.with_state(|state| writer.write_now(state)),
            None => Ok(()),
        }
    }
}

/// The gRPC face of an [`Emulator`].
#[derive(Clone, Debug)]
pub struct EmulatorService {
    emulator: Emulator,
}

/// A family handler: synchronous, over the locked state.
pub type Handler<Req, Resp> = fn(&mut Ctx<'_>, Req) -> Result<Resp, Status>;

impl EmulatorService {
    /// Wraps `emulator`.
    pub fn new(emulator: Emulator) -> Self {
        Self { emulator }
    }

    fn call<Req, Resp>(
        &self,
        rpc: &'static str,
        request: Request<Req>,
        handler: Handler<Req, Resp>,
    ) -> Result<Response<Resp>, Status> {
        let started = Instant::now();
        let result = self.run(request, handler);
        tracing::debug!(
            target: "cloud_ops_gateway::emulator",
            rpc,
            code = ?result.as_ref().err().map_or(tonic::Code::Ok, Status::code),
            micros = started.elapsed().as_micros() as u64,
            "emulator call"
        );
        result.map(Response::new)
    }

    fn run<Req, Resp>(&self, request: Request<Req>, handler: Handler<Req, Resp>) -> Result<Resp, Status> {
        auth::check_version(request.metadata())?;
        self.emulator
            .limiter
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .outage()?;
        let now = self.emulator.config.clock.now();
        let (metadata, _, message) = request.into_parts();
        let (result, snapshot) = {
            let mut state = self.emulator.state.lock().unwrap_or_else(|e| e.into_inner());
            settle(&mut state, &now);
            let caller = auth::authenticate(&state, &metadata, &now)?;
            let running_operations = {
                let mut limiter = self.emulator.limiter.lock().unwrap_or_else(|e| e.into_inner());
                limiter.admit(&caller.principal, Instant::now())?;
                limiter.running_operations()
            };
            let before = state.sequence;
            let mut ctx = Ctx {
                state: &mut state,
                caller: &caller,
                now,
                latency: self.emulator.config.op_latency,
                running_operations,
            };
            let result = handler(&mut ctx, message);
            let changed = state.sequence != before;
            (
                result,
                (changed && self.emulator.writer.is_some()).then(|| Writer::snapshot(&state)),
            )
        };
        if let (Some(writer), Some((sequence, bytes))) = (&self.emulator.writer, snapshot) {
            writer.write(sequence, bytes);
        }
        result
    }
}

macro_rules! rpcs {
    ($($method:ident($req:ident) -> $resp:ident => $handler:path;)*) => {
        #[tonic::async_trait]
        impl CloudService for EmulatorService {
            $(async fn $method(&self, request: Request<$req>) -> Result<Response<$resp>, Status> {
                self.call(stringify!($method), request, $handler)
            })*
        }
    };
}

rpcs! {
    get_current_identity(GetCurrentIdentityRequest) -> GetCurrentIdentityResponse => identity::get_current_identity;
    get_users(GetUsersRequest) -> GetUsersResponse => users::get_users;
    get_user(GetUserRequest) -> GetUserResponse => users::get_user;
    create_user(CreateUserRequest) -> CreateUserResponse => users::create_user;
    update_user(UpdateUserRequest) -> UpdateUserResponse => users::update_user;
    delete_user(DeleteUserRequest) -> DeleteUserResponse => users::delete_user;
    set_user_namespace_access(SetUserNamespaceAccessRequest) -> SetUserNamespaceAccessResponse => users::set_user_namespace_access;
    get_async_operation(GetAsyncOperationRequest) -> GetAsyncOperationResponse => identity::get_async_operation;
    create_namespace(CreateNamespaceRequest) -> CreateNamespaceResponse => namespaces::create_namespace;
    get_namespaces(GetNamespacesRequest) -> GetNamespacesResponse => namespaces::get_namespaces;
    get_namespace(GetNamespaceRequest) -> GetNamespaceResponse => namespaces::get_namespace;
    update_namespace(UpdateNamespaceRequest) -> UpdateNamespaceResponse => namespaces::update_namespace;
    rename_custom_search_attribute(RenameCustomSearchAttributeRequest) -> RenameCustomSearchAttributeResponse => namespaces::rename_custom_search_attribute;
    delete_namespace(DeleteNamespaceRequest) -> DeleteNamespaceResponse => namespaces::delete_namespace;
    failover_namespace_region(FailoverNamespaceRegionRequest) -> FailoverNamespaceRegionResponse => namespaces::failover_namespace_region;
    add_namespace_region(AddNamespaceRegionRequest) -> AddNamespaceRegionResponse => namespaces::add_namespace_region;
    delete_namespace_region(DeleteNamespaceRegionRequest) -> DeleteNamespaceRegionResponse => namespaces::delete_namespace_region;
    get_regions(GetRegionsRequest) -> GetRegionsResponse => regions::get_regions;
    get_region(GetRegionRequest) -> GetRegionResponse => regions::get_region;
    get_api_keys(GetApiKeysRequest) -> GetApiKeysResponse => api_keys::get_api_keys;
    get_api_key(GetApiKeyRequest) -> GetApiKeyResponse => api_keys::get_api_key;
    create_api_key(CreateApiKeyRequest) -> CreateApiKeyResponse => api_keys::create_api_key;
    update_api_key(UpdateApiKeyRequest) -> UpdateApiKeyResponse => api_keys::update_api_key;
    delete_api_key(DeleteApiKeyRequest) -> DeleteApiKeyResponse => api_keys::delete_api_key;
    get_nexus_endpoints(GetNexusEndpointsRequest) -> GetNexusEndpointsResponse => nexus::get_nexus_endpoints;
    get_nexus_endpoint(GetNexusEndpointRequest) -> GetNexusEndpointResponse => nexus::get_nexus_endpoint;
    create_nexus_endpoint(CreateNexusEndpointRequest) -> CreateNexusEndpointResponse => nexus::create_nexus_endpoint;
    update_nexus_endpoint(UpdateNexusEndpointRequest) -> UpdateNexusEndpointResponse => nexus::update_nexus_endpoint;
    delete_nexus_endpoint(DeleteNexusEndpointRequest) -> DeleteNexusEndpointResponse => nexus::delete_nexus_endpoint;
    get_user_groups(GetUserGroupsRequest) -> GetUserGroupsResponse => groups::get_user_groups;
    get_user_group(GetUserGroupRequest) -> GetUserGroupResponse => groups::get_user_group;
    create_user_group(CreateUserGroupRequest) -> CreateUserGroupResponse => groups::create_user_group;
    update_user_group(UpdateUserGroupRequest) -> UpdateUserGroupResponse => groups::update_user_group;
    delete_user_group(DeleteUserGroupRequest) -> DeleteUserGroupResponse => groups::delete_user_group;
    set_user_group_namespace_access(SetUserGroupNamespaceAccessRequest) -> SetUserGroupNamespaceAccessResponse => groups::set_user_group_namespace_access;
    add_user_group_member(AddUserGroupMemberRequest) -> AddUserGroupMemberResponse => groups::add_user_group_member;
    remove_user_group_member(RemoveUserGroupMemberRequest) -> RemoveUserGroupMemberResponse => groups::remove_user_group_member;
    get_user_group_members(GetUserGroupMembersRequest) -> GetUserGroupMembersResponse => groups::get_user_group_members;
    create_service_account(CreateServiceAccountRequest) -> CreateServiceAccountResponse => service_accounts::create_service_account;
    get_service_account(GetServiceAccountRequest) -> GetServiceAccountResponse => service_accounts::get_service_account;
    get_service_accounts(GetServiceAccountsRequest) -> GetServiceAccountsResponse => service_accounts::get_service_accounts;
    update_service_account(UpdateServiceAccountRequest) -> UpdateServiceAccountResponse => service_accounts::update_service_account;
    set_service_account_namespace_access(SetServiceAccountNamespaceAccessRequest) -> SetServiceAccountNamespaceAccessResponse => service_accounts::set_service_account_namespace_access;
    delete_service_account(DeleteServiceAccountRequest) -> DeleteServiceAccountResponse => service_accounts::delete_service_account;
    get_usage(GetUsageRequest) -> GetUsageResponse => usage_billing::get_usage;
    get_account(GetAccountRequest) -> GetAccountResponse => account::get_account;
    update_account(UpdateAccountRequest) -> UpdateAccountResponse => account::update_account;
    create_namespace_export_sink(CreateNamespaceExportSinkRequest) -> CreateNamespaceExportSinkResponse => export_sinks::create_namespace_export_sink;
    get_namespace_export_sink(GetNamespaceExportSinkRequest) -> GetNamespaceExportSinkResponse => export_sinks::get_namespace_export_sink;
    get_namespace_export_sinks(GetNamespaceExportSinksRequest) -> GetNamespaceExportSinksResponse => export_sinks::get_namespace_export_sinks;
    update_namespace_export_sink(UpdateNamespaceExportSinkRequest) -> UpdateNamespaceExportSinkResponse => export_sinks::update_namespace_export_sink;
    delete_namespace_export_sink(DeleteNamespaceExportSinkRequest) -> DeleteNamespaceExportSinkResponse => export_sinks::delete_namespace_export_sink;
    validate_namespace_export_sink(ValidateNamespaceExportSinkRequest) -> ValidateNamespaceExportSinkResponse => export_sinks::validate_namespace_export_sink;
    update_namespace_tags(UpdateNamespaceTagsRequest) -> UpdateNamespaceTagsResponse => namespaces::update_namespace_tags;
    create_connectivity_rule(CreateConnectivityRuleRequest) -> CreateConnectivityRuleResponse => connectivity::create_connectivity_rule;
    get_connectivity_rule(GetConnectivityRuleRequest) -> GetConnectivityRuleResponse => connectivity::get_connectivity_rule;
    get_connectivity_rules(GetConnectivityRulesRequest) -> GetConnectivityRulesResponse => connectivity::get_connectivity_rules;
    delete_connectivity_rule(DeleteConnectivityRuleRequest) -> DeleteConnectivityRuleResponse => connectivity::delete_connectivity_rule;
    get_audit_logs(GetAuditLogsRequest) -> GetAuditLogsResponse => account::get_audit_logs;
    validate_account_audit_log_sink(ValidateAccountAuditLogSinkRequest) -> ValidateAccountAuditLogSinkResponse => account::validate_account_audit_log_sink;
    create_account_audit_log_sink(CreateAccountAuditLogSinkRequest) -> CreateAccountAuditLogSinkResponse => account::create_account_audit_log_sink;
    get_account_audit_log_sink(GetAccountAuditLogSinkRequest) -> GetAccountAuditLogSinkResponse => account::get_account_audit_log_sink;
    get_account_audit_log_sinks(GetAccountAuditLogSinksRequest) -> GetAccountAuditLogSinksResponse => account::get_account_audit_log_sinks;
    update_account_audit_log_sink(UpdateAccountAuditLogSinkRequest) -> UpdateAccountAuditLogSinkResponse => account::update_account_audit_log_sink;
    delete_account_audit_log_sink(DeleteAccountAuditLogSinkRequest) -> DeleteAccountAuditLogSinkResponse => account::delete_account_audit_log_sink;
    get_namespace_capacity_info(GetNamespaceCapacityInfoRequest) -> GetNamespaceCapacityInfoResponse => namespaces::get_namespace_capacity_info;
    create_billing_report(CreateBillingReportRequest) -> CreateBillingReportResponse => usage_billing::create_billing_report;
    get_billing_report(GetBillingReportRequest) -> GetBillingReportResponse => usage_billing::get_billing_report;
    get_custom_roles(GetCustomRolesRequest) -> GetCustomRolesResponse => custom_roles::get_custom_roles;
    get_custom_role(GetCustomRoleRequest) -> GetCustomRoleResponse => custom_roles::get_custom_role;
    create_custom_role(CreateCustomRoleRequest) -> CreateCustomRoleResponse => custom_roles::create_custom_role;
    update_custom_role(UpdateCustomRoleRequest) -> UpdateCustomRoleResponse => custom_roles::update_custom_role;
    delete_custom_role(DeleteCustomRoleRequest) -> DeleteCustomRoleResponse => custom_roles::delete_custom_role;
    get_user_namespace_assignments(GetUserNamespaceAssignmentsRequest) -> GetUserNamespaceAssignmentsResponse => assignments::get_user_namespace_assignments;
    get_service_account_namespace_assignments(GetServiceAccountNamespaceAssignmentsRequest) -> GetServiceAccountNamespaceAssignmentsResponse => assignments::get_service_account_namespace_assignments;
    get_user_group_namespace_assignments(GetUserGroupNamespaceAssignmentsRequest) -> GetUserGroupNamespaceAssignmentsResponse => assignments::get_user_group_namespace_assignments;
    get_projects(GetProjectsRequest) -> GetProjectsResponse => projects::get_projects;
    get_project(GetProjectRequest) -> GetProjectResponse => projects::get_project;
    create_project(CreateProjectRequest) -> CreateProjectResponse => projects::create_project;
    update_project(UpdateProjectRequest) -> UpdateProjectResponse => projects::update_project;
    delete_project(DeleteProjectRequest) -> DeleteProjectResponse => projects::delete_project;
    set_user_project_access(SetUserProjectAccessRequest) -> SetUserProjectAccessResponse => projects::set_user_project_access;
    set_user_group_project_access(SetUserGroupProjectAccessRequest) -> SetUserGroupProjectAccessResponse => projects::set_user_group_project_access;
    set_service_account_project_access(SetServiceAccountProjectAccessRequest) -> SetServiceAccountProjectAccessResponse => projects::set_service_account_project_access;
    get_user_project_assignments(GetUserProjectAssignmentsRequest) -> GetUserProjectAssignmentsResponse => projects::get_user_project_assignments;
    get_service_account_project_assignments(GetServiceAccountProjectAssignmentsRequest) -> GetServiceAccountProjectAssignmentsResponse => projects::get_service_account_project_assignments;
    get_user_group_project_assignments(GetUserGroupProjectAssignmentsRequest) -> GetUserGroupProjectAssignmentsResponse => projects::get_user_group_project_assignments;
    get_project_scoped_service_accounts(GetProjectScopedServiceAccountsRequest) -> GetProjectScopedServiceAccountsResponse => service_accounts::get_project_scoped_service_accounts;
}
