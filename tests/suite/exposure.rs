//! What the gateway exposes and how: static documents compressed once, security headers on the docs UI, the docs served only on the metrics listener when asked, and the Host rules of HTTP/1.1.

mod starvation;

use std::io::Read as _;
use std::time::Duration;

use cloud_ops_gateway::openapi::assets::{self, encoding::Coding};
use cloud_ops_gateway::routes::by_rpc;
use reqwest::header::HeaderMap;

use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, client, encode_json, metrics_text, start_gateway};

const KEY: &str = "Bearer exposure-test-key";

/// `GET base+path` with `Accept-Encoding: accept` (reqwest here neither sends one of its own nor
/// decodes): status, headers and the raw body.
async fn fetch(base: &str, path: &str, accept: Option<&str>) -> (u16, HeaderMap, Vec<u8>) {
    let mut request = client().get(format!("{base}{path}"));
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).map_or("", |v| v.to_str().unwrap())
}

fn decode(coding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "" => out.extend_from_slice(body),
        "gzip" => {
            flate2::read::GzDecoder::new(body).read_to_end(&mut out).unwrap();
        }
        "br" => {
            brotli::Decompressor::new(body, 4096).read_to_end(&mut out).unwrap();
        }
        other => panic!("unexpected content coding {other}"),
    }
    out
}

#[tokio::test]
async fn every_variant_decodes_to_the_exact_document_with_its_own_etag() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    for path in [
        "/openapi.json",
        "/openapi.yaml",
        "/docs/",
        "/docs/swagger-initializer.js",
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-ui.css",
    ] {
        let (status, _, identity) = fetch(&gateway.base, path, None).await;
        assert_eq!(status, 200, "{path}");
        let mut etags = Vec::new();
        for (accept, coding) in [(None, ""), (Some("gzip"), "gzip"), (Some("br"), "br")] {
            let (status, headers, body) = fetch(&gateway.base, path, accept).await;
            assert_eq!(status, 200, "{path} {accept:?}");
            assert_eq!(header(&headers, "content-encoding"), coding, "{path} {accept:?}");
            assert_eq!(header(&headers, "content-length"), body.len().to_string(), "{path}");
            assert_eq!(header(&headers, "vary"), "accept-encoding", "{path}");
            assert_eq!(decode(coding, &body), identity, "{path} {coding}");
            if !coding.is_empty() && identity.len() > 100_000 {
                assert!(body.len() * 2 < identity.len(), "{path} {coding}: {} bytes", body.len());
            }
            etags.push(header(&headers, "etag").to_string());
        }
        assert!(
            etags.iter().all(|e| e.starts_with('"') && e.ends_with('"')),
            "strong: {etags:?}"
        );
        assert!(
            etags[0] != etags[1] && etags[1] != etags[2] && etags[0] != etags[2],
            "{etags:?}"
        );
    }
    let (_, _, json) = fetch(&gateway.base, "/openapi.json", Some("br")).await;
    assert_eq!(decode("br", &json), cloud_ops_gateway::openapi::json().as_bytes());
    let (_, _, yaml) = fetch(&gateway.base, "/openapi.yaml", Some("gzip")).await;
    assert_eq!(decode("gzip", &yaml), cloud_ops_gateway::openapi::yaml().as_bytes());
    let head = client()
        .head(format!("{}/openapi.json", gateway.base))
        .send()
        .await
        .unwrap();
    let length = cloud_ops_gateway::openapi::json().len().to_string();
    assert_eq!(header(head.headers(), "content-length"), length, "HEAD");
}

#[tokio::test]
async fn accept_encoding_is_negotiated_by_q_value_with_refusals_and_the_wildcard() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    for (accept, expected) in [
        ("gzip, deflate, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0.5, gzip;q=0.4", "br"),
        ("br;q=0, gzip;q=0", ""),
        ("gzip;q=0.5, identity", ""),
        ("*", "br"),
        ("br;q=0, *", "gzip"),
        ("*;q=0, identity", ""),
        ("zstd, deflate", ""),
        ("", ""),
    ] {
        let (status, headers, _) = fetch(&gateway.base, "/openapi.json", Some(accept)).await;
        assert_eq!(status, 200, "{accept:?}");
        assert_eq!(header(&headers, "content-encoding"), expected, "{accept:?}");
    }
    for refusal in ["identity;q=0", "*;q=0"] {
        let (status, _, body) = fetch(&gateway.base, "/openapi.json", Some(refusal)).await;
        assert_eq!(status, 406, "{refusal}");
        let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(error["code"], 3, "{error}");
        assert!(
            error["message"].as_str().unwrap().contains("Accept-Encoding"),
            "{error}"
        );
    }
    let (status, headers, _) = fetch(&gateway.base, "/docs/favicon-32x32.png", Some("br, gzip")).await;
    assert_eq!(
        (status, header(&headers, "content-encoding")),
        (200, ""),
        "PNG stays as it is"
    );
}

