//! nexus: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateNexusEndpointRequest, CreateNexusEndpointResponse, DeleteNexusEndpointRequest, DeleteNexusEndpointResponse,
    GetNexusEndpointRequest, GetNexusEndpointResponse, GetNexusEndpointsRequest, GetNexusEndpointsResponse,
    UpdateNexusEndpointRequest, UpdateNexusEndpointResponse,
};

/// GetNexusEndpoints.
pub fn get_nexus_endpoints(
    _ctx: &mut Ctx<'_>,
    _request: GetNexusEndpointsRequest,
) -> Result<GetNexusEndpointsResponse, Status> {
    Err(Status::unimplemented(
        "GetNexusEndpoints is not implemented by the emulator yet",
    ))
}

/// GetNexusEndpoint.
pub fn get_nexus_endpoint(
    _ctx: &mut Ctx<'_>,
    _request: GetNexusEndpointRequest,
) -> Result<GetNexusEndpointResponse, Status> {
    Err(Status::unimplemented(
        "GetNexusEndpoint is not implemented by the emulator yet",
    ))
}

/// CreateNexusEndpoint.
pub fn create_nexus_endpoint(
    _ctx: &mut Ctx<'_>,
    _request: CreateNexusEndpointRequest,
) -> Result<CreateNexusEndpointResponse, Status> {
    Err(Status::unimplemented(
        "CreateNexusEndpoint is not implemented by the emulator yet",
    ))
}

/// UpdateNexusEndpoint.
pub fn update_nexus_endpoint(
    _ctx: &mut Ctx<'_>,
    _request: UpdateNexusEndpointRequest,
) -> Result<UpdateNexusEndpointResponse, Status> {
    Err(Status::unimplemented(
        "UpdateNexusEndpoint is not implemented by the emulator yet",
    ))
}

/// DeleteNexusEndpoint.
pub fn delete_nexus_endpoint(
    _ctx: &mut Ctx<'_>,
    _request: DeleteNexusEndpointRequest,
) -> Result<DeleteNexusEndpointResponse, Status> {
    Err(Status::unimplemented(
        "DeleteNexusEndpoint is not implemented by the emulator yet",
    ))
}
