//! Error rendering: [`GatewayError::into_response`] for a gateway-made error (unknown query
//! parameter), a routing error (405 + Allow) and an upstream NOT_FOUND with metadata and a
//! `google.rpc.Status` detail — status table, message, details JSON and headers.
//!
//! Run: `cargo bench --bench errors`.

use std::hint::black_box;

use axum::response::IntoResponse;
use bytes::Bytes;
use cloud_ops_gateway::error::GatewayError;
use cloud_ops_gateway::pb::google::rpc::Status as RpcStatus;
use cloud_ops_gateway::wkt::Any;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Method;
use prost::Message as _;
use tonic::metadata::{MetadataMap, MetadataValue};

/// A NOT_FOUND status as an upstream sends it: message, one metadata entry, one detail.
fn not_found() -> tonic::Status {
    let detail = RpcStatus {
        code: 5,
        message: "inner".into(),
        details: Vec::new(),
    };
    let details = RpcStatus {
        code: 5,
        message: "namespace not found: missing.acct1".into(),
        details: vec![Any {
            type_url: "type.googleapis.com/google.rpc.Status".into(),
            value: detail.encode_to_vec(),
        }],
    };
    let mut metadata = MetadataMap::new();
    metadata.insert("x-upstream-trace", MetadataValue::from_static("abc123"));
    tonic::Status::with_details_and_metadata(
        tonic::Code::NotFound,
        "namespace not found: missing.acct1",
        Bytes::from(details.encode_to_vec()),
        metadata,
    )
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("error_render");
    group.bench_function("invalid_request", |b| {
        b.iter(|| {
            GatewayError::InvalidRequest(black_box("unknown query parameter \"bogus\" for GetUsers").to_string())
                .into_response()
        })
    });
    group.bench_function("method_not_allowed", |b| {
        b.iter(|| GatewayError::MethodNotAllowed(black_box(vec![Method::GET, Method::POST])).into_response())
    });
    group.bench_function("upstream_not_found_plain", |b| {
        b.iter(|| {
            GatewayError::Upstream(tonic::Status::not_found(black_box(
                "namespace not found: missing.acct1",
            )))
            .into_response()
        })
    });
    let status = not_found();
    group.bench_function("upstream_not_found_with_detail", |b| {
        b.iter(|| GatewayError::Upstream(black_box(status.clone())).into_response())
    });
    group.finish();
}

criterion_group!(errors, benches);
criterion_main!(errors);
