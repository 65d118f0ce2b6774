#!/usr/bin/env bash
# A real Prometheus scrapes a running `dev`: the request counter and the latency histogram must be
# queryable by route through Prometheus's HTTP API, promtool must find nothing wrong with /metrics,
# and deploy/ must hold: `promtool check rules` / `test rules` on the alerts, the example config
# loads and evaluates them, and every series named by the alerts and the Grafana dashboard is one
# the gateway exposes (scripts/check_deploy_series.py).
#
#   scripts/check-prometheus.sh [--binary target/debug/cloud-ops-gateway]
#
# Installs Debian's `prometheus` package if prometheus or promtool is missing. Everything listens on
# 127.0.0.1, every wait is bounded, and whatever it started is stopped on exit, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=target/debug/cloud-ops-gateway
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        *) echo "check-prometheus: unknown argument $1" >&2; exit 64 ;;
    esac
done
[ -x "$binary" ] || { echo "check-prometheus: no executable $binary (cargo build first)" >&2; exit 64; }
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
    apt-get update -q
    # The package's own service is not started (no init here); we run our own process below.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus
fi
started=$(date +%s)
fail() { echo "check-prometheus: FAILED: $*" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$status" -ne 0 ]; then
        # dev's stdout holds the API key and is never shown; its log never holds keys.
        for log in dev.log prometheus.log; do
            [ -s "$tmp/$log" ] && { echo "--- last lines of $log" >&2; tail -n 20 "$tmp/$log" >&2; }
        done
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# Polls `$@` every 0.25 s until it succeeds, for at most $1 seconds, while what we started runs.
wait_for() {
    local deadline=$(( $(date +%s) + $1 )) pid; shift
    until "$@" >/dev/null 2>&1; do
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "process $pid that we started has exited"; done
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.25
    done
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "== promtool: check and unit-test the alerting rules"
promtool check rules deploy/prometheus/alerts.yml
promtool test rules deploy/prometheus/alerts.test.yml
promtool check config deploy/prometheus/prometheus.yml

echo "== dev on a free loopback port, with some traffic"
# A fraction of emulator calls answer UNAVAILABLE, so that retries (and the odd 503) happen too.
key="check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
"$binary" dev --listen 127.0.0.1:0 --api-key "$key" --op-latency 100ms --unavailable-fraction 0.2 \
    >"$tmp/dev.out" 2>"$tmp/dev.log" &
pids+=($!)
gateway_url() { grep -o 'REST/JSON at http://127\.0\.0\.1:[0-9]*' "$tmp/dev.out" | grep -o 'http://.*'; }
wait_for 30 gateway_url || fail "dev did not report its address within 30 s"
gw=$(gateway_url)
wait_for 30 curl -fs "$gw/healthz" || fail "dev did not answer /healthz within 30 s"

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }
auth=(-H "Authorization: Bearer $key")
traffic() {
    local path code
    for _ in 1 2 3 4 5; do
        for path in /cloud/namespaces /cloud/users /cloud/regions /cloud/account /cloud/current-identity \
            "/cloud/namespaces?pageSize=1" /cloud/service-accounts /cloud/user-groups; do
            status "${auth[@]}" "$gw$path" >/dev/null
        done
        status "${auth[@]}" "$gw/cloud/namespaces/no-such.ns" >/dev/null         # 404 from the upstream
        status "${auth[@]}" "$gw/cloud/no-such-route" >/dev/null                 # 404, unmatched
        status "$gw/cloud/users" >/dev/null                                      # 401, no key
    done
    # 504, deadline (an injected UNAVAILABLE can come first: then 503, and another try).
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        code=$(status "${auth[@]}" -H 'Grpc-Timeout: 1n' "$gw/cloud/namespaces")
        [ "$code" != 504 ] || break
    done
    [ "$code" = 504 ] || fail "a 1 ns deadline answered $code, not 504, ten times"
    status "${auth[@]}" -H 'Prefer: wait=10' -H 'Content-Type: application/json' -X POST "$gw/cloud/users" \
        -d "{\"spec\": {\"email\": \"check-$RANDOM$RANDOM@example.com\", \"access\": {\"accountAccess\": {\"role\": \"ROLE_READ\"}}}}" \
        >/dev/null                                                               # a waited-for operation
}
traffic

echo "== /metrics: content types, and promtool check metrics on the Prometheus text format"
curl -fsS -D "$tmp/text.head" -o "$tmp/metrics.txt" "$gw/metrics"
curl -fsS -D "$tmp/open.head" -o "$tmp/metrics.om" \
    -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' "$gw/metrics"
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$tmp/text.head" \
    || fail "/metrics without Accept is not served as text/plain; version=0.0.4"
grep -qi '^content-type: application/openmetrics-text; version=1.0.0; charset=utf-8' "$tmp/open.head" \
    || fail "/metrics for an OpenMetrics scraper is not served as application/openmetrics-text; version=1.0.0"
[ "$(tail -n 1 "$tmp/metrics.om")" = "# EOF" ] || fail "the OpenMetrics exposition does not end with # EOF"
! grep -q '^# EOF' "$tmp/metrics.txt" || fail "the Prometheus text exposition has an OpenMetrics # EOF line"
# promtool's linter reads only the Prometheus text format (it takes OpenMetrics for that format and
# misreports its counters), so it gets the text one; the OpenMetrics one is parsed by the real
# scrape below (Prometheus asks for OpenMetrics first).
if ! lint=$(promtool check metrics <"$tmp/metrics.txt" 2>&1) || [ -n "$lint" ]; then
    fail "promtool check metrics: ${lint:-exit status only}"
fi
echo "promtool check metrics: no problems in $(grep -vc '^#' "$tmp/metrics.txt") samples"

echo "== Prometheus scraping dev every second, with deploy/prometheus's config and rules"
prom_port=$(free_port)
prom="http://127.0.0.1:$prom_port"
cp deploy/prometheus/alerts.yml "$tmp/alerts.yml"
sed -e "s/scrape_interval: 15s/scrape_interval: 1s/" -e "s/evaluation_interval: 15s/evaluation_interval: 1s/" \
    -e "s|\"127.0.0.1:8080\"|\"${gw#http://}\"|" deploy/prometheus/prometheus.yml >"$tmp/prometheus.yml"
for want in "scrape_interval: 1s" "evaluation_interval: 1s" "\"${gw#http://}\""; do
    grep -qF "$want" "$tmp/prometheus.yml" || fail "could not adapt deploy/prometheus/prometheus.yml ($want)"
done
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$tmp/prometheus.log" 2>&1 &
pids+=($!)
wait_for 30 curl -fs "$prom/-/ready" || fail "Prometheus was not ready within 30 s"

# Prints the data of an instant query (JSON).
query() { curl -fsS --max-time 10 --get --data-urlencode "query=$1" "$prom/api/v1/query"; }
target_up() {
    curl -fsS --max-time 5 "$prom/api/v1/targets" | python3 -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
ok = [t for t in targets if t["labels"]["job"] == "cloud-ops-gateway" and t["health"] == "up"]
sys.exit(0 if ok else 1)'
}
wait_for 60 target_up || fail "no successful scrape of dev within 60 s: $(curl -s "$prom/api/v1/targets")"
echo "first successful scrape $(( $(date +%s) - started )) s into the run ( $(curl -s "$prom/api/v1/targets" |
    python3 -c 'import json,sys; t=json.load(sys.stdin)["data"]["activeTargets"][0]; print(t["scrapeUrl"], t["lastScrapeDuration"], "s, error:", repr(t["lastError"]))'))"

