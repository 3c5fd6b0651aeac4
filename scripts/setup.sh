#!/usr/bin/env bash
# Installs every system package Silica needs to build, test and run, from Debian 12.
# Run as root (or with sudo available). Safe to run again.
#   scripts/setup.sh          what building and running the app needs
#   scripts/setup.sh --test   plus what the test suite needs to make its real models
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n libgl-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  libdnnl-dev ocl-icd-opencl-dev opencl-c-headers libeigen3-dev libspdlog-dev libfmt-dev
  libqcustomplot-dev libflatbuffers-dev flatbuffers-compiler
  xvfb xauth x11-utils fonts-dejavu-core fonts-wqy-microhei
)
if [ "${1:-}" = "--test" ]; then
  # PyTorch and torchvision export the architectures named in DESIGN.md (ResNet-50,
  # MobileNetV2/V3, EfficientNet-B0, a transformer encoder) for the round-trip tests.
  packages+=(python3-torch python3-torchvision python3-skimage)
  # espeak-ng speaks the test phrases for the openWakeWord pipeline test; sox resamples them
  # to 16 kHz mono int16 as the models expect.
  packages+=(espeak-ng sox)
  # The ONNX reference implementation the benchmarks compare with (bench_load's peer) and read
  # models with (bench/quant_ort_agreement.py's op-by-op check).
  packages+=(python3-onnx)
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "silica setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "silica setup: all Debian packages present"
fi
