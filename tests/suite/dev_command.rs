//! The README's main command, run as a process: `dev` prints the URL, the key and a curl line that
//! returns the demo namespaces; SIGTERM exits 0; its log (stderr, here a file) has the access lines
//! and no terminal colour codes; `--state-file` keeps state across restarts; a log pipe nobody
//! reads costs log lines, never answers.

use crate::common;
use crate::common::dev::Dev;

use std::time::Duration;

use serde_json::{Value, json};

async fn get(base: &str, key: &str, path: &str) -> (u16, Value) {
    let response = common::client()
        .get(format!("{base}{path}"))
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// A log collector that stops reading must not stop the gateway. With every crate logging at
/// TRACE into a pipe nobody reads, the pipe fills within a few requests and the log queue soon
/// after; every request must still be answered, promptly, and the lines that did not fit are
/// counted in `log_lines_dropped_total`. (With a blocking writer the first request after the pipe
/// filled would hang: this test fails that way against a `std::io::stderr` writer.)
#[tokio::test]
async fn a_log_pipe_nobody_reads_costs_log_lines_never_answers() {
    let (dev, banner) = Dev::start_with(&[], Some("trace"));
    let key = banner[1].rsplit(' ').next().unwrap().to_string();
    let http = common::client();
    let mut dropped = 0;
    for _ in 0..2000 {
        let call = http
            .get(format!("{}/cloud/namespaces", dev.base))
            .header("authorization", format!("Bearer {key}"))
            .send();
        let response = tokio::time::timeout(Duration::from_secs(5), call)
            .await
            .expect("a request is answered while the log pipe is full")
            .unwrap();
        assert_eq!(response.status(), 200);
        let metrics = http.get(format!("{}/metrics", dev.base)).send().await.unwrap();
        let text = metrics.text().await.unwrap();
        dropped = text
            .lines()
            .find_map(|l| l.strip_prefix("cloud_ops_gateway_log_lines_dropped_total "))
            .expect("the dropped-lines counter is exposed")
            .parse::<u64>()
            .unwrap();
        if dropped > 0 {
            break;
        }
    }
    assert!(dropped > 0, "the queue never filled: nothing was dropped");
    assert_eq!(dev.stop(), Some(0), "it still drains and exits, within the flush bound");
}

/// No call waits on a delayed ACK. The emulator's unary answers are several small writes; with
/// Nagle's algorithm on its connections every call through `dev` took over 40 ms (the peer's
/// delayed-ACK timer) where it takes a few. The median of sequential calls on one connection tells
/// the two apart with a wide margin even on a busy machine.
#[tokio::test]
async fn calls_through_dev_do_not_wait_for_delayed_acks() {
    let (dev, banner) = Dev::start(&[]);
    let key = banner[1].rsplit(' ').next().unwrap().to_string();
    let http = common::client();
    let mut took = Vec::new();
    for _ in 0..15 {
        let started = std::time::Instant::now();
        let response = http
            .get(format!("{}/cloud/namespaces", dev.base))
            .header("authorization", format!("Bearer {key}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        took.push(started.elapsed());
    }
    took.sort();
    assert!(took[7] < Duration::from_millis(30), "median {:?} of {took:?}", took[7]);
    assert_eq!(dev.stop(), Some(0));
}

#[tokio::test]
async fn dev_prints_a_working_curl_line_and_exits_cleanly() {
    let (dev, banner) = Dev::start(&[]);
    let key = banner[1].rsplit(' ').next().unwrap().to_string();
    assert!(key.starts_with("dev-"), "a random key is generated: {banner:?}");
    let curl = &banner[2];
    assert!(
        curl.contains(&format!("Authorization: Bearer {key}"))
            && curl.contains(&format!("{}/cloud/namespaces", dev.base))
    );
    let (status, namespaces) = get(&dev.base, &key, "/cloud/namespaces").await;
    assert_eq!(status, 200, "{namespaces}");
    let names: Vec<&str> = namespaces["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["spec"]["name"].as_str())
        .collect();
    assert!(names.contains(&"payments") && names.contains(&"orders"), "{names:?}");
    assert_eq!(get(&dev.base, "wrong", "/cloud/namespaces").await.0, 401);
    let (code, log) = dev.stop_with_log();
    assert_eq!(code, Some(0), "SIGTERM drains and exits 0");
    assert!(
        log.contains("rpc=\"GetNamespaces\" status=401"),
        "access lines are logged: {log}"
    );
    assert!(
        !log.contains('\x1b'),
        "no colour codes when stderr is not a terminal: {log:?}"
    );
}

#[tokio::test]
async fn state_file_keeps_changes_across_restarts() {
    let dir = std::env::temp_dir().join(format!("cog-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let file_arg = file.to_str().unwrap();
    let (dev, _) = Dev::start(&["--empty", "--api-key", "first-key", "--state-file", file_arg]);
    let (status, namespaces) = get(&dev.base, "first-key", "/cloud/namespaces").await;
    assert_eq!(
        (
            status,
            namespaces.get("namespaces").map_or(0, |n| n.as_array().unwrap().len())
        ),
        (200, 0),
        "--empty"
    );
    let created = common::client()
        .post(format!("{}/cloud/users", dev.base))
        .header("authorization", "Bearer first-key")
        .json(&json!({"spec": {"email": "kept@example.com", "access": {"accountAccess": {"role": "ROLE_READ"}}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    assert_eq!(dev.stop(), Some(0));
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(
        saved.to_string().contains("kept@example.com"),
        "written to the state file"
    );

    let (dev, _) = Dev::start(&["--api-key", "second-key", "--state-file", file_arg]);
    let (status, users) = get(&dev.base, "first-key", "/cloud/users?email=kept@example.com").await;
    assert_eq!(status, 200, "the old key still works: {users}");
    assert_eq!(users["users"][0]["spec"]["email"], "kept@example.com");
    assert_eq!(
        get(&dev.base, "second-key", "/cloud/current-identity").await.0,
        200,
        "the new key is added"
    );
    let (_, namespaces) = get(&dev.base, "second-key", "/cloud/namespaces").await;
    assert!(
        namespaces.get("namespaces").is_none(),
        "a loaded state gets no demo data"
    );
    assert_eq!(dev.stop(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn plaintext_on_a_non_loopback_address_is_warned_about_loudly_and_tls_is_not() {
    let (dev, _) = Dev::start(&["--listen", "0.0.0.0:0"]);
    let (code, log) = dev.stop_with_log();
    assert_eq!(code, Some(0));
    assert!(
        log.contains("LISTENING IN PLAINTEXT ON A NON-LOOPBACK ADDRESS"),
        "{log}"
    );

    let tls = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let (cert, key) = (tls.join("gateway-a.pem"), tls.join("gateway-a.key"));
    let (dev, banner) = Dev::start(&[
        "--listen",
        "0.0.0.0:0",
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    assert!(dev.base.starts_with("https://"), "{banner:?}");
    assert!(
        banner.iter().any(|l| l.contains("Try:") && l.contains("https://")),
        "{banner:?}"
    );
    let (code, log) = dev.stop_with_log();
    assert_eq!(code, Some(0));
    assert!(!log.contains("PLAINTEXT"), "{log}");
}
