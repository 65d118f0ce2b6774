//! Where an export sink writes: exactly one of S3 (namespaces in AWS regions), GCS (GCP regions —
//! "GCS sink support for GCP Namespaces") or Azure Blob storage (Azure regions), each with its
//! required fields in the provider's own formats.

use tonic::Status;

use crate::emulator::validate;
use crate::pb::temporal::api::cloud::namespace::v1::ExportSinkSpec;
use crate::pb::temporal::api::cloud::region::v1::region::CloudProvider;
use crate::pb::temporal::api::cloud::sink::v1::{AzureBlobSpec, GcsSpec, S3Spec};

/// The destination of `spec`, for a namespace whose active region is hosted by `provider` (a
/// namespace without a region takes S3, as before other providers existed).
pub(super) fn check(provider: CloudProvider, spec: &ExportSinkSpec) -> Result<(), Status> {
    let expected = match provider {
        CloudProvider::Aws | CloudProvider::Unspecified => "spec.s3",
        CloudProvider::Gcp => "spec.gcs",
        CloudProvider::Azure => "spec.azure_blob",
    };
    let wrong = |field: &str, rule: &str| {
        let problem = format!(
            "{rule}; this namespace is in {}: use {expected}",
            provider.as_str_name()
        );
        validate::invalid(field, problem)
    };
    match (&spec.s3, &spec.gcs, &spec.azure_blob) {
        (Some(s3), None, None) if expected == "spec.s3" => check_s3(s3),
        (Some(_), None, None) => Err(wrong("spec.s3", "S3 sinks are for namespaces in AWS regions")),
        (None, Some(gcs), None) if expected == "spec.gcs" => check_gcs(gcs),
        (None, Some(_), None) => Err(wrong("spec.gcs", "GCS sinks are for namespaces in GCP regions")),
        (None, None, Some(blob)) if expected == "spec.azure_blob" => check_azure_blob(blob),
        (None, None, Some(_)) => Err(wrong(
            "spec.azure_blob",
            "Azure Blob sinks are for namespaces in Azure regions",
        )),
        _ => Err(validate::invalid(
            "spec",
            format!("set exactly one of s3, gcs or azure_blob ({expected} for this namespace)"),
        )),
    }
}

/// Role, bucket and region required; a 12-digit account id; a KMS key ARN if any.
fn check_s3(s3: &S3Spec) -> Result<(), Status> {
    validate::required("spec.s3.role_name", &s3.role_name)?;
    validate::required("spec.s3.bucket_name", &s3.bucket_name)?;
    validate::required("spec.s3.region", &s3.region)?;
    if s3.aws_account_id.len() != 12 || !s3.aws_account_id.chars().all(|c| c.is_ascii_digit()) {
        return Err(validate::invalid(
            "spec.s3.aws_account_id",
            "must be a 12-digit AWS account id",
        ));
    }
    if !s3.kms_arn.is_empty() && !s3.kms_arn.starts_with("arn:aws:kms:") {
        return Err(validate::invalid(
            "spec.s3.kms_arn",
            "must be an AWS KMS key ARN (arn:aws:kms:…)",
        ));
    }
    Ok(())
}

/// Service account, bucket, project and region required.
fn check_gcs(gcs: &GcsSpec) -> Result<(), Status> {
    validate::required("spec.gcs.sa_id", &gcs.sa_id)?;
    validate::required("spec.gcs.bucket_name", &gcs.bucket_name)?;
    validate::required("spec.gcs.gcp_project_id", &gcs.gcp_project_id)?;
    validate::required("spec.gcs.region", &gcs.region)
}

/// Every field required, in Azure's formats: tenant and subscription ids are GUIDs; a storage
/// account name is 3–24 lowercase letters and digits; a container name 3–63 lowercase letters,
/// digits and single hyphens, starting and ending with a letter or digit; a resource group 1–90
/// letters, digits, `_`, `-`, `.`, `(`, `)`, not ending with `.`; a region an Azure region name
/// (`eastus`).
fn check_azure_blob(blob: &AzureBlobSpec) -> Result<(), Status> {
    validate::guid("spec.azure_blob.tenant_id", &blob.tenant_id)?;
    validate::guid("spec.azure_blob.subscription_id", &blob.subscription_id)?;
    let field = "spec.azure_blob.storage_account";
    validate::required(field, &blob.storage_account)?;
    let account = &blob.storage_account;
    if !(3..=24).contains(&account.len()) || !account.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Err(validate::invalid(
            field,
            format!("{account:?}: 3-24 lowercase letters and digits"),
        ));
    }
    let field = "spec.azure_blob.container_name";
    validate::required(field, &blob.container_name)?;
    let container = &blob.container_name;
    let container_ok = (3..=63).contains(&container.len())
        && container
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !container.starts_with('-')
        && !container.ends_with('-')
        && !container.contains("--");
    if !container_ok {
        return Err(validate::invalid(
            field,
            format!(
                "{container:?}: 3-63 lowercase letters, digits and single hyphens, starting and ending with a \
                 letter or digit"
            ),
        ));
    }
    let field = "spec.azure_blob.resource_group";
    validate::required(field, &blob.resource_group)?;
    let group = &blob.resource_group;
    let group_ok = group.chars().count() <= 90
        && group
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'))
        && !group.ends_with('.');
    if !group_ok {
        return Err(validate::invalid(
            field,
            format!("{group:?}: up to 90 letters, digits, _ - . ( ), not ending with a period"),
        ));
    }
    let field = "spec.azure_blob.region";
    validate::required(field, &blob.region)?;
    if !blob
        .region
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Err(validate::invalid(
            field,
            format!("{:?}: an Azure region name such as \"eastus\"", blob.region),
        ));
    }
    Ok(())
}
