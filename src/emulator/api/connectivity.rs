//! Connectivity rules: public-internet or private (AWS PrivateLink / GCP Private Service Connect /
//! Azure Private Link) access rules that namespaces of the same project reference by id in
//! `spec.connectivity_rule_ids`. Create (in a project, the default one unless `project_id` names
//! another; admins of the project or the account), get, list (optionally only the rules a namespace
//! uses, or those of a project), delete (refused while a namespace still references the rule).

use tonic::Status;

use crate::emulator::operation::{Change, ResourceKind};
use crate::emulator::ops::{Applied, Ctx};
use crate::emulator::projects::{self, DEFAULT_PROJECT_ID};
use crate::emulator::state::State;
use crate::emulator::{page, validate};
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateConnectivityRuleRequest, CreateConnectivityRuleResponse, DeleteConnectivityRuleRequest,
    DeleteConnectivityRuleResponse, GetConnectivityRuleRequest, GetConnectivityRuleResponse,
    GetConnectivityRulesRequest, GetConnectivityRulesResponse,
};
use crate::pb::temporal::api::cloud::connectivityrule::v1::connectivity_rule_spec::ConnectionType;
use crate::pb::temporal::api::cloud::connectivityrule::v1::{ConnectivityRule, ConnectivityRuleSpec};
use crate::pb::temporal::api::cloud::project::v1::Project;
use crate::pb::temporal::api::cloud::region::v1::region::CloudProvider;

use super::regions;

/// CreateConnectivityRule: ACTIVATING until the operation completes. It goes into project
/// `project_id` (the default project if empty), which the caller must administer.
pub fn create_connectivity_rule(
    ctx: &mut Ctx<'_>,
    request: CreateConnectivityRuleRequest,
) -> Result<CreateConnectivityRuleResponse, Status> {
    ctx.caller
        .require_project_admin(projects::effective(&request.project_id))?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let project_id = validate::project(ctx.state, "project_id", &request.project_id)?;
        let spec = request.spec.clone().unwrap_or_default();
        check_spec(&spec)?;
        if let Some(same) = ctx
            .state
            .connectivity_rules
            .values()
            .find(|r| r.spec.as_ref().is_some_and(|s| same_rule(s, &spec)))
        {
            return Err(Status::already_exists(format!(
                "connectivity rule {} already has this specification",
                same.id
            )));
        }
        let spec = approve(ctx.state, spec);
        Ok(ctx.create(|id, now| ConnectivityRule {
            id,
            spec: Some(spec),
            created_time: Some(now),
            project_id,
            ..Default::default()
        }))
    })?;
    Ok(CreateConnectivityRuleResponse {
        connectivity_rule_id: done.resource_id,
        async_operation: Some(done.operation),
    })
}

/// GetConnectivityRule.
pub fn get_connectivity_rule(
    ctx: &mut Ctx<'_>,
    request: GetConnectivityRuleRequest,
) -> Result<GetConnectivityRuleResponse, Status> {
    ctx.caller.require_read()?;
    let rule = validate::require::<ConnectivityRule>(ctx.state, &request.connectivity_rule_id)?;
    Ok(GetConnectivityRuleResponse {
        connectivity_rule: Some(rule.clone()),
    })
}

/// GetConnectivityRules: every rule of the account, or only those `namespace` references, and only
/// those of project `project_id` (which must exist).
pub fn get_connectivity_rules(
    ctx: &mut Ctx<'_>,
    request: GetConnectivityRulesRequest,
) -> Result<GetConnectivityRulesResponse, Status> {
    ctx.caller.require_read()?;
    if !request.project_id.is_empty() {
        validate::require::<Project>(ctx.state, &request.project_id)?;
    }
    let project = request.project_id.as_str();
    let in_project = |rule: &ConnectivityRule| project.is_empty() || projects::effective(&rule.project_id) == project;
    let used: Option<Vec<String>> = if request.namespace.is_empty() {
        None
    } else {
        let ns = ctx.readable_namespace(&request.namespace)?;
        Some(
            ns.spec
                .as_ref()
                .map(|s| s.connectivity_rule_ids.clone())
                .unwrap_or_default(),
        )
    };
    let rules = ctx
        .state
        .connectivity_rules
        .iter()
        .filter(|(id, rule)| used.as_ref().is_none_or(|ids| ids.contains(id)) && in_project(rule));
    let (connectivity_rules, next_page_token) = page::page(rules, request.page_size, &request.page_token)?;
    Ok(GetConnectivityRulesResponse {
        connectivity_rules,
        next_page_token,
    })
}