# A second round of traffic after the first scrape, so rates over the last minute are above zero.
traffic
sleep 3

# Succeeds when the query's result has a series for route $2 whose value is a finite number > 0.
has_route() {
    query "$1" | python3 -c '
import json, math, sys
result, route = json.load(sys.stdin)["data"]["result"], sys.argv[1]
values = {r["metric"].get("route"): float(r["value"][1]) for r in result}
sys.exit(0 if math.isfinite(values.get(route, math.nan)) and values[route] > 0 else 1)' "$2"
}
show() { query "$1" | python3 -c '
import json, sys
for r in sorted(json.load(sys.stdin)["data"]["result"], key=lambda r: r["metric"].get("route", "")):
    print("    %s: %.4g" % (r["metric"].get("route"), float(r["value"][1])))'; }

echo "== PromQL over the scraped series"
rate_q='sum by (route) (rate(cloud_ops_gateway_requests_total[1m]))'
p99_q='histogram_quantile(0.99, sum by (le, route) (rate(cloud_ops_gateway_request_duration_seconds_bucket[1m])))'
errors_q='sum by (route) (cloud_ops_gateway_requests_total{code="NOT_FOUND"})'
wait_for 30 has_route "$rate_q" /cloud/users || fail "no request rate for /cloud/users: $(query "$rate_q")"
wait_for 30 has_route "$p99_q" /cloud/users || fail "no p99 latency for /cloud/users: $(query "$p99_q")"
has_route "$errors_q" "/cloud/namespaces/{namespace}" || fail "no NOT_FOUND on /cloud/namespaces/{namespace}"
has_route "$errors_q" unmatched || fail "no NOT_FOUND for unmatched paths"
echo "$rate_q"; show "$rate_q"
echo "$p99_q"; show "$p99_q"

echo "== deploy/: the rules as Prometheus evaluates them, the dashboard, against the series exposed"
rules_evaluated() {
    curl -fsS --max-time 5 "$prom/api/v1/rules" | python3 -c '
import json, sys
rules = [r for g in json.load(sys.stdin)["data"]["groups"] for r in g["rules"]]
sys.exit(0 if rules and all(r.get("health") != "unknown" for r in rules) else 1)'
}
wait_for 30 rules_evaluated || fail "Prometheus did not evaluate the rules within 30 s"
# The exposition as it is now: the second round of traffic may have added series.
curl -fsS -o "$tmp/metrics.txt" "$gw/metrics"
python3 scripts/check_deploy_series.py --metrics "$tmp/metrics.txt" \
    --dashboard deploy/grafana/cloud-ops-gateway.json --prometheus "$prom"

echo "check-prometheus: ok in $(( $(date +%s) - started )) s"
