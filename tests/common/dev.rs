//! `dev` run as a process (the built binary) on a free port: for tests of the command itself and
//! of what only a process shows (its RSS, its open-file limit, its log).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `dev`.
pub struct Dev {
    pub child: Child,
    pub base: String,
    /// Where its stderr (the log) goes.
    pub log: std::path::PathBuf,
    /// Its stderr when that is a pipe (held open, never read).
    _stalled: Option<std::process::ChildStderr>,
}

impl Dev {
    /// Starts `dev` on a free port and reads its banner.
    pub fn start(extra: &[&str]) -> (Self, Vec<String>) {
        Self::start_with(extra, None)
    }

    /// [`Dev::start`]; with `stalled_log_filter`, stderr is a pipe that is never read and
    /// `RUST_LOG` is that filter.
    pub fn start_with(extra: &[&str], stalled_log_filter: Option<&str>) -> (Self, Vec<String>) {
        Self::start_wrapped(&[], extra, stalled_log_filter)
    }

    /// [`Dev::start_with`], run by the command `wrapper` (e.g. `prlimit --nofile=…`) when not empty.
    pub fn start_wrapped(wrapper: &[&str], extra: &[&str], stalled_log_filter: Option<&str>) -> (Self, Vec<String>) {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = std::env::temp_dir().join(format!("cog-dev-{}-{n}.log", std::process::id()));
        let listen: &[&str] = if extra.contains(&"--listen") {
            &[]
        } else {
            &["--listen", "127.0.0.1:0"]
        };
        let binary = env!("CARGO_BIN_EXE_cloud-ops-gateway");
        let mut command = match wrapper.split_first() {
            None => Command::new(binary),
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(binary);
                command
            }
        };
        command
            .args(["dev", "--op-latency", "0s"])
            .args(listen)
            .args(extra)
            .stdout(Stdio::piped());
        match stalled_log_filter {
            None => command.stderr(std::fs::File::create(&log).unwrap()),
            Some(filter) => command.stderr(Stdio::piped()).env("RUST_LOG", filter),
        };
        let mut child = command.spawn().unwrap();
        let stalled = child.stderr.take();
        let mut lines = Vec::new();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        while !lines.last().is_some_and(|l: &String| l.contains("Try:")) {
            let mut line = String::new();
            assert!(
                reader.read_line(&mut line).unwrap() > 0,
                "dev exited before its banner: {lines:?}"
            );
            lines.push(line.trim_end().to_string());
        }
        let base = lines[0]
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .unwrap()
            .to_string();
        let dev = Self {
            child,
            base,
            log,
            _stalled: stalled,
        };
        (dev, lines)
    }

    /// Stops it (SIGTERM): the exit code (None if it had to be killed) and its whole log.
    pub fn stop_with_log(mut self) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let mut code = None;
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                code = status.code();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if code.is_none() {
            self.child.kill().unwrap();
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let _ = std::fs::remove_file(&self.log);
        (code, log)
    }

    /// Its resident set size now, in bytes (from /proc).
    pub fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let kib: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        kib * 1024
    }

    pub fn stop(self) -> Option<i32> {
        self.stop_with_log().0
    }
}
