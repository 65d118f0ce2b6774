//! Requests that reach no RPC — an unknown path (404), a wrong method (405), oversized headers
//! (431) — are counted and answered like every other, and `/metrics` says which format it serves.

use crate::common::recorder::Recorder;
use crate::common::{Options, client, start_gateway};

#[tokio::test]
async fn requests_that_reach_no_rpc_are_counted_by_route_and_code() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let http = client();
    let not_found = http.get(format!("{}/cloud/nope", gateway.base)).send().await.unwrap();
    assert_eq!(not_found.status(), 404);
    assert!(not_found.headers().contains_key("temporal-cloud-api-version"));
    let wrong_method = http.put(format!("{}/cloud/users", gateway.base)).send().await.unwrap();
    assert_eq!(wrong_method.status(), 405);
    let huge = http
        .get(format!("{}/cloud/users", gateway.base))
        .header("x-filler", "f".repeat(20_000))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 431);

    let metrics = http.get(format!("{}/metrics", gateway.base)).send().await.unwrap();
    assert_eq!(
        metrics.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = metrics.text().await.unwrap();
    for line in [
        r#"cloud_ops_gateway_requests_total{route="unmatched",method="GET",rpc="none",code="NOT_FOUND"} 1"#,
        r#"cloud_ops_gateway_requests_total{route="/cloud/users",method="PUT",rpc="none",code="UNIMPLEMENTED"} 1"#,
        r#"cloud_ops_gateway_requests_total{route="unmatched",method="GET",rpc="none",code="RESOURCE_EXHAUSTED"} 1"#,
        "# TYPE cloud_ops_gateway_requests_total counter",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    assert!(!text.contains("# EOF"), "Prometheus text has no EOF marker");
}

#[tokio::test]
async fn a_scraper_that_prefers_openmetrics_gets_openmetrics() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let not_found = client().get(format!("{}/cloud/nope", gateway.base)).send().await.unwrap();
    assert_eq!(not_found.status(), 404);
    let metrics = client()
        .get(format!("{}/metrics", gateway.base))
        .header(
            "accept",
            "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        metrics.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = metrics.text().await.unwrap();
    assert!(text.contains("# TYPE cloud_ops_gateway_requests counter"), "{text}");
    assert!(text.ends_with("# EOF\n"), "{text}");
}
