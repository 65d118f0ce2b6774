//! The two text expositions of the registry: OpenMetrics 1.0 and the Prometheus 0.0.4 text format,
//! and which one a scraper's `Accept` asks for.

use std::collections::HashSet;

use super::Metrics;

impl Metrics {
    /// The OpenMetrics 1.0 text exposition ([`OPENMETRICS_CONTENT_TYPE`]).
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }

    /// The Prometheus 0.0.4 text exposition ([`PROMETHEUS_CONTENT_TYPE`]): the OpenMetrics text
    /// with the differences of that format undone — a counter's `HELP`/`TYPE` name carries the
    /// `_total` suffix of its samples, and there are no `# UNIT` or `# EOF` lines.
    pub fn render_prometheus_text(&self) -> String {
        let open = self.render();
        let counters: HashSet<&str> = open
            .lines()
            .filter_map(|line| line.strip_prefix("# TYPE ")?.strip_suffix(" counter"))
            .collect();
        let mut out = String::with_capacity(open.len() + 16 * counters.len());
        for line in open.lines() {
            if line == "# EOF" || line.starts_with("# UNIT ") {
                continue;
            }
            let renamed = ["# HELP ", "# TYPE "].iter().find_map(|prefix| {
                let (name, rest) = line.strip_prefix(prefix)?.split_once(' ')?;
                counters.contains(name).then(|| format!("{prefix}{name}_total {rest}"))
            });
            out.push_str(renamed.as_deref().unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// The content type of [`Metrics::render`].
pub const OPENMETRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// The content type of [`Metrics::render_prometheus_text`].
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Whether a scraper's `Accept` prefers OpenMetrics to the Prometheus text format: its best
/// `application/openmetrics-text` range has a q-value above zero and at least that of its best
/// `text/plain`, `text/*` or `*/*` range. No `Accept` (curl): the Prometheus text format.
pub fn prefers_openmetrics(accept: &str) -> bool {
    let (mut open, mut text) = (0.0f32, 0.0f32);
    for range in accept.split(',') {
        let mut params = range.split(';').map(str::trim);
        let media = params.next().unwrap_or_default().to_ascii_lowercase();
        let q = params
            .find_map(|p| p.strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        match media.as_str() {
            "application/openmetrics-text" => open = open.max(q),
            "text/plain" | "text/*" | "*/*" => text = text.max(q),
            _ => {}
        }
    }
    open > 0.0 && open >= text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prometheus_text_format_names_counters_by_their_samples() {
        let metrics = Metrics::new("v0.0.0");
        metrics.shed.inc();
        let open = metrics.render();
        assert!(
            open.contains("# TYPE cloud_ops_gateway_shed_requests counter\n"),
            "{open}"
        );
        assert!(open.ends_with("# EOF\n"), "{open}");
        let text = metrics.render_prometheus_text();
        assert!(
            text.contains("# TYPE cloud_ops_gateway_shed_requests_total counter\n"),
            "{text}"
        );
        assert!(text.contains("# HELP cloud_ops_gateway_shed_requests_total "), "{text}");
        assert!(text.contains("\ncloud_ops_gateway_shed_requests_total 1\n"), "{text}");
        assert!(
            text.contains("# TYPE cloud_ops_gateway_in_flight_requests gauge\n"),
            "gauges keep their name"
        );
        assert!(!text.contains("# EOF"), "{text}");
    }

    #[test]
    fn openmetrics_only_when_the_scraper_prefers_it() {
        let prometheus = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
        assert!(prefers_openmetrics(prometheus));
        assert!(prefers_openmetrics("application/openmetrics-text"));
        assert!(!prefers_openmetrics(""));
        assert!(!prefers_openmetrics("*/*"));
        assert!(!prefers_openmetrics(
            "text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5"
        ));
        assert!(!prefers_openmetrics("application/openmetrics-text;q=0"));
    }
}