/// DeleteConnectivityRule: DELETING until the operation completes, then gone (admins of the rule's
/// project).
pub fn delete_connectivity_rule(
    ctx: &mut Ctx<'_>,
    request: DeleteConnectivityRuleRequest,
) -> Result<DeleteConnectivityRuleResponse, Status> {
    let rule = ctx.state.connectivity_rules.get(&request.connectivity_rule_id);
    let project = rule.map_or(DEFAULT_PROJECT_ID, |r| projects::effective(&r.project_id));
    ctx.caller.require_project_admin(project)?;
    let done = ctx.mutate(&request, &request.async_operation_id, |ctx| {
        let id = &request.connectivity_rule_id;
        validate::changeable::<ConnectivityRule>(ctx.state, id, &request.resource_version)?;
        let users: Vec<&str> = ctx
            .state
            .namespaces
            .values()
            .filter(|ns| ns.spec.as_ref().is_some_and(|s| s.connectivity_rule_ids.contains(id)))
            .map(|ns| ns.namespace.as_str())
            .collect();
        if !users.is_empty() {
            return Err(Status::failed_precondition(format!(
                "connectivity rule {id} is still used by namespace(s) {}: remove it from their \
                 spec.connectivity_rule_ids first",
                users.join(", ")
            )));
        }
        Ok(Applied::target(ResourceKind::ConnectivityRule, id, Change::Delete))
    })?;
    Ok(DeleteConnectivityRuleResponse {
        async_operation: Some(done.operation),
    })
}

/// A namespace's `spec.connectivity_rule_ids`: each an existing rule of the namespace's `project`,
/// listed once; a private rule's region must be one of the namespace's `regions` ("This should
/// align with the namespace").
pub(crate) fn check_namespace_rules(
    state: &State,
    ids: &[String],
    regions: &[String],
    project: &str,
) -> Result<(), Status> {
    let field = "spec.connectivity_rule_ids";
    for (i, id) in ids.iter().enumerate() {
        let rule = state
            .connectivity_rules
            .get(id)
            .ok_or_else(|| validate::invalid(field, format!("connectivity rule {id:?} does not exist")))?;
        if ids[..i].contains(id) {
            return Err(validate::invalid(
                field,
                format!("connectivity rule {id:?} is listed twice"),
            ));
        }
        let rule_project = projects::effective(&rule.project_id);
        if rule_project != project {
            return Err(validate::invalid(
                field,
                format!(
                    "connectivity rule {id:?} belongs to project {rule_project:?}, the namespace to project {project:?}"
                ),
            ));
        }
        if let Some(ConnectionType::PrivateRule(private)) = rule.spec.as_ref().and_then(|s| s.connection_type.as_ref())
            && !regions.contains(&private.region)
        {
            return Err(validate::invalid(
                field,
                format!(
                    "private connectivity rule {id:?} is for region {}, where the namespace has no replica",
                    private.region
                ),
            ));
        }
    }
    Ok(())
}

