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
    let not_found = client()
        .get(format!("{}/cloud/nope", gateway.base))
        .send()
        .await
        .unwrap();
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

/// Sends `head` on a fresh connection and reads the answer until the gateway closes it.
async fn raw_exchange(base: &str, head: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    // The parser may answer and close before it has read everything: a failed write is fine.
    let _ = stream.write_all(head).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn answers_the_http_parser_makes_itself_carry_the_json_error_shape() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let long_target = format!("GET /cloud/users/{} HTTP/1.1\r\nHost: gw\r\n\r\n", "u".repeat(70_000));
    let control_byte = b"GET /cloud/users HTTP/1.1\r\nHost: gw\r\nX-Bad: a\x01b\r\n\r\n".to_vec();
    let huge_head = format!(
        "GET /cloud/users HTTP/1.1\r\nHost: gw\r\nX-Filler: {}\r\n\r\n",
        "f".repeat(500_000)
    );
    for (head, status, kind, code) in [
        (long_target.into_bytes(), 414, "uri_too_long", 8),
        (control_byte, 400, "malformed_http", 3),
        (huge_head.into_bytes(), 431, "headers_too_large", 8),
    ] {
        let answer = raw_exchange(&gateway.base, &head).await;
        assert!(answer.starts_with(&format!("HTTP/1.1 {status} ")), "{answer:?}");
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("{answer:?}"));
        assert!(head.contains(&format!("\r\nx-gateway-error: {kind}\r\n")), "{head}");
        assert!(head.contains("\r\ncontent-type: application/json\r\n"), "{head}");
        let json: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
        assert_eq!(json["code"], code, "{json}");
        assert!(json["message"].is_string() && json["details"].is_array(), "{json}");
    }
    let metrics = crate::common::metrics_text(&gateway.base).await;
    assert!(
        metrics.contains("cloud_ops_gateway_http_parse_errors_total 3"),
        "{metrics}"
    );
}
