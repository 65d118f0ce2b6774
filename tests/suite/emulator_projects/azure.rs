//! Azure (v0.18–v0.19.1): Azure regions in the catalogue, namespaces placed in them, Azure Blob
//! export sinks (for Azure namespaces only, their fields validated), and private connectivity
//! rules to an Azure private endpoint (`azure_pe_resource_id`).

use super::*;

use cloud_ops_gateway::pb::temporal::api::cloud::connectivityrule::v1::connectivity_rule_spec::ConnectionType;
use cloud_ops_gateway::pb::temporal::api::cloud::connectivityrule::v1::{
    ConnectivityRuleSpec, PrivateConnectivityRule,
};
use cloud_ops_gateway::pb::temporal::api::cloud::namespace::v1::ExportSinkSpec;
use cloud_ops_gateway::pb::temporal::api::cloud::region::v1::region::CloudProvider;
use cloud_ops_gateway::pb::temporal::api::cloud::sink::v1::{AzureBlobSpec, S3Spec};

const PE: &str = "/subscriptions/0f8fad5b-d9cb-469f-a165-70867728950e/resourceGroups/rg-temporal/providers/Microsoft.Network/privateEndpoints/pe-temporal";

fn blob() -> AzureBlobSpec {
    AzureBlobSpec {
        tenant_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
        storage_account: "acmeexports".into(),
        container_name: "temporal-history".into(),
        region: "eastus".into(),
        subscription_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
        resource_group: "rg-exports".into(),
    }
}

fn sink(name: &str, edit: impl Fn(&mut AzureBlobSpec)) -> ExportSinkSpec {
    let mut azure_blob = blob();
    edit(&mut azure_blob);
    ExportSinkSpec {
        name: name.into(),
        enabled: true,
        azure_blob: Some(azure_blob),
        ..Default::default()
    }
}

fn azure_rule(connection_id: &str, region: &str, pe: &str, gcp_project_id: &str) -> ConnectivityRuleSpec {
    ConnectivityRuleSpec {
        connection_type: Some(ConnectionType::PrivateRule(PrivateConnectivityRule {
            connection_id: connection_id.into(),
            gcp_project_id: gcp_project_id.into(),
            region: region.into(),
            azure_pe_resource_id: pe.into(),
        })),
    }
}

/// An ACTIVE namespace `name` in `region` (default project); its id.
async fn namespace_in(emu: &mut TestEmulator, name: &str, region: &str) -> String {
    let request = CreateNamespaceRequest {
        spec: Some(namespace_spec(name, region)),
        ..Default::default()
    };
    let id = emu
        .client
        .create_namespace(admin(request))
        .await
        .unwrap()
        .into_inner()
        .namespace;
    emu.finish_operations();
    id
}

#[tokio::test]
async fn azure_regions_are_in_the_catalogue_and_host_namespaces() {
    let mut emu = TestEmulator::start().await;
    let c = &mut emu.client;
    let all = c
        .get_regions(admin(GetRegionsRequest {}))
        .await
        .unwrap()
        .into_inner()
        .regions;
    let azure: Vec<&str> = all
        .iter()
        .filter(|r| r.cloud_provider == CloudProvider::Azure as i32)
        .map(|r| r.id.as_str())
        .collect();
    assert!(azure.len() >= 3, "{azure:?}");
    assert!(azure.iter().all(|id| id.starts_with("azure-")), "{azure:?}");
    let region = c
        .get_region(admin(GetRegionRequest {
            region: "azure-eastus".into(),
        }))
        .await
        .unwrap()
        .into_inner()
        .region
        .unwrap();
    assert_eq!(
        (region.cloud_provider, region.cloud_provider_region.as_str()),
        (CloudProvider::Azure as i32, "eastus")
    );
    assert!(!region.location.is_empty());
    let namespace = namespace_in(&mut emu, "on-azure", "azure-westeurope").await;
    let request = GetNamespaceRequest { namespace };
    let ns = emu
        .client
        .get_namespace(admin(request))
        .await
        .unwrap()
        .into_inner()
        .namespace
        .unwrap();
    assert_eq!(ns.active_region, "azure-westeurope");
    assert_eq!(
        ns.endpoints.unwrap().grpc_address,
        "westeurope.azure.api.temporal.io:7233"
    );
}