/// Exactly one of public_rule / private_rule; a private rule names a catalogue region and what its
/// provider needs: a connection id (the VPC endpoint for AWS, the PSC connection for GCP, plus the
/// GCP project id there), or for Azure the ARM resource id of the customer's private endpoint — and
/// no connection id, which Azure's approval fills in.
fn check_spec(spec: &ConnectivityRuleSpec) -> Result<(), Status> {
    let private = match &spec.connection_type {
        None => {
            return Err(validate::invalid(
                "spec",
                "set exactly one of public_rule or private_rule",
            ));
        }
        Some(ConnectionType::PublicRule(_)) => return Ok(()),
        Some(ConnectionType::PrivateRule(private)) => private,
    };
    regions::check_region("spec.private_rule.region", &private.region)?;
    let provider = regions::provider(&private.region);
    let unused = |field: &str, value: &str, only: &str| {
        if value.is_empty() {
            return Ok(());
        }
        let problem = format!(
            "is only used for {only} regions; {} is in {}",
            private.region,
            provider.as_str_name()
        );
        Err(validate::invalid(field, problem))
    };
    match provider {
        CloudProvider::Aws | CloudProvider::Unspecified => {
            validate::required("spec.private_rule.connection_id", &private.connection_id)?;
            unused("spec.private_rule.gcp_project_id", &private.gcp_project_id, "GCP")?;
            unused(
                "spec.private_rule.azure_pe_resource_id",
                &private.azure_pe_resource_id,
                "Azure",
            )
        }
        CloudProvider::Gcp => {
            validate::required("spec.private_rule.connection_id", &private.connection_id)?;
            validate::required("spec.private_rule.gcp_project_id", &private.gcp_project_id)?;
            unused(
                "spec.private_rule.azure_pe_resource_id",
                &private.azure_pe_resource_id,
                "Azure",
            )
        }
        CloudProvider::Azure => {
            if !private.connection_id.is_empty() {
                return Err(validate::invalid(
                    "spec.private_rule.connection_id",
                    "is not set for Azure: it is filled in with the Private Link id when the private endpoint \
                     connection is approved",
                ));
            }
            unused("spec.private_rule.gcp_project_id", &private.gcp_project_id, "GCP")?;
            private_endpoint_id(&private.azure_pe_resource_id)
        }
    }
}

/// `/subscriptions/{subscription GUID}/resourceGroups/{group}/providers/Microsoft.Network/
/// privateEndpoints/{name}` (ARM ids compare the fixed segments without regard to case).
fn private_endpoint_id(id: &str) -> Result<(), Status> {
    let field = "spec.private_rule.azure_pe_resource_id";
    validate::required(field, id)?;
    let segments: Vec<&str> = id.split('/').collect();
    let shape_ok = match segments.as_slice() {
        [
            "",
            subscriptions,
            subscription,
            groups,
            group,
            providers,
            network,
            endpoints,
            name,
        ] => {
            subscriptions.eq_ignore_ascii_case("subscriptions")
                && groups.eq_ignore_ascii_case("resourceGroups")
                && providers.eq_ignore_ascii_case("providers")
                && network.eq_ignore_ascii_case("Microsoft.Network")
                && endpoints.eq_ignore_ascii_case("privateEndpoints")
                && !group.is_empty()
                && !name.is_empty()
                && validate::guid(field, subscription).is_ok()
        }
        _ => false,
    };
    if !shape_ok {
        return Err(validate::invalid(
            field,
            format!(
                "{id:?} is not the ARM resource id of a private endpoint \
                 (/subscriptions/{{subscription id}}/resourceGroups/{{group}}/providers/Microsoft.Network/privateEndpoints/{{name}})"
            ),
        ));
    }
    Ok(())
}

/// Whether two specs ask for the same rule (an Azure rule's connection id is not the caller's).
fn same_rule(a: &ConnectivityRuleSpec, b: &ConnectivityRuleSpec) -> bool {
    let without_link = |spec: &ConnectivityRuleSpec| {
        let mut spec = spec.clone();
        if let Some(ConnectionType::PrivateRule(private)) = spec.connection_type.as_mut()
            && regions::provider(&private.region) == CloudProvider::Azure
        {
            private.connection_id.clear();
        }
        spec
    };
    without_link(a) == without_link(b)
}

/// For an Azure private rule, the connection id Azure's approval of the private endpoint would
/// report (a Private Link id, a number); other specs are kept as they are.
fn approve(state: &mut State, mut spec: ConnectivityRuleSpec) -> ConnectivityRuleSpec {
    if let Some(ConnectionType::PrivateRule(private)) = spec.connection_type.as_mut()
        && regions::provider(&private.region) == CloudProvider::Azure
    {
        private.connection_id = (0x2000_0000 + state.next_sequence()).to_string();
    }
    spec
}
