//! Where traces go, from the command line and the standard OpenTelemetry environment: the
//! `--otlp-endpoint` / `--otlp-protocol` flags first, then `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
//! (used as it is) and `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL: `/v1/traces` is appended for
//! HTTP), `OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL` (`grpc` or `http/protobuf`, the specification's
//! default), `OTEL_SERVICE_NAME` (or `service.name` in `OTEL_RESOURCE_ATTRIBUTES`) and
//! `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`. No endpoint, `OTEL_SDK_DISABLED=true` or
//! `OTEL_TRACES_EXPORTER=none` means tracing is off. An empty variable counts as unset, as the
//! specification says; an invalid value is a configuration error, not a silent default.
//!
//! The environment is read through a function, so tests give their own.

use clap::{Args, ValueEnum};
use http::Uri;
use opentelemetry_sdk::trace::Sampler;

/// The trace flags of `serve` and `dev`.
#[derive(Clone, Debug, Default, Args)]
pub struct TraceOptions {
    /// OTLP collector to export traces to, e.g. http://127.0.0.1:4318 (http/protobuf: /v1/traces is appended to a URL without a path) or http://127.0.0.1:4317 with --otlp-protocol grpc. Overrides OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT; tracing is off when neither is set.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,
    /// OTLP transport; overrides OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL. Default: http/protobuf.
    #[arg(long, env = "CLOUD_OPS_GATEWAY_OTLP_PROTOCOL", value_enum)]
    pub otlp_protocol: Option<Protocol>,
}

/// The OTLP transports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Protocol {
    /// OTLP over gRPC (usually port 4317); TLS for https:// endpoints.
    Grpc,
    /// OTLP over HTTP with protobuf bodies (usually port 4318), plaintext.
    #[value(name = "http/protobuf")]
    HttpProtobuf,
}

/// What the exporter and the SDK are built from.
#[derive(Clone, Debug)]
pub struct TraceSettings {
    /// The full export URL (for HTTP, with its `/v1/traces` path).
    pub endpoint: Uri,
    /// The transport.
    pub protocol: Protocol,
    /// `service.name` of the spans' resource.
    pub service_name: String,
    /// The sampler.
    pub sampler: Sampler,
}

/// The service name when none is configured.
pub const DEFAULT_SERVICE_NAME: &str = "cloud-ops-gateway";

impl TraceOptions {
    /// The settings for these flags and the environment `env`; `None` when tracing is off.
    pub fn settings(&self, env: impl Fn(&str) -> Option<String>) -> Result<Option<TraceSettings>, String> {
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if env("OTEL_SDK_DISABLED").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
            return Ok(None);
        }
        match env("OTEL_TRACES_EXPORTER").as_deref().map(str::trim) {
            None | Some("otlp") => {}
            Some("none") => return Ok(None),
            Some(other) => {
                return Err(format!(
                    "OTEL_TRACES_EXPORTER={other:?} is not supported: use otlp (or none)"
                ));
            }
        }
        let protocol = match self.otlp_protocol {
            Some(protocol) => protocol,
            None => match env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").or_else(|| env("OTEL_EXPORTER_OTLP_PROTOCOL")) {
                None => Protocol::HttpProtobuf,
                Some(text) => Protocol::from_str(text.trim(), false)
                    .map_err(|_| format!("OTLP protocol {text:?} is not supported: use grpc or http/protobuf"))?,
            },
        };
        let endpoint = if let Some(flag) = self.otlp_endpoint.as_deref().filter(|v| !v.trim().is_empty()) {
            let uri = parse_url("--otlp-endpoint", flag)?;
            let bare = uri.path_and_query().is_none_or(|p| p.as_str() == "/");
            if protocol == Protocol::HttpProtobuf && bare {
                signal_url("--otlp-endpoint", flag)?
            } else {
                uri
            }
        } else if let Some(url) = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            parse_url("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", &url)?
        } else if let Some(base) = env("OTEL_EXPORTER_OTLP_ENDPOINT") {
            match protocol {
                Protocol::Grpc => parse_url("OTEL_EXPORTER_OTLP_ENDPOINT", &base)?,
                Protocol::HttpProtobuf => signal_url("OTEL_EXPORTER_OTLP_ENDPOINT", &base)?,
            }
        } else {
            return Ok(None);
        };
        if protocol == Protocol::HttpProtobuf && endpoint.scheme_str() == Some("https") {
            return Err(format!(
                "OTLP endpoint {endpoint}: https is supported with the grpc protocol only \
                 (http/protobuf is plaintext, for a collector on this host or a sidecar)"
            ));
        }
        let service_name = env("OTEL_SERVICE_NAME")
            .or_else(|| {
                env("OTEL_RESOURCE_ATTRIBUTES")?
                    .split(',')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(key, _)| key.trim() == "service.name")
                    .map(|(_, value)| value.trim().to_string())
            })
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| DEFAULT_SERVICE_NAME.to_string());
        let sampler = sampler(
            env("OTEL_TRACES_SAMPLER").as_deref(),
            env("OTEL_TRACES_SAMPLER_ARG").as_deref(),
        )?;
        Ok(Some(TraceSettings {
            endpoint,
            protocol,
            service_name,
            sampler,
        }))
    }
}

