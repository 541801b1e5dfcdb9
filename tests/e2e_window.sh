#!/bin/sh
# End to end: opens the real window under xvfb-run, presses keys with xdotool, checks that the
# sparsity changed, that S saved a PNG of the window's size showing the vectors, the views
# (G, D, V; F the seeds side by side and B adopting the best; the timeline replayed by PageUp,
# Home and a drag and left by End; M to three hidden dimensions and the 3D view turned by key
# and by drag; P the phase diagram filling in, paused, resumed), that a failed screenshot keeps
# the program running, --preset dimensionality and X (the dimensionality experiment), and that
# Q quits with status 0 within a second (once while the phase diagram trains).
# Every step waits on the event it needs (a trace line, a visible window), never for a fixed
# time; GUARD seconds only end a hang. Keys go to the shown window: the program may open and
# close a hidden one first (the renderer check).
# W twice records the window as a GIF of its size (decoded by GIF_PROBE), and into a missing
# directory W fails with the reason and the window goes on.
# Usage: e2e_window.sh SUPERPOSE PNG_PROBE GIF_PROBE
set -u

if [ "${1:-}" != "--inner" ]; then
    if ! command -v xvfb-run >/dev/null 2>&1; then
        echo "xvfb-run is not installed (Debian package xvfb): skipped"
        exit 77
    fi
    if ! command -v xdotool >/dev/null 2>&1; then
        echo "xdotool is not installed (Debian package xdotool)" >&2
        exit 1
    fi
    exec xvfb-run -a -s "-screen 0 1280x800x24" sh "$0" --inner "$@"
fi
shift
exe=$1
probe=$2
gprobe=$3
tmp=$(mktemp -d)
pid=
fail() {
    echo "FAIL: $*" >&2
    echo "--- window output:" >&2
    cat "$tmp"/out* >&2 2>/dev/null
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$tmp"
    exit 1
}

. "$(dirname "$0")/wait_for.sh"
GUARD=60

now_ms() { date +%s%3N; }

# start DIR OUT [FLAGS...]: runs the window, waits for its first frame, sets $pid and $wid.
start() {
    dir=$1 log=$2
    shift 2
    SUPERPOSE_TRACE=1 "$exe" --screenshot-dir "$dir" "$@" >"$log" 2>&1 &
    pid=$!
    wait_for "$log" '^ready ' $GUARD "$pid" || fail "the window never drew its first frame"
    wid=$(timeout $GUARD xdotool search --sync --onlyvisible --pid "$pid" --name '^superpose' |
          head -n 1)
    [ -n "$wid" ] || fail "no visible window named superpose appeared"
}

# shoot MODE WHAT: presses S, waits for the next screenshot line, probes the PNG in MODE.
shoot() {
    shots=$((shots + 1))
    xdotool key --window "$wid" s
    wait_count "$out" '^screenshot ' $shots $GUARD "$pid" || fail "S gave no screenshot line ($2)"
    png=$(sed -n 's/^screenshot \(.*\)$/\1/p' "$out" | tail -n 1)
    "$probe" "$png" "${size%x*}" "${size#*x}" "$1" || fail "the $2 screenshot is not the window's picture"
}

# quit_within_a_second: presses Q, checks exit status 0 within a second.
quit_within_a_second() {
    t0=$(now_ms)
    # The window may be gone before the key's release is sent: xdotool then reports BadWindow.
    xdotool key --window "$wid" q 2>/dev/null
    (sleep 5; kill -9 "$pid" 2>/dev/null) &
    watchdog=$!
    wait "$pid"
    rc=$?
    t1=$(now_ms)
    kill "$watchdog" 2>/dev/null
    [ "$rc" -eq 0 ] || fail "exit status $rc after Q"
    [ $((t1 - t0)) -lt 1000 ] || fail "quitting took $((t1 - t0)) ms"
    echo "Q: exit 0 after $((t1 - t0)) ms"
    pid=
}

# Without any font the window says which package to install and exits 1.
cat >"$tmp/fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/nonexistent</dir></fontconfig>
CONF
FONTCONFIG_FILE=$tmp/fonts.conf "$exe" >"$tmp/out0" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "without fonts the exit status is $rc, not 1"
grep -q 'fonts-dejavu-core' "$tmp/out0" || fail "without fonts no package is named"
echo "no font: exit 1, names fonts-dejavu-core"

