#!/usr/bin/env bash
# Proves that scripts/setup.sh's package list is complete: every file the build loads and every
# tool the build and the tests run must belong to a Debian package that installing that list
# brings (a listed package or one of its dependencies). A file whose package is not among them
# is one a fresh Debian 12 machine would not have: the check names it and fails.
#
#   scripts/check_packages.sh [BUILD_DIR]      default build/package-check
#
# How: a scratch configure with CMake's JSON trace lists every CMake file the configure read
# (each find_package's config files); the cache names the pkg-config modules and every program
# CMake found; the tools the scripts and tests run are listed below. Each path, symlinks
# resolved, is mapped to its package with `dpkg -S`.
# IOSCOPE_PACKAGES_OMIT=name drops one package from the list, to see the check fail.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
dir="${1:-build/package-check}"

# Programs the scripts, CI and the tests start (beyond what CMake finds itself).
TEST_TOOLS=(bash sh clang++ cmake ctest cpack ninja python3 setarch setpriv strace stress-ng timeout xvfb-run
  dpkg-deb dpkg-shlibdeps file desktop-file-validate appstreamcli update-mime-database)

listed=()
for p in "${IOSCOPE_PACKAGES[@]}"; do
  [ "$p" = "${IOSCOPE_PACKAGES_OMIT:-}" ] || listed+=("$p")
done

# What installing the list brings: the listed packages and everything they depend on.
closure="$(mktemp)"
trap 'rm -f "$closure" "$closure.files"' EXIT
depends_closure() {
  apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${listed[@]}" 2>/dev/null |
    grep -v '^ ' | sed 's/:.*//; s/^<\(.*\)>$/\1/' | sort -u >"$closure"
}
depends_closure
if [ ! -s "$closure" ]; then  # no package lists yet on this machine
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || true
  depends_closure
fi
[ -s "$closure" ] || { echo "check_packages: apt-cache knows none of the packages (run apt-get update)" >&2; exit 1; }

rm -rf "$dir"
mkdir -p "$dir"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release --trace-format=json-v1 \
  --trace-redirect="$dir/trace.json" >"$dir/configure.log" 2>&1 ||
  { echo "check_packages: configure failed:" >&2; tail -20 "$dir/configure.log" >&2; exit 1; }

{
  # Every CMake file the configure read that is not the project's own.
  grep -o '"file":"/usr/[^"]*"' "$dir/trace.json" | sed 's/^"file":"//; s/"$//' | sort -u
  # pkg-config modules and every program the cache names.
  for m in $(sed -n 's/^[A-Za-z0-9_]*_MODULE_NAME:INTERNAL=//p' "$dir/CMakeCache.txt"); do
    pkgconf --variable=pcfiledir "$m" | sed "s|\$|/$m.pc|"
  done
  # (GLU is optional to FindOpenGL and unused: found where it happens to be, never needed.)
  grep -v '^OPENGL_glu_LIBRARY:' "$dir/CMakeCache.txt" |
    sed -n 's/^[A-Za-z0-9_]*:FILEPATH=\(\/usr\/.*\)$/\1/p'
  for t in "${TEST_TOOLS[@]}"; do
    PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$t" || echo "MISSING-TOOL:$t"
  done
  # libFuzzer's runtime, which the fuzz preset links (scripts/fuzz.sh).
  rt="$(clang++ --print-runtime-dir 2>/dev/null || true)/libclang_rt.fuzzer-$(uname -m).a"
  if [ -e "$rt" ]; then echo "$rt"; else echo "MISSING-FILE:$rt"; fi
} | sort -u >"$closure.files"

bad=0
while read -r f; do
  case "$f" in
    MISSING-TOOL:*) echo "check_packages: the tests run '${f#MISSING-TOOL:}', which is not installed" >&2; bad=1; continue ;;
    MISSING-FILE:*) echo "check_packages: the fuzz build links '${f#MISSING-FILE:}', which is not installed" >&2; bad=1; continue ;;
  esac
  [ -e "$f" ] || continue
  real="$(readlink -f "$f")"
  owner="$(dpkg -S "$real" 2>/dev/null | head -1 | sed 's/:.*//; s/, .*//')" || true
  [ -n "$owner" ] || owner="$(dpkg -S "$f" 2>/dev/null | head -1 | sed 's/:.*//; s/, .*//')" || true
  # Debian 12 merged /bin into /usr/bin, but dpkg still knows some files by their /bin path.
  [ -n "$owner" ] || owner="$(dpkg -S "${real#/usr}" 2>/dev/null | head -1 | sed 's/:.*//; s/, .*//')" || true
  # Essential packages are on every Debian system by definition.
  if [ -n "$owner" ] && [ "$(dpkg-query -W -f='${Essential}' "$owner" 2>/dev/null)" = yes ]; then
    continue
  fi
  if [ -z "$owner" ]; then
    echo "check_packages: $f belongs to no Debian package" >&2
    bad=1
  elif ! grep -qx "$owner" "$closure"; then
    echo "check_packages: $f comes from '$owner', which scripts/setup.sh does not install" >&2
    bad=1
  fi
done <"$closure.files"

n="$(wc -l <"$closure.files")"
if [ "$bad" -ne 0 ]; then
  echo "check_packages: FAILED: add the packages named above to IOSCOPE_PACKAGES in scripts/setup.sh" >&2
  exit 1
fi
echo "check_packages: all $n files and tools the build and tests use come from scripts/setup.sh's ${#listed[@]} packages"
