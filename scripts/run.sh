#!/usr/bin/env bash
# Installs what Silica needs, builds it and starts the desktop app on the bundled sample model
# (or on the model given as argument). Without a display the app prints the model's inspection
# report instead. This is README command (1).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
build="${SILICA_BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --parallel "$(nproc)" --target silica silica-cli
exec "$build/app/gui/silica" "$@"
