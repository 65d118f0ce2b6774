//! namespaces: TODO.

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    AddNamespaceRegionRequest, AddNamespaceRegionResponse, CreateNamespaceRequest, CreateNamespaceResponse,
    DeleteNamespaceRegionRequest, DeleteNamespaceRegionResponse, DeleteNamespaceRequest, DeleteNamespaceResponse,
    FailoverNamespaceRegionRequest, FailoverNamespaceRegionResponse, GetNamespaceCapacityInfoRequest,
    GetNamespaceCapacityInfoResponse, GetNamespaceRequest, GetNamespaceResponse, GetNamespacesRequest,
    GetNamespacesResponse, RenameCustomSearchAttributeRequest, RenameCustomSearchAttributeResponse,
    UpdateNamespaceRequest, UpdateNamespaceResponse, UpdateNamespaceTagsRequest, UpdateNamespaceTagsResponse,
};

/// CreateNamespace.
pub fn create_namespace(
    _ctx: &mut Ctx<'_>,
    _request: CreateNamespaceRequest,
) -> Result<CreateNamespaceResponse, Status> {
    Err(Status::unimplemented(
        "CreateNamespace is not implemented by the emulator yet",
    ))
}

/// GetNamespaces.
pub fn get_namespaces(_ctx: &mut Ctx<'_>, _request: GetNamespacesRequest) -> Result<GetNamespacesResponse, Status> {
    Err(Status::unimplemented(
        "GetNamespaces is not implemented by the emulator yet",
    ))
}

/// GetNamespace.
pub fn get_namespace(_ctx: &mut Ctx<'_>, _request: GetNamespaceRequest) -> Result<GetNamespaceResponse, Status> {
    Err(Status::unimplemented(
        "GetNamespace is not implemented by the emulator yet",
    ))
}

/// UpdateNamespace.
pub fn update_namespace(
    _ctx: &mut Ctx<'_>,
    _request: UpdateNamespaceRequest,
) -> Result<UpdateNamespaceResponse, Status> {
    Err(Status::unimplemented(
        "UpdateNamespace is not implemented by the emulator yet",
    ))
}

/// RenameCustomSearchAttribute.
pub fn rename_custom_search_attribute(
    _ctx: &mut Ctx<'_>,
    _request: RenameCustomSearchAttributeRequest,
) -> Result<RenameCustomSearchAttributeResponse, Status> {
    Err(Status::unimplemented(
        "RenameCustomSearchAttribute is not implemented by the emulator yet",
    ))
}

/// DeleteNamespace.
pub fn delete_namespace(
    _ctx: &mut Ctx<'_>,
    _request: DeleteNamespaceRequest,
) -> Result<DeleteNamespaceResponse, Status> {
    Err(Status::unimplemented(
        "DeleteNamespace is not implemented by the emulator yet",
    ))
}

/// FailoverNamespaceRegion.
pub fn failover_namespace_region(
    _ctx: &mut Ctx<'_>,
    _request: FailoverNamespaceRegionRequest,
) -> Result<FailoverNamespaceRegionResponse, Status> {
    Err(Status::unimplemented(
        "FailoverNamespaceRegion is not implemented by the emulator yet",
    ))
}

/// AddNamespaceRegion.
pub fn add_namespace_region(
    _ctx: &mut Ctx<'_>,
    _request: AddNamespaceRegionRequest,
) -> Result<AddNamespaceRegionResponse, Status> {
    Err(Status::unimplemented(
        "AddNamespaceRegion is not implemented by the emulator yet",
    ))
}

/// DeleteNamespaceRegion.
pub fn delete_namespace_region(
    _ctx: &mut Ctx<'_>,
    _request: DeleteNamespaceRegionRequest,
) -> Result<DeleteNamespaceRegionResponse, Status> {
    Err(Status::unimplemented(
        "DeleteNamespaceRegion is not implemented by the emulator yet",
    ))
}

/// UpdateNamespaceTags.
pub fn update_namespace_tags(
    _ctx: &mut Ctx<'_>,
    _request: UpdateNamespaceTagsRequest,
) -> Result<UpdateNamespaceTagsResponse, Status> {
    Err(Status::unimplemented(
        "UpdateNamespaceTags is not implemented by the emulator yet",
    ))
}

/// GetNamespaceCapacityInfo.
pub fn get_namespace_capacity_info(
    _ctx: &mut Ctx<'_>,
    _request: GetNamespaceCapacityInfoRequest,
) -> Result<GetNamespaceCapacityInfoResponse, Status> {
    Err(Status::unimplemented(
        "GetNamespaceCapacityInfo is not implemented by the emulator yet",
    ))
}
