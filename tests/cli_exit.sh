#!/bin/sh
# The program itself: bad flags exit 2 with one line on stderr; train --json has exactly the
# documented keys and no NaN; the table mode prints every feature; write errors on stdout are
# reported and a closed pipe ends it quietly.
set -u
. "$(dirname "$0")/cli_common.sh"

expect_bad train --features 0
expect_bad train --density 2
expect_bad train --density 0.5 --sparsity 0.5
expect_bad train --lr nan
expect_bad train --steps
expect_bad train --nope
expect_bad --speed -1
expect_bad nonsense
expect_bad_says "--only: 'nope' is not a figure: expected names from pentagon_visualization," \
    figures --only nope
expect_bad_says "'' is not a figure" figures --only sae,
# A control character in a bad value is escaped: the message stays one line (found by fuzz_cli).
expect_bad "$(printf 'tr\nain')"
expect_bad train --features "$(printf '1\n2')"
expect_bad "$(printf -- '--fea\ntures')"
# batch x features beyond 2^24 (64 MiB per batch) is refused before any allocation.
expect_bad train --features 4096 --batch 65536
expect_bad train --model nope
expect_bad train --model abs --linear
expect_bad sae --model hidden-relu

# bench with more threads than help (two per online CPU): refused at once, nothing measured.
cpus=$(getconf _NPROCESSORS_ONLN)
"$exe" bench --quick --threads $((2 * cpus + 1)) >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 2 ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || [ -s "$tmp/out" ] ||
    ! grep -q -- "--threads $((2 * cpus + 1)): bench measures from 1 to $((2 * cpus)) threads" "$tmp/err"; then
    echo "FAIL: bench --threads $((2 * cpus + 1)) on $cpus CPUs: exit $rc (want 2): $(cat "$tmp/err")"
    fail=1
fi

# figures into a directory that is missing or is a file: exit 1, one line, before any training.
touch "$tmp/file"
for out in /nonexistent "$tmp/file"; do
    "$exe" figures --out "$out" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ] || [ -s "$tmp/out" ] || ! grep -q "$out" "$tmp/err"; then
        echo "FAIL: superpose figures --out $out: exit $rc, $lines stderr lines: $(cat "$tmp/err")"
        fail=1
    fi
done

# --only: those figures and no other, named with or without .png.
mkdir "$tmp/only"
"$exe" figures --only sae.png,phase_diagram --steps 1 --out "$tmp/only" >"$tmp/out" 2>"$tmp/err" ||
    { echo "FAIL: figures --only exit $?: $(cat "$tmp/err")"; fail=1; }
[ "$(ls "$tmp/only" | tr '\n' ' ')" = "phase_diagram.png sae.png " ] ||
    { echo "FAIL: figures --only sae.png,phase_diagram wrote: $(ls "$tmp/only")"; fail=1; }

"$exe" train --steps 2000 --json >"$tmp/json" 2>"$tmp/err" || { echo "FAIL: train --json exit $?"; fail=1; }
[ -s "$tmp/err" ] && { echo "FAIL: train --json wrote to stderr: $(cat "$tmp/err")"; fail=1; }
keys=$(grep -o '"[a-z_A-Z]*":' "$tmp/json" | tr -d '":' | sort | tr '\n' ' ')
want=$(printf '%s\n' features hidden sparsity density decay lr batch steps seed activation model loss \
    W b norms dimensionality superposition represented angles_deg angle_gaps_deg seconds \
    samples_per_second correlated anticorrelated set_angles_deg | sort | tr '\n' ' ')
if [ "$keys" != "$want" ]; then
    echo "FAIL: JSON keys: $keys"
    echo "            want: $want"
    fail=1
fi
if grep -qiE 'nan|inf' "$tmp/json"; then
    echo "FAIL: JSON holds a non-finite number"
    fail=1
fi
grep -q '"activation": "relu"' "$tmp/json" || { echo "FAIL: activation"; fail=1; }
grep -q '"model": "tied"' "$tmp/json" || { echo "FAIL: model"; fail=1; }

# The models with neurons add their neurons (weights, kind, top feature) and the counts; abs
# also its output weights and what it computes.
"$exe" train --model abs --features 3 --hidden 6 --steps 200 --json >"$tmp/json" 2>"$tmp/err" ||
    { echo "FAIL: train --model abs --json exit $?"; fail=1; }
keys=$(grep -o '"[a-z_A-Z0-9]*":' "$tmp/json" | tr -d '":' | sort -u | tr '\n' ' ')
want=$(printf '%s\n' features hidden sparsity density decay lr batch steps seed activation model loss \
    W b norms dimensionality superposition represented angles_deg angle_gaps_deg seconds \
    samples_per_second correlated anticorrelated set_angles_deg W2 neurons weights kind \
    top_feature top_share serves monosemantic polysemantic dead computed one_sided asymmetric |
    sort | tr '\n' ' ')
