//! The processes of a run and what /proc says about them: CPU time (utime + stime of all threads,
//! from /proc/<pid>/stat), peak RSS (VmHWM from /proc/<pid>/status), and the gateway's start-up
//! time (spawn → first 200 from /readyz, which includes a gRPC round trip to the upstream).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed (by its pid) when dropped.
pub struct Proc {
    pub child: Child,
}

impl Proc {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// CPU seconds used so far (user + system, all threads).
    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds(self.pid())
    }

    /// Peak resident set size so far, MiB.
    pub fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// utime + stime of `pid` in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    let ticks = |i: usize| fields.get(i - 3).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(14) + ticks(15)) / clock_ticks()
}

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("loopback is available")
        .port()
}

/// Starts the canned upstream (this binary, `upstream` mode) and returns it with its URL.
pub fn start_upstream() -> (Proc, String) {
    let exe = std::env::current_exe().expect("the harness knows its path");
    let mut child = Command::new(exe)
        .arg("upstream")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the canned upstream starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the upstream prints its address");
    let addr = line
        .trim()
        .strip_prefix("listening ")
        .expect("`listening <addr>`")
        .to_string();
    (Proc { child }, format!("http://{addr}"))
}

/// Starts the gateway binary in front of `upstream`; returns it, its base URL and the time from
/// spawn to the first 200 from /readyz.
pub async fn start_gateway(bin: &Path, upstream: &str, log: Option<&Path>, env: &[String]) -> (Proc, String, Duration) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let stderr = match log {
        Some(path) => Stdio::from(std::fs::File::create(path).expect("the log file can be created")),
        None => Stdio::null(),
    };
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(2))
        .build()
        .expect("a client");
    let ready_url = format!("{base}/readyz");
    let started = Instant::now();
    let child = Command::new(bin)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--upstream",
            upstream,
        ])
        .envs(env.iter().filter_map(|kv| kv.split_once('=')))
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("the gateway binary starts");
    let gateway = Proc { child };
    loop {
        if let Ok(response) = client.get(&ready_url).send().await
            && response.status() == 200
        {
            return (gateway, base, started.elapsed());
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the gateway did not become ready"
        );
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
}
