#!/usr/bin/env bash
# Re-vendor the Cloud Ops API protos from the published crate `temporalio-protos`.
#
#   scripts/update-protos.sh 0.10.2
#
# Cargo downloads the crate (only the crate registry is needed), the files below are copied unchanged
# into proto/, then `cargo build` regenerates the route table, the client/server code and the JSON
# impls. New RPCs need no gateway code change.
set -euo pipefail

version="${1:?usage: scripts/update-protos.sh <temporalio-protos version>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
: >"$work/src/lib.rs"
cat >"$work/Cargo.toml" <<TOML
[package]
name = "fetch-temporalio-protos"
version = "0.0.0"
edition = "2021"
[dependencies]
temporalio-protos = "=$version"
TOML
(cd "$work" && cargo fetch --quiet)
manifest="$(cd "$work" && cargo metadata --format-version 1 |
  python3 -c 'import json,sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"]=="temporalio-protos"))')"
src="$(dirname "$manifest")/protos"
cloud="$src/api_cloud_upstream"
api="$src/api_upstream"
[ -d "$cloud/temporal/api/cloud" ] || { echo "no Cloud Ops API protos in temporalio-protos $version" >&2; exit 1; }

dest="$root/proto"
rm -rf "$dest"
mkdir -p "$dest"

copy() { # copy <from-root> <relative path>
  mkdir -p "$dest/$(dirname "$2")"
  cp "$1/$2" "$dest/$2"
}

(cd "$cloud" && find temporal/api/cloud -name '*.proto') | sort | while read -r f; do copy "$cloud" "$f"; done

# temporal/api/* files imported by the cloud protos, followed transitively.
queue=$(grep -rhoE '^import "temporal/api/(common|enums)/[^"]+"' "$dest/temporal/api/cloud" | sed 's/^import "//; s/"$//' | sort -u)
while [ -n "$queue" ]; do
  next=""
  for f in $queue; do
    [ -f "$dest/$f" ] && continue
    copy "$api" "$f"
    next="$next $(grep -hoE '^import "temporal/api/[^"]+"' "$dest/$f" | sed 's/^import "//; s/"$//' || true)"
  done
  queue=$(echo "$next" | tr ' ' '\n' | sed '/^$/d' | sort -u)
done

copy "$api" google/api/annotations.proto
copy "$api" google/api/http.proto
copy "$src" google/rpc/status.proto
for f in "$src"/protoc-gen-openapiv2/options/*.proto; do copy "$src" "protoc-gen-openapiv2/options/$(basename "$f")"; done

cp "$cloud/LICENSE" "$dest/LICENSE-temporal-api-cloud"
cp "$api/LICENSE" "$dest/LICENSE-temporal-api"
cp "$(dirname "$manifest")/LICENSE.txt" "$dest/LICENSE-temporalio-protos"
cp "$cloud/VERSION" "$dest/VERSION"
cat >"$dest/SOURCE" <<TXT
Copied unchanged by scripts/update-protos.sh from the crates.io package temporalio-protos $version
(protos/api_cloud_upstream, protos/api_upstream, protos/google/rpc, protos/protoc-gen-openapiv2).
google/api and google/rpc files: Apache License 2.0 (see each file's header).
protoc-gen-openapiv2/options: from grpc-gateway, BSD 3-Clause, as shipped in that package.
Cloud Ops API version: $(cat "$cloud/VERSION")
TXT
echo "proto/ now holds Cloud Ops API $(cat "$dest/VERSION") from temporalio-protos $version"
