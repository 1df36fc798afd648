#!/usr/bin/env bash
# Builds the Debian package: build/package/ioscope_<version>_amd64.deb.
#   scripts/package.sh            then: sudo apt install ./build/package/ioscope_*.deb
# A build directory of its own (build/package), installed under /usr, with only what the package
# holds: the two binaries, no tests, no benchmarks. Depends is computed by dpkg-shlibdeps from the
# libraries the binaries link. IOSCOPE_JOBS=N limits the build's parallel jobs (default: nproc).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
ioscope_install_packages

dir=build/package
cmake -S . -B "$dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -DIOSCOPE_BUILD_TESTS=OFF \
  -DIOSCOPE_BUILD_BENCH=OFF \
  -DIOSCOPE_BUILD_CLI=ON \
  -DIOSCOPE_BUILD_GUI=ON \
  -DIOSCOPE_FUZZ=OFF \
  -DIOSCOPE_SANITIZE= >/dev/null
cmake --build "$dir" -j "${IOSCOPE_JOBS:-$(nproc)}"

# One package in the directory, so ./build/package/ioscope_*.deb names it.
rm -f "$dir"/ioscope_*.deb
(cd "$dir" && cpack -G DEB --config CPackConfig.cmake >/dev/null)
deb="$(ls "$dir"/ioscope_*.deb)"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"
