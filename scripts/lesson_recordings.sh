#!/usr/bin/env bash
# Remakes the recording each lesson ships (lessons/recordings/ID.ioscope): the lesson's own run,
# made on this machine by the app itself, shown when a classroom machine cannot make the live run
# (io_uring disabled, a model refused). Run it as root where the kernel probe works, so the
# recordings carry the kernel's side measured.
#   scripts/lesson_recordings.sh [LESSON_ID...]   default: the lessons that run io_uring
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"
app="${IOSCOPE_APP:-build/release/app/ioscope}"
[ -x "$app" ] || { ioscope_install_packages; ioscope_build release; }
export QT_QPA_PLATFORM=offscreen
mkdir -p lessons/recordings
ids=("$@")
[ ${#ids[@]} -gt 0 ] || ids=(01-two-phases 08-io-uring 09-sync-async 10-reactor-proactor)
shot="$(mktemp --suffix=.png)"
trap 'rm -f "$shot"' EXIT
for id in "${ids[@]}"; do
  "$app" --lesson "$id" --lang en --screenshot "$shot" --save-recording "lessons/recordings/$id.ioscope" >/dev/null
  echo "lessons/recordings/$id.ioscope ($(stat -c %s "lessons/recordings/$id.ioscope") bytes)"
done
