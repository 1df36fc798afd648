#!/usr/bin/env bash
# Installs, builds and runs every test: the release build's suites (engine, CLI, UI under the
# offscreen platform), then the engine tests again under AddressSanitizer+UBSan and under
# ThreadSanitizer. Exits non-zero if anything fails.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    the release suites only
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
ioscope_install_packages

export QT_QPA_PLATFORM=offscreen

echo "== release build and tests"
ioscope_build release
ctest --preset release -j 2 --timeout 300

if [ "${1:-}" = "--quick" ]; then exit 0; fi

echo "== engine tests under AddressSanitizer + UBSan"
ioscope_build asan
ctest --preset asan -j 2 --timeout 600

echo "== engine tests under ThreadSanitizer"
ioscope_build tsan
# ThreadSanitizer (GCC 12) cannot map its shadow memory with the large ASLR randomisation of
# newer kernels; running without address randomisation avoids "unexpected memory mapping".
if setarch "$(uname -m)" -R true 2>/dev/null; then
  setarch "$(uname -m)" -R ctest --preset tsan -j 2 --timeout 600
else
  ctest --preset tsan -j 2 --timeout 600
fi
