//! export_sinks: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    CreateNamespaceExportSinkRequest, CreateNamespaceExportSinkResponse, DeleteNamespaceExportSinkRequest,
    DeleteNamespaceExportSinkResponse, GetNamespaceExportSinkRequest, GetNamespaceExportSinkResponse,
    GetNamespaceExportSinksRequest, GetNamespaceExportSinksResponse, UpdateNamespaceExportSinkRequest,
    UpdateNamespaceExportSinkResponse, ValidateNamespaceExportSinkRequest, ValidateNamespaceExportSinkResponse,
};

/// CreateNamespaceExportSink.
pub fn create_namespace_export_sink(
    _ctx: &mut Ctx<'_>,
    _request: CreateNamespaceExportSinkRequest,
) -> Result<CreateNamespaceExportSinkResponse, Status> {
    Err(Status::unimplemented(
        "CreateNamespaceExportSink is not implemented by the emulator yet",
    ))
}

/// GetNamespaceExportSink.
pub fn get_namespace_export_sink(
    _ctx: &mut Ctx<'_>,
    _request: GetNamespaceExportSinkRequest,
) -> Result<GetNamespaceExportSinkResponse, Status> {
    Err(Status::unimplemented(
        "GetNamespaceExportSink is not implemented by the emulator yet",
    ))
}

/// GetNamespaceExportSinks.
pub fn get_namespace_export_sinks(
    _ctx: &mut Ctx<'_>,
    _request: GetNamespaceExportSinksRequest,
) -> Result<GetNamespaceExportSinksResponse, Status> {
    Err(Status::unimplemented(
        "GetNamespaceExportSinks is not implemented by the emulator yet",
    ))
}

/// UpdateNamespaceExportSink.
pub fn update_namespace_export_sink(
    _ctx: &mut Ctx<'_>,
    _request: UpdateNamespaceExportSinkRequest,
) -> Result<UpdateNamespaceExportSinkResponse, Status> {
    Err(Status::unimplemented(
        "UpdateNamespaceExportSink is not implemented by the emulator yet",
    ))
}

/// DeleteNamespaceExportSink.
pub fn delete_namespace_export_sink(
    _ctx: &mut Ctx<'_>,
    _request: DeleteNamespaceExportSinkRequest,
) -> Result<DeleteNamespaceExportSinkResponse, Status> {
    Err(Status::unimplemented(
        "DeleteNamespaceExportSink is not implemented by the emulator yet",
    ))
}

/// ValidateNamespaceExportSink.
pub fn validate_namespace_export_sink(
    _ctx: &mut Ctx<'_>,
    _request: ValidateNamespaceExportSinkRequest,
) -> Result<ValidateNamespaceExportSinkResponse, Status> {
    Err(Status::unimplemented(
        "ValidateNamespaceExportSink is not implemented by the emulator yet",
    ))
}
