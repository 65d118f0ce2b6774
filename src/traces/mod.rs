//! OpenTelemetry traces over OTLP: one server span per request, a client span per upstream call
//! (each retry and each `Prefer: wait` poll its own), W3C trace context taken from the caller and
//! handed on to the upstream. Configured by [`settings`]; the request-path parts are in [`spans`].
//!
//! Built on the `opentelemetry` API and SDK directly, not through `tracing-opentelemetry`: the
//! tracer belongs to the [`Traces`] value in the gateway's state rather than to a process-global
//! subscriber layer, so the log pipeline is untouched, two gateways in one process (the tests)
//! export to different collectors, and with tracing off the request path checks one `Option` (and
//! each upstream call finds no tracer in an empty thread-local context): no span machinery at all.
//!
//! Export never blocks a request: ended spans go to the SDK's batch processor, a bounded queue
//! (spans are dropped, not waited for, when it is full) drained by its own thread; a collector
//! that is down or slow costs that thread retries, never a request. [`Traces::shutdown`] flushes
//! what is queued, within a bound, when the gateway stops.

mod http_client;
pub mod settings;
pub mod spans;

use std::sync::Arc;
use std::time::Duration;

use opentelemetry::InstrumentationScope;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{SpanExporter, WithExportConfig as _, WithHttpConfig as _, WithTonicConfig as _};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};

pub use settings::{Protocol, TraceOptions, TraceSettings};

/// How long [`Traces::shutdown`] waits for the last spans to be exported.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// The gateway's tracing: off (the default), or an SDK pipeline exporting over OTLP. Cloning
/// shares the pipeline.
#[derive(Clone, Default)]
pub struct Traces(Option<Arc<Pipeline>>);

struct Pipeline {
    provider: SdkTracerProvider,
    tracer: SdkTracer,
}

impl std::fmt::Debug for Traces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Traces(on)" } else { "Traces(off)" })
    }
}

impl Traces {
    /// Tracing off.
    pub fn off() -> Self {
        Self(None)
    }

    /// Whether spans are made.
    pub fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// The pipeline for `settings` (`None`: off). Must run inside the Tokio runtime: the gRPC
    /// exporter's channel lives on it. Nothing connects yet; a collector that is not there is
    /// found out by the export thread, not here.
    pub fn start(settings: Option<&TraceSettings>) -> Result<Self, String> {
        let Some(settings) = settings else {
            return Ok(Self::off());
        };
        let endpoint = settings.endpoint.to_string();
        let exporter = match settings.protocol {
            Protocol::Grpc => {
                let mut builder = SpanExporter::builder().with_tonic().with_endpoint(endpoint);
                if settings.endpoint.scheme_str() == Some("https") {
                    // The system and webpki roots, as for the upstream.
                    builder = builder.with_tls_config(tonic::transport::ClientTlsConfig::new().with_enabled_roots());
                }
                builder.build()
            }
            Protocol::HttpProtobuf => SpanExporter::builder()
                .with_http()
                .with_http_client(http_client::OtlpHttpClient::current())
                .with_protocol(opentelemetry_otlp::Protocol::HttpBinary)
                .with_endpoint(endpoint)
                .build(),
        }
        .map_err(|e| format!("OTLP exporter for {}: {e}", settings.endpoint))?;
        let resource = Resource::builder()
            .with_service_name(settings.service_name.clone())
            .with_attribute(opentelemetry::KeyValue::new(
                "service.version",
                env!("CARGO_PKG_VERSION"),
            ))
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_sampler(settings.sampler.clone())
            .with_resource(resource)
            .build();
        let scope = InstrumentationScope::builder(env!("CARGO_PKG_NAME"))
            .with_version(env!("CARGO_PKG_VERSION"))
            .build();
        let tracer = provider.tracer_with_scope(scope);
        // The collector's host and port only: a URL may carry credentials.
        let authority = settings
            .endpoint
            .authority()
            .map(|a| a.as_str().rsplit('@').next().unwrap_or_default());
        tracing::info!(
            collector = authority.unwrap_or_default(),
            protocol = ?settings.protocol,
            service_name = %settings.service_name,
            "exporting traces over OTLP"
        );
        Ok(Self(Some(Arc::new(Pipeline { provider, tracer }))))
    }

    /// Exports the spans ended so far (waits for the export, at most about 5 s).
    pub async fn flush(&self) -> Result<(), String> {
        let Some(pipeline) = self.0.clone() else { return Ok(()) };
        tokio::task::spawn_blocking(move || pipeline.provider.force_flush())
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())
    }

    /// Exports what is queued and stops the pipeline, waiting at most `timeout`; afterwards no
    /// span is exported. Failures are logged, never fatal: traces are not worth a failed exit.
    pub async fn shutdown(&self, timeout: Duration) {
        let Some(pipeline) = self.0.clone() else { return };
        // The SDK's shutdown blocks this thread until the export thread is done, and the gRPC
        // exporter needs the runtime meanwhile: off the runtime's threads with it.
        let result = tokio::task::spawn_blocking(move || pipeline.provider.shutdown_with_timeout(timeout)).await;
        match result {
            Ok(Ok(())) => tracing::info!("trace exporter flushed and stopped"),
            Ok(Err(e)) => tracing::warn!(error = %e, "traces: the last spans may not have been exported"),
            Err(e) => tracing::warn!(error = %e, "traces: shutdown did not finish"),
        }
    }

    /// The tracer, when on.
    fn tracer(&self) -> Option<&SdkTracer> {
        self.0.as_ref().map(|p| &p.tracer)
    }
}
