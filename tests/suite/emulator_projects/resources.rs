//! `project_id` on the resources a project holds: namespaces, Nexus endpoints and connectivity
//! rules go into the project a create names (the default one without it; NOT_FOUND for an unknown
//! one), report it, and their lists filter by it; a namespace only uses its own project's
//! connectivity rules.

use super::*;

use cloud_ops_gateway::pb::temporal::api::cloud::connectivityrule::v1::connectivity_rule_spec::ConnectionType;
use cloud_ops_gateway::pb::temporal::api::cloud::connectivityrule::v1::{ConnectivityRuleSpec, PublicConnectivityRule};
use cloud_ops_gateway::pb::temporal::api::cloud::nexus::v1::endpoint_target_spec::Variant as TargetVariant;
use cloud_ops_gateway::pb::temporal::api::cloud::nexus::v1::{EndpointSpec, EndpointTargetSpec, WorkerTargetSpec};

fn endpoint_spec(name: &str, target: &str) -> EndpointSpec {
    EndpointSpec {
        name: name.into(),
        target_spec: Some(EndpointTargetSpec {
            variant: Some(TargetVariant::WorkerTargetSpec(WorkerTargetSpec {
                namespace_id: target.into(),
                task_queue: "tq".into(),
            })),
        }),
        ..Default::default()
    }
}

fn public_rule(stable_ips: bool) -> ConnectivityRuleSpec {
    ConnectivityRuleSpec {
        connection_type: Some(ConnectionType::PublicRule(PublicConnectivityRule {
            enable_stable_ips: stable_ips,
        })),
    }
}

#[tokio::test]
async fn resources_belong_to_the_project_named_or_the_default_one_and_lists_filter_by_it() {
    let mut emu = TestEmulator::start().await;
    emu.emulator.with_state(two_projects);
    let in_default = create_namespace(&mut emu, ADMIN_KEY, "plain", "").await.unwrap();
    let in_p1 = create_namespace(&mut emu, ADMIN_KEY, "one", P1).await.unwrap();
    let unknown = create_namespace(&mut emu, ADMIN_KEY, "lost", "nope").await;
    refused(unknown, Code::NotFound, "project_id");

    let c = &mut emu.client;
    for (key, project) in [(&in_default, DEFAULT_PROJECT_ID), (&in_p1, P1)] {
        let request = GetNamespaceRequest { namespace: key.clone() };
        let ns = c
            .get_namespace(admin(request))
            .await
            .unwrap()
            .into_inner()
            .namespace
            .unwrap();
        assert_eq!(ns.project_id, project, "{key}");
    }
    let list = |project_id: &str| GetNamespacesRequest {
        project_id: project_id.into(),
        ..Default::default()
    };
    let names = |r: GetNamespacesResponse| r.namespaces.into_iter().map(|n| n.namespace).collect::<Vec<_>>();
    assert_eq!(
        names(c.get_namespaces(admin(list(P1))).await.unwrap().into_inner()),
        [in_p1.as_str()]
    );
    assert_eq!(
        names(
            c.get_namespaces(admin(list(DEFAULT_PROJECT_ID)))
                .await
                .unwrap()
                .into_inner()
        ),
        [in_default.as_str()]
    );
    assert!(names(c.get_namespaces(admin(list(P2))).await.unwrap().into_inner()).is_empty());
    assert_eq!(
        names(c.get_namespaces(admin(list(""))).await.unwrap().into_inner()).len(),
        2
    );
    assert_eq!(code(c.get_namespaces(admin(list("nope"))).await), Code::NotFound);

    let endpoint = |name: &str, project: &str| CreateNexusEndpointRequest {
        spec: Some(endpoint_spec(name, &in_p1)),
        project_id: project.into(),
        ..Default::default()
    };
    let e1 = c
        .create_nexus_endpoint(admin(endpoint("e-one", P1)))
        .await
        .unwrap()
        .into_inner()
        .endpoint_id;
    let e0 = c
        .create_nexus_endpoint(admin(endpoint("e-zero", "")))
        .await
        .unwrap()
        .into_inner()
        .endpoint_id;
    refused(
        c.create_nexus_endpoint(admin(endpoint("e-x", "nope"))).await,
        Code::NotFound,
        "project_id",
    );
    let endpoints = |project_id: &str| GetNexusEndpointsRequest {
        project_id: project_id.into(),
        ..Default::default()
    };
    let listed = c
        .get_nexus_endpoints(admin(endpoints(P1)))
        .await
        .unwrap()
        .into_inner()
        .endpoints;
    assert_eq!(
        listed
            .iter()
            .map(|e| (e.id.clone(), e.project_id.clone()))
            .collect::<Vec<_>>(),
        [(e1, P1.to_string())]
    );
    let listed = c
        .get_nexus_endpoints(admin(endpoints(DEFAULT_PROJECT_ID)))
        .await
        .unwrap()
        .into_inner()
        .endpoints;
    assert_eq!(listed.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), [e0]);
    assert_eq!(
        code(c.get_nexus_endpoints(admin(endpoints("nope"))).await),
        Code::NotFound
    );

    let rule = |stable_ips: bool, project: &str| CreateConnectivityRuleRequest {
        spec: Some(public_rule(stable_ips)),
        project_id: project.into(),
        ..Default::default()
    };
    let r1 = c
        .create_connectivity_rule(admin(rule(true, P1)))
        .await
        .unwrap()
        .into_inner()
        .connectivity_rule_id;
    let r0 = c
        .create_connectivity_rule(admin(rule(false, "")))
        .await
        .unwrap()
        .into_inner()
        .connectivity_rule_id;
    refused(
        c.create_connectivity_rule(admin(rule(true, "nope"))).await,
        Code::NotFound,
        "project_id",
    );
    let rules = |project_id: &str| GetConnectivityRulesRequest {
        project_id: project_id.into(),
        ..Default::default()
    };
    let listed = c
        .get_connectivity_rules(admin(rules(P1)))
        .await
        .unwrap()
        .into_inner()
        .connectivity_rules;
    assert_eq!(
        listed
            .iter()
            .map(|r| (r.id.clone(), r.project_id.clone()))
            .collect::<Vec<_>>(),
        [(r1.clone(), P1.to_string())]
    );
    let listed = c
        .get_connectivity_rules(admin(rules("")))
        .await
        .unwrap()
        .into_inner()
        .connectivity_rules;
    assert_eq!(listed.len(), 2);
    assert_eq!(
        code(c.get_connectivity_rules(admin(rules("nope"))).await),
        Code::NotFound
    );

    // A namespace uses the connectivity rules of its own project only.
    emu.finish_operations();
    let mut spec = namespace_spec("ruled", "aws-us-east-1");
    spec.connectivity_rule_ids = vec![r1.clone()];
    let request = CreateNamespaceRequest {
        spec: Some(spec.clone()),
        ..Default::default()
    };
    refused(
        emu.client.create_namespace(admin(request)).await,
        Code::InvalidArgument,
        "spec.connectivity_rule_ids",
    );
    let request = CreateNamespaceRequest {
        spec: Some(spec),
        project_id: P1.into(),
        ..Default::default()
    };
    emu.client.create_namespace(admin(request)).await.unwrap();
    let mut spec = namespace_spec("ruled-too", "aws-us-east-1");
    spec.connectivity_rule_ids = vec![r0];
    let request = CreateNamespaceRequest {
        spec: Some(spec),
        ..Default::default()
    };
    emu.client.create_namespace(admin(request)).await.unwrap();
}
