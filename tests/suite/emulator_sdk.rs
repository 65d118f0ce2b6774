//! What Temporal's own SDKs need from the emulator as their Cloud Ops endpoint (issue 27), at the
//! gRPC level: `WorkflowService/GetSystemInfo` answered (the Python SDK's core calls it on
//! connect), gzip-compressed requests accepted and answers compressed for clients that accept it,
//! and TLS on the emulator's port — in the library and through the `emulator` and `dev` commands.
//! The SDKs themselves run in `scripts/sdk-check.sh`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common;

use cloud_ops_gateway::emulator::system_info::GET_SYSTEM_INFO;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::cloud_service_client::CloudServiceClient;
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::{GetCurrentIdentityRequest, GetNamespacesRequest};
use cloud_ops_gateway::tls::TlsFiles;
use common::emulator::{ADMIN_KEY, TestEmulator, admin};
use tonic::codec::CompressionEncoding::Gzip;
use tonic::transport::{Certificate, Channel, ClientTlsConfig};
use tonic::{Code, Status};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// A unary WorkflowService call with an empty request, as an SDK's core makes it (optionally gzip).
async fn workflow_call(channel: Channel, path: &'static str, gzip: bool) -> Result<tonic::Response<()>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel);
    if gzip {
        grpc = grpc.send_compressed(Gzip).accept_compressed(Gzip);
    }
    grpc.ready().await.map_err(|e| Status::unavailable(e.to_string()))?;
    let codec = tonic_prost::ProstCodec::<(), ()>::default();
    grpc.unary(
        tonic::Request::new(()),
        http::uri::PathAndQuery::from_static(path),
        codec,
    )
    .await
}

fn channel(url: &str) -> Channel {
    Channel::from_shared(url.to_string()).unwrap().connect_lazy()
}

#[tokio::test]
async fn get_system_info_is_answered_and_no_other_workflow_call() {
    let emu = TestEmulator::start().await;
    for gzip in [false, true] {
        // No API key and no version header: the SDK's core asks before anything else.
        let answer = workflow_call(channel(&emu.url), GET_SYSTEM_INFO, gzip).await;
        assert!(answer.is_ok(), "gzip {gzip}: {answer:?}");
    }
    for path in [
        "/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution",
        "/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace",
        "/temporal.api.operatorservice.v1.OperatorService/ListSearchAttributes",
    ] {
        let refused = workflow_call(channel(&emu.url), path, false).await.unwrap_err();
        assert_eq!(refused.code(), Code::Unimplemented, "{path}: {refused:?}");
    }
}

#[tokio::test]
async fn gzip_requests_are_served_and_answers_compressed_for_clients_that_accept_it() {
    let emu = TestEmulator::start().await;
    let mut gzip = CloudServiceClient::new(channel(&emu.url))
        .send_compressed(Gzip)
        .accept_compressed(Gzip);
    let answer = gzip
        .get_current_identity(admin(GetCurrentIdentityRequest {}))
        .await
        .expect("a gzip-compressed call is served");
    assert_eq!(
        answer.metadata().get("grpc-encoding").map(|v| v.to_str().unwrap()),
        Some("gzip"),
        "the answer is compressed for a client that accepts gzip"
    );
    assert!(answer.into_inner().principal.is_some());

    // A request that is not compressed, from a client that does not accept gzip: plain answer.
    let mut plain = emu.client.clone();
    let answer = plain
        .get_namespaces(admin(GetNamespacesRequest::default()))
        .await
        .unwrap();
    assert_eq!(answer.metadata().get("grpc-encoding"), None);
}

