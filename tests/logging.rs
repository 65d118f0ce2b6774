//! The API key never appears in a log line: every request below carries a distinctive key, all log
//! output (every crate, TRACE level, text and JSON) is captured, and the key must not occur in it.
//! The capture is checked to contain the access lines, so the test cannot pass by logging nothing.
//! And no caller makes a long line: a megabyte JSON key, a huge path, query name, method or request
//! id each leave an access line of a few KiB at most. (One subscriber for the process, shared.)

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use cloud_ops_gateway::routes::by_rpc;
use common::recorder::{Answer, Recorder};
use common::{Options, client, start_gateway};
use tracing_subscriber::fmt::MakeWriter;

const SECRET: &str = "tmprl-SECRET-4f2a9c";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

/// Everything logged in this process, text and JSON, at TRACE: installed once, shared by the tests.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let text = tracing_subscriber::fmt::layer()
            .with_writer(capture.clone())
            .with_ansi(false);
        let json = tracing_subscriber::fmt::layer().json().with_writer(capture.clone());
        use tracing_subscriber::layer::SubscriberExt as _;
        let subscriber = tracing_subscriber::registry()
            .with(tracing_subscriber::filter::LevelFilter::TRACE)
            .with(text)
            .with(json);
        tracing::subscriber::set_global_default(subscriber).unwrap();
        capture
    })
}

#[tokio::test]
async fn no_log_line_contains_the_api_key() {
    let capture = capture();

    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let get_user = by_rpc("GetUser").unwrap();
    let list = by_rpc("GetUsers").unwrap();
    upstream.answer(get_user.grpc_path, Answer::default());
    upstream.answer(
        list.grpc_path,
        Answer {
            status: Some((tonic::Code::PermissionDenied, "denied".into(), Default::default())),
            ..Default::default()
        },
    );
    let http = client();
    let attempts = [
        ("GET", "/cloud/users/u1", format!("Bearer {SECRET}")),
        ("GET", "/cloud/users", format!("Bearer {SECRET}")),
        ("GET", "/cloud/users?bogus=1", format!("Bearer {SECRET}")),
        ("GET", "/cloud/users", format!("Basic {SECRET}")),
        ("GET", "/cloud/users", format!("Bearer {SECRET} extra")),
        ("POST", "/cloud/users", format!("Bearer {SECRET}")),
        ("GET", "/cloud/no-such-route", format!("Bearer {SECRET}")),
        ("PUT", "/cloud/users", format!("Bearer {SECRET}")),
    ];
    for (method, uri, auth) in attempts {
        let response = http
            .request(method.parse().unwrap(), format!("{}{uri}", gateway.base))
            .header("authorization", auth)
            .header("content-type", "application/json")
            .body("{\"spec\": ")
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() >= 200);
    }
    drop(gateway);
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(
        logs.matches("cloud_ops_gateway::access").count() >= 16,
        "access lines captured (two formats, every request, routed or not):\n{logs}"
    );
    assert!(logs.contains(r#""route":"unmatched""#), "the 404 has its line:\n{logs}");
    assert!(logs.contains(r#""status":405"#), "the 405 has its line:\n{logs}");
    assert!(!logs.contains(SECRET), "the API key leaked into the logs:\n{logs}");
    assert!(!logs.contains("4f2a9c"), "part of the API key leaked into the logs");
}

/// The longest access line any request may leave.
const LONGEST_LINE: usize = 4 * 1024;

#[tokio::test]
async fn no_caller_makes_a_long_access_line() {
    let capture = capture();
    let upstream = Recorder::start().await;
    let limits = cloud_ops_gateway::gateway::Limits {
        max_body_bytes: 2 * 1024 * 1024,
        ..Default::default()
    };
    let gateway = start_gateway(
        &upstream.url(),
        Options {
            limits,
            ..Options::default()
        },
    )
    .await;
    let http = client();
    let huge_key = format!(r#"{{"{}": 1}}"#, "k".repeat(1 << 20));
    let long_id = "r".repeat(12 * 1024);
    let attempts: [(&str, String, &str, String); 5] = [
        ("POST", "/cloud/users".into(), "long-line-body", huge_key),
        (
            "GET",
            format!("/cloud/users?{}=1", "q".repeat(40 * 1024)),
            "long-line-query",
            String::new(),
        ),
        (
            "GET",
            format!("/cloud/{}", "p".repeat(60 * 1024)),
            "long-line-path",
            String::new(),
        ),
        ("GET", "/cloud/users?bogus=1".into(), &long_id, String::new()),
        (
            &"M".repeat(8 * 1024),
            "/cloud/users".into(),
            "long-line-method",
            String::new(),
        ),
    ];
    for (method, uri, id, body) in &attempts {
        let response = http
            .request(method.parse().unwrap(), format!("{}{uri}", gateway.base))
            .header("authorization", "Bearer not-a-real-key")
            .header("content-type", "application/json")
            .header("x-request-id", *id)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{:.40} {:.40}: {}",
            method,
            uri,
            response.status()
        );
    }
    drop(gateway);
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    let access: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("cloud_ops_gateway::access"))
        .collect();
    for marker in [
        "long-line-body",
        "long-line-query",
        "long-line-path",
        "long-line-method",
        &"r".repeat(256),
    ] {
        assert!(
            access.iter().filter(|line| line.contains(marker)).count() >= 2,
            "{marker:.40}: both formats have the line"
        );
    }
    assert!(!logs.contains(&"r".repeat(257)), "the request id is capped");
    for line in access {
        assert!(line.len() <= LONGEST_LINE, "{} bytes: {line:.600}", line.len());
    }
}
