//! The static documents — `/openapi.json`, `/openapi.yaml` and the Swagger UI's files under
//! `/docs/` — held as bytes in each content coding, compressed once (at start-up, in the
//! background, through [`prepare`]; else on first use), so that serving one costs no compression
//! at all: before this, tower-http's `CompressionLayer` spent ~10 ms of CPU and ~4 MB of encoder
//! state per brotli response of the 846 KB JSON document, and a few callers in a loop starved
//! everyone else.
//!
//! Only the files the UI's `index.html` loads are served: the source maps and the alternative
//! bundles (ES modules, the core-only `swagger-ui.js`) are never requested by the page and would
//! add seconds of start-up compression and megabytes of memory; `oauth2-redirect.html` serves an
//! OAuth2 flow the document does not declare, and its inline script would not run under the UI's
//! Content-Security-Policy anyway.
//!
//! Each variant has a strong `ETag` (a hash of the identity bytes plus the coding), so a browser
//! reloading the docs revalidates with `If-None-Match` and gets 304. [`encoding`] negotiates.

pub mod encoding;

use std::borrow::Cow;
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderValue;
use utoipa_swagger_ui::Config;

use encoding::Coding;

/// Where the Swagger UI lives.
pub const DOCS_PATH: &str = "/docs";
/// Where the JSON document is served.
pub const JSON_PATH: &str = "/openapi.json";
/// Where the YAML document is served.
pub const YAML_PATH: &str = "/openapi.yaml";

/// The Swagger UI files served under `/docs/` (`index.html` also as `/docs/`).
const UI_FILES: [&str; 8] = [
    "index.html",
    "swagger-initializer.js",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "swagger-ui.css",
    "index.css",
    "favicon-32x32.png",
    "favicon-16x16.png",
];

/// Brotli quality and window. 11 (the maximum) took ~7 s of one core for these files in a release
/// build (3.9 s for the UI bundle alone) against ~0.5 s for 9, for bodies 8–12 % smaller. 9 itself
/// took 43 MiB of memory at its peak for the UI bundle, which showed as start-up peak RSS (the
/// load harness's 24 → 112 MiB); 7 takes 15 MiB for a body 1 % larger (358 610 bytes against
/// 354 843), measured with brotli 9.1.1 in a release build.
const BROTLI_QUALITY: u32 = 7;
const BROTLI_WINDOW_BITS: u32 = 22;

/// Marks a response served from here, so that the outer `CompressionLayer` never compresses it
/// again (it already skips any response with `Content-Encoding`; this covers identity too).
#[derive(Clone, Copy, Debug)]
pub struct Precompressed;

/// One coding of one file.
#[derive(Debug)]
pub struct Variant {
    /// The body, exactly as sent.
    pub body: Bytes,
    /// Its strong entity tag.
    pub etag: HeaderValue,
}

/// One file in every coding that makes it smaller.
#[derive(Debug)]
pub struct Asset {
    /// The request path it answers (`/openapi.json`, `/docs/swagger-ui.css`, …).
    pub path: String,
    /// Its `Content-Type`.
    pub content_type: HeaderValue,
    identity: Variant,
    gzip: Option<Variant>,
    br: Option<Variant>,
}

impl Asset {
    /// The codings held besides identity (none for images, whose bytes are compressed already).
    pub fn codings(&self) -> Vec<Coding> {
        [(Coding::Brotli, &self.br), (Coding::Gzip, &self.gzip)]
            .into_iter()
            .filter_map(|(coding, variant)| variant.as_ref().map(|_| coding))
            .collect()
    }

    /// The variant in `coding`, falling back to identity if that coding is not held.
    pub fn variant(&self, coding: Coding) -> (Coding, &Variant) {
        match (coding, &self.br, &self.gzip) {
            (Coding::Brotli, Some(br), _) => (coding, br),
            (Coding::Gzip, _, Some(gzip)) => (coding, gzip),
            _ => (Coding::Identity, &self.identity),
        }
    }

