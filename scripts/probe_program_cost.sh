#!/usr/bin/env bash
# What each of the kernel probe's BPF programs costs per hit while a probe benchmark runs, from
# the kernel's own counters (kernel.bpf_stats_enabled: run_time_ns and run_cnt per program). On a
# noisy VM these settle what the end-to-end round-trip ratio cannot. Root only.
#   scripts/probe_program_cost.sh [BENCHMARK_FILTER] [REPETITIONS]
#   default: BM_ProbeEchoRoundTrip/1 (the echo with the probe as a run attaches it), 6
# The counters add two clock reads to every program run while they are on: compare
# configurations with each other, not with the figures of a run without them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
filter="${1:-BM_ProbeEchoRoundTrip/1}"
repetitions="${2:-6}"
bench=build/release/tests/bench/ioscope-bench
[ -x "$bench" ] || { echo "build the release preset first ($bench)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "root is needed (bpftool, kernel.bpf_stats_enabled)" >&2; exit 2; }
command -v bpftool >/dev/null || { echo "bpftool is missing (scripts/setup.sh installs it)" >&2; exit 2; }

stats=/proc/sys/kernel/bpf_stats_enabled
was=$(cat "$stats")
samples=$(mktemp)
trap 'echo "$was" >"$stats"; rm -f "$samples"' EXIT
echo 1 >"$stats"

"$bench" --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
  --benchmark_report_aggregates_only=true >"$samples.bench" 2>&1 &
pid=$!
# Every benchmark trial loads the probe again: samples are joined by program id, never by name.
i=0
while kill -0 "$pid" 2>/dev/null; do
  bpftool prog show 2>/dev/null | awk -v i="$i" '/ name on_/ {
      id = $1; sub(":", "", id)
      for (k = 1; k <= NF; k++) {
        if ($k == "name") n = $(k + 1)
        if ($k == "run_time_ns") t = $(k + 1)
        if ($k == "run_cnt") c = $(k + 1)
      }
      print i, id, n, t + 0, c + 0; t = 0; c = 0
    }' >>"$samples"
  i=$((i + 1))
  sleep 0.3
done
wait "$pid" || true
awk '{ key = $2
       if (key in time) { dt[$3] += $4 - time[key]; dc[$3] += $5 - count[key] }
       time[key] = $4; count[key] = $5 }
     END { for (n in dt) if (dc[n] > 0)
             printf "%-22s %5.0f ns per hit  x %9d  %7.1f ms\n", n, dt[n] / dc[n], dc[n], dt[n] / 1e6 }' \
  "$samples" | sort
awk '{ key = $2; if (key in time) total += $4 - time[key]; time[key] = $4 }
     END { printf "%-22s %31.1f ms\n", "all programs", total / 1e6 }' "$samples"
grep -E "^BM_" "$samples.bench" | cut -c1-200
rm -f "$samples.bench"
