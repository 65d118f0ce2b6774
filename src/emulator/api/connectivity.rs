//! connectivity: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateConnectivityRuleRequest, CreateConnectivityRuleResponse, DeleteConnectivityRuleRequest,
    DeleteConnectivityRuleResponse, GetConnectivityRuleRequest, GetConnectivityRuleResponse,
    GetConnectivityRulesRequest, GetConnectivityRulesResponse,
};

/// CreateConnectivityRule.
pub fn create_connectivity_rule(
    _ctx: &mut Ctx<'_>,
    _request: CreateConnectivityRuleRequest,
) -> Result<CreateConnectivityRuleResponse, Status> {
    Err(Status::unimplemented(
        "CreateConnectivityRule is not implemented by the emulator yet",
    ))
}

/// GetConnectivityRule.
pub fn get_connectivity_rule(
    _ctx: &mut Ctx<'_>,
    _request: GetConnectivityRuleRequest,
) -> Result<GetConnectivityRuleResponse, Status> {
    Err(Status::unimplemented(
        "GetConnectivityRule is not implemented by the emulator yet",
    ))
}

/// GetConnectivityRules.
pub fn get_connectivity_rules(
    _ctx: &mut Ctx<'_>,
    _request: GetConnectivityRulesRequest,
) -> Result<GetConnectivityRulesResponse, Status> {
    Err(Status::unimplemented(
        "GetConnectivityRules is not implemented by the emulator yet",
    ))
}

/// DeleteConnectivityRule.
pub fn delete_connectivity_rule(
    _ctx: &mut Ctx<'_>,
    _request: DeleteConnectivityRuleRequest,
) -> Result<DeleteConnectivityRuleResponse, Status> {
    Err(Status::unimplemented(
        "DeleteConnectivityRule is not implemented by the emulator yet",
    ))
}
