//! Every route, end to end over real sockets: HTTP request → gateway → recording fake upstream.
//! For every RPC of the compiled protos it asserts the exact request message the upstream received,
//! the forwarded bearer key, the pinned API version, and the JSON the caller got back.

use crate::common;

use std::collections::BTreeSet;

use cloud_ops_gateway::routes::{ROUTES, by_rpc};
use common::recorder::{Answer, Recorder};
use common::route_cases::{EVERY_ROUTE, ROUTE_CASES, RouteCase, generated};
use common::{Options, client, decode_to_json, encode_json, start_gateway};

/// Counts come from the descriptors: a proto upgrade needs no edit here. Hand-written cases are
/// optional per RPC (the rest get one made from the descriptors), but each names a real RPC once.
#[test]
fn every_cloud_service_method_has_exactly_one_route_and_at_most_one_hand_written_case() {
    let service = cloud_ops_gateway::pb::pool()
        .get_service_by_name("temporal.api.cloud.cloudservice.v1.CloudService")
        .unwrap();
    let methods: Vec<String> = service.methods().map(|m| m.name().to_string()).collect();
    let routes: Vec<String> = ROUTES.iter().map(|r| r.rpc.to_string()).collect();
    assert!(!methods.is_empty());
    assert_eq!(routes, methods, "one route per method, in service order");
    let cases: Vec<String> = ROUTE_CASES.iter().map(|c| c.rpc.to_string()).collect();
    let in_order: Vec<String> = methods.iter().filter(|m| cases.contains(m)).cloned().collect();
    assert_eq!(
        cases, in_order,
        "hand-written cases name real methods, once each, in service order"
    );
    let every: Vec<&str> = EVERY_ROUTE.iter().map(|c| c.rpc).collect();
    assert_eq!(every, routes, "one case per route");
    let unique: BTreeSet<(String, &str)> = ROUTES
        .iter()
        .map(|r| (r.verb.method().to_string(), r.template))
        .collect();
    assert_eq!(unique.len(), ROUTES.len(), "no two routes share verb and path");
}

#[tokio::test]
async fn every_route_forwards_the_exact_request_and_renders_the_response() {
    check_forwarding(&EVERY_ROUTE).await;
}

/// The generated cases are trustworthy for a future RPC only if they pass for today's: run them for
/// every route, including those with a hand-written case.
#[tokio::test]
async fn the_cases_made_from_the_descriptors_pass_for_every_route() {
    let generated: Vec<&RouteCase> = ROUTES.iter().map(generated::case).collect();
    check_forwarding(&generated).await;
}

async fn check_forwarding(cases: &[&'static RouteCase]) {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let http = client();
    let mut failures = Vec::new();

    for case in cases {
        let route = by_rpc(case.rpc).unwrap();
        assert_eq!(route.verb.method().as_str(), case.method, "{}: verb", case.rpc);
        upstream.clear();
        upstream.answer(
            route.grpc_path,
            Answer {
                body: encode_json(route.output_type, case.upstream_response).into(),
                ..Default::default()
            },
        );
        let key = format!("test-key-{}", case.rpc);
        let mut request = http
            .request(case.method.parse().unwrap(), format!("{}{}", gateway.base, case.uri))
            .header("authorization", format!("Bearer {key}"));
        if let Some(body) = case.body {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let version = response.headers().get("temporal-cloud-api-version").cloned();
        let text = response.text().await.unwrap();
        if status != 200 {
            failures.push(format!("{}: HTTP {status}: {text}", case.rpc));
            continue;
        }
        assert_eq!(version.unwrap(), cloud_ops_gateway::pb::API_VERSION, "{}", case.rpc);

        let calls = upstream.calls();
        assert_eq!(calls.len(), 1, "{}: exactly one upstream call", case.rpc);
        let call = &calls[0];
        assert_eq!(call.path, route.grpc_path, "{}", case.rpc);
        assert_eq!(
            call.metadata["authorization"],
            format!("Bearer {key}").as_str(),
            "{}",
            case.rpc
        );
        assert_eq!(
            call.metadata["temporal-cloud-api-version"],
            cloud_ops_gateway::pb::API_VERSION,
            "{}",
            case.rpc
        );

        let mut received = decode_to_json(route.input_type, &call.body);
        let expected: serde_json::Value = serde_json::from_str(case.upstream_request).unwrap();
        common::drop_filled_operation_id(&mut received, &expected);
        if received != expected {
            failures.push(format!(
                "{}: upstream received {received}\n    expected {expected}",
                case.rpc
            ));
        }
        let rendered: serde_json::Value = serde_json::from_str(&text).unwrap();
        let canonical: serde_json::Value = serde_json::from_str(case.upstream_response).unwrap();
        if rendered != canonical {
            failures.push(format!(
                "{}: gateway answered {rendered}\n    canonical {canonical}",
                case.rpc
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} routes failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Messages far larger than the upstream codec's initial 1 KiB buffers cross intact both ways:
/// a ~90 KiB CreateNamespace body in, a ~300 KiB GetUsers answer out.
#[tokio::test]
async fn large_messages_cross_intact_both_ways() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;

    let users: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"id": format!("user-{i}"), "spec": {"email": format!("user-{i}@example.com")}}))
        .collect();
    let answer = serde_json::json!({"users": users, "nextPageToken": "next"});
    let get_users = by_rpc("GetUsers").unwrap();
    upstream.answer(
        get_users.grpc_path,
        Answer {
            body: encode_json(get_users.output_type, &answer.to_string()).into(),
            ..Default::default()
        },
    );
    let response = client()
        .get(format!("{}/cloud/users", gateway.base))
        .header("authorization", "Bearer k")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, answer, "all 3000 users, unchanged");

    let attributes: serde_json::Map<String, serde_json::Value> = (0..3000)
        .map(|i| (format!("Attribute{i:04}"), "SEARCH_ATTRIBUTE_TYPE_KEYWORD".into()))
        .collect();
    let request = serde_json::json!({"spec": {"name": "big", "regions": ["aws-us-east-1"], "retentionDays": 7,
        "searchAttributes": attributes}});
    let create = by_rpc("CreateNamespace").unwrap();
    upstream.answer(create.grpc_path, Answer::default());
    let response = client()
        .post(format!("{}/cloud/namespaces", gateway.base))
        .header("authorization", "Bearer k")
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut received = decode_to_json(create.input_type, &upstream.calls()[1].body);
    common::drop_filled_operation_id(&mut received, &request);
    assert_eq!(received, request, "the upstream got every search attribute");
}