/// A TLS channel to `127.0.0.1:port` trusting the test CA (the certificate names 127.0.0.1).
async fn tls_channel(port: u16) -> Channel {
    let tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(std::fs::read(fixture("ca.pem")).unwrap()))
        .domain_name("localhost");
    Channel::from_shared(format!("https://127.0.0.1:{port}"))
        .unwrap()
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_emulator_serves_tls_with_the_gateways_certificate_code() {
    let emu = TestEmulator::start().await;
    let tls = cloud_ops_gateway::tls::acceptor(&TlsFiles {
        cert: fixture("gateway-a.pem"),
        key: fixture("gateway-a.key"),
        reload_interval: std::time::Duration::from_secs(10),
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(emu.emulator.clone().serve_tls(listener, tls, std::future::pending()));

    // A client that stalls in its handshake holds up no other.
    let _stalled = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let quick = std::time::Duration::from_secs(5);
    let channel = tokio::time::timeout(quick, tls_channel(port))
        .await
        .expect("not held up");
    let mut client = CloudServiceClient::new(channel.clone()).send_compressed(Gzip);
    let identity = client
        .get_current_identity(admin(GetCurrentIdentityRequest {}))
        .await
        .unwrap();
    assert!(identity.into_inner().principal.is_some());
    workflow_call(channel, GET_SYSTEM_INFO, true).await.unwrap();

    // Plaintext to the TLS port fails.
    let mut plain = CloudServiceClient::new(channel_to(port));
    let refused = plain
        .get_current_identity(admin(GetCurrentIdentityRequest {}))
        .await
        .unwrap_err();
    assert_ne!(refused.code(), Code::Ok);
}

fn channel_to(port: u16) -> Channel {
    channel(&format!("http://127.0.0.1:{port}"))
}

/// The certificate flags named `{prefix}-cert` and `{prefix}-key` (`--tls` is the `emulator`
/// command's, as the gateway's; `--emulator-tls` works for both and is `dev`'s).
fn tls_flags(prefix: &str) -> [String; 4] {
    [
        format!("{prefix}-cert"),
        fixture("gateway-a.pem").display().to_string(),
        format!("{prefix}-key"),
        fixture("gateway-a.key").display().to_string(),
    ]
}

/// The port of the first `https://127.0.0.1:PORT` in `lines`.
fn https_port(lines: &[String]) -> u16 {
    lines
        .iter()
        .find_map(|line| line.split("https://127.0.0.1:").nth(1))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no https address in {lines:?}"))
}

#[tokio::test]
async fn the_emulator_command_serves_tls_with_its_flags() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloud-ops-gateway"))
        .args(["emulator", "--listen", "127.0.0.1:0", "--api-key", ADMIN_KEY])
        .args(tls_flags("--tls"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    while lines.len() < 3 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        lines.push(line.trim_end().to_string());
    }
    let port = https_port(&lines);
    let mut client = CloudServiceClient::new(tls_channel(port).await);
    let served = client.get_current_identity(admin(GetCurrentIdentityRequest {})).await;
    child.kill().unwrap();
    let _ = child.wait();
    assert!(served.is_ok(), "{served:?}");
    assert!(
        lines[2].contains(&format!("--upstream https://127.0.0.1:{port}")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn dev_serves_its_emulator_over_tls_on_a_second_port() {
    let flags = tls_flags("--emulator-tls");
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let (dev, lines) = common::dev::Dev::start(&flags);
    let port = https_port(&lines);
    let key = lines
        .iter()
        .find_map(|line| line.split("account owner (admin@example.com): ").nth(1))
        .unwrap()
        .to_string();
    let mut client = CloudServiceClient::new(tls_channel(port).await);
    let served = client
        .get_namespaces(common::emulator::req(&key, GetNamespacesRequest::default()))
        .await;
    // The gateway still reaches the same emulator.
    let rest = common::client()
        .get(format!("{}/cloud/namespaces", dev.base))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    let rest_status = rest.status().as_u16();
    dev.stop();
    let namespaces = served.expect("dev's emulator answers over TLS").into_inner().namespaces;
    assert!(
        namespaces.iter().any(|n| n.namespace == "payments.a1b2c"),
        "{namespaces:?}"
    );
    assert_eq!(rest_status, 200);
}
