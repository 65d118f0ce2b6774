//! The region catalogue: the static list of Temporal Cloud regions (GetRegions, GetRegion) and the
//! lookups other families use on it (a region's entry, its cloud provider, whether an id is a
//! region). A leaf: it knows no other family.

#![allow(deprecated)] // Region.cloud_provider_deprecated is still filled in for older clients

use tonic::Status;

use crate::emulator::ops::Ctx;
use crate::emulator::validate;
use crate::pb::temporal::api::cloud::cloudservice::v1::{
    GetRegionRequest, GetRegionResponse, GetRegionsRequest, GetRegionsResponse,
};
use crate::pb::temporal::api::cloud::region::v1::Region;
use crate::pb::temporal::api::cloud::region::v1::region::CloudProvider;

/// Region id (`<provider>-<the provider's region name>` with provider `aws`, `gcp` or `azure`, as in
/// the proto's examples `aws-us-west-2`, `gcp-us-central1`, `azure-eastus`) and human-readable
/// location.
const CATALOGUE: &[(&str, &str)] = &[
    ("aws-ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("aws-ap-northeast-2", "Asia Pacific (Seoul)"),
    ("aws-ap-south-1", "Asia Pacific (Mumbai)"),
    ("aws-ap-south-2", "Asia Pacific (Hyderabad)"),
    ("aws-ap-southeast-1", "Asia Pacific (Singapore)"),
    ("aws-ap-southeast-2", "Asia Pacific (Sydney)"),
    ("aws-ca-central-1", "Canada (Central)"),
    ("aws-eu-central-1", "Europe (Frankfurt)"),
    ("aws-eu-west-1", "Europe (Ireland)"),
    ("aws-eu-west-2", "Europe (London)"),
    ("aws-sa-east-1", "South America (São Paulo)"),
    ("aws-us-east-1", "US East (N. Virginia)"),
    ("aws-us-east-2", "US East (Ohio)"),
    ("aws-us-west-2", "US West (Oregon)"),
    ("azure-centralus", "Central US (Iowa)"),
    ("azure-eastus", "East US (Virginia)"),
    ("azure-eastus2", "East US 2 (Virginia)"),
    ("azure-northeurope", "North Europe (Ireland)"),
    ("azure-southeastasia", "Southeast Asia (Singapore)"),
    ("azure-westeurope", "West Europe (Netherlands)"),
    ("azure-westus2", "West US 2 (Washington)"),
    ("gcp-asia-south1", "Mumbai, India"),
    ("gcp-europe-west3", "Frankfurt, Germany"),
    ("gcp-us-central1", "Iowa, USA"),
    ("gcp-us-east4", "Northern Virginia, USA"),
    ("gcp-us-west1", "Oregon, USA"),
];

/// Whether `id` is a region of the catalogue.
pub(crate) fn is_region(id: &str) -> bool {
    CATALOGUE.iter().any(|(region, _)| *region == id)
}

/// The catalogue entry for `id`.
pub(crate) fn region(id: &str) -> Option<Region> {
    let (id, location) = CATALOGUE.iter().find(|(region, _)| *region == id)?;
    let (provider, provider_region) = id.split_once('-')?;
    let cloud_provider = match provider {
        "aws" => CloudProvider::Aws,
        "gcp" => CloudProvider::Gcp,
        "azure" => CloudProvider::Azure,
        _ => return None,
    };
    Some(Region {
        id: id.to_string(),
        cloud_provider_deprecated: provider.into(),
        cloud_provider: cloud_provider as i32,
        cloud_provider_region: provider_region.into(),
        location: location.to_string(),
    })
}

/// The cloud provider hosting region `id` (UNSPECIFIED for unknown ids).
pub(crate) fn provider(id: &str) -> CloudProvider {
    region(id).map_or(CloudProvider::Unspecified, |r| r.cloud_provider())
}

/// `id` must be a catalogue region; INVALID_ARGUMENT naming `field` otherwise.
pub(crate) fn check_region(field: &str, id: &str) -> Result<(), Status> {
    validate::required(field, id)?;
    if !is_region(id) {
        return Err(validate::invalid(
            field,
            format!("unknown region {id:?} (see GetRegions)"),
        ));
    }
    Ok(())
}

/// GetRegions: the whole catalogue.
pub fn get_regions(ctx: &mut Ctx<'_>, _request: GetRegionsRequest) -> Result<GetRegionsResponse, Status> {
    ctx.caller.require_read()?;
    let regions = CATALOGUE.iter().filter_map(|(id, ..)| region(id)).collect();
    Ok(GetRegionsResponse { regions })
}

/// GetRegion: one catalogue entry, NOT_FOUND for unknown ids.
pub fn get_region(ctx: &mut Ctx<'_>, request: GetRegionRequest) -> Result<GetRegionResponse, Status> {
    ctx.caller.require_read()?;
    validate::required("region", &request.region)?;
    let region = region(&request.region).ok_or_else(|| validate::not_found("region", &request.region))?;
    Ok(GetRegionResponse { region: Some(region) })
}
