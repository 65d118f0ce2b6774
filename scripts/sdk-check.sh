#!/usr/bin/env bash
# Temporal's own SDKs as real clients of `cloud-ops-gateway emulator` (issue 27): the Python SDK
# (temporalio, scripts/sdk/python, pinned with hashes) with its default options — gzip requests,
# WorkflowService/GetSystemInfo on connect — in plaintext and over TLS, and the TypeScript SDK
# (@temporalio/cloud, scripts/sdk/node, pinned by package-lock.json), which insists on TLS with an
# API key and takes its CA from grpc-js's GRPC_DEFAULT_SSL_ROOTS_FILE_PATH (the test CA of
# tests/fixtures/tls). Each lists namespaces, creates one and waits for its operation, reads it
# back, creates a user, gets a NOT_FOUND and pages through users.
#
# Installs the packages itself (pip into a venv under target/sdk-check, npm ci into a copy of
# scripts/sdk/node there); python3 (3.9+) and Node.js 20.3+ with npm must be on PATH: a missing
# one fails the check, it never skips. Usage: sdk-check.sh [--binary PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${CARGO_TARGET_DIR:-target}/debug/cloud-ops-gateway"
if [ "${1:-}" = "--binary" ]; then
    bin=$2
fi
fail() {
    echo "sdk-check: $*" >&2
    exit 1
}
[ -x "$bin" ] || fail "no binary at $bin (cargo build first)"
command -v python3 >/dev/null || fail "python3 is required"
command -v node >/dev/null || fail "Node.js 20.3+ is required (@temporalio/cloud 1.23 needs it)"
command -v npm >/dev/null || fail "npm is required"
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 3) ? 0 : 1)' ||
    fail "Node.js 20.3+ is required, found $(node --version)"

state="${CARGO_TARGET_DIR:-target}/sdk-check"
work=$(mktemp -d)
tls=tests/fixtures/tls
key="sdk-check-$RANDOM$RANDOM"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# Starts an emulator on a free loopback port with demo data; sets `address` to its host:port.
start_emulator() {
    local name=$1
    shift
    "$bin" emulator --listen 127.0.0.1:0 --api-key "$key" --op-latency 1s "$@" \
        >"$work/$name.out" 2>"$work/$name.log" &
    pids+=($!)
    local pid=$!
    for _ in $(seq 1 100); do
        address=$(sed -n 's|^cloud-ops-gateway emulator: .* on https\{0,1\}://\([0-9.:]*\)$|\1|p' "$work/$name.out")
        if [ -n "$address" ]; then
            return
        fi
        kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; fail "the $name emulator exited"; }
        sleep 0.1
    done
    fail "the $name emulator printed no address"
}

echo "-- installing temporalio (scripts/sdk/python/requirements.txt) and @temporalio/cloud (scripts/sdk/node)"
mkdir -p "$state"
[ -x "$state/venv/bin/python" ] || python3 -m venv "$state/venv"
"$state/venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r scripts/sdk/python/requirements.txt
rm -rf "$state/node" && mkdir -p "$state/node"
cp scripts/sdk/node/package.json scripts/sdk/node/package-lock.json scripts/sdk/node/cloud-ops-check.js "$state/node/"
(cd "$state/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

start_emulator plaintext
plain=$address
start_emulator tls --emulator-tls-cert "$tls/gateway-a.pem" --emulator-tls-key "$tls/gateway-a.key"
secure=$address

echo "-- Python SDK, plaintext, default options (gzip, GetSystemInfo): $plain"
"$state/venv/bin/python" scripts/sdk/python/cloud_ops_check.py --target "$plain" --api-key "$key"
echo "-- Python SDK over TLS (the test CA): $secure"
"$state/venv/bin/python" scripts/sdk/python/cloud_ops_check.py --target "$secure" --api-key "$key" --ca "$tls/ca.pem"
echo "-- Node SDK over TLS (CA from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH): localhost:${secure##*:}"
GRPC_DEFAULT_SSL_ROOTS_FILE_PATH="$PWD/$tls/ca.pem" \
    node "$state/node/cloud-ops-check.js" --address "localhost:${secure##*:}" --api-key "$key"
echo "sdk-check: passed"
