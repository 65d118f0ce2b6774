//! HTTP/1.1 keep-alive load through the gateway with `wrk` (Debian's package): a Lua script sets
//! the method, headers and body and prints wrk's own summary (count, p50, p99, errors) as one JSON
//! line that is parsed here.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::Sample;

/// One wrk request shape.
pub struct HttpCall<'a> {
    /// `GET`, `POST`.
    pub method: &'a str,
    /// Path and query, e.g. `/cloud/users?pageSize=50`.
    pub target: &'a str,
    /// JSON body for POST.
    pub body: Option<&'a str>,
    /// Expected HTTP status (wrk counts any status ≥ 400 as a "status" error).
    pub expect_status: u16,
}

fn lua(call: &HttpCall<'_>) -> String {
    let mut script = format!(
        "wrk.method = \"{}\"\nwrk.headers[\"Authorization\"] = \"Bearer bench-key\"\n",
        call.method
    );
    if let Some(body) = call.body {
        script.push_str(&format!(
            "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[{body}]==]\n"
        ));
    }
    script.push_str(
        r#"done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p99_us\":%d,\"max_us\":%d," ..
    "\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"#,
    );
    script
}

/// Runs wrk against `base` (`http://127.0.0.1:port`) with `connections` for `duration`.
pub fn run(dir: &Path, base: &str, call: &HttpCall<'_>, connections: usize, duration: Duration) -> Sample {
    let script = dir.join("bench.lua");
    std::fs::write(&script, lua(call)).expect("the temp dir is writable");
    let threads = connections.clamp(1, 2);
    let output = Command::new("wrk")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{}s", duration.as_secs().max(1)))
        .arg("--timeout")
        .arg("5s")
        .arg("-s")
        .arg(&script)
        .arg(format!("{base}{}", call.target))
        .output()
        .expect("wrk runs (apt-get install wrk)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("BENCH_JSON "))
        .unwrap_or_else(|| {
            panic!(
                "wrk printed no summary: {stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let v: serde_json::Value = serde_json::from_str(line).expect("the Lua summary is JSON");
    let n = |k: &str| v[k].as_u64().unwrap_or(0);
    let transport_errors = n("connect") + n("read") + n("write") + n("timeout");
    // wrk counts every status ≥ 400 as an error: expected for the error scenario, wrong otherwise.
    let status_errors = if call.expect_status >= 400 {
        n("requests").saturating_sub(n("status"))
    } else {
        n("status")
    };
    if transport_errors + status_errors > 0 {
        eprintln!("    wrk reported errors: {line}");
    }
    Sample {
        requests: n("requests"),
        errors: transport_errors + status_errors,
        seconds: n("duration_us") as f64 / 1e6,
        p50_us: n("p50_us") as f64,
        p99_us: n("p99_us") as f64,
    }
}
