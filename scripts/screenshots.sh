#!/usr/bin/env bash
# Re-renders every picture in README.md with the app itself (offscreen), from the release build:
#   scripts/screenshots.sh [OUT_DIR]     default docs/screenshots
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
out="${1:-docs/screenshots}"
mkdir -p "$out"
app="${IOSCOPE_APP:-build/release/app/ioscope}"  # or another build of the app
[ -x "$app" ] || { ioscope_install_packages; ioscope_build release; }
export QT_QPA_PLATFORM=offscreen
shot() { local name="$1"; shift; "$app" --screenshot "$out/$name.png" "$@" >/dev/null 2>&1 && echo "$out/$name.png"; }

shot blocking-analogy-1366x768 --model blocking --interval 300ms --messages 4 --clients 2 --size 1366x768
shot epoll-syscall-1920x1080 --model epoll --preset fast --look syscall --size 1920x1080
shot nonblocking-analogy-1366x768 --model nonblocking --interval 300ms --messages 4 --clients 2 --size 1366x768
shot io_uring-analogy-1366x768 --model io_uring --interval 300ms --messages 4 --clients 2 --size 1366x768
# The kernel probe's measured wake-up and copy (needs root or CAP_BPF+CAP_PERFMON)
shot blocking-kernel-measured-1366x768 --model blocking --interval 300ms --messages 4 --clients 2 --probe on --zoom-measured --size 1366x768
shot io_uring-kernel-measured-1366x768 --model io_uring --interval 300ms --messages 4 --clients 2 --probe on --zoom-measured --size 1366x768
shot race-1920x1080 --view race --models blocking,nonblocking,epoll,io_uring --interval 20ms --messages 5 --size 1920x1080
# Stevens' figure 6.6 from a real race of the five models (the probe's wake-up and copy where it runs)
shot figure-6.6-1366x768 --view figure --models blocking,nonblocking,epoll,sigio,io_uring --clients 2 --messages 6 --interval 20ms --size 1366x768
shot figure-6.6-zh_CN-1366x768 --view figure --models blocking,nonblocking,epoll,sigio,io_uring --clients 2 --messages 6 --interval 20ms --lang zh_CN --size 1366x768
shot register-1366x768 --view register --size 1366x768
shot scan-1366x768 --view scan --size 1366x768
shot latency-1366x768 --view latency --models blocking,nonblocking,epoll,io_uring --size 1366x768
shot latency-uring-variants-1366x768 --view latency --models epoll,io_uring,io_uring+multishot,io_uring+defer-taskrun,io_uring+multishot+defer-taskrun --size 1366x768
shot epoll-zh_CN-1366x768 --model epoll --interval 300ms --messages 4 --clients 2 --lang zh_CN --size 1366x768
shot lesson-03-1366x768 --lesson 03-nonblocking --size 1366x768
shot lesson-01-race-1920x1080 --lesson 01-two-phases --size 1920x1080
# A recording opened: the race lesson 1 ships, shown as it was, marked beside the view tabs
shot recording-lesson-01-1366x768 --open lessons/recordings/01-two-phases.ioscope --lang en --size 1366x768
shot lesson-05-zh_CN-1920x1080 --lesson 05-epoll --lang zh_CN --size 1920x1080
shot presenter-02-1920x1080 --lesson 02-blocking --presenter --size 1920x1080
shot presenter-04-zh_CN-1920x1080 --lesson 04-select --presenter --lang zh_CN --size 1920x1080
# ioscope-cli trace's picture in the app: a Python select server from a course, traced under load
# (needs root: the kernel probe)
server_port=9123
python3 tests/foreign/servers/select_server.py "$server_port" 2>/dev/null &
server_pid=$!
python3 - "$server_port" <<'PY' &
import socket, sys, time
port = int(sys.argv[1]); time.sleep(0.5); end = time.time() + 6
while time.time() < end:
    try:
        conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    except OSError:
        time.sleep(0.1); continue
    for i in range(4):
        for c in conns:
            c.sendall(b"knife %d" % i); c.recv(64)
        time.sleep(0.05)
    for c in conns: c.close()
PY
load_pid=$!
sleep 1
shot trace-python-select-1366x768 --trace-pid "$server_pid" --trace-seconds 2 --size 1366x768
kill "$load_pid" "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