#[tokio::test]
async fn azure_blob_sinks_are_for_azure_namespaces_and_validated() {
    let mut emu = TestEmulator::start().await;
    let on_azure = namespace_in(&mut emu, "blobs", "azure-eastus").await;
    let on_aws = namespace_in(&mut emu, "buckets", "aws-us-east-1").await;
    let create = |namespace: &str, spec: ExportSinkSpec| CreateNamespaceExportSinkRequest {
        namespace: namespace.into(),
        spec: Some(spec),
        ..Default::default()
    };
    let s3 = ExportSinkSpec {
        name: "s3".into(),
        s3: Some(S3Spec {
            role_name: "r".into(),
            bucket_name: "b".into(),
            region: "us-east-1".into(),
            aws_account_id: "123456789012".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let both = ExportSinkSpec {
        azure_blob: Some(blob()),
        ..s3.clone()
    };
    let cases: Vec<(&str, ExportSinkSpec, &str)> = vec![
        (&on_azure, s3.clone(), "spec.s3"),
        (&on_aws, sink("blob", |_| {}), "spec.azure_blob"),
        (&on_azure, both, "spec"),
        (
            &on_azure,
            sink("b", |b| b.tenant_id.clear()),
            "spec.azure_blob.tenant_id",
        ),
        (
            &on_azure,
            sink("b", |b| b.tenant_id = "tenant".into()),
            "spec.azure_blob.tenant_id",
        ),
        (
            &on_azure,
            sink("b", |b| b.subscription_id = "0f8fad5b-d9cb".into()),
            "spec.azure_blob.subscription_id",
        ),
        (
            &on_azure,
            sink("b", |b| b.storage_account.clear()),
            "spec.azure_blob.storage_account",
        ),
        (
            &on_azure,
            sink("b", |b| b.storage_account = "Acme-Exports".into()),
            "spec.azure_blob.storage_account",
        ),
        (
            &on_azure,
            sink("b", |b| b.storage_account = "ab".into()),
            "spec.azure_blob.storage_account",
        ),
        (
            &on_azure,
            sink("b", |b| b.container_name.clear()),
            "spec.azure_blob.container_name",
        ),
        (
            &on_azure,
            sink("b", |b| b.container_name = "double--hyphen".into()),
            "spec.azure_blob.container_name",
        ),
        (
            &on_azure,
            sink("b", |b| b.container_name = "-leading".into()),
            "spec.azure_blob.container_name",
        ),
        (
            &on_azure,
            sink("b", |b| b.resource_group.clear()),
            "spec.azure_blob.resource_group",
        ),
        (
            &on_azure,
            sink("b", |b| b.resource_group = "ends.".into()),
            "spec.azure_blob.resource_group",
        ),
        (&on_azure, sink("b", |b| b.region.clear()), "spec.azure_blob.region"),
        (
            &on_azure,
            sink("b", |b| b.region = "East US".into()),
            "spec.azure_blob.region",
        ),
    ];
    for (namespace, spec, field) in cases {
        let result = emu
            .client
            .create_namespace_export_sink(admin(create(namespace, spec)))
            .await;
        refused(result, Code::InvalidArgument, field);
    }
    let validate = ValidateNamespaceExportSinkRequest {
        namespace: on_aws.clone(),
        spec: Some(sink("v", |_| {})),
    };
    let refusal = emu.client.validate_namespace_export_sink(admin(validate)).await;
    refused(refusal, Code::InvalidArgument, "spec.azure_blob");
    assert!(emu.emulator.with_state(|s| s.export_sinks.is_empty()), "nothing stored");

    let validate = ValidateNamespaceExportSinkRequest {
        namespace: on_azure.clone(),
        spec: Some(sink("history", |_| {})),
    };
    emu.client
        .validate_namespace_export_sink(admin(validate))
        .await
        .unwrap();
    emu.client
        .create_namespace_export_sink(admin(create(&on_azure, sink("history", |_| {}))))
        .await
        .unwrap();
    emu.finish_operations();
    let get = GetNamespaceExportSinkRequest {
        namespace: on_azure.clone(),
        name: "history".into(),
    };
    let stored = emu
        .client
        .get_namespace_export_sink(admin(get.clone()))
        .await
        .unwrap()
        .into_inner()
        .sink
        .unwrap();
    assert_eq!(stored.state, ResourceState::Active as i32);
    assert_eq!(stored.spec.clone().unwrap().azure_blob, Some(blob()));
    let update = UpdateNamespaceExportSinkRequest {
        namespace: on_azure.clone(),
        spec: Some(sink("history", |b| b.container_name = "archive-2".into())),
        resource_version: stored.resource_version.clone(),
        ..Default::default()
    };
    emu.client.update_namespace_export_sink(admin(update)).await.unwrap();
    emu.finish_operations();
    let updated = emu
        .client
        .get_namespace_export_sink(admin(get.clone()))
        .await
        .unwrap()
        .into_inner()
        .sink
        .unwrap();
    assert_eq!(updated.spec.unwrap().azure_blob.unwrap().container_name, "archive-2");
    let delete = DeleteNamespaceExportSinkRequest {
        namespace: on_azure.clone(),
        name: "history".into(),
        resource_version: updated.resource_version,
        ..Default::default()
    };
    emu.client.delete_namespace_export_sink(admin(delete)).await.unwrap();
    emu.finish_operations();
    assert_eq!(
        code(emu.client.get_namespace_export_sink(admin(get)).await),
        Code::NotFound
    );
}

#[tokio::test]
async fn azure_private_rules_name_the_private_endpoint() {
    let mut emu = TestEmulator::start().await;
    let create = |spec: ConnectivityRuleSpec| CreateConnectivityRuleRequest {
        spec: Some(spec),
        ..Default::default()
    };
    let malformed = PE.replace("privateEndpoints", "networkInterfaces");
    let no_subscription = PE.replace("0f8fad5b-d9cb-469f-a165-70867728950e", "acme");
    let cases = [
        (
            azure_rule("", "azure-eastus", "", ""),
            "spec.private_rule.azure_pe_resource_id",
        ),
        (
            azure_rule("", "azure-eastus", &malformed, ""),
            "spec.private_rule.azure_pe_resource_id",
        ),
        (
            azure_rule("", "azure-eastus", &no_subscription, ""),
            "spec.private_rule.azure_pe_resource_id",
        ),
        (
            azure_rule("", "azure-eastus", "pe-temporal", ""),
            "spec.private_rule.azure_pe_resource_id",
        ),
        (
            azure_rule("12345", "azure-eastus", PE, ""),
            "spec.private_rule.connection_id",
        ),
        (
            azure_rule("", "azure-eastus", PE, "acme"),
            "spec.private_rule.gcp_project_id",
        ),
        (azure_rule("", "azure-atlantis", PE, ""), "spec.private_rule.region"),
        (
            azure_rule("vpce-1", "aws-us-east-1", PE, ""),
            "spec.private_rule.azure_pe_resource_id",
        ),
        (
            azure_rule("psc-1", "gcp-us-central1", PE, "acme"),
            "spec.private_rule.azure_pe_resource_id",
        ),
    ];
    for (spec, field) in cases {
        refused(
            emu.client.create_connectivity_rule(admin(create(spec))).await,
            Code::InvalidArgument,
            field,
        );
    }
    assert!(emu.emulator.with_state(|s| s.connectivity_rules.is_empty()));

    let id = emu
        .client
        .create_connectivity_rule(admin(create(azure_rule("", "azure-eastus", PE, ""))))
        .await
        .unwrap()
        .into_inner()
        .connectivity_rule_id;
    let duplicate = emu
        .client
        .create_connectivity_rule(admin(create(azure_rule("", "azure-eastus", PE, ""))))
        .await;
    assert_eq!(code(duplicate), Code::AlreadyExists);
    emu.finish_operations();
    let request = GetConnectivityRuleRequest {
        connectivity_rule_id: id.clone(),
    };
    let rule = emu
        .client
        .get_connectivity_rule(admin(request))
        .await
        .unwrap()
        .into_inner()
        .connectivity_rule
        .unwrap();
    let Some(ConnectionType::PrivateRule(private)) = rule.spec.unwrap().connection_type else {
        panic!("a private rule");
    };
    assert_eq!(private.azure_pe_resource_id, PE);
    assert!(
        !private.connection_id.is_empty() && private.connection_id.chars().all(|c| c.is_ascii_digit()),
        "the Private Link id Azure's approval reports: {:?}",
        private.connection_id
    );
    assert_eq!(rule.project_id, DEFAULT_PROJECT_ID);

    // Namespaces in the rule's region use it; others cannot.
    let mut spec = namespace_spec("private-azure", "azure-eastus");
    spec.connectivity_rule_ids = vec![id.clone()];
    let request = CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    };
    emu.client.create_namespace(admin(request)).await.unwrap();
    let mut spec = namespace_spec("private-aws", "aws-us-east-1");
    spec.connectivity_rule_ids = vec![id];
    let request = CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    };
    refused(
        emu.client.create_namespace(admin(request)).await,
        Code::InvalidArgument,
        "spec.connectivity_rule_ids",
    );
}