mkdir "$tmp/shots"
out=$tmp/out1
start "$tmp/shots" "$out"
size=$(sed -n 's/^ready \([0-9]*x[0-9]*\)$/\1/p' "$out")
echo "window output size $size"

sparsity() { grep '^settings ' "$out" | tail -n 1 | sed 's/.*sparsity=\([^ ]*\).*/\1/'; }
sparsity_moved() { [ "$(sparsity)" != "$before" ]; }
before=$(sparsity)
[ -n "$before" ] || fail "no settings line"
xdotool key --window "$wid" Right
wait_until $GUARD "$pid" sparsity_moved || fail "Right did not change the sparsity ($before)"
after=$(sparsity)
awk -v a="$after" -v b="$before" 'BEGIN { exit !(a > b) }' ||
    fail "Right should raise the sparsity: $before -> $after"
echo "sparsity $before -> $after"

# Let the vectors grow (2 s at the default speed), then take a screenshot.
wait_step "$out" 600 $GUARD "$pid" || fail "training did not reach step 600"
xdotool key --window "$wid" s
wait_for "$out" '^screenshot' $GUARD "$pid" || fail "S gave no screenshot line"
grep -q '^screenshot-failed' "$out" && fail "screenshot failed"
png=$(sed -n 's/^screenshot \(.*\)$/\1/p' "$out" | head -n 1)
[ -f "$png" ] || fail "screenshot $png does not exist"
case "$png" in "$tmp/shots/superpose-"*.png) ;; *) fail "unexpected name $png" ;; esac
"$probe" "$png" "${size%x*}" "${size#*x}" || fail "the screenshot is not the window's picture"

# A second S must not overwrite the first.
xdotool key --window "$wid" s
wait_count "$out" '^screenshot ' 2 $GUARD "$pid" || fail "the second S gave no screenshot line"
[ "$(ls "$tmp/shots" | grep -c '^superpose-.*\.png$')" -eq 2 ] || fail "second screenshot missing or overwrote"

# W records; W again stops, and the file is written off the render thread, then reported.
# Two readout lines (a second of the clock) after the start: at 20 frames/s, many frames.
xdotool key --window "$wid" w
wait_for "$out" '^recording-start '"$size"' fps=20$' $GUARD "$pid" || fail "W did not start recording"
readouts=$(grep -c '^readout ' "$out")
wait_count "$out" '^readout ' $((readouts + 2)) $GUARD "$pid" || fail "the window stopped drawing while recording"
xdotool key --window "$wid" w
wait_for "$out" '^recording /' $GUARD "$pid" || fail "W again gave no recording line"
grep -q '^recording-failed' "$out" && fail "recording failed"
gif=$(sed -n 's/^recording \(.*\) frames=.*$/\1/p' "$out" | head -n 1)
case "$gif" in "$tmp/shots/superpose-"*.gif) ;; *) fail "unexpected recording name $gif" ;; esac
frames=$(sed -n 's/^recording .* frames=\([0-9]*\) .*$/\1/p' "$out" | head -n 1)
"$gprobe" "$gif" "${size%x*}" "${size#*x}" "$frames" || fail "the recording is not a GIF of the window"
[ "$frames" -ge 2 ] || fail "only $frames frames recorded over a second"
ls -A "$tmp/shots" | grep -q '^\.superpose-' && fail "a temporary file was left: $(ls -A "$tmp/shots")"
echo "W: recorded $frames frames, $(wc -c <"$gif") bytes"

