#!/bin/sh
# valgrind memcheck, which also sees reads of uninitialised memory (ASan does not): no invalid
# access, no use of uninitialised memory and no
# definite or indirect leak over
#   superpose train --steps 2000                 the headless trainer
#   superpose figures --out /nonexistent         the refusal path
#   superpose (the live window), offscreen       frames while training runs, until the trace
#                                                shows 600 steps drawn (2 s at the default
#                                                speed), then SIGTERM, which SDL turns into a
#                                                normal quit
#   superpose figures --steps 20 --out DIR       every figure, each model cut to 20 steps
#   superpose record --steps 30 ...              the window offscreen recorded: 3 frames
#                                                encoded on the recorder's thread
# Suppressions: tests/valgrind.supp (third-party only). Skips (77) without valgrind (Debian
# packages valgrind, libc6-dbg).
# Usage: valgrind.sh SUPERPOSE SOURCE_ROOT
set -u
. "$(dirname "$0")/wait_for.sh"
exe=$1
src=$2
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind is not installed (Debian packages valgrind, libc6-dbg): skipped"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
vg() {
    # exec: in the background this subshell becomes valgrind, so $! is valgrind's pid.
    exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --suppressions="$src/tests/valgrind.supp" --log-file="$tmp/vg.log" "$@"
}
report() { # NAME STATUS WANT SECONDS
    if [ "$2" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL: $1: valgrind reports:"
        cat "$tmp/vg.log"
        fail=1
    elif [ "$2" -ne "$3" ]; then
        echo "FAIL: $1: exit $2, want $3"
        cat "$tmp/err" 2>/dev/null
        fail=1
    else
        echo "$1: clean ($4 s)"
    fi
}

t0=$(date +%s)
(vg "$exe" train --steps 2000 >"$tmp/out" 2>"$tmp/err")
report "train --steps 2000" $? 0 $(($(date +%s) - t0))

t0=$(date +%s)
(vg "$exe" figures --out /nonexistent >"$tmp/out" 2>"$tmp/err")
report "figures --out /nonexistent" $? 1 $(($(date +%s) - t0))

# Every figure trained and drawn for real, with each model cut to 20 steps (the recipe's
# 10,000 x 2,430 models would take hours under valgrind): the drawing, text and saving code.
mkdir "$tmp/figures"
t0=$(date +%s)
# All but the 400-feature figure: its 24 models of n = 400 take minutes under valgrind even at
# 2 steps (valgrind offers no AVX-512, so they train on the baseline path); test_figures draws
# it, and the ASan build runs that.
only=$("$exe" figures --only nope 2>&1 | sed 's/.*expected names from //; s/, dimensionality_400//; s/ //g')
(vg "$exe" figures --steps 20 --only "$only" --out "$tmp/figures" >"$tmp/out" 2>"$tmp/err")
report "figures --steps 20, all but dimensionality_400" $? 0 $(($(date +%s) - t0))
# as many PNGs as it says it wrote, one line each (test_figures checks that is every figure)
written=$(ls "$tmp/figures" | grep -c '\.png$')
said=$(grep -c '\.png$' "$tmp/out")
[ "$said" -gt 0 ] && [ "$written" -eq "$said" ] ||
    { echo "FAIL: figures --steps 20 wrote $written PNGs and named $said"; fail=1; }

# A recording: the window offscreen in lockstep with the frames, the encoder's thread, the
# file renamed into place.
t0=$(date +%s)
(vg "$exe" record --out "$tmp/r.gif" --size 640x480 --steps 30 --fps 20 >"$tmp/out" 2>"$tmp/err")
report "record --steps 30" $? 0 $(($(date +%s) - t0))
grep -q ': 3 frames of 640x480' "$tmp/out" || { echo "FAIL: record said: $(cat "$tmp/out")"; fail=1; }

# The window: offscreen video, SDL's software renderer (no Mesa, whose dlopen'd drivers valgrind
# reports as leaking from unloaded code), training at the default speed.
t0=$(date +%s)
(SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0 \
    SUPERPOSE_TRACE=1 vg "$exe" >"$tmp/win" 2>"$tmp/err") &
pid=$!
if wait_for "$tmp/win" '^ready ' 120 "$pid" && wait_step "$tmp/win" 600 120 "$pid"; then
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    grep -q '^quit' "$tmp/win" || { echo "FAIL: window: no quit after SIGTERM"; cat "$tmp/win"; fail=1; }
    report "window, offscreen, $(sed -n 's/^frames \([0-9]*\).*/\1/p' "$tmp/win") frames" "$rc" 0 $(($(date +%s) - t0))
else
    kill -9 "$pid" 2>/dev/null
    wait "$pid"
    echo "FAIL: window: no first frame, or no 600 steps drawn, within 120 s each under valgrind"
    cat "$tmp/win" "$tmp/err" "$tmp/vg.log"
    fail=1
fi
[ "$fail" -eq 0 ] && echo "valgrind: all clean"
exit "$fail"