    fn build(path: String, content_type: &str, body: Bytes) -> Self {
        let hash = fnv1a(&body);
        let etag = |coding: Coding| {
            HeaderValue::try_from(format!("\"{hash:016x}{}\"", coding.etag_suffix()))
                .expect("hex is a valid header value")
        };
        let compressible = !content_type.starts_with("image/") || content_type.starts_with("image/svg");
        let smaller = |coding: Coding, compressed: Vec<u8>| {
            (compressed.len() < body.len()).then(|| Variant {
                body: Bytes::from(compressed),
                etag: etag(coding),
            })
        };
        let (gzip, br) = if compressible {
            (
                smaller(Coding::Gzip, gzip(&body)),
                smaller(Coding::Brotli, brotli(&body)),
            )
        } else {
            (None, None)
        };
        Asset {
            path,
            content_type: HeaderValue::try_from(content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            identity: Variant {
                body,
                etag: etag(Coding::Identity),
            },
            gzip,
            br,
        }
    }
}

/// All files, built once.
struct Assets {
    files: Vec<Asset>,
    took: Duration,
}

static ASSETS: OnceLock<Assets> = OnceLock::new();

/// Renders the document and compresses every file now, on a thread of its own, rather than on the
/// first request for one: start-up does not wait for it (a debug build takes seconds), and a
/// request that comes first waits for it off the runtime ([`ready`]). Logs what it cost.
pub fn prepare() {
    let spawned = std::thread::Builder::new().name("precompress".into()).spawn(|| {
        let assets = all();
        let size = |pick: fn(&Asset) -> usize| assets.files.iter().map(pick).sum::<usize>();
        tracing::info!(
            files = assets.files.len(),
            identity_bytes = size(|a| a.identity.body.len()),
            gzip_bytes = size(|a| a.gzip.as_ref().map_or(0, |v| v.body.len())),
            br_bytes = size(|a| a.br.as_ref().map_or(0, |v| v.body.len())),
            took_ms = assets.took.as_millis() as u64,
            "static documents compressed"
        );
    });
    if spawned.is_err() {
        let _ = all();
    }
}

/// Waits, on the blocking pool, until the files are built (at once when they are).
pub async fn ready() {
    if ASSETS.get().is_none() {
        let _ = tokio::task::spawn_blocking(all).await;
    }
}

/// Every file, built by the first caller (the others wait for it).
fn all() -> &'static Assets {
    ASSETS.get_or_init(build)
}

/// The file served at `path`, if any.
pub fn get(path: &str) -> Option<&'static Asset> {
    let path = if path == "/docs/" { "/docs/index.html" } else { path };
    all().files.iter().find(|asset| asset.path == path)
}

fn build() -> Assets {
    let started = Instant::now();
    let mut sources: Vec<(String, String, Bytes)> = vec![
        (
            JSON_PATH.into(),
            "application/json".into(),
            Bytes::from_static(super::json().as_bytes()),
        ),
        (
            YAML_PATH.into(),
            "application/yaml".into(),
            Bytes::from_static(super::yaml().as_bytes()),
        ),
    ];
    for file in UI_FILES {
        let served = utoipa_swagger_ui::serve(file, config())
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("the vendored Swagger UI has no {file}"));
        let body = match served.bytes {
            Cow::Borrowed(bytes) => Bytes::from_static(bytes),
            Cow::Owned(bytes) => Bytes::from(bytes),
        };
        sources.push((format!("{}/{file}", DOCS_PATH), served.content_type, body));
    }
    // Largest first, shared by a few threads: the UI bundle alone is half the work.
    sources.sort_by_key(|(_, _, body)| std::cmp::Reverse(body.len()));
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let mut files: Vec<Asset> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut built = Vec::new();
                    while let Some((path, content_type, body)) = sources.get(next.fetch_add(1, Ordering::Relaxed)) {
                        built.push(Asset::build(path.clone(), content_type, body.clone()));
                    }
                    built
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("compressing a static document panicked"))
            .collect()
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Assets {
        files,
        took: started.elapsed(),
    }
}

/// The Swagger UI settings, written into its `swagger-initializer.js`.
fn config() -> Arc<Config<'static>> {
    static CONFIG: LazyLock<Arc<Config<'static>>> = LazyLock::new(|| {
        Arc::new(
            Config::new([JSON_PATH])
                .try_it_out_enabled(true)
                .persist_authorization(true)
                .display_operation_id(true)
                .display_request_duration(true)
                .filter(true)
                .deep_linking(true)
                // No call to the public validator badge service: the page must work offline.
                .validator_url("none"),
        )
    });
    CONFIG.clone()
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut encoder = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW_BITS);
    encoder.write_all(body).expect("writing to memory");
    encoder.into_inner()
}

/// 64-bit FNV-1a: stable across builds and machines, so replicas of one version agree on ETags.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn every_variant_decodes_to_the_file_and_has_its_own_etag() {
        let json = get("/openapi.json").unwrap();
        assert_eq!(json.identity.body, super::super::json().as_bytes());
        for asset in &all().files {
            let mut etags = vec![asset.identity.etag.clone()];
            if let Some(gzip) = &asset.gzip {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&gzip.body[..])
                    .read_to_end(&mut out)
                    .unwrap();
                assert_eq!(out, asset.identity.body, "{}", asset.path);
                etags.push(gzip.etag.clone());
            }
            if let Some(br) = &asset.br {
                let mut out = Vec::new();
                brotli::Decompressor::new(&br.body[..], 4096)
                    .read_to_end(&mut out)
                    .unwrap();
                assert_eq!(out, asset.identity.body, "{}", asset.path);
                etags.push(br.etag.clone());
            }
            let count = etags.len();
            etags.dedup();
            assert_eq!(etags.len(), count, "{}", asset.path);
        }
        assert!(json.gzip.is_some() && json.br.is_some());
        assert!(
            get("/docs/favicon-32x32.png").unwrap().codings().is_empty(),
            "PNG is not recompressed"
        );
        assert!(get("/docs/").is_some() && get("/docs/swagger-ui-bundle.js.map").is_none());
    }

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
