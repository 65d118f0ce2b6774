//! Inbound TLS (rustls, ring): the gateway receives API keys, so it can terminate TLS itself.
//! ALPN offers `h2` and `http/1.1`. The certificate and key are PEM files, read again whenever
//! either file changes (checked every `reload_interval`), so a rotated certificate — a renewed
//! Kubernetes secret, a certbot run — is served without a restart; a pair that fails to load
//! is logged and the previous one stays in use.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio_rustls::TlsAcceptor;

/// Where the certificate and key are, and how often to look for a new pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    /// PEM certificate chain, leaf first.
    pub cert: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// How often the files' modification times are checked.
    pub reload_interval: Duration,
}

/// The current certificate, swapped in place on reload.
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.read().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The certificates of a PEM file, in order; a file with none is an error. Shared with the
/// upstream's client side (CA file, client certificate).
pub fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read the TLS certificate {}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{} holds no PEM certificate", path.display()));
    }
    Ok(certs)
}

/// Reads and checks a certificate and key pair.
fn load(cert: &Path, key: &Path, provider: &CryptoProvider) -> Result<CertifiedKey, String> {
    let chain = certificates(cert)?;
    let private =
        PrivateKeyDer::from_pem_file(key).map_err(|e| format!("cannot read the TLS key {}: {e}", key.display()))?;
    let certified = CertifiedKey::from_der(chain, private, provider).map_err(|e| {
        format!(
            "the TLS key {} does not fit the certificate {}: {e}",
            key.display(),
            cert.display()
        )
    })?;
    Ok(certified)
}

/// The TLS side of the listener: a cloneable acceptor over the current certificate.
#[derive(Clone)]
pub struct ServerTls(pub TlsAcceptor);

impl std::fmt::Debug for ServerTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerTls")
    }
}

/// The acceptor for `files`, and a task that reloads them when they change. Fails (at start-up,
/// a configuration error) when the first pair cannot be loaded.
pub fn acceptor(files: &TlsFiles) -> Result<ServerTls, String> {
    let provider = provider();
    let current = Arc::new(Current(RwLock::new(Arc::new(load(
        &files.cert,
        &files.key,
        &provider,
    )?))));
    let mut config = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_no_client_auth()
        .with_cert_resolver(current.clone());
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    tokio::spawn(reload(files.clone(), current, provider));
    Ok(ServerTls(TlsAcceptor::from(Arc::new(config))))
}

fn modified(files: &TlsFiles) -> Option<(SystemTime, SystemTime)> {
    let time = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    Some((time(&files.cert)?, time(&files.key)?))
}

/// Reloads the pair whenever a modification time changes; ends when the acceptor is gone.
async fn reload(files: TlsFiles, current: Arc<Current>, provider: Arc<CryptoProvider>) {
    let mut seen = modified(&files);
    let mut ticks = tokio::time::interval(files.reload_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if Arc::strong_count(&current) == 1 {
            return;
        }
        let now = modified(&files);
        if now == seen {
            continue;
        }
        match load(&files.cert, &files.key, &provider) {
            Ok(pair) => {
                *current.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(pair);
                seen = now;
                tracing::info!(cert = %files.cert.display(), "TLS certificate reloaded");
            }
            // A pair mid-rotation (the certificate written, the key not yet) is tried again on
            // the next tick; the one being served stays.
            Err(reason) => tracing::warn!("TLS certificate not reloaded, keeping the current one: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/tls")
            .join(name)
    }

    #[test]
    fn a_pair_loads_and_a_mismatched_or_missing_one_says_why() {
        let provider = provider();
        assert!(load(&fixture("gateway-a.pem"), &fixture("gateway-a.key"), &provider).is_ok());
        let mismatch = load(&fixture("gateway-a.pem"), &fixture("gateway-b.key"), &provider).unwrap_err();
        assert!(mismatch.contains("does not fit"), "{mismatch}");
        let missing = load(&fixture("nope.pem"), &fixture("gateway-a.key"), &provider).unwrap_err();
        assert!(missing.contains("nope.pem"), "{missing}");
        let not_a_cert = load(&fixture("gateway-a.key"), &fixture("gateway-a.key"), &provider).unwrap_err();
        assert!(not_a_cert.contains("no PEM certificate"), "{not_a_cert}");
    }
}