[ "$keys" = "$want" ] || { echo "FAIL: abs JSON keys: $keys"; echo "  want: $want"; fail=1; }
[ "$(grep -c '"kind": ' "$tmp/json")" -eq 6 ] || { echo "FAIL: abs JSON: 6 neurons"; fail=1; }
grep -q '"model": "abs"' "$tmp/json" || { echo "FAIL: model abs"; fail=1; }

"$exe" train --steps 500 --features 7 >"$tmp/table" 2>&1 || { echo "FAIL: train table exit"; fail=1; }
rows=$(grep -cE '^ +[0-9]+ +[0-9.]+ ' "$tmp/table")
[ "$rows" -eq 7 ] || { echo "FAIL: table has $rows feature rows, want 7"; cat "$tmp/table"; fail=1; }

"$exe" --help >/dev/null || { echo "FAIL: --help"; fail=1; }

# --instances keeps only the best model so far, and what cannot fit is refused before training:
# under a 300 MB address-space limit one model of 171 MB trains, but two cannot be held at once
# (the message names --instances), and under 150 MB not even one (it names --features and
# --batch). A sanitizer build reserves terabytes of shadow address space and cannot start under
# ulimit -v: skipped there.
big="--features 512 --hidden 1 --density 1 --batch 32768 --steps 1 --threads 1"
if [ -z "${ASAN_OPTIONS-}${TSAN_OPTIONS-}" ]; then
    # shellcheck disable=SC2086
    (ulimit -v 300000 && "$exe" train $big --json) >"$tmp/out" 2>"$tmp/err" ||
        { echo "FAIL: one model of 171 MB under 300 MB: exit $?: $(cat "$tmp/err")"; fail=1; }
    grep -q '"features": 512' "$tmp/out" || { echo "FAIL: no result from the model that fits"; fail=1; }
    for case in "300000 --instances 4 --instances" "150000 --instances 4 --features 512"; do
        set -- $case
        # shellcheck disable=SC2086
        (ulimit -v "$1" && "$exe" train $big "$2" "$3") >"$tmp/out" 2>"$tmp/err"
        rc=$?
        lines=$(wc -l <"$tmp/err")
        if [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$4" "$tmp/err" || [ -s "$tmp/out" ]; then
            echo "FAIL: train $big $2 $3 under ulimit -v $1: exit $rc (want 1), $lines stderr lines (want 1 naming $4): $(cat "$tmp/err")"
            fail=1
        fi
    done
fi

# Output errors: a full disk or a closed stdout is one line on stderr and exit status 1, for
# every command that prints (bench and sweep --json stop at their first line).
expect_write_error() { # what, then the command's arguments; stdout goes to $target
    what=$1
    shift
    if [ "$target" = closed ]; then
        "$exe" "$@" >&- 2>"$tmp/err"
    else
        "$exe" "$@" >"$target" 2>"$tmp/err"
    fi
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ] || ! grep -q "cannot write to standard output: $what" "$tmp/err"; then
        echo "FAIL: superpose $* with stdout $target: exit $rc (want 1), $lines stderr lines: $(cat "$tmp/err")"
        fail=1
    fi
}
mkdir "$tmp/figures"
for target in /dev/full closed; do
    why="No space left on device"
    [ "$target" = closed ] && why="Bad file descriptor"
    expect_write_error "$why" train --steps 100 --json
    expect_write_error "$why" train --steps 100
    expect_write_error "$why" figures --steps 1 --out "$tmp/figures"
    expect_write_error "$why" bench --quick
    # the sweep stops at its first line: all 1024 models would take minutes, past the timeout
    expect_write_error "$why" sweep --densities 1024 --features 12 --hidden 4 --steps 20000 \
        --threads 1 --json
    expect_write_error "$why" --help
    expect_write_error "$why" train --help
    expect_write_error "$why" --version
done
# A reader that goes away: ended by SIGPIPE (status 128 + 13), quietly, as any filter is, even
# when SIGPIPE was ignored by whoever started it. 1024 features make a JSON object (95 kB)
# larger than a pipe holds.
for ignore in no yes; do
    (
        [ "$ignore" = yes ] && trap '' PIPE
        { "$exe" train --features 1024 --batch 1 --steps 1 --json 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -c 10 >/dev/null
    )
    rc=$(cat "$tmp/rc")
    if [ "$rc" -ne 141 ] || [ -s "$tmp/err" ]; then
        echo "FAIL: train --json | head -c 10 (SIGPIPE ignored: $ignore): exit $rc (want 141), stderr: $(cat "$tmp/err")"
        fail=1
    fi
done
[ "$fail" -eq 0 ] && echo "cli_exit: all checks passed"
exit "$fail"