# The views: G (12-model sweep), D (dimensionality), V (linear vs ReLU), each saved by S. A
# view's models have snapshots from their creation on, so its first frame shows them.
shots=2
for view in g:sweep:12 d:dims:12 v:compare:2; do
    key=${view%%:*}; rest=${view#*:}; name=${rest%%:*}; models=${rest#*:}
    xdotool key --window "$wid" "$key"
    wait_for "$out" "^view $name models=$models\$" $GUARD "$pid" || fail "$key did not open the $name view"
    shoot main "$name view's"
    echo "view $name: $models models, screenshot ok"
done
xdotool key --window "$wid" v
wait_for "$out" '^view main' $GUARD "$pid" || fail "V again did not go back to the main view"

# F: the seeds view, 8 models from consecutive seeds on threads of their own; once every one has
# made 1000 steps, B hands the lowest loss to the main model, and F again goes back.
xdotool key --window "$wid" f
wait_for "$out" '^view seeds models=8 threads=[0-9]* seed=[0-9]*$' $GUARD "$pid" ||
    fail "F did not open the seeds view"
wait_for "$out" '^seeds step=[0-9]* [0-9]* of 8: ' $GUARD "$pid" || fail "the seeds did not train"
shoot main "seeds view's"
xdotool key --window "$wid" b
wait_for "$out" '^adopt ok=1 B: the model carries on from seed [0-9]* ' $GUARD "$pid" ||
    fail "B did not adopt the best seed"
xdotool key --window "$wid" f
wait_count "$out" '^view main' 2 $GUARD "$pid" || fail "F again did not go back to the main view"
echo "F: $(grep '^seeds step=' "$out" | tail -n 1); B: $(grep '^adopt ' "$out")"


# The timeline: PageUp replays an earlier snapshot while training goes on, Home the first
# (step 0), End returns to live; a drag along the D_i strip replays the snapshot under the mouse.
xdotool key --window "$wid" Prior
wait_for "$out" '^replay step=[0-9]* index=[0-9]* of=[0-9]*$' $GUARD "$pid" || fail "PageUp did not replay"
replayed=$(sed -n 's/^replay step=\([0-9]*\) .*/\1/p' "$out" | tail -n 1)
wait_step "$out" $((replayed + 300)) $GUARD "$pid" || fail "training stopped while replaying"
xdotool key --window "$wid" Home
wait_for "$out" '^replay step=0 index=0 ' $GUARD "$pid" || fail "Home did not replay step 0"
shoot main "replay's"
xdotool key --window "$wid" End
wait_for "$out" '^live step=' $GUARD "$pid" || fail "End did not return to live"
strip=$(sed -n 's/^timeline \(.*\)$/\1/p' "$out" | head -n 1)
sx=$(echo "$strip" | sed 's/.*x=\([0-9]*\).*/\1/') sy=$(echo "$strip" | sed 's/.*y=\([0-9]*\).*/\1/')
sw=$(echo "$strip" | sed 's/.*w=\([0-9]*\).*/\1/') sh=$(echo "$strip" | sed 's/.*h=\([0-9]*\).*/\1/')
[ -n "$sx" ] && [ "$sw" -gt 0 ] || fail "no timeline line ($strip)"
replays=$(grep -c '^replay step=' "$out")
xdotool mousemove --window "$wid" $((sx + sw / 2)) $((sy + sh * 3 / 4)) mousedown 1 \
    mousemove --window "$wid" $((sx + sw / 3)) $((sy + sh * 3 / 4)) mouseup 1
wait_count "$out" '^replay step=' $((replays + 1)) $GUARD "$pid" || fail "a drag on the strip did not replay"
xdotool key --window "$wid" End
wait_count "$out" '^live step=' 2 $GUARD "$pid" || fail "End after the drag did not return to live"
echo "timeline: PageUp replayed step $replayed, Home step 0, a drag $(grep '^replay step=' "$out" | tail -n 1), End live"

# M: three hidden dimensions, a new model from the same seed, drawn in 3D; K and a drag turn it.

# M: three hidden dimensions, a new model from the same seed (B's, adopted above), drawn in 3D;
# K and a drag turn it.
adopted=$(sed -n 's/^adopt ok=1 B: the model carries on from seed \([0-9]*\) .*/\1/p' "$out")
xdotool key --window "$wid" m
wait_for "$out" "^hidden m=3 seed=$adopted\$" $GUARD "$pid" || fail "M did not go to m = 3 (seed $adopted)"
wait_for "$out" '^settings .* hidden=3$' $GUARD "$pid" || fail "no settings line with hidden=3"
xdotool key --window "$wid" k
wait_for "$out" '^rotate yaw=' $GUARD "$pid" || fail "K did not turn the 3D view"
xdotool mousemove --window "$wid" 300 400 mousedown 1 mousemove --window "$wid" 360 430 \
    mousemove --window "$wid" 420 460 mouseup 1
wait_count "$out" '^rotate ' 2 $GUARD "$pid" || fail "a drag did not turn the 3D view"
shoot 3d "3D view's"
echo "M: m = 3, 3D view turned by K and by a drag, screenshot ok"

# P: the phase diagram fills in on background threads; P again pauses it, P resumes it.
xdotool key --window "$wid" p
wait_for "$out" '^view phase cells=400 threads=[0-9]*$' $GUARD "$pid" || fail "P did not open the phase view"
# A fifth of the cells (a trace line comes at every tenth), coarse ones first: the whole grid.
wait_count "$out" '^phase done=' 2 $GUARD "$pid" || fail "no phase cells trained"
shoot phase "phase view's"
xdotool key --window "$wid" p
wait_for "$out" '^view main models=0$' $GUARD "$pid" || fail "P again did not go back"
xdotool key --window "$wid" p
wait_count "$out" '^view phase ' 2 $GUARD "$pid" || fail "P a third time did not resume the phase view"
echo "P: $(grep '^phase done=' "$out" | tail -n 1), screenshot ok"
quit_within_a_second

# An unwritable (missing) directory: the reason is reported and the window keeps running.
# Also --hidden 3: the window opens in the 3D view (the main view), not the dimensionality view.
out=$tmp/out2
start "$tmp/missing/dir" "$out" --hidden 3
grep -q '^settings .* hidden=3$' "$out" || fail "--hidden 3: no settings line with hidden=3"
grep -q '^view ' "$out" && fail "--hidden 3 did not open in the main (3D) view"
xdotool key --window "$wid" s
wait_for "$out" '^screenshot-failed' $GUARD "$pid" || fail "no failure reported for a missing directory"
grep -q 'No such file' "$out" || fail "the failure does not give the reason"
xdotool key --window "$wid" w
wait_for "$out" '^recording-failed .*No such file' $GUARD "$pid" || fail "W into a missing directory did not fail with the reason"
wait_after "$out" '^screenshot-failed' '^readout ' $GUARD "$pid" &&
    kill -0 "$pid" 2>/dev/null || fail "the window did not go on drawing after a failed screenshot"
quit_within_a_second

# --preset dimensionality opens the experiment (n = 400, m = 30, decay 1), whose 24 models
# train on threads of their own while the focused model is held; X goes back (pauses them,
# lets the focused model go on), X again resumes them and holds it again. Q while
# they train: exit status 0 (not timed: at n = 400 a frame of the side panels takes long on a
# loaded machine).
out=$tmp/out3
start "$tmp/shots" "$out" --preset dimensionality
wait_for "$out" '^view dimexp models=24 threads=[0-9]* n=400 m=30$' $GUARD "$pid" ||
    fail "--preset dimensionality did not open the experiment"
grep -q '^settings .*features=400 decay=1 .*hidden=30$' "$out" ||
    fail "--preset dimensionality did not load n = 400, m = 30, decay 1"
wait_for "$out" '^held=1$' $GUARD "$pid" || fail "the experiment did not hold the focused model"
xdotool key --window "$wid" x
wait_for "$out" '^view main ' $GUARD "$pid" || fail "X did not go back from the experiment"
wait_for "$out" '^held=0$' $GUARD "$pid" || fail "leaving the experiment kept the model held"
xdotool key --window "$wid" x
wait_count "$out" '^view dimexp ' 2 $GUARD "$pid" || fail "X did not reopen the experiment"
wait_count "$out" '^held=1$' 2 $GUARD "$pid" || fail "X again did not hold the focused model"
echo "--preset dimensionality and X: $(grep '^view dimexp' "$out" | tail -n 1)"
xdotool key --window "$wid" q 2>/dev/null
(sleep $GUARD; kill -9 "$pid" 2>/dev/null) &
watchdog=$!
wait "$pid"
rc=$?
kill "$watchdog" 2>/dev/null
[ "$rc" -eq 0 ] || fail "exit status $rc after Q in the experiment"
pid=

rm -rf "$tmp"
echo "e2e window: ok"
