#!/bin/sh
# The test suite again in a sanitizer build, where a memory error, undefined behaviour or a data
# race between the training thread and the window fails the test that made it instead of passing
# silently; in a build directory of its own:
#   asan  gcc, -Db_sanitize=address,undefined: every test but e2e-window and full-disk (which
#         trains what figures trains again); any ASan/UBSan/LeakSanitizer report aborts the
#         test that made it (suppressions: tests/lsan.supp, third-party only).
#   tsan  clang, -Db_sanitize=thread: every test but e2e-window, full-disk, figures,
#         extremes, neurons-learn and dimsweep-science (single-threaded, or too slow under TSan:
#         minutes; neurons-learn's 12 models of 10,000 steps take 17 s of CPU unsanitised); the
#         dimensionality pool's threads run in dimsweep; parallel_for runs in
#         recipe, phase and train --instances; a race fails.
# Both then run the live window offscreen while it trains (its training thread against the
# render loop) until its trace shows 900 steps drawn (3 s at the default speed), and quit it
# with SIGTERM, which SDL turns into a normal quit. e2e-window is left out because its pixel
# checks assume the GL renderer, and under GL the window goes through Mesa llvmpipe, whose
# uninstrumented threads TSan reports as racing and whose dlclose'd modules LSan reports as
# leaking from <unknown module>.
# In these builds (tests/sanitized.h) test_layout draws fewer sizes and test_figures trains its
# figures for 500 steps: the layout and what the recipe learns are checked in the plain build.
# The nested build is configured with -Dnested_checks=false, so it does not run this script,
# the fuzzer or valgrind again. Skips (77) for tsan when clang or its runtime is absent.
# Usage: sanitize.sh asan|tsan SOURCE_ROOT BUILD_DIR
set -u
. "$(dirname "$0")/wait_for.sh"
runner=
mode=$1
src=$2
dir=$3

case "$mode" in
asan)
    compiler=${CC:-cc}
    opts="-Db_sanitize=address,undefined -Dc_args=-fno-sanitize-recover=all"
    skip="e2e-window|full-disk"
    ;;
tsan)
    compiler=clang
    opts="-Db_sanitize=thread"
    skip="e2e-window|full-disk|figures|extremes|neurons-learn|dimsweep-science"
    ;;
*)
    echo "usage: sanitize.sh asan|tsan SOURCE_ROOT BUILD_DIR" >&2
    exit 1
    ;;
esac

if [ "$mode" = tsan ]; then
    if ! command -v clang >/dev/null 2>&1; then
        echo "clang is not installed (Debian packages clang, libclang-rt-14-dev): skipped"
        exit 77
    fi
    mkdir -p "$dir" || exit 1
    printf 'int main(void) { return 0; }\n' >"$dir/probe.c"
    if ! clang -fsanitize=thread "$dir/probe.c" -o "$dir/probe" 2>"$dir/probe.log"; then
        echo "clang cannot link -fsanitize=thread (Debian package libclang-rt-14-dev): skipped"
        cat "$dir/probe.log"
        exit 77
    fi
    # LLVM 14's ThreadSanitizer dies ("unexpected memory mapping") on kernels with 32-bit mmap
    # randomisation; there, run it with address randomisation off, if the sandbox lets us.
    if ! "$dir/probe" >"$dir/probe.log" 2>&1; then
        if setarch "$(uname -m)" -R "$dir/probe" >/dev/null 2>&1; then
            echo "tsan: running with ASLR off (setarch -R): $(head -n 1 "$dir/probe.log")"
            runner="setarch $(uname -m) -R"
        else
            echo "FAIL: a ThreadSanitizer program cannot run here:"
            cat "$dir/probe.log"
            exit 1
        fi
    fi
fi

# SDL's software renderer and a plain framebuffer, not Mesa (see above).
export SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
# Sanitizer verdicts: stop at the first report, exit non-zero, show where.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:print_summary=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1
export TSAN_OPTIONS=halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:history_size=4
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp:print_suppressions=0

t0=$(date +%s)
if [ -f "$dir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson configure "$dir" $opts -Dnested_checks=false >/dev/null || exit 1
else
    # shellcheck disable=SC2086
    CC=$compiler meson setup "$dir" "$src" -Dbuildtype=debugoptimized -Db_lundef=false \
        -Dwerror=true -Dnested_checks=false $opts >"$dir.setup.log" 2>&1 ||
        { cat "$dir.setup.log"; exit 1; }
fi
ninja -C "$dir" >"$dir.build.log" 2>&1 || { tail -n 80 "$dir.build.log"; exit 1; }
t1=$(date +%s)
echo "$mode build: $((t1 - t0)) s"

tests=$(meson test -C "$dir" --list 2>/dev/null | sed -n 's|^[^ ]* / ||p' | grep -vxE "$skip")
# The tests' timeouts are hang guards: a sanitizer makes every test several times slower.
# shellcheck disable=SC2086
$runner meson test -C "$dir" --print-errorlogs --num-processes 2 --timeout-multiplier 4 $tests >"$dir.test.log" 2>&1
rc=$?
t2=$(date +%s)
grep -E '^ *[0-9]+/[0-9]+ ' "$dir.test.log"
sed -n '/^Ok:/,/^Timeout:/p' "$dir.test.log"
echo "$mode tests: $((t2 - t1)) s"
if [ "$rc" -ne 0 ]; then
    echo "FAIL: the $mode build's tests failed; their output:"
    cat "$dir/meson-logs/testlog.txt"
    exit 1
fi
reports='ERROR: (AddressSanitizer|LeakSanitizer|ThreadSanitizer)|WARNING: ThreadSanitizer|runtime error:'
if grep -qE "$reports" "$dir/meson-logs/testlog.txt"; then
    echo "FAIL: a sanitizer report in a test that still passed:"
    grep -nE -A30 "$reports" "$dir/meson-logs/testlog.txt" | head -n 120
    exit 1
fi

# The window: training and drawing offscreen until 900 steps are drawn, then SIGTERM ->
# SDL_QUIT -> clean exit. The 300 s only end a hang.
(SDL_VIDEODRIVER=offscreen SUPERPOSE_TRACE=1 exec $runner "$dir/src/app/superpose") \
    >"$dir.window.log" 2>&1 &
pid=$!
trained=1
wait_step "$dir.window.log" 900 300 "$pid" || trained=0
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ "$trained" -eq 0 ] || [ "$rc" -ne 0 ] || ! grep -q '^quit' "$dir.window.log" ||
    grep -qE "$reports" "$dir.window.log"; then
    echo "FAIL: the $mode window run: exit $rc, 900 steps drawn: $trained; its output:"
    cat "$dir.window.log"
    exit 1
fi
echo "$mode window: $(grep '^frames' "$dir.window.log" | cut -d' ' -f1-2), clean quit"
echo "$mode: clean"
