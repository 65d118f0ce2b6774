//! regions: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetRegionRequest, GetRegionResponse, GetRegionsRequest, GetRegionsResponse,
};

/// GetRegions.
pub fn get_regions(_ctx: &mut Ctx<'_>, _request: GetRegionsRequest) -> Result<GetRegionsResponse, Status> {
    Err(Status::unimplemented(
        "GetRegions is not implemented by the emulator yet",
    ))
}

/// GetRegion.
pub fn get_region(_ctx: &mut Ctx<'_>, _request: GetRegionRequest) -> Result<GetRegionResponse, Status> {
    Err(Status::unimplemented(
        "GetRegion is not implemented by the emulator yet",
    ))
}
