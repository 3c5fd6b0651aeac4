#!/usr/bin/env bash
# Installs the layout engines Silica's graph layout is measured against (bench/bench_layout):
# @dagrejs/dagre (Netron's layout) and elkjs, from the npm registry into a cache folder,
# $SILICA_LAYOUT_PEER_DIR (default ~/.cache/silica/peers/layout). bench/layout/layout_peer.mjs
# loads them from there.
#
# Safe to run again; prints nothing when the peers are already in place. Exits non-zero with
# the reason when it cannot install; the benchmark then prints Silica's figures alone.
set -uo pipefail

dagre="3.1.3"
elk="0.12.1"
dest="${SILICA_LAYOUT_PEER_DIR:-$HOME/.cache/silica/peers/layout}"

fail() {
  echo "silica layout peers: $*" >&2
  exit 1
}

installed() {
  node -e '
    const p = process.argv[1];
    const v = (n) => require(p + "/node_modules/" + n + "/package.json").version;
    if (v("@dagrejs/dagre") !== process.argv[2] || v("elkjs") !== process.argv[3]) process.exit(1);
  ' "$dest" "$dagre" "$elk" >/dev/null 2>&1
}

. "$(dirname "$0")/npm_peer.sh"
npm_peer_install "$dest" silica-layout-peers "@dagrejs/dagre@$dagre" "elkjs@$elk"
