#!/usr/bin/env bash
# The Debian package, end to end: builds it (scripts/package.sh), checks what it holds and what
# its control file says (dpkg-deb), lints its desktop file and AppStream metadata as packaged,
# installs it with apt-get, runs the installed binaries from outside the source tree, and removes
# it. The installed app must read its lessons and translations from /usr/share/ioscope: the copies
# built into the binary would hide a broken install, so the check watches which files the app
# opens (strace) instead of trusting the picture.
#
#   scripts/check_package.sh          build the package, then check it
#   scripts/check_package.sh DEB      check this package
#
# Needs root or sudo (CI is root). Refuses to run while ioscope is installed (it would remove a
# user's copy); whatever fails, the package it installed is removed again (trap).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$IOSCOPE_ROOT"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
fail() {
  echo "check_package.sh: $*" >&2
  exit 1
}
started="$(date +%s)"

if dpkg-query -W -f='${Status}' ioscope 2>/dev/null | grep -q "install ok installed"; then
  fail "ioscope is installed already; remove it first (apt-get remove ioscope)"
fi

if [ "$#" -ge 1 ]; then
  deb="$(realpath "$1")"
else
  scripts/package.sh
  deb="$(realpath build/package/ioscope_*.deb)"
fi
version="$(sed -n 's/^project(ioscope VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
app_id=io.github.ioscope
[ -n "$version" ] || fail "no version in CMakeLists.txt's project()"
[ "$(basename "$deb")" = "ioscope_${version}_amd64.deb" ] ||
  fail "the package is $(basename "$deb"), expected ioscope_${version}_amd64.deb"

work="$(mktemp -d /tmp/ioscope-check-package.XXXXXX)"
installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    echo "check_package.sh: removing the package after a failure" >&2
    $sudo apt-get remove -y -qq ioscope >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP  # through the EXIT trap, so Ctrl-C cleans up too

echo "-- the control file"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = ioscope ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected $version"
[ "$(field Architecture)" = amd64 ] || fail "Architecture is '$(field Architecture)'"
[ "$(field Section)" = education ] || fail "Section is '$(field Section)'"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ "$(field Description | wc -l)" -ge 3 ] || fail "the Description has no long text"
long="$(field Description | awk 'length > 80' | head -1)"
[ -z "$long" ] || fail "a Description line is longer than 80 columns: $long"
depends="$(field Depends)"
for lib in libc6 libqt6widgets6 libqt6charts6 libqt6svg6 liburing2 libbpf1; do
  grep -Eq "(^|, )$lib( |,|$)" <<<"$depends" || fail "Depends lacks $lib: '$depends'"
done
echo "   Depends: $depends"

