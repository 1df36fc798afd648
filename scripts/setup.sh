#!/usr/bin/env bash
# Installs what ioscope needs on Debian 12 (only what is missing) and builds it.
# Sourced by scripts/run.sh and scripts/test.sh; usable on its own: scripts/setup.sh [preset]
set -euo pipefail

IOSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Every package the build loads or a test calls; tests/setup_packages_check.sh proves the list
# complete (each CMake config file the build loaded, and each tool the tests run, must come from
# a package named here).
IOSCOPE_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev liburing-dev nlohmann-json3-dev
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libgl-dev
  # the eBPF kernel probe: BPF C compiler, BTF dump and skeletons, the loader library
  clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev
  # what the tests and CI run
  fonts-noto-cjk fonts-dejavu-core xvfb xauth strace stress-ng util-linux python3
  # the parsers' fuzz targets (scripts/fuzz.sh): libFuzzer comes with clang's runtime
  libclang-rt-14-dev
  # recordings (.ioscope files: events compressed with zstd)
  libzstd-dev
  # the Debian package (cpack -G DEB with computed Depends) and its lints
  dpkg-dev file desktop-file-utils appstream shared-mime-info
)

ioscope_install_packages() {
  local missing=()
  for p in "${IOSCOPE_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then return 0; fi
  echo "ioscope: installing ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ioscope_build PRESET [TARGET...]
ioscope_build() {
  local preset="$1"
  shift
  cmake --preset "$preset" -S "$IOSCOPE_ROOT" >/dev/null
  local jobs
  jobs="$(nproc)"
  if [ "$#" -gt 0 ]; then
    cmake --build --preset "$preset" -j "$jobs" --target "$@"
  else
    cmake --build --preset "$preset" -j "$jobs"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  cd "$IOSCOPE_ROOT"
  ioscope_install_packages
  ioscope_build "${1:-release}"
fi
