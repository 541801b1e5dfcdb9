#!/bin/sh
# superpose record: bad values exit 2 with one line; a missing directory exits 1 with one line
# before any frame and leaves nothing; a short run with no display at all (DISPLAY and
# WAYLAND_DISPLAY unset, SDL_VIDEODRIVER asking for X11, which the command overrides) writes a
# GIF of the size asked with the frames --steps, --speed and --fps make, and no temporary file.
# Usage: cli_record.sh SUPERPOSE GIF_PROBE
set -u
exe=$1
probe=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/w   # where the recordings go; the messages stay in $tmp
mkdir "$dir"

expect() { # STATUS ARGS...: one line on stderr, nothing on stdout
    want=$1
    shift
    "$exe" record "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne "$want" ] || [ "$lines" -ne 1 ] || [ -s "$tmp/out" ]; then
        echo "FAIL: superpose record $*: exit $rc (want $want), $lines stderr lines: $(cat "$tmp/err")"
        fail=1
    fi
}

expect 2 --seconds 1
expect 2 --out "$dir/a.gif" --view nope
expect 2 --out "$dir/a.gif" --size 100x100
expect 2 --out "$dir/a.gif" --size 800x
expect 2 --out "$dir/a.gif" --fps 0
expect 2 --out "$dir/a.gif" --fps 51
expect 2 --out "$dir/a.gif" --seconds 0
expect 2 --out "$dir/a.gif" --seconds 601
expect 2 --out "$dir/a.gif" --seconds 2 --steps 100
expect 2 --out "$dir/a.gif" --speed max
expect 2 --out "$dir/a.gif" --features 513
expect 2 --out "$dir/a.gif" --size 800x600 --height 700
expect 2 --out "$dir/a.gif" --json
grep -q -- '--json is not a flag' "$tmp/err" || { echo "FAIL: --json: $(cat "$tmp/err")"; fail=1; }
[ -z "$(ls -A "$dir")" ] || { echo "FAIL: refusals left files: $(ls -A "$dir")"; fail=1; }

expect 1 --out "$dir/missing/a.gif" --steps 30
grep -q 'No such file or directory' "$tmp/err" || { echo "FAIL: missing directory: $(cat "$tmp/err")"; fail=1; }
expect 1 --out "$dir" --steps 30
[ -z "$(ls -A "$dir")" ] || { echo "FAIL: the failures left files: $(ls -A "$dir")"; fail=1; }

# 60 steps at 300 steps/s and 20 frames/s: a frame every 15 steps, steps 0 to 60, 5 frames.
(unset DISPLAY WAYLAND_DISPLAY; SDL_VIDEODRIVER=x11 "$exe" record --out "$dir/r.gif" --size 640x480 \
    --steps 60 --speed 300 --fps 20 >"$tmp/out" 2>"$tmp/err")
rc=$?
if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ]; then
    echo "FAIL: record --steps 60: exit $rc: $(cat "$tmp/err")"
    fail=1
fi
grep -q "^$dir/r.gif: 5 frames of 640x480 at 20 frames/s, steps 0 to 60, " "$tmp/out" ||
    { echo "FAIL: record said: $(cat "$tmp/out")"; fail=1; }
"$probe" "$dir/r.gif" 640 480 5 >"$tmp/probe" || { echo "FAIL: not a 640x480 GIF of 5 frames"; fail=1; }
grep -q '^frames 5 size 640x480 centiseconds 25$' "$tmp/probe" ||
    { echo "FAIL: decoded: $(cat "$tmp/probe")"; fail=1; }
[ "$(ls -A "$dir")" = "r.gif" ] || { echo "FAIL: left behind: $(ls -A "$dir")"; fail=1; }
[ "$fail" -eq 0 ] && echo "record: all checks passed"
exit "$fail"
