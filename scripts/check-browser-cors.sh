#!/usr/bin/env bash
# A portal page in headless Chromium (chromedriver) reading the gateway through CORS: starts `dev`
# with --cors-allow-origin naming a local origin, then scripts/browser_cors_check.py serves a page
# from that origin and asserts what its fetch() calls can read (ETag, 304, Link pages, PATCH) and
# that another origin can read nothing. Usage: check-browser-cors.sh [--binary PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${CARGO_TARGET_DIR:-target}/debug/cloud-ops-gateway"
if [ "${1:-}" = "--binary" ]; then
    bin=$2
fi
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
origin_port=$(free_port)
base="http://127.0.0.1:$port"
work=$(mktemp -d)
key=browser-cors-check-key
"$bin" dev --listen "127.0.0.1:$port" --api-key "$key" --cors-allow-origin "http://127.0.0.1:$origin_port" \
    >"$work/gateway.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "check-browser-cors: the gateway exited:" >&2
        cat "$work/gateway.log" >&2
        exit 1
    fi
    sleep 0.2
done
python3 scripts/browser_cors_check.py "$base" "$key" "$origin_port" "$work"