/// An absolute `http://` or `https://` URL with a host.
fn parse_url(source: &str, text: &str) -> Result<Uri, String> {
    let uri: Uri = text
        .trim()
        .parse()
        .map_err(|e| format!("{source} {text:?} is not a URL: {e}"))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
        return Err(format!(
            "{source} {text:?} is not an http:// or https:// URL with a host"
        ));
    }
    Ok(uri)
}

/// The traces URL under a base URL: its path with `v1/traces` appended.
fn signal_url(source: &str, base: &str) -> Result<Uri, String> {
    let base = base.trim();
    parse_url(source, base)?;
    parse_url(source, &format!("{}/v1/traces", base.trim_end_matches('/')))
}

/// The sampler named by `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`), with the ratio of
/// `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers (default 1).
fn sampler(name: Option<&str>, arg: Option<&str>) -> Result<Sampler, String> {
    let ratio = || -> Result<f64, String> {
        let Some(arg) = arg else { return Ok(1.0) };
        arg.trim()
            .parse::<f64>()
            .ok()
            .filter(|r| (0.0..=1.0).contains(r))
            .ok_or_else(|| format!("OTEL_TRACES_SAMPLER_ARG={arg:?} is not a ratio between 0 and 1"))
    };
    Ok(match name.map(str::trim).unwrap_or("parentbased_always_on") {
        "always_on" => Sampler::AlwaysOn,
        "always_off" => Sampler::AlwaysOff,
        "traceidratio" => Sampler::TraceIdRatioBased(ratio()?),
        "parentbased_always_on" => Sampler::ParentBased(Box::new(Sampler::AlwaysOn)),
        "parentbased_always_off" => Sampler::ParentBased(Box::new(Sampler::AlwaysOff)),
        "parentbased_traceidratio" => Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(ratio()?))),
        other => {
            return Err(format!(
                "OTEL_TRACES_SAMPLER={other:?} is not supported: use always_on, always_off, traceidratio, \
                 parentbased_always_on, parentbased_always_off or parentbased_traceidratio"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(
        flag: Option<&str>,
        protocol: Option<Protocol>,
        vars: &[(&str, &str)],
    ) -> Result<Option<TraceSettings>, String> {
        let options = TraceOptions {
            otlp_endpoint: flag.map(str::to_string),
            otlp_protocol: protocol,
        };
        options.settings(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    fn endpoint(flag: Option<&str>, protocol: Option<Protocol>, vars: &[(&str, &str)]) -> String {
        resolve(flag, protocol, vars).unwrap().unwrap().endpoint.to_string()
    }

    #[test]
    fn off_unless_an_endpoint_is_configured() {
        assert!(resolve(None, None, &[]).unwrap().is_none());
        assert!(
            resolve(
                None,
                None,
                &[("OTEL_SERVICE_NAME", "gw"), ("OTEL_EXPORTER_OTLP_ENDPOINT", " ")]
            )
            .unwrap()
            .is_none()
        );
        let on = [("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")];
        assert!(resolve(None, None, &on).unwrap().is_some());
        for off in [("OTEL_SDK_DISABLED", "true"), ("OTEL_TRACES_EXPORTER", "none")] {
            assert!(
                resolve(Some("http://c:4318"), None, &[on[0], off]).unwrap().is_none(),
                "{off:?}"
            );
        }
        assert!(resolve(None, None, &[on[0], ("OTEL_TRACES_EXPORTER", "zipkin")]).is_err());
    }

    #[test]
    fn endpoints_follow_the_specification_and_the_flag_wins() {
        let grpc = Some(Protocol::Grpc);
        assert_eq!(
            endpoint(None, None, &[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")]),
            "http://c:4318/v1/traces"
        );
        assert_eq!(
            endpoint(None, None, &[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/base/")]),
            "http://c:4318/base/v1/traces"
        );
        assert_eq!(
            endpoint(None, grpc, &[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317")]),
            "http://c:4317/"
        );
        let both = [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom"),
        ];
        assert_eq!(endpoint(None, None, &both), "http://traces:4318/custom");
        assert_eq!(
            endpoint(Some("http://flag:4318"), None, &both),
            "http://flag:4318/v1/traces"
        );
        assert_eq!(
            endpoint(Some("http://flag:4318/v1/traces"), None, &both),
            "http://flag:4318/v1/traces"
        );
        assert_eq!(endpoint(Some("https://flag:4317"), grpc, &both), "https://flag:4317/");
    }

    #[test]
    fn protocol_from_flag_then_traces_variable_then_general_variable() {
        let protocol = |flag, vars: &[(&str, &str)]| {
            let mut all = vec![("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317")];
            all.extend_from_slice(vars);
            resolve(None, flag, &all).map(|s| s.unwrap().protocol)
        };
        assert_eq!(protocol(None, &[]), Ok(Protocol::HttpProtobuf));
        assert_eq!(
            protocol(None, &[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]),
            Ok(Protocol::Grpc)
        );
        let both = [
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"),
        ];
        assert_eq!(protocol(None, &both), Ok(Protocol::HttpProtobuf));
        assert_eq!(protocol(Some(Protocol::Grpc), &both), Ok(Protocol::Grpc));
        let json = protocol(None, &[("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]).unwrap_err();
        assert!(json.contains("http/json"), "{json}");
    }

    #[test]
    fn bad_urls_and_https_over_http_protobuf_are_configuration_errors() {
        for bad in ["collector:4318", "ftp://c", "http://", "not a url"] {
            assert!(resolve(Some(bad), None, &[]).is_err(), "{bad}");
        }
        let error = resolve(Some("https://c:4318"), None, &[]).unwrap_err();
        assert!(error.contains("grpc"), "{error}");
    }

    #[test]
    fn service_name_from_the_variable_the_resource_attributes_or_the_default() {
        let name = |vars: &[(&str, &str)]| resolve(Some("http://c"), None, vars).unwrap().unwrap().service_name;
        assert_eq!(name(&[]), DEFAULT_SERVICE_NAME);
        assert_eq!(
            name(&[("OTEL_RESOURCE_ATTRIBUTES", "a=b, service.name=from-attrs")]),
            "from-attrs"
        );
        assert_eq!(
            name(&[
                ("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"),
                ("OTEL_SERVICE_NAME", "gw-eu")
            ]),
            "gw-eu"
        );
    }

    #[test]
    fn samplers_by_their_standard_names() {
        let of = |name: Option<&str>, arg: Option<&str>| sampler(name, arg).map(|s| format!("{s:?}"));
        assert_eq!(of(None, None), Ok("ParentBased(AlwaysOn)".into()));
        assert_eq!(of(Some("always_off"), None), Ok("AlwaysOff".into()));
        assert_eq!(
            of(Some("traceidratio"), Some("0.25")),
            Ok("TraceIdRatioBased(0.25)".into())
        );
        assert_eq!(
            of(Some("parentbased_traceidratio"), Some("0.1")),
            Ok("ParentBased(TraceIdRatioBased(0.1))".into())
        );
        assert_eq!(
            of(Some("parentbased_traceidratio"), None),
            Ok("ParentBased(TraceIdRatioBased(1.0))".into())
        );
        assert!(of(Some("traceidratio"), Some("2")).is_err());
        assert!(of(Some("traceidratio"), Some("half")).is_err());
        assert!(of(Some("jaeger_remote"), None).is_err());
    }
}
