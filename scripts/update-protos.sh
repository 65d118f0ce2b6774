#!/usr/bin/env bash
# Re-vendor the Cloud Ops API protos, copied unchanged into proto/, from either
#
#   scripts/update-protos.sh 0.10.2            the crates.io package temporalio-protos at that version
#   scripts/update-protos.sh ../cloud-api      a local checkout of temporalio/cloud-api (its temporal/
#                                              tree, LICENSE and VERSION; an optional SOURCE is kept)
#
# then `cargo build` regenerates the route table, the client/server code and the JSON impls; new RPCs
# need no gateway code change. A checkout holds only temporal/api/cloud/**: the files it imports from
# outside (google/api, google/rpc, protoc-gen-openapiv2, temporal/api/common|enums) are kept from the
# current proto/, and the script fails if an import then has no file.
set -euo pipefail

source_arg="${1:?usage: scripts/update-protos.sh <temporalio-protos version | cloud-api directory>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/proto"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

copy() { # copy <from-root> <relative path>
  mkdir -p "$dest/$(dirname "$2")"
  cp "$1/$2" "$dest/$2"
}

copy_cloud() { # copy_cloud <root holding temporal/api/cloud>
  [ -d "$1/temporal/api/cloud" ] || { echo "no temporal/api/cloud under $1" >&2; exit 1; }
  (cd "$1" && find temporal/api/cloud -name '*.proto') | sort | while read -r f; do copy "$1" "$f"; done
}

# Every `import` of every vendored file must name a vendored file (protox would fail later, less
# clearly); google/protobuf/* are the well-known types protox carries itself.
check_imports() {
  local missing=0
  while read -r f; do
    [ -f "$dest/$f" ] || { echo "missing import: $f" >&2; missing=1; }
  done < <(grep -rhoE '^import "[^"]+"' "$dest" --include='*.proto' | sed 's/^import "//; s/"$//' | grep -v '^google/protobuf/' | sort -u)
  [ "$missing" = 0 ] || { echo "proto/ is incomplete; the files above are imported but not vendored" >&2; exit 1; }
}

if [ -d "$source_arg" ]; then
  src="$(cd "$source_arg" && pwd)"
  [ -f "$src/VERSION" ] && [ -f "$src/LICENSE" ] || { echo "$src: expected a cloud-api checkout with VERSION and LICENSE" >&2; exit 1; }
  # Keep everything that is not the Cloud API itself.
  cp -r "$dest" "$work/previous"
  rm -rf "$dest/temporal/api/cloud"
  copy_cloud "$src"
  cp "$src/LICENSE" "$dest/LICENSE-temporal-api-cloud"
  cp "$src/VERSION" "$dest/VERSION"
  {
    echo "temporal/api/cloud/**, LICENSE-temporal-api-cloud and VERSION: copied unchanged by"
    echo "scripts/update-protos.sh from a temporalio/cloud-api checkout."
    [ -f "$src/SOURCE" ] && sed 's/^/  /' "$src/SOURCE"
    origin="$(grep -oE 'temporalio-protos [0-9][0-9.]*' "$work/previous/SOURCE" | head -1)"
    echo "The other files are kept unchanged from the previous vendoring: crates.io package ${origin:-unknown}"
    echo "(protos/api_upstream, protos/google/rpc, protos/protoc-gen-openapiv2)."
    echo "google/api and google/rpc files: Apache License 2.0 (see each file's header)."
    echo "protoc-gen-openapiv2/options: from grpc-gateway, BSD 3-Clause, as shipped in that package."
    echo "Cloud Ops API version: $(cat "$src/VERSION")"
  } >"$dest/SOURCE"
  check_imports
  echo "proto/ now holds Cloud Ops API $(cat "$dest/VERSION") from $src"
  exit 0
fi

version="$source_arg"
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

rm -rf "$dest"
mkdir -p "$dest"
copy_cloud "$cloud"

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
check_imports
echo "proto/ now holds Cloud Ops API $(cat "$dest/VERSION") from temporalio-protos $version"
