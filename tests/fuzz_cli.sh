#!/bin/sh
# Bounded libFuzzer run over the command-line parser, the code every byte a user types reaches
# first: builds tests/fuzz_cli.c and src/app/cli.c, cliparse.c and settings.c with clang
# -fsanitize=fuzzer,address,undefined and fuzzes for
# FUZZ_SECONDS (default 20) from a seed corpus of valid command lines. Any crash, sanitizer
# report or broken contract fails the test; the input that did it is printed (base64) and kept
# in WORKDIR.
# Skips (77) when clang or its libFuzzer runtime (Debian: clang, libclang-rt-14-dev) is absent.
# Usage: fuzz_cli.sh SOURCE_ROOT WORKDIR
set -u
src=$1
work=$2
seconds=${FUZZ_SECONDS:-20}
cc=${FUZZ_CC:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "$cc is not installed (Debian packages clang, libclang-rt-14-dev): skipped"
    exit 77
fi
mkdir -p "$work/corpus" "$work/seeds" || exit 1
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    >"$work/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" 2>"$work/probe.log"; then
    echo "$cc cannot link -fsanitize=fuzzer (Debian package libclang-rt-14-dev): skipped"
    cat "$work/probe.log"
    exit 77
fi

"$cc" -std=c17 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
    -Wmissing-prototypes -Wstrict-prototypes -Wundef -Wshadow -Wvla \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$src/src/app" -I"$src/src/core" \
    "$src/tests/fuzz_cli.c" "$src/src/app/cli.c" "$src/src/app/cliparse.c" "$src/src/app/settings.c" \
    "$src/src/core/featsets.c" -lm \
    -o "$work/fuzz_cli" || exit 1

# Seeds: command lines that parse, one file each, arguments separated by NUL.
n=0
seed() {
    n=$((n + 1))
    first=1
    for a in "$@"; do
        [ "$first" -eq 1 ] || printf '\0'
        printf '%s' "$a"
        first=0
    done >"$work/seeds/seed$n"
}
seed train
seed train --features 7 --hidden 3 --density 0.05 --decay 0.9 --lr 1e-3 --batch 1024 --steps 500
seed train --sparsity=0.95 --linear --seed 18446744073709551615 --json
seed train --instances 4 --threads 2 --steps=2000 --seed=42
seed train --features 4096 --batch 4596 --version
seed train --features 4096 --batch 4096 --hidden 256
seed figures --out /tmp --threads 2
seed bench --quick --threads 1
seed --speed max --paused --screenshot-dir /tmp
seed --speed 1e6 --features 5 --density 1 --decay 1 --lr 1
seed train --help
seed --version
seed help

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
"$work/fuzz_cli" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=512 \
    -dict="$src/tests/fuzz_cli.dict" -artifact_prefix="$work/" -error_exitcode=1 -print_final_stats=1 \
    "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "FAIL: fuzz_cli exit $rc; crashing inputs in $work:"
    ls "$work" | grep -E '^(crash|leak|timeout|oom)-'
    tail -n 60 "$work/fuzz.log"
    exit 1
fi
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done )' "$work/fuzz.log"
echo "fuzz_cli: no crash in $seconds s ($(ls "$work/corpus" | wc -l) inputs in the corpus)"
