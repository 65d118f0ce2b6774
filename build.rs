//! Build step: compile `proto/` with protox (no system protoc) and generate, into OUT_DIR,
//!
//! - `descriptor.bin`: the encoded FileDescriptorSet (with imports, comments and custom options such as
//!   `google.api.http`), embedded in the binary for `Any` resolution, query binding and OpenAPI;
//! - prost messages, the tonic client and the tonic server (default stubs answer UNIMPLEMENTED);
//! - pbjson serde impls for every message, with the well-known types that pbjson renders
//!   non-canonically mapped to the project's own `crate::wkt` types;
//! - `_modules.rs`: the module tree mirroring the proto packages;
//! - `routes.rs`: the route table read from the `google.api.http` option of every CloudService method.
//!
//! An http rule shape the gateway cannot serve fails the build (see `build/routes.rs`).

use std::error::Error;
use std::path::{Path, PathBuf};

#[path = "build/modules.rs"]
mod modules;
#[path = "build/routes.rs"]
mod routes;

/// Well-known types whose JSON form the gateway owns (pbjson-types gets them wrong, see docs/).
const OWN_WKT: &[(&str, &str)] = &[
    (".google.protobuf.Timestamp", "crate::wkt::Timestamp"),
    (".google.protobuf.Duration", "crate::wkt::Duration"),
    (".google.protobuf.Any", "crate::wkt::Any"),
];

/// The one service whose methods become HTTP routes.
const SERVICE: &str = "temporal.api.cloud.cloudservice.v1.CloudService";

fn main() -> Result<(), Box<dyn Error>> {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let proto_root = Path::new("proto");

    let mut files = Vec::new();
    collect_protos(proto_root, &mut files)?;
    files.sort();
    println!("cargo:rerun-if-changed={}", proto_root.display());
    println!("cargo:rerun-if-changed=proto/VERSION");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let relative: Vec<PathBuf> = files
        .iter()
        .map(|f| f.strip_prefix(proto_root).map(Path::to_path_buf))
        .collect::<Result<_, _>>()?;

    let mut compiler = protox::Compiler::new([proto_root])?;
    compiler.include_source_info(true).include_imports(true);
    compiler.open_files(&relative)?;
    let descriptor_bytes = compiler.encode_file_descriptor_set();
    std::fs::write(out_dir.join("descriptor.bin"), &descriptor_bytes)?;

    let mut builder = tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .build_transport(false)
        .generate_default_stubs(true)
        .compile_well_known_types(true)
        .extern_path(".google.protobuf", "::pbjson_types");
    for (proto, rust) in OWN_WKT {
        builder = builder.extern_path(*proto, *rust);
    }
    let mut config = prost_build::Config::new();
    // `prost::Name` impls give the emulator each request's full name for `Any` packing.
    config.enable_type_names();
    builder.compile_fds_with_config(compiler.file_descriptor_set(), config)?;

    let mut json = pbjson_build::Builder::new();
    json.register_descriptors(&descriptor_bytes)?
        .extern_path(".google.protobuf", "::pbjson_types");
    for (proto, rust) in OWN_WKT {
        json.extern_path(*proto, *rust);
    }
    json.build(&[".temporal", ".google.rpc", ".google.api", ".grpc"])?;

    let pool = compiler.descriptor_pool();
    modules::write(&pool, &out_dir)?;
    routes::write(&pool, SERVICE, &out_dir.join("routes.rs"))?;
    Ok(())
}

fn collect_protos(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_protos(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "proto") {
            out.push(path);
        }
    }
    Ok(())
}
