#!/usr/bin/env bash
# Installs, builds, and runs ioscope: the desktop app where there is a display, otherwise the
# command-line demo. Arguments are passed to the app (or, headless, to `ioscope-cli run`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
ioscope_install_packages
ioscope_build release
BIN="$IOSCOPE_ROOT/build/release/app"

if [ -x "$BIN/ioscope" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec "$BIN/ioscope" "$@"
fi

echo "ioscope: no display here, so this is the command-line demo ($BIN/ioscope-cli)." >&2
"$BIN/ioscope-cli" models
if [ "$#" -gt 0 ]; then
  exec "$BIN/ioscope-cli" run "$@"
fi
for model in blocking nonblocking epoll io_uring; do
  echo
  echo "== ioscope-cli run --model $model --clients 4 --messages 50 --size 512 --interval 2ms"
  "$BIN/ioscope-cli" run --model "$model" --clients 4 --messages 50 --size 512 --interval 2ms
done
