#!/usr/bin/env bash
# Coverage-guided fuzzing of the request binders and the response renderer (fuzz/): builds the
# targets with cargo-fuzz on the stable toolchain (no sanitizer: `-s none`), then runs each for
# SECONDS (default 60) and prints libFuzzer's execution count. Any crash fails the script and
# leaves its input in fuzz/artifacts/<target>/. CI runs it with a short budget; run it longer
# locally:  scripts/fuzz.sh 1800            # half an hour per target
#           scripts/fuzz.sh 60 json_body    # one target
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(query path json_body render)

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --version 0.13.2
fi
cargo fuzz build -s none --release
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    log="$(mktemp)"
    if ! cargo fuzz run -s none --release "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "fuzz: $target FAILED (input in fuzz/artifacts/$target/)"
        exit 1
    fi
    runs="$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -n 1)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)"
    echo "fuzz: $target ok: ${runs:-no summary} (${cov:-cov: ?})"
    rm -f "$log"
done
