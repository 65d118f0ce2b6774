#!/usr/bin/env bash
# Soak: a long run of mixed API reads through `dev` over loopback with wrk, sampling the process's
# RSS every few seconds. Passes when every request got a 2xx (no socket errors, no error statuses)
# and RSS has flattened: the last third of the samples grows less than 5 % over the middle third.
#
#   scripts/soak.sh                               # the image's build (dist, jemalloc), 20 minutes (≥ 1 M requests here)
#   scripts/soak.sh --duration 30 --binary target/debug/cloud-ops-gateway   # the CI slice
#
# Writes the RSS curve (seconds, KiB) to target/soak-rss.csv.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=1200
binary=""
connections=32
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --binary) binary="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        *) echo "soak: unknown argument $1" >&2; exit 64 ;;
    esac
done
if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi
if [ -z "$binary" ]; then
    cargo build --profile dist --features jemalloc --locked --bin cloud-ops-gateway
    binary=${CARGO_TARGET_DIR:-target}/dist/cloud-ops-gateway
fi
mkdir -p target
port=$((20000 + RANDOM % 20000))
key=soak-key
"$binary" dev --listen "127.0.0.1:$port" --api-key "$key" --op-latency 0s --rate-limits off >target/soak-dev.out 2>target/soak-dev.log &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done

# The mix: lists, single resources, filtered and paged lists, account-wide reads.
cat >target/soak.lua <<LUA
local paths = {
  "/cloud/namespaces", "/cloud/namespaces?pageSize=2", "/cloud/users", "/cloud/users?pageSize=1",
  "/cloud/service-accounts", "/cloud/user-groups", "/cloud/regions", "/cloud/account",
  "/cloud/nexus/endpoints", "/cloud/connectivity-rules", "/cloud/custom-roles",
  "/cloud/current-identity", "/cloud/audit-log-sinks",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Authorization"] = "Bearer $key" })
end
LUA

echo "seconds,rss_kib" >target/soak-rss.csv
start=$(date +%s)
wrk -t2 -c"$connections" -d"${duration}s" -s target/soak.lua "http://127.0.0.1:$port" >target/soak-wrk.txt 2>&1 &
wrk_pid=$!
while kill -0 "$wrk_pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    echo "$(( $(date +%s) - start )),$rss" >>target/soak-rss.csv
    sleep 5
done
wait "$wrk_pid"
cat target/soak-wrk.txt

requests=$(awk '/requests in/ {print $1}' target/soak-wrk.txt)
if grep -qE "Socket errors|Non-2xx" target/soak-wrk.txt; then
    echo "soak: FAILED: errors during the run (see above)"
    exit 1
fi
python3 - "$requests" <<'PY'
import csv, sys
rows = [int(r["rss_kib"]) for r in csv.DictReader(open("target/soak-rss.csv"))]
third = max(1, len(rows) // 3)
middle, last = max(rows[third:2 * third] or rows), max(rows[2 * third:] or rows)
growth = (last - middle) / middle
print(f"soak: {sys.argv[1]} requests, RSS first {rows[0]} KiB, middle-third max {middle} KiB, "
      f"last-third max {last} KiB ({growth:+.1%}), {len(rows)} samples in target/soak-rss.csv")
if growth > 0.05:
    sys.exit("soak: FAILED: RSS still growing")
print("soak: ok")
PY
