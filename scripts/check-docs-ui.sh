#!/usr/bin/env bash
# Real-browser check of the offline docs UI (/docs/), in headless Chromium from Debian:
#   1. build the gateway and start `dev` (gateway + embedded emulator with demo data) on a free
#      127.0.0.1 port, with a known API key for the account owner;
#   2. load /docs/ with --dump-dom and assert that every operation of /openapi.json was rendered
#      (one `operations-<tag>-<operationId>` block each), the title, and the Authorize button;
#   3. save a screenshot to target/docs-ui.png (DOM dump: target/docs-ui.html);
#   4. with chromedriver (Debian chromium-driver) when present: enter the key under "Authorize",
#      "Try it out" + "Execute" on getCurrentIdentity, and assert the browser got the identity back
#      (200, where a request without the key gets 401), and that the browser reported no violation of
#      the UI's Content-Security-Policy, see docs_ui_try_it_out.py;
#   5. stop the server. Any failed assertion exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-chromium}
mkdir -p target
cargo build --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/cloud-ops-gateway"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
work=$(mktemp -d)
key=docs-ui-check-key
"$bin" dev --listen "127.0.0.1:$port" --api-key "$key" >"$work/gateway.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 150); do
    if curl -fsS -o "$work/openapi.json" "$base/openapi.json" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "check-docs-ui: the gateway exited:" >&2
        cat "$work/gateway.log" >&2
        exit 1
    fi
    sleep 0.2
done
test -s "$work/openapi.json" || { echo "check-docs-ui: $base/openapi.json never answered" >&2; exit 1; }

chromium_flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
    --disable-sync --no-first-run --disable-quic --disable-dev-shm-usage --virtual-time-budget=10000)

echo "check-docs-ui: loading $base/docs/ in $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
"$CHROMIUM" "${chromium_flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" --dump-dom "$base/docs/" \
    >target/docs-ui.html 2>"$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 1; }

python3 - "$work/openapi.json" target/docs-ui.html <<'EOF'
import json, re, sys
spec = json.load(open(sys.argv[1]))
dom = open(sys.argv[2], encoding="utf-8").read()
ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
rendered = set(re.findall(r'id="operations-[^"]*?-([A-Za-z0-9_]+)"', dom))
missing = sorted(set(ids) - rendered)
problems = []
if missing:
    problems.append(f"{len(missing)} of {len(ids)} operations not rendered, e.g. {missing[:5]}")
if spec["info"]["title"] not in dom:
    problems.append("title not rendered")
if "btn authorize" not in dom:
    problems.append("no Authorize button (security scheme not rendered)")
if "Failed to load API definition" in dom or "errors-wrapper" in dom:
    problems.append("Swagger UI reports errors loading the document")
if problems:
    print("check-docs-ui: FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"check-docs-ui: all {len(ids)} operations rendered (e.g. {', '.join(sorted(ids)[:3])})")
EOF

"$CHROMIUM" "${chromium_flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars \
    --window-size=1280,2200 --screenshot="$PWD/target/docs-ui.png" "$base/docs/" 2>"$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
test -s target/docs-ui.png || { echo "check-docs-ui: no screenshot" >&2; exit 1; }
echo "check-docs-ui: screenshot saved to target/docs-ui.png"

if command -v chromedriver >/dev/null; then
    python3 scripts/docs_ui_try_it_out.py "$base" "$key" "$work"
else
    echo "check-docs-ui: chromedriver absent, 'try it out' not exercised" >&2
fi
echo "check-docs-ui: OK"
