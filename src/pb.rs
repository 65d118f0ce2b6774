//! Generated protobuf code (prost messages, tonic client/server, pbjson serde impls) and the
//! embedded descriptor set. Nothing hand-written lives here.
#![allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]

include!(concat!(env!("OUT_DIR"), "/_modules.rs"));

use std::sync::LazyLock;

use prost_reflect::DescriptorPool;

/// The encoded `FileDescriptorSet` of `proto/` and its imports, with comments and custom options.
pub const DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptor.bin"));

/// The Cloud Ops API version the protos were taken from (`proto/VERSION`), e.g. `v0.17.0`.
pub const API_VERSION: &str = include_str!("../proto/VERSION").trim_ascii();

/// The descriptor pool built from [`DESCRIPTOR_SET`], for reflection (Any, query binding, OpenAPI).
pub fn pool() -> &'static DescriptorPool {
    static POOL: LazyLock<DescriptorPool> =
        LazyLock::new(|| DescriptorPool::decode(DESCRIPTOR_SET).expect("the descriptor set built by build.rs decodes"));
    &POOL
}
