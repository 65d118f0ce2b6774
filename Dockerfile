# syntax=docker/dockerfile:1
# Multi-stage build: the Rust toolchain builds the binary (protos are compiled by protox inside
# build.rs: no protoc, no network beyond the crate registry); the runtime image is distroless —
# no shell, non-root (uid 65532, distroless "nonroot") — and holds only the binary.

FROM rust:1.95-bookworm AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
# .cargo/config.toml sets the allocator's options; benches/ because Cargo.toml names its targets.
COPY .cargo ./.cargo
COPY benches ./benches
COPY build ./build
COPY proto ./proto
COPY src ./src
# The `dist` profile (fat LTO, one codegen unit) with jemalloc: the fastest build, slowest to make.
RUN cargo build --profile dist --features jemalloc --locked --bin cloud-ops-gateway \
 && cp target/dist/cloud-ops-gateway /cloud-ops-gateway

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /cloud-ops-gateway /usr/local/bin/cloud-ops-gateway
# Listen on all interfaces inside the container; JSON logs for log pipelines.
ENV CLOUD_OPS_GATEWAY_LISTEN=0.0.0.0:8080 \
    CLOUD_OPS_GATEWAY_LOG_FORMAT=json
EXPOSE 8080
USER 65532:65532
# The binary probes itself: the image has no shell or curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/usr/local/bin/cloud-ops-gateway", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/cloud-ops-gateway"]
CMD ["serve"]
