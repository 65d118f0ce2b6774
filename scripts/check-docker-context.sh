#!/usr/bin/env bash
# No Docker engine runs in CI, so the image is never built there. This copies exactly what the
# Dockerfile's builder stage COPYs into an empty directory and runs cargo there (check, not a full
# release build): it fails when the Dockerfile forgets a file that the build needs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

# COPY lines of the first stage (the builder), without --from.
awk '/^FROM /{stage++} stage == 1 && /^COPY / && !/--from/ {$1 = ""; print}' Dockerfile |
while read -r -a args; do
    dest=${args[-1]}
    for src in "${args[@]:0:${#args[@]}-1}"; do
        if [ -d "$src" ]; then
            mkdir -p "$context/$dest" && cp -r "$src/." "$context/$dest/"
        elif [[ "$dest" == */ ]]; then
            mkdir -p "$context/$dest" && cp "$src" "$context/$dest"
        else
            mkdir -p "$(dirname "$context/$dest")" && cp "$src" "$context/$dest"
        fi
    done
done

echo "check-docker-context: $(cd "$context" && find . -maxdepth 1 | sort | tr '\n' ' ')"
(cd "$context" && CARGO_TARGET_DIR="$root/target" cargo check --locked --bin cloud-ops-gateway --quiet)
echo "check-docker-context: OK"
