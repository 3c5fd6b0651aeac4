#!/usr/bin/env bash
# Installs the peers Silica's runtime is measured against, out of process (see DESIGN.md,
# "Not a dependency: ONNX Runtime"): onnxruntime-node from the npm registry into a cache folder,
# $SILICA_PEER_DIR (default ~/.cache/silica/peers/ort). bench/ort/ort_run.mjs loads it from there.
#
# Safe to run again; prints nothing when the peer is already in place. Exits non-zero with the
# reason when it cannot install; tests that need the peer then skip with a reason.
set -uo pipefail

version="1.30.0"
dest="${SILICA_PEER_DIR:-$HOME/.cache/silica/peers/ort}"
package_json="$dest/node_modules/onnxruntime-node/package.json"

fail() {
  echo "silica peers: $*" >&2
  echo "silica peers: ONNX Runtime agreement tests and bench/bench_runtime.py will skip." >&2
  exit 1
}

# True when the installed package has the pinned version and its native binding loads.
installed() {
  [ -f "$package_json" ] || return 1
  node -e '
    const p = process.argv[1], want = process.argv[2];
    if (require(p + "/node_modules/onnxruntime-node/package.json").version !== want) process.exit(1);
    require(p + "/node_modules/onnxruntime-node");
  ' "$dest" "$version" >/dev/null 2>&1
}

# ONNXRUNTIME_NODE_INSTALL=skip: the package's postinstall would otherwise try to download
# CUDA libraries from outside the npm registry, which fails offline. The CPU runtime ships in
# the package itself.
. "$(dirname "$0")/npm_peer.sh"
ONNXRUNTIME_NODE_INSTALL=skip npm_peer_install "$dest" silica-peers "onnxruntime-node@$version"
