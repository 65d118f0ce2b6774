//! Inbound TLS with a real client: curl, trusting the test CA only, over HTTP/1.1 and HTTP/2
//! (ALPN), and a certificate replaced on disk is served without a restart.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cloud_ops_gateway::tls::TlsFiles;

use crate::common::recorder::Recorder;
use crate::common::{Options, TestGateway, start_gateway};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// A directory with a copy of the `gateway-a` certificate and key, as a deployment would have.
fn cert_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cog-tls-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("gateway-a.pem"), dir.join("cert.pem")).unwrap();
    std::fs::copy(fixture("gateway-a.key"), dir.join("key.pem")).unwrap();
    dir
}

async fn tls_gateway(dir: &Path) -> (Recorder, TestGateway) {
    let upstream = Recorder::start().await;
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
        reload_interval: Duration::from_millis(100),
    };
    let gateway = start_gateway(
        &upstream.url(),
        Options {
            tls: Some(files),
            ..Options::default()
        },
    )
    .await;
    (upstream, gateway)
}

/// curl `url` trusting only the test CA: (HTTP version, status, curl's verbose log).
async fn curl(url: &str, version_flag: &'static str) -> (String, String, String) {
    let (url, ca) = (url.to_string(), fixture("ca.pem"));
    tokio::task::spawn_blocking(move || {
        let out = Command::new("curl")
            .args(["-sS", "-v", "--max-time", "5", version_flag, "--cacert"])
            .arg(&ca)
            .args(["-o", "/dev/null", "-w", "%{http_version} %{http_code}", &url])
            .output()
            .expect("curl runs");
        let written = String::from_utf8_lossy(&out.stdout).into_owned();
        let (version, status) = written.split_once(' ').unwrap_or_default();
        (
            version.to_string(),
            status.to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn curl_speaks_http1_and_http2_over_tls_to_the_gateway() {
    let dir = cert_dir("versions");
    let (_upstream, gateway) = tls_gateway(&dir).await;
    assert!(gateway.base.starts_with("https://"), "{}", gateway.base);
    let url = format!("{}/healthz", gateway.base);
    let (version, status, log) = curl(&url, "--http1.1").await;
    assert_eq!((version.as_str(), status.as_str()), ("1.1", "200"), "{log}");
    let (version, status, log) = curl(&url, "--http2").await;
    assert_eq!((version.as_str(), status.as_str()), ("2", "200"), "{log}");
    assert!(
        log.contains("ALPN: server accepted h2") || log.contains("ALPN, server accepted to use h2"),
        "{log}"
    );
    // API paths are routed over TLS as over plaintext.
    let (_, status, log) = curl(&format!("{}/cloud/nope", gateway.base), "--http2").await;
    assert_eq!(status, "404", "{log}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_certificate_replaced_on_disk_is_served_without_a_restart() {
    let dir = cert_dir("reload");
    let (_upstream, gateway) = tls_gateway(&dir).await;
    let url = format!("{}/healthz", gateway.base);
    let (_, status, log) = curl(&url, "--http1.1").await;
    assert_eq!(status, "200", "{log}");
    assert!(log.contains("CN=gateway-a"), "{log}");

    // A half-done rotation (new certificate, old key) keeps the current pair in service.
    std::fs::copy(fixture("gateway-b.pem"), dir.join("cert.pem")).unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (_, status, log) = curl(&url, "--http1.1").await;
    assert_eq!(status, "200", "{log}");
    assert!(log.contains("CN=gateway-a"), "still the old pair: {log}");

    std::fs::copy(fixture("gateway-b.key"), dir.join("key.pem")).unwrap();
    let mut served = String::new();
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let (_, status, log) = curl(&url, "--http1.1").await;
        assert_eq!(status, "200", "{log}");
        if log.contains("CN=gateway-b") {
            served = log;
            break;
        }
    }
    assert!(served.contains("CN=gateway-b"), "the new certificate was never served");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_plaintext_client_on_the_tls_port_gets_no_answer_and_holds_nothing() {
    let dir = cert_dir("plaintext");
    let (_upstream, gateway) = tls_gateway(&dir).await;
    let plain = gateway.base.replace("https://", "http://");
    let (_, status, _) = curl(&format!("{plain}/healthz"), "--http1.1").await;
    assert_eq!(status, "000", "no HTTP answer over a TLS port");
    let (_, status, log) = curl(&format!("{}/healthz", gateway.base), "--http1.1").await;
    assert_eq!(status, "200", "{log}");
    std::fs::remove_dir_all(dir).unwrap();
}