#[tokio::test]
async fn if_none_match_revalidates_each_variant_with_304() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let (_, headers, _) = fetch(&gateway.base, "/docs/swagger-ui-bundle.js", Some("br")).await;
    let etag = header(&headers, "etag").to_string();
    let conditional = |accept: &'static str, tag: String| {
        client()
            .get(format!("{}/docs/swagger-ui-bundle.js", gateway.base))
            .header("accept-encoding", accept)
            .header("if-none-match", tag)
            .send()
    };
    for tag in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"other\", {etag}"),
        "*".into(),
    ] {
        let response = conditional("gzip, br", tag.clone()).await.unwrap();
        assert_eq!(response.status(), 304, "{tag}");
        assert_eq!(header(response.headers(), "etag"), etag);
        assert_eq!(header(response.headers(), "vary"), "accept-encoding");
        assert!(response.bytes().await.unwrap().is_empty());
    }
    let other_variant = conditional("gzip", etag.clone()).await.unwrap();
    assert_eq!(
        other_variant.status(),
        200,
        "the br tag does not validate the gzip variant"
    );
    assert_eq!(header(other_variant.headers(), "content-encoding"), "gzip");
}

#[tokio::test]
async fn the_compression_layer_leaves_precompressed_bodies_alone() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let asset = assets::get("/openapi.json").unwrap();
    // tower-http skips a response that already has Content-Encoding: the bytes on the wire are the
    // ones compressed at start-up, Content-Length kept (the layer drops it when it compresses).
    for (accept, coding) in [("br", Coding::Brotli), ("gzip", Coding::Gzip)] {
        let (_, headers, body) = fetch(&gateway.base, "/openapi.json", Some(accept)).await;
        assert_eq!(body, asset.variant(coding).1.body, "{accept}");
        assert_eq!(header(&headers, "content-length"), body.len().to_string());
    }
    // Identity has no Content-Encoding, so the layer is told by the `Precompressed` mark. Here the
    // two negotiations differ (ours takes the first `gzip` entry, tower-http the best one): without
    // the mark the layer would gzip the document on every request.
    let (_, headers, body) = fetch(&gateway.base, "/openapi.json", Some("gzip;q=0, gzip")).await;
    assert_eq!(header(&headers, "content-encoding"), "");
    assert_eq!(body, cloud_ops_gateway::openapi::json().as_bytes());
}

