//! Outbound TLS: the gateway calls an `https` upstream (a tonic server with the test certificates),
//! trusting the CA it is given, presenting a client certificate when the upstream asks for one,
//! and refusing an upstream it cannot verify. The API key reaches the upstream only over TLS.

use std::path::{Path, PathBuf};

use cloud_ops_gateway::routes::by_rpc;
use tonic::transport::{Certificate, Identity, ServerTlsConfig};

use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, client, start_gateway};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

fn pem(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// A recorder serving `gateway-a` (for localhost) and, with `require_client`, asking for a client
/// certificate signed by the test CA.
async fn tls_upstream(require_client: bool) -> Recorder {
    let mut tls = ServerTlsConfig::new().identity(Identity::from_pem(pem("gateway-a.pem"), pem("gateway-a.key")));
    if require_client {
        tls = tls.client_ca_root(Certificate::from_pem(pem("ca.pem")));
    }
    let upstream = Recorder::start_tls(tls).await;
    upstream.answer(by_rpc("GetUser").unwrap().grpc_path, Answer::default());
    upstream
}

/// Status and `x-gateway-error` of one GetUser through the gateway.
async fn get_user(base: &str) -> (u16, String) {
    let response = client()
        .get(format!("{base}/cloud/users/u1"))
        .bearer_auth("tls-key")
        .send()
        .await
        .unwrap();
    let kind = response
        .headers()
        .get("x-gateway-error")
        .map_or("", |v| v.to_str().unwrap())
        .to_string();
    (response.status().as_u16(), kind)
}

fn trusting_ca() -> Options {
    Options {
        upstream_ca_file: Some(fixture("ca.pem")),
        ..Options::default()
    }
}

#[tokio::test]
async fn an_https_upstream_signed_by_the_given_ca_is_called_with_the_key() {
    let upstream = tls_upstream(false).await;
    let gateway = start_gateway(&upstream.https_url(), trusting_ca()).await;
    assert_eq!(get_user(&gateway.base).await, (200, String::new()));
    let calls = upstream.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].metadata["authorization"], "Bearer tls-key");
}

#[tokio::test]
async fn an_https_upstream_that_cannot_be_verified_is_unavailable_and_never_called() {
    let upstream = tls_upstream(false).await;
    let gateway = start_gateway(&upstream.https_url(), Options::default()).await;
    assert_eq!(get_user(&gateway.base).await, (503, "upstream_unavailable".to_string()));
    assert!(upstream.calls().is_empty());
}

#[tokio::test]
async fn mtls_presents_the_client_certificate_and_fails_without_one() {
    let upstream = tls_upstream(true).await;
    let without = start_gateway(&upstream.https_url(), trusting_ca()).await;
    assert_eq!(get_user(&without.base).await, (503, "upstream_unavailable".to_string()));
    assert!(upstream.calls().is_empty());

    let with = start_gateway(
        &upstream.https_url(),
        Options {
            upstream_client_identity: Some((fixture("client.pem"), fixture("client.key"))),
            ..trusting_ca()
        },
    )
    .await;
    assert_eq!(get_user(&with.base).await, (200, String::new()));
    assert_eq!(upstream.calls().len(), 1);
}
