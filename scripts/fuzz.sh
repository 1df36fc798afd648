#!/usr/bin/env bash
# Builds the parsers' libFuzzer targets (preset fuzz: clang, ASan + UBSan) and runs each:
#   first every input in tests/fuzz/regressions/<target>/ once (inputs that broke it before),
#   then SECONDS of fuzzing from its seeds (the project's own files).
#   scripts/fuzz.sh [SECONDS]      default 60; CI runs 60, a new parser deserves 600 once
# A finding stops the run with its input saved; copy it into tests/fuzz/regressions/<target>/
# with the fix, so it is replayed on every run from then on.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
seconds="${1:-60}"
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
ioscope_install_packages
ioscope_build fuzz
bin=build/fuzz/tests/fuzz
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# fuzz TARGET SEED_DIR
fuzz() {
  local target="$1" seeds="$2"
  local regressions="tests/fuzz/regressions/$target"
  # A target nothing has broken yet has no folder of saved inputs.
  mkdir -p "$work/none"
  [ -d "$regressions" ] || regressions="$work/none"
  echo "-- $target: replaying $(find "$regressions" -type f | wc -l) saved input(s)"
  find "$regressions" -type f -print0 | xargs -0 -r "$bin/$target" -runs=1 >/dev/null 2>&1 ||
    { echo "fuzz.sh: $target fails on a saved input in $regressions" >&2; return 1; }
  mkdir -p "$work/$target"
  echo "-- $target: fuzzing for $seconds s from $seeds"
  local log="$work/$target.log"
  if ! "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$work/$target-" "$work/$target" "$seeds" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    mkdir -p build/fuzz/findings
    cp "$work/$target"-* build/fuzz/findings/ 2>/dev/null || true
    echo "fuzz.sh: $target found a bug; its input is in build/fuzz/findings/" >&2
    return 1
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$log" | sed "s/^/   $target /"
  echo "   $target corpus: $(find "$work/$target" -type f | wc -l) new input(s) beyond the seeds"
}

fuzz fuzz_strace_log tests/fuzz/corpus/strace
fuzz fuzz_lesson lessons
fuzz fuzz_recording tests/fuzz/corpus/recording
fuzz fuzz_chrome_json tests/fuzz/corpus/chrome_json
