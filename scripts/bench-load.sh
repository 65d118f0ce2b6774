#!/usr/bin/env bash
# Load harness: direct gRPC vs through the gateway, on loopback, in one run (docs/performance.md).
# Builds the gateway as the image ships it (`dist` profile, jemalloc), installs wrk when absent, then runs benches/load (any arguments are
# passed on, e.g. --runs 5 --duration 10 --scenario get_namespace).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi
cargo build --profile dist --features jemalloc --locked --bin cloud-ops-gateway
cargo bench --locked --bench load -- --gateway-bin "${CARGO_TARGET_DIR:-target}/dist/cloud-ops-gateway" "$@"
