//! `healthcheck`: a probe for container runtimes whose images have no shell or curl (the runtime
//! image is distroless). `--url` expects HTTP 200 from a GET; `--tcp` expects a TCP connection.
//! Exit status 0 when healthy, 1 otherwise.

use std::time::Duration;

use http_body_util::Empty;
use hyper_util::rt::TokioIo;

/// Runs the probe; returns the exit status.
pub async fn run(url: Option<String>, tcp: Option<String>, timeout: Duration) -> i32 {
    let result = match (url, tcp) {
        (Some(url), _) => tokio::time::timeout(timeout, http_ok(&url)).await,
        (None, Some(addr)) => {
            tokio::time::timeout(timeout, async {
                tokio::net::TcpStream::connect(&addr)
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .await
        }
        (None, None) => Ok(Err("give --url or --tcp".to_string())),
    };
    match result {
        Ok(Ok(())) => 0,
        Ok(Err(reason)) => {
            eprintln!("unhealthy: {reason}");
            1
        }
        Err(_) => {
            eprintln!("unhealthy: no answer within {timeout:?}");
            1
        }
    }
}

async fn http_ok(url: &str) -> Result<(), String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("bad --url: {e}"))?;
    let authority = uri.authority().ok_or("--url needs host:port")?.clone();
    let port = authority.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((authority.host(), port))
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let request = http::Request::get(uri.path_and_query().map_or("/", |p| p.as_str()))
        .header(http::header::HOST, authority.as_str())
        .body(Empty::<bytes::Bytes>::new())
        .map_err(|e| e.to_string())?;
    let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
    match response.status() {
        http::StatusCode::OK => Ok(()),
        status => Err(format!("{url} answered {status}")),
    }
}
