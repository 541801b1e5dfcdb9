#!/bin/sh
# `meson install` into a temporary DESTDIR, as a packager runs it.
#   tree: the installed files are exactly the expected ones; the desktop entry passes
#         desktop-file-validate and names the installed binary and icon; the AppStream
#         metadata passes appstreamcli validate --no-net and launches that entry; the icon is
#         in the hicolor theme as SVG and as PNG at every size from 16 to 256, each its size.
#   run:  the installed binary, run from there with a bare environment: --version, and a short
#         training run.
# Arguments: tree|run, meson, the build directory, the version, then the install paths:
# prefix, bindir, datadir, mandir (absolute). Skips (77) in tree mode without
# desktop-file-validate or appstreamcli (Debian: desktop-file-utils, appstream).
set -u
mode="$1" meson="$2" build="$3" version="$4" prefix="$5" bindir="$6" datadir="$7" mandir="$8"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"

if [ "$mode" = tree ]; then
    for tool in desktop-file-validate:desktop-file-utils appstreamcli:appstream; do
        if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
            echo "SKIP: ${tool%%:*} not found (Debian: ${tool#*:})"
            exit 77
        fi
    done
fi

if ! "$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/log" 2>&1; then
    echo "FAIL: meson install --destdir:"
    cat "$tmp/log"
    exit 1
fi
bin="$dest$bindir/superpose"
[ -x "$bin" ] || { echo "FAIL: no executable $bin"; exit 1; }

if [ "$mode" = run ]; then
    mkdir "$tmp/home"
    run() {
        (cd "$tmp/home" && env -i PATH=/usr/bin:/bin HOME="$tmp/home" "$bin" "$@")
    }
    got=$(run --version)
    [ "$got" = "superpose $version" ] ||
        { echo "FAIL: installed superpose --version says '$got', want 'superpose $version'"; fail=1; }
    out=$(run train --steps 10 --threads 1)
    rc=$?
    if [ "$rc" -ne 0 ] || ! printf '%s\n' "$out" | grep -q '^10 steps of batch 1024'; then
        echo "FAIL: installed superpose train --steps 10: exit $rc, output:"
        printf '%s\n' "$out"
        fail=1
    fi
    [ -z "$(ls -A "$tmp/home")" ] || { echo "FAIL: train wrote files: $(ls -A "$tmp/home")"; fail=1; }
    [ "$fail" -eq 0 ] && echo "install run: the installed binary runs: $got; train --steps 10 exits 0"
    exit "$fail"
fi

# The tree: exactly these files.
apps="$datadir/applications/superpose.desktop"
metainfo="$datadir/metainfo/io.github.superpose.superpose.metainfo.xml"
icons="$datadir/icons/hicolor"
sizes="16 22 24 32 48 64 128 256"
{
    echo "$bindir/superpose"
    echo "$apps"
    echo "$metainfo"
    echo "$icons/scalable/apps/superpose.svg"
    for n in $sizes; do echo "$icons/${n}x$n/apps/superpose.png"; done
    echo "$mandir/man1/superpose.1"
    echo "$datadir/bash-completion/completions/superpose"
} | sort >"$tmp/want"
(cd "$dest" && find . -type f | sed 's|^\.||' | sort) >"$tmp/got"
if ! diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
    echo "FAIL: installed files differ from the expected (- missing, + extra):"
    cat "$tmp/diff"
    fail=1
fi

# The desktop entry: valid (hints allowed, no warnings or errors), with the keys a menu uses.
desktop-file-validate "$dest$apps" >"$tmp/validate" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || grep -q -e 'error:' -e 'warning:' "$tmp/validate"; then
    echo "FAIL: desktop-file-validate exit $rc:"
    cat "$tmp/validate"
    fail=1
fi
key() { sed -n "s/^$1=//p" "$dest$apps"; }
for k in Name GenericName Comment Exec Icon; do
    [ -n "$(key "$k")" ] || { echo "FAIL: the desktop entry has no $k"; fail=1; }
done
[ "$(key Categories)" = "Education;Science;" ] ||
    { echo "FAIL: Categories=$(key Categories), want Education;Science;"; fail=1; }
[ "$(key Terminal)" = false ] || { echo "FAIL: Terminal=$(key Terminal), want false"; fail=1; }
exec_word=$(key Exec | cut -d' ' -f1)
[ -x "$dest$bindir/$exec_word" ] ||
    { echo "FAIL: Exec=$exec_word is not the installed binary in $bindir"; fail=1; }
icon=$(key Icon)
[ -f "$dest$icons/scalable/apps/$icon.svg" ] ||
    { echo "FAIL: Icon=$icon has no scalable icon in hicolor"; fail=1; }

# The AppStream metadata: valid offline, named after its id, launching the installed entry.
if ! appstreamcli validate --no-net "$dest$metainfo" >"$tmp/validate" 2>&1; then
    echo "FAIL: appstreamcli validate --no-net:"
    cat "$tmp/validate"
    fail=1
fi
id=$(sed -n 's|^ *<id>\(.*\)</id>$|\1|p' "$dest$metainfo")
[ "$(basename "$metainfo")" = "$id.metainfo.xml" ] ||
    { echo "FAIL: metainfo file $(basename "$metainfo") for id '$id'"; fail=1; }
launch=$(sed -n 's|^ *<launchable type="desktop-id">\(.*\)</launchable>$|\1|p' "$dest$metainfo")
[ "$launch" = "$(basename "$apps")" ] ||
    { echo "FAIL: metainfo launches '$launch', the entry is $(basename "$apps")"; fail=1; }

# The icons: an SVG document, and PNGs (RGBA) of their directory's size.
head -c 200 "$dest$icons/scalable/apps/superpose.svg" | grep -q '<svg ' ||
    { echo "FAIL: the scalable icon is not an SVG"; fail=1; }
for n in $sizes; do
    png="$dest$icons/${n}x$n/apps/superpose.png"
    [ -f "$png" ] || continue
    # Bytes 1-3 "PNG"; 16-23 width and height (big-endian); 25 the colour type (6: RGBA).
    set -- $(od -An -tu1 -N26 "$png")
    magic="$2 $3 $4" w=$(( (${17} << 24) + (${18} << 16) + (${19} << 8) + ${20} ))
    h=$(( (${21} << 24) + (${22} << 16) + (${23} << 8) + ${24} )) type=${26}
    if [ "$magic" != "80 78 71" ] || [ "$w" -ne "$n" ] || [ "$h" -ne "$n" ] || [ "$type" -ne 6 ]; then
        echo "FAIL: ${n}x$n icon: magic $magic, $w x $h, colour type $type"
        fail=1
    fi
done

# The completion, from its installed place.
registered=$(bash --norc --noprofile -c '. "$1" && complete -p superpose' _ \
    "$dest$datadir/bash-completion/completions/superpose")
[ "$registered" = "complete -F _superpose superpose" ] ||
    { echo "FAIL: the installed completion registers '$registered'"; fail=1; }
grep -q '^\.TH SUPERPOSE 1 ' "$dest$mandir/man1/superpose.1" ||
    { echo "FAIL: the installed man page has no .TH SUPERPOSE 1"; fail=1; }

[ "$fail" -eq 0 ] && echo "install tree: $(wc -l <"$tmp/got") files, desktop entry and AppStream metadata valid, icons 16..256 and SVG"
exit "$fail"
