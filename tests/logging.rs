//! The API key never appears in a log line: every request below carries a distinctive key, all log
//! output (every crate, TRACE level, text and JSON) is captured, and the key must not occur in it.
//! The capture is checked to contain the access lines, so the test cannot pass by logging nothing.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

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

#[tokio::test]
async fn no_log_line_contains_the_api_key() {
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
