#!/usr/bin/env bash
# How long a newcomer waits: a fresh clone of COMMIT (default HEAD) in a temporary directory, then
# the README's `cargo run --release -- dev`, timed until `/healthz` answers. Crates already in the
# local cargo registry are not downloaded again, so this times the build, not the network.
# Prints the seconds and keeps `--timings`' report; the clone itself is removed (docs/build-profiles.md).
set -euo pipefail
commit=${1:-HEAD}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
dir=$(mktemp -d /tmp/quick-start.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git clone -q "$repo" "$dir/clone"
git -C "$dir/clone" checkout -q "$commit"
cd "$dir/clone"
start=$(date +%s.%N)
cargo run --release --locked --timings -- dev --listen "127.0.0.1:$port" >"$dir/dev.out" 2>"$dir/dev.err" &
pid=$!
finish() {
    kill $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    cp "$dir/clone/target/cargo-timings/cargo-timing.html" "$dir/" 2>/dev/null || true
    rm -rf "$dir/clone"
}
trap finish EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if ! kill -0 $pid 2>/dev/null; then
        echo "the quick start exited before serving; see $dir/dev.err" >&2
        exit 1
    fi
    sleep 1
done
end=$(date +%s.%N)
python3 -c "print(f'$(git rev-parse --short HEAD): serving after {$end - $start:.0f} s')"
echo "build timings: $dir/cargo-timing.html"
