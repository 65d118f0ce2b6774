//! Latency at a fixed request rate (open loop), for "how much latency does the gateway add".
//!
//! The closed-loop runs (direct client, wrk) keep every connection busy, so their percentiles are
//! mostly queueing at saturation. Here `tasks` callers each send on a fixed schedule (together
//! `rate` requests per second, well below what either side can do). A call's latency is measured
//! from its send, or from the moment it was *scheduled* when the caller's previous call was still
//! running then, so a stall counts against every call it delays (no coordinated omission) while the
//! timer's own lateness (tokio's timer has millisecond resolution) does not. The same schedule runs directly over gRPC and through the gateway over
//! HTTP/1.1 keep-alive (one connection per caller, as a portal's connection pool would).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::time::MissedTickBehavior;
use tonic::transport::Endpoint;

use crate::direct;
use crate::wrk::HttpCall;
use crate::{MEASURING, STOPPED, Sample, WARMING};

/// The schedule: `rate` calls per second in total, spread over `tasks` callers.
#[derive(Clone, Copy)]
pub struct Pace {
    pub rate: u32,
    pub tasks: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// Runs `pace`; `caller(i)` makes the i-th caller's call function (`true` = expected answer).
async fn run<C, Fut>(pace: Pace, mut caller: impl FnMut(usize) -> C) -> Sample
where
    C: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let period = Duration::from_secs_f64(pace.tasks as f64 / f64::from(pace.rate.max(1)));
    let phase = Arc::new(AtomicU8::new(WARMING));
    let start = Instant::now() + Duration::from_millis(10);
    let mut handles = Vec::new();
    for i in 0..pace.tasks {
        let mut call = caller(i);
        let phase = phase.clone();
        // Callers are offset evenly inside one period, so the calls are evenly spaced in time.
        let first = start + period.mul_f64(i as f64 / pace.tasks as f64);
        handles.push(tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(first.into(), period);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Burst);
            let (mut latencies, mut errors) = (Vec::new(), 0u64);
            let mut previous_end = Instant::now();
            loop {
                let scheduled = ticks.tick().await.into_std();
                let before = phase.load(Ordering::Relaxed);
                if before == STOPPED {
                    return (latencies, errors);
                }
                let sent = Instant::now();
                let ok = call().await;
                previous_end = {
                    let end = Instant::now();
                    let from = if previous_end > scheduled { scheduled } else { sent };
                    if before == MEASURING && phase.load(Ordering::Relaxed) == MEASURING {
                        latencies.push((end - from).as_nanos() as u64);
                        errors += u64::from(!ok);
                    }
                    end
                };
            }
        }));
    }
    tokio::time::sleep(pace.warmup).await;
    phase.store(MEASURING, Ordering::SeqCst);
    let started = Instant::now();
    tokio::time::sleep(pace.duration).await;
    phase.store(STOPPED, Ordering::SeqCst);
    let elapsed = started.elapsed();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for handle in handles {
        let (l, e) = handle.await.expect("a caller does not panic");
        latencies.extend(l);
        errors += e;
    }
    Sample::from_latencies(latencies, errors, elapsed)
}

/// The schedule over gRPC, straight to the upstream (one HTTP/2 connection, as the gateway uses).
pub async fn direct(
    pace: Pace,
    upstream: &str,
    grpc_path: &'static str,
    request: Bytes,
    expect: tonic::Code,
) -> Sample {
    let channel = Endpoint::from_shared(upstream.to_string())
        .expect("a valid URL")
        .tcp_nodelay(true)
        .connect()
        .await
        .expect("the canned upstream accepts connections");
    run(pace, |_| {
        let grpc = tonic::client::Grpc::new(channel.clone());
        let request = request.clone();
        move || {
            let mut grpc = grpc.clone();
            let request = request.clone();
            async move { direct::call(&mut grpc, grpc_path, request, expect).await }
        }
    })
    .await
}

/// The schedule through the gateway at `addr` (`127.0.0.1:port`), one keep-alive connection per caller.
pub async fn gateway(pace: Pace, addr: &str, call: &HttpCall<'_>) -> Sample {
    let mut senders = Vec::new();
    for _ in 0..pace.tasks {
        let stream = tokio::net::TcpStream::connect(addr).await.expect("the gateway accepts");
        stream.set_nodelay(true).expect("TCP_NODELAY");
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("an HTTP/1.1 connection");
        tokio::spawn(connection);
        senders.push(sender);
    }
    let (method, target, expect) = (call.method.to_string(), call.target.to_string(), call.expect_status);
    let body = Bytes::from(call.body.unwrap_or("").to_string());
    let mut senders = senders.into_iter();
    run(pace, |_| {
        let sender = senders.next().expect("one connection per caller");
        let (method, target, body) = (method.clone(), target.clone(), body.clone());
        let sender = Arc::new(tokio::sync::Mutex::new(sender));
        move || {
            let request = http::Request::builder()
                .method(method.as_str())
                .uri(target.as_str())
                .header("host", "127.0.0.1")
                .header("authorization", "Bearer bench-key")
                .header("content-type", "application/json")
                .body(Full::new(body.clone()))
                .expect("a valid request");
            let sender = sender.clone();
            async move {
                let mut sender = sender.lock().await;
                match sender.send_request(request).await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        response.into_body().collect().await.is_ok() && status == expect
                    }
                    Err(_) => false,
                }
            }
        }
    })
    .await
}
