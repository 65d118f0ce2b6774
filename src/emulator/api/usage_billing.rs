//! usage_billing: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateBillingReportRequest, CreateBillingReportResponse, GetBillingReportRequest, GetBillingReportResponse,
    GetUsageRequest, GetUsageResponse,
};

/// GetUsage.
pub fn get_usage(_ctx: &mut Ctx<'_>, _request: GetUsageRequest) -> Result<GetUsageResponse, Status> {
    Err(Status::unimplemented("GetUsage is not implemented by the emulator yet"))
}

/// CreateBillingReport.
pub fn create_billing_report(
    _ctx: &mut Ctx<'_>,
    _request: CreateBillingReportRequest,
) -> Result<CreateBillingReportResponse, Status> {
    Err(Status::unimplemented(
        "CreateBillingReport is not implemented by the emulator yet",
    ))
}

/// GetBillingReport.
pub fn get_billing_report(
    _ctx: &mut Ctx<'_>,
    _request: GetBillingReportRequest,
) -> Result<GetBillingReportResponse, Status> {
    Err(Status::unimplemented(
        "GetBillingReport is not implemented by the emulator yet",
    ))
}