#[tokio::test]
async fn small_error_bodies_go_out_uncompressed_and_large_api_bodies_gzipped() {
    let upstream = Recorder::start().await;
    let route = by_rpc("GetUsers").unwrap();
    let users: Vec<String> = (0..60)
        .map(|i| format!(r#"{{"id": "u{i}", "spec": {{"email": "user{i}@example.com"}}}}"#))
        .collect();
    let body = encode_json(route.output_type, &format!(r#"{{"users": [{}]}}"#, users.join(",")));
    let answer = Answer {
        body: body.into(),
        ..Default::default()
    };
    upstream.answer(route.grpc_path, answer);
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let (status, headers, body) = fetch(&gateway.base, "/cloud/nope", Some("gzip, br")).await;
    assert_eq!((status, header(&headers, "content-encoding")), (404, ""));
    assert!(body.len() < 1024, "{} bytes", body.len());
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["code"], 5);

    let response = client()
        .get(format!("{}/cloud/users", gateway.base))
        .header("authorization", KEY)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "content-encoding"), "gzip");
    let listed: serde_json::Value = serde_json::from_slice(&decode("gzip", &response.bytes().await.unwrap())).unwrap();
    assert_eq!(listed["users"].as_array().unwrap().len(), 60);
}

#[tokio::test]
async fn the_docs_ui_and_the_documents_carry_security_headers() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    for path in [
        "/docs/",
        "/docs/swagger-ui-bundle.js",
        "/docs/nope.js",
        "/openapi.json",
        "/openapi.yaml",
    ] {
        let (_, headers, _) = fetch(&gateway.base, path, Some("br")).await;
        let csp = header(&headers, "content-security-policy");
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe"), "{path}: {csp}");
        if path.starts_with("/docs/") {
            for directive in [
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src 'self'",
            ] {
                assert!(csp.contains(directive), "{path}: {csp}");
            }
        }
        assert_eq!(header(&headers, "x-frame-options"), "DENY", "{path}");
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&headers, "referrer-policy"), "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn docs_on_metrics_listener_moves_the_docs_off_the_api_listener() {
    use clap::Parser as _;
    use cloud_ops_gateway::config::{Cli, Command};
    let upstream = Recorder::start().await;
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cli = Cli::try_parse_from([
        "cloud-ops-gateway",
        "serve",
        "--upstream",
        &upstream.url(),
        "--metrics-listen",
        &format!("127.0.0.1:{metrics_port}"),
        "--docs-on-metrics-listener",
    ])
    .unwrap();
    let Command::Serve(args) = cli.command else {
        unreachable!()
    };
    let upstream_config = args.gateway.upstream_config(args.upstream.clone(), false);
    let gateway = cloud_ops_gateway::serve::build_gateway(&args.gateway, &upstream_config)
        .unwrap_or_else(|_| panic!("valid options"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let stopped = async {
            let _ = stopped.await;
        };
        let _ = cloud_ops_gateway::serve::serve_gateway(listener, gateway, &args.gateway, stopped).await;
    });
    let metrics = format!("http://127.0.0.1:{metrics_port}");
    let mut up = false;
    for _ in 0..100 {
        up = client().get(format!("{metrics}/metrics")).send().await.is_ok();
        if up {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "the metrics listener never answered");
    for path in [
        "/docs",
        "/docs/",
        "/docs/swagger-ui.css",
        "/openapi.json",
        "/openapi.yaml",
    ] {
        let (status, _, body) = fetch(&api, path, None).await;
        assert_eq!(status, 404, "{path} on the API listener");
        let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(error["code"], 5, "{path}: {error}");
        // (reqwest follows `/docs`' redirect to `/docs/`.)
        let (status, headers, _) = fetch(&metrics, path, Some("br")).await;
        assert_eq!(status, 200, "{path} on the metrics listener");
        assert_eq!(header(&headers, "x-frame-options"), "DENY", "{path}");
    }
    assert_eq!(fetch(&api, "/healthz", None).await.0, 200);
    assert_eq!(fetch(&metrics, "/metrics", None).await.0, 200);
    let (status, _, body) = fetch(&metrics, "/cloud/users", None).await;
    assert_eq!(status, 404, "the API is not on the metrics listener");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    let _ = stop.send(());
}

/// Sends `head` on a fresh connection and reads the answer until the gateway closes it.
async fn raw_exchange(base: &str, head: &str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn http1_requests_need_exactly_one_valid_host() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let authority = gateway.base.trim_start_matches("http://").to_string();
    let refused = [
        "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
        "GET /healthz HTTP/1.1\r\nHost: gw\r\nHost: gw\r\nConnection: close\r\n\r\n".into(),
        "GET /healthz HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n".into(),
        "GET /healthz HTTP/1.1\r\nHost: user@gw\r\nConnection: close\r\n\r\n".into(),
        format!("GET http://{authority}/healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
    ];
    for head in &refused {
        let answer = raw_exchange(&gateway.base, head).await;
        assert!(
            answer.starts_with("HTTP/1.") && answer[8..].starts_with(" 400 "),
            "{head:?} → {answer:?}"
        );
        let (_, body) = answer.split_once("\r\n\r\n").unwrap();
        let error: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
        assert_eq!(error["code"], 3, "{error}");
        assert!(error["message"].as_str().unwrap().contains("Host"), "{error}");
    }
    for head in [
        "GET /healthz HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n".to_string(),
        "GET /healthz HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n".into(),
        "GET /healthz HTTP/1.0\r\n\r\n".into(),
        format!("GET http://{authority}/healthz HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n"),
    ] {
        let answer = raw_exchange(&gateway.base, &head).await;
        assert!(
            answer.starts_with("HTTP/1.") && answer[8..].starts_with(" 200 "),
            "{head:?} → {answer:?}"
        );
    }
    // HTTP/2 names the authority in `:authority`; hyper's client sends no Host header.
    let stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let io = hyper_util::rt::TokioIo::new(stream);
    let (mut sender, connection) = hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
        .await
        .unwrap();
    tokio::spawn(connection);
    let request = http::Request::get(format!("{}/healthz", gateway.base))
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .unwrap();
    assert_eq!(sender.send_request(request).await.unwrap().status(), 200);
    let metrics = metrics_text(&gateway.base).await;
    let line = format!(
        r#"cloud_ops_gateway_requests_total{{route="unmatched",method="GET",rpc="none",code="INVALID_ARGUMENT"}} {}"#,
        refused.len()
    );
    assert!(metrics.contains(&line), "{line} missing:\n{metrics}");
}