echo "-- the files"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files"
expect=(
  /usr/bin/ioscope /usr/bin/ioscope-cli
  "/usr/share/applications/$app_id.desktop"
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  "/usr/share/metainfo/$app_id.metainfo.xml"
  "/usr/share/mime/packages/$app_id.xml"
  /usr/share/man/man1/ioscope.1.gz /usr/share/man/man1/ioscope-cli.1.gz
)
for md in lessons/*.md; do expect+=("/usr/share/ioscope/lessons/$(basename "$md")"); done
for ts in i18n/*.ts; do expect+=("/usr/share/ioscope/translations/$(basename "${ts%.ts}").qm"); done
for f in "${expect[@]}"; do grep -qxF "$f" "$work/files" || fail "the package lacks $f"; done
grep -q '/usr/share/ioscope/lessons/.*\.zh_CN\.md$' "$work/files" || fail "no Chinese lesson"
outside="$(grep -Ev '^/usr/(bin|share)/' "$work/files" | grep -v '/$' || true)"
[ -z "$outside" ] || fail "files outside /usr/bin and /usr/share: $outside"
echo "   $(grep -cv '/$' "$work/files") files, $(grep -c '/usr/share/ioscope/lessons/.' "$work/files") lessons"

echo "-- lint the packaged desktop file, AppStream metadata and man pages"
dpkg-deb -x "$deb" "$work/root"
# Warnings and hints fail too: both files are ours to keep clean.
lint="$(desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop" 2>&1)" ||
  fail "desktop-file-validate: $lint"
[ -z "$lint" ] || fail "desktop-file-validate: $lint"
echo "   desktop-file-validate: clean"
appstreamcli validate --no-net --strict "$work/root/usr/share/metainfo/$app_id.metainfo.xml" ||
  fail "appstreamcli validate found issues"
grep -qx "Icon=$app_id" "$work/root/usr/share/applications/$app_id.desktop" ||
  fail "the desktop file's Icon is not $app_id"
# A recording opens from a file manager: the desktop file takes a file for the type the MIME
# package defines, and shared-mime-info accepts that package (by name and by its magic bytes).
grep -qx 'MimeType=application/x-ioscope-recording;' "$work/root/usr/share/applications/$app_id.desktop" ||
  fail "the desktop file does not open recordings (MimeType)"
grep -qx 'Exec=ioscope %f' "$work/root/usr/share/applications/$app_id.desktop" ||
  fail "the desktop file's Exec takes no file (%f)"
mkdir -p "$work/mime/packages"
cp "$work/root/usr/share/mime/packages/$app_id.xml" "$work/mime/packages/"
update-mime-database "$work/mime" >"$work/mime.log" 2>&1 || { cat "$work/mime.log" >&2; fail "update-mime-database refused $app_id.xml"; }
grep -q '^[0-9]*:application/x-ioscope-recording:\*\.ioscope$' "$work/mime/globs2" ||
  fail "the MIME package does not claim *.ioscope"
grep -aq 'IOSCOPE' "$work/mime/magic" || fail "the MIME package has no magic for recordings"
echo "   recordings: application/x-ioscope-recording (*.ioscope, magic \\x89IOSCOPE)"
for page in ioscope ioscope-cli; do
  gzip -dc "$work/root/usr/share/man/man1/$page.1.gz" >"$work/$page.1" || fail "$page.1.gz is not gzip"
  grep -q '^\.TH ' "$work/$page.1" || fail "$page.1 has no .TH line"
done
for bin in ioscope ioscope-cli; do
  file "$work/root/usr/bin/$bin" | grep -q ', stripped' || fail "/usr/bin/$bin is not stripped"
done

echo "-- install"
installed=1
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$deb" \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get install failed"; }

echo "-- run the installed binaries from $work"
cd "$work"
[ "$(/usr/bin/ioscope-cli --version)" = "ioscope-cli $version" ] || fail "ioscope-cli --version"
[ "$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/ioscope --version 2>version.err)" = \
  "ioscope $version" ] || { cat version.err >&2; fail "ioscope --version (without a display)"; }
/usr/bin/ioscope-cli models >models.txt || fail "ioscope-cli models failed"
grep -q epoll models.txt || fail "ioscope-cli models does not list epoll"
# Every command the installed ioscope-cli lists has its section in the man page.
/usr/bin/ioscope-cli --help | awk '/^commands:/ {on = 1; next} /^$/ {on = 0} on {print $1}' >commands.txt
[ "$(wc -l <commands.txt)" -ge 8 ] || fail "ioscope-cli --help lists $(wc -l <commands.txt) commands"
while read -r cmd; do
  grep -q "^\.SS $cmd\b" "$work/ioscope-cli.1" || fail "ioscope-cli.1 does not document '$cmd'"
done <commands.txt

# A lesson in Chinese, run and drawn; strace records which files the app opened.
lesson=05-epoll
QT_QPA_PLATFORM=offscreen strace -f --seccomp-bpf -qq -e trace=openat -e signal=none -o open.log \
  /usr/bin/ioscope --screenshot shot.png --size 1366x768 --lang zh_CN --lesson "$lesson" \
  >app.out 2>app.err || { cat app.err >&2; fail "the screenshot run failed"; }
file shot.png | grep -q 'PNG image data, 1366 x 768' || fail "shot.png is not a 1366x768 PNG"
[ "$(stat -c %s shot.png)" -gt 50000 ] || fail "shot.png is nearly empty ($(stat -c %s shot.png) bytes)"
for f in "/usr/share/ioscope/lessons/$lesson.zh_CN.md" \
  /usr/share/ioscope/translations/ioscope_zh_CN.qm; do
  grep -Eq "openat\(AT_FDCWD, \"$f\", [^)]*\) = [0-9]+$" open.log ||
    fail "the installed app did not read $f (it fell back to its built-in copy)"
done
echo "   screenshot $(stat -c %s shot.png) bytes; read $lesson.zh_CN.md and ioscope_zh_CN.qm from /usr/share/ioscope"
cd "$IOSCOPE_ROOT"

echo "-- remove"
$sudo apt-get remove -y -qq ioscope >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get remove failed"; }
installed=0
for f in /usr/bin/ioscope /usr/bin/ioscope-cli /usr/share/ioscope; do
  [ ! -e "$f" ] || fail "$f is still there after apt-get remove"
done
echo "check_package.sh: $(basename "$deb") is good (checked in $(($(date +%s) - started)) s)"
