#!/bin/sh
# superpose sweep and the window's --preset: a bad value exits 2 with one line naming the flag
# and its range; a sweep prints one JSON object per density (each line valid JSON with the
# documented keys, densities log-spaced from --from to --to) or one table row per density.
set -u
exe="$1"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_bad WORDS -- ARGS...: exit 2, one stderr line holding WORDS, nothing on stdout.
expect_bad() {
    words=$1
    shift
    "$exe" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s "$tmp/out" ] || ! grep -qF -- "$words" "$tmp/err"; then
        echo "FAIL: superpose $*: exit $rc, $lines stderr lines (want 2, 1 with '$words'): $(cat "$tmp/err")"
        fail=1
    fi
}

expect_bad "--densities '0': expected an integer from 1 to 1024" sweep --densities 0
expect_bad "--densities '1025': expected an integer from 1 to 1024" sweep --densities 1025
expect_bad "--densities needs a value" sweep --densities
expect_bad "--from '0': expected a number in (0, 1]" sweep --from 0
expect_bad "--to '1.5': expected a number in (0, 1]" sweep --to 1.5
expect_bad "--to 'x': expected a number in (0, 1]" sweep --to x
expect_bad "--density is not a flag of 'sweep'" sweep --density 0.3
expect_bad "--instances is not a flag of 'sweep'" sweep --instances 2
expect_bad "--model is not a flag of 'sweep'" sweep --model abs
expect_bad "--densities is not a flag of 'train'" train --densities 4
expect_bad "--preset 'nope': expected one of dimensionality" --preset nope
expect_bad "--preset is not a flag of 'sweep'" sweep --preset dimensionality
expect_bad "--features with --preset dimensionality" --preset dimensionality --features 4
expect_bad "--decay with --preset dimensionality" --preset dimensionality --decay 0.5

# The weights kept for the report count in the memory check: 1024 models of 4096 x 256 take
# 4.3 GB, refused up front under a 2 GB address space (before, the sweep set out to train). A
# sanitizer build reserves terabytes of shadow address space and cannot start under ulimit -v:
# skipped there.
if [ -z "${ASAN_OPTIONS-}${TSAN_OPTIONS-}" ]; then
    ( ulimit -v 2000000; "$exe" sweep --densities 1024 --features 4096 --hidden 256 --threads 1 \
        --steps 1 >"$tmp/out" 2>"$tmp/err" )
    rc=$?
    if [ "$rc" -ne 1 ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || [ -s "$tmp/out" ] ||
        ! grep -q "fewer --densities" "$tmp/err"; then
        echo "FAIL: sweep beyond memory: exit $rc (want 1), stderr: $(cat "$tmp/err")"
        fail=1
    fi
fi

# JSON: three models from density 1 to 0.05, each line an object with these keys.
"$exe" sweep --densities 3 --steps 200 --features 12 --hidden 4 --decay 1 --json \
    >"$tmp/json" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] ||
    { echo "FAIL: sweep --json: exit $rc, stderr: $(cat "$tmp/err")"; fail=1; }
python3 - "$tmp/json" <<'PY' || fail=1
import json, sys
want = {"density", "sparsity", "inverse_density", "features", "hidden", "decay", "lr", "batch",
        "steps", "seed", "activation", "diverged", "loss", "frobenius2", "dims_per_feature",
        "represented", "seconds", "norms", "dimensionality"}
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
bad = []
if len(objs) != 3:
    bad.append("%d lines, want 3" % len(objs))
for o in objs:
    if set(o) != want:
        bad.append("keys %s" % sorted(set(o) ^ want))
    if o["features"] != 12 or o["hidden"] != 4 or o["steps"] != 200 or len(o["dimensionality"]) != 12:
        bad.append("model %s" % o["density"])
    if abs(o["dims_per_feature"] - o["hidden"] / o["frobenius2"]) > 1e-6 * o["dims_per_feature"]:
        bad.append("dims_per_feature %g is not m / frobenius2" % o["dims_per_feature"])
dens = sorted((o["density"] for o in objs), reverse=True)
for got, want_d in zip(dens, [1, 0.05 ** 0.5, 0.05]):
    if abs(got - want_d) > 1e-9:
        bad.append("density %g, want %g" % (got, want_d))
if bad:
    print("FAIL: sweep --json: " + "; ".join(bad))
    sys.exit(1)
PY

# The table: a header and one row per density, in falling density.
"$exe" sweep --densities 2 --steps 100 --from 0.5 --to 0.1 >"$tmp/table" 2>"$tmp/err"
rc=$?
rows=$(grep -cE '^ +0\.[0-9]+ ' "$tmp/table")
if [ "$rc" -ne 0 ] || [ "$rows" -ne 2 ] || ! grep -q '^ *0\.5 ' "$tmp/table" ||
    ! grep -q '^ *0\.1 ' "$tmp/table"; then
    echo "FAIL: sweep table: exit $rc, $rows rows:"
    cat "$tmp/table" "$tmp/err"
    fail=1
fi
exit $fail
