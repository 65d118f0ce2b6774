//! The direct gRPC load client: `concurrency` tasks in a closed loop over `connections` tonic
//! channels (HTTP/2), each sending the same pre-encoded request with the metadata the gateway
//! would add, for a warm-up and then a measured period. Latencies are kept exactly (one entry per
//! call) for the percentiles.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use cloud_ops_gateway::upstream::RawCodec;
use http::uri::PathAndQuery;
use tonic::client::Grpc;
use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::transport::{Channel, Endpoint};

use crate::{MEASURING, STOPPED, Sample, WARMING};

/// How hard and how long to call.
#[derive(Clone, Copy)]
pub struct Load {
    /// Calls in flight at once (closed loop).
    pub concurrency: usize,
    /// HTTP/2 connections they share.
    pub connections: usize,
    /// Unmeasured time first.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
}

/// Calls `grpc_path` with `request` as `load` says. A call answered with `expect_code` counts as
/// a success (NOT_FOUND for the error scenario).
pub async fn run(
    upstream: &str,
    grpc_path: &'static str,
    request: Bytes,
    expect_code: tonic::Code,
    load: &Load,
) -> Sample {
    let Load {
        concurrency,
        connections,
        warmup,
        duration,
    } = *load;
    let mut channels = Vec::new();
    for _ in 0..connections.max(1) {
        let channel = Endpoint::from_shared(upstream.to_string())
            .expect("a valid URL")
            .tcp_nodelay(true)
            .connect()
            .await
            .expect("the canned upstream accepts connections");
        channels.push(channel);
    }
    let phase = Arc::new(AtomicU8::new(WARMING));
    let mut tasks = Vec::new();
    for i in 0..concurrency {
        let channel = channels[i % channels.len()].clone();
        let phase = phase.clone();
        let request = request.clone();
        tasks.push(tokio::spawn(worker(channel, grpc_path, request, expect_code, phase)));
    }
    tokio::time::sleep(warmup).await;
    phase.store(MEASURING, Ordering::SeqCst);
    let started = Instant::now();
    tokio::time::sleep(duration).await;
    phase.store(STOPPED, Ordering::SeqCst);
    let elapsed = started.elapsed();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("the worker does not panic");
        latencies.extend(l);
        errors += e;
    }
    Sample::from_latencies(latencies, errors, elapsed)
}

/// One closed-loop caller: returns its measured latencies (ns) and its unexpected answers.
async fn worker(
    channel: Channel,
    grpc_path: &'static str,
    request: Bytes,
    expect_code: tonic::Code,
    phase: Arc<AtomicU8>,
) -> (Vec<u64>, u64) {
    let mut grpc = Grpc::new(channel);
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut errors = 0;
    loop {
        let before = phase.load(Ordering::Relaxed);
        if before == STOPPED {
            return (latencies, errors);
        }
        let started = Instant::now();
        let ok = call(&mut grpc, grpc_path, request.clone(), expect_code).await;
        let latency = started.elapsed();
        // Only calls that started and ended inside the measured period count.
        if before == MEASURING && phase.load(Ordering::Relaxed) == MEASURING {
            latencies.push(latency.as_nanos() as u64);
            if !ok {
                errors += 1;
            }
        }
    }
}

/// One call with the metadata the gateway sends; `true` when answered with `expect_code`.
pub async fn call(grpc: &mut Grpc<Channel>, grpc_path: &'static str, request: Bytes, expect_code: tonic::Code) -> bool {
    let mut metadata = MetadataMap::new();
    metadata.insert("authorization", MetadataValue::from_static("Bearer bench-key"));
    metadata.insert(
        "temporal-cloud-api-version",
        MetadataValue::from_static(cloud_ops_gateway::pb::API_VERSION),
    );
    let call = tonic::Request::from_parts(metadata, tonic::Extensions::new(), request);
    match grpc.ready().await {
        Ok(()) => match grpc
            .unary::<Bytes, Bytes, _>(call, PathAndQuery::from_static(grpc_path), RawCodec)
            .await
        {
            Ok(_) => expect_code == tonic::Code::Ok,
            Err(status) => status.code() == expect_code,
        },
        Err(_) => false,
    }
}
