#!/usr/bin/env bash
# API fuzzing against the spec: schemathesis (PyPI, pinned below) generates requests from the
# OpenAPI document `dev` serves and sends them through the gateway to the emulator over loopback.
#
#   scripts/api-fuzz.sh                                   # release build, 100 examples per operation
#   scripts/api-fuzz.sh --max-examples 10 --binary target/debug/cloud-ops-gateway   # the CI slice
#
# Fails on what the gateway itself gets wrong: any 5xx, a status, content type, header or body that
# the document does not declare, a method or auth answer out of line. The two checks about the
# emulator's business rules against what a proto3 document can say (positive_data_acceptance: a
# request valid by the document refused; negative_data_rejection: an invalid one accepted) run too
# but only report; docs/reliability.md lists each such case and why the document cannot say it.
# The report is in target/api-fuzz.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
max_examples=100
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --max-examples) max_examples="$2"; shift 2 ;;
        --binary) binary="$2"; shift 2 ;;
        *) echo "api-fuzz: unknown argument $1" >&2; exit 64 ;;
    esac
done
st="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/schemathesis"
if ! "$st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    python3 -m pip install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi
if [ -z "$binary" ]; then
    cargo build --release --locked
    binary=target/release/cloud-ops-gateway
fi
mkdir -p target
port=$((20000 + RANDOM % 20000))
key=api-fuzz-key
"$binary" dev --listen "127.0.0.1:$port" --api-key "$key" --op-latency 0s --rate-limits off >target/api-fuzz-dev.out 2>target/api-fuzz-dev.log &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done

base="http://127.0.0.1:$port"
run() { # run <report> <schemathesis check options…>
    local report="$1"
    shift
    "$st" --no-color run "$base/openapi.json" -u "$base" -H "Authorization: Bearer $key" \
        -n "$max_examples" --phases examples,coverage,fuzzing --seed 20261201 "$@" >"$report" 2>&1
}

status=0
run target/api-fuzz.txt --checks all --exclude-checks positive_data_acceptance,negative_data_rejection || status=$?
run target/api-fuzz-business-rules.txt --checks positive_data_acceptance,negative_data_rejection || true
sed -n '/= SUMMARY =/,$p' target/api-fuzz.txt
echo "-- business-rule checks (reported, not failing; see docs/reliability.md):"
sed -n '/^Failures:/,/^$/p' target/api-fuzz-business-rules.txt
grep -E "^_{3,} " target/api-fuzz-business-rules.txt | sed 's/_//g; s/^ */   /' || true
if [ "$status" -ne 0 ]; then
    echo "api-fuzz: FAILED: the gateway broke the document's contract (target/api-fuzz.txt)"
    exit 1
fi
echo "api-fuzz: ok"
