#!/bin/sh
# A full disk, the write failure a user meets in practice: a 64 KiB tmpfs, where a PNG cannot
# fit. A screenshot and
# `superpose figures` and `superpose record` must each fail with one clear line naming the reason (No space left on
# device), exit 1 (figures) or report failure (screenshot), and leave no file behind: no
# truncated PNG, no temporary. Needs root with CAP_SYS_ADMIN to mount; skips (77) without.
# Usage: full_disk.sh SUPERPOSE SHOT_FULL
set -u
exe=$1
shot=$2
tmp=$(mktemp -d)
mnt=$tmp/full
mkdir "$mnt"
cleanup() {
    umount "$mnt" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
if ! mount -t tmpfs -o size=64k,mode=0777 tmpfs "$mnt" 2>"$tmp/mount.err"; then
    echo "cannot mount a 64 KiB tmpfs (needs root with CAP_SYS_ADMIN): skipped; $(cat "$tmp/mount.err")"
    exit 77
fi
fail=0
leftovers() { # what is in the full directory
    ls -A "$mnt"
}

"$shot" "$mnt" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 1 ]; then
    echo "FAIL: screenshot on a full disk: exit $rc, said: $(cat "$tmp/out" "$tmp/err")"
    fail=1
elif ! grep -q 'No space left on device' "$tmp/out"; then
    echo "FAIL: screenshot on a full disk: the reason is not given: $(cat "$tmp/out")"
    fail=1
else
    echo "screenshot: $(cat "$tmp/out")"
fi
[ -z "$(leftovers)" ] || { echo "FAIL: screenshot left files: $(leftovers)"; fail=1; }
rm -rf "${mnt:?}"/* "$mnt"/.[!.]* 2>/dev/null

t0=$(date +%s)
"$exe" figures --out "$mnt" >"$tmp/out" 2>"$tmp/err"
rc=$?
lines=$(wc -l <"$tmp/err")
if [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ] || ! grep -q 'No space left on device' "$tmp/err"; then
    echo "FAIL: figures on a full disk: exit $rc (want 1), stderr ($lines lines, want 1 naming 'No space left on device'):"
    cat "$tmp/err"
    fail=1
else
    echo "figures: exit 1 after $(($(date +%s) - t0)) s: $(cat "$tmp/err")"
fi
if [ -n "$(leftovers)" ]; then
    echo "FAIL: figures left files on the full disk:"
    ls -la "$mnt"
    fail=1
fi
# A recording: three seconds of the window at 640x480 (hundreds of KiB) cannot fit either.
"$exe" record --out "$mnt/r.gif" --size 640x480 --seconds 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
lines=$(wc -l <"$tmp/err")
if [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ] || ! grep -q 'No space left on device' "$tmp/err" ||
    [ -s "$tmp/out" ]; then
    echo "FAIL: record on a full disk: exit $rc (want 1), stderr ($lines lines, want 1 naming 'No space left on device'):"
    cat "$tmp/err" "$tmp/out"
    fail=1
else
    echo "record: exit 1: $(cat "$tmp/err")"
fi
if [ -n "$(leftovers)" ]; then
    echo "FAIL: record left files on the full disk:"
    ls -la "$mnt"
    fail=1
fi
[ "$fail" -eq 0 ] && echo "full disk: all checks passed"
exit "$fail"
