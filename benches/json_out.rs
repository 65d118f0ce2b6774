//! Response message → canonical JSON: the encoded upstream answer of GetNamespace (one namespace)
//! and of GetUsers with 50 and 1000 users, through [`transcode::response_to_json`] — protobuf decode and
//! pbjson serialize, exactly as the proxy does. The target: ≤ 100 µs for 50 users.
//!
//! Run: `cargo bench --bench json_out`.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::hint::black_box;

use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::GetUsersResponse;
use cloud_ops_gateway::routes::by_rpc;
use cloud_ops_gateway::transcode;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prost::Message as _;

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("json_out");
    let cases = [
        ("GetNamespace", "GetNamespace", fixtures::get_namespace_response()),
        ("GetUsers/50", "GetUsers", fixtures::get_users_response(50)),
        ("GetUsers/1000", "GetUsers", fixtures::get_users_response(1000)),
        ("CreateUser", "CreateUser", fixtures::create_user_response()),
    ];
    for (name, rpc, bytes) in &cases {
        let route = by_rpc(rpc).expect("the RPC is routed");
        let json_len = transcode::response_to_json(route, bytes).expect("renders").len();
        group.throughput(Throughput::Bytes(json_len as u64));
        group.bench_function(*name, |b| {
            b.iter(|| transcode::response_to_json(route, black_box(bytes)).expect("renders"))
        });
    }
    group.finish();

    // The two halves of the largest case, to see where its time goes.
    let bytes = fixtures::get_users_response(1000);
    let mut split = c.benchmark_group("json_out_split");
    split.bench_function("decode/GetUsers/1000", |b| {
        b.iter(|| GetUsersResponse::decode(black_box(&bytes[..])).expect("decodes"))
    });
    let message = GetUsersResponse::decode(&bytes[..]).expect("decodes");
    split.bench_function("serialize/GetUsers/1000", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(bytes.len() * 2 + 16);
            serde_json::to_writer(&mut out, black_box(&message)).expect("serializes");
            out
        })
    });
    split.finish();
}

criterion_group!(json_out, benches);
criterion_main!(json_out);
