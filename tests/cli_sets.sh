#!/bin/sh
# --correlated and --anticorrelated: bad sets exit 2 with one line naming the problem; good ones
# reach the JSON (the sets and the angles within them) and the table; a capped anticorrelated
# set is said so on stderr.
set -u
. "$(dirname "$0")/cli_common.sh"

expect_bad_says "feature 1 is in two sets" train --correlated 0-1,1-2
expect_bad_says "feature 1 is in two sets" train --correlated 0-1 --anticorrelated 1-2
expect_bad_says "feature 3 is in two sets" train --features 6 --anticorrelated 3-5 --correlated 0+3
expect_bad_says "needs feature 5, but there are 5 features" train --correlated 0-1,3-5
expect_bad_says "needs feature 7, but there are 6 features" train --features 6 --anticorrelated 0+7
expect_bad_says "needs feature 4, but there are 4 features" --features 4 --correlated 0-4
expect_bad_says "one feature" train --correlated 3
expect_bad_says "one feature" train --anticorrelated 0-1,2
expect_bad_says "empty set" train --correlated 0-1,,2-3
expect_bad_says "empty set" train --correlated 0-1,
expect_bad_says "empty string" train --anticorrelated ""
expect_bad_says "needs a value" train --correlated
expect_bad_says "unexpected 'x'" train --correlated 0-1x
expect_bad_says "unexpected 'a'" --anticorrelated abc
expect_bad_says "backwards" train --correlated 3-1
expect_bad_says "twice" train --correlated 0+0
expect_bad_says "given twice" train --correlated 0-1 --correlated 2-3
expect_bad_says "not a flag of 'figures'" figures --correlated 0-1
expect_bad_says '\n' train --correlated "$(printf '0-1\n2-3')"

"$exe" train --features 6 --correlated 0-1,2+5 --anticorrelated 3-4 --steps 300 --json \
    >"$tmp/json" 2>"$tmp/err" || { echo "FAIL: train --json with sets exit $?"; fail=1; }
[ -s "$tmp/err" ] && { echo "FAIL: uncapped sets wrote to stderr: $(cat "$tmp/err")"; fail=1; }
grep -q '"correlated": \[\[0, 1\], \[2, 5\]\]' "$tmp/json" || { echo "FAIL: correlated list"; fail=1; }
grep -q '"anticorrelated": \[\[3, 4\]\]' "$tmp/json" || { echo "FAIL: anticorrelated list"; fail=1; }
# one angle per pair: [[a], [b], [c]], each in [0, 180]
angles=$(grep -o '"set_angles_deg": \[.*\]' "$tmp/json" | sed 's/^"set_angles_deg": //')
echo "$angles" | grep -qE '^\[\[[0-9.e+-]+\], \[[0-9.e+-]+\], \[[0-9.e+-]+\]\]$' ||
    { echo "FAIL: set_angles_deg: $angles"; fail=1; }
echo "$angles" | grep -oE '[0-9][0-9.e+-]*' | awk '$1 < 0 || $1 > 180 { bad = 1 } END { exit bad }' ||
    { echo "FAIL: an angle outside [0, 180]: $angles"; fail=1; }
if grep -qiE 'nan|inf' "$tmp/json"; then
    echo "FAIL: JSON holds a non-finite number"
    fail=1
fi

# Without sets the keys are there, empty.
"$exe" train --steps 100 --json >"$tmp/json" 2>/dev/null
grep -q '"correlated": \[\]' "$tmp/json" && grep -q '"anticorrelated": \[\]' "$tmp/json" &&
    grep -q '"set_angles_deg": \[\]' "$tmp/json" || { echo "FAIL: empty set keys"; fail=1; }

# A set of 3 at density 0.5 would be on with probability 1.5: capped, and one line says so.
"$exe" train --steps 100 --density 0.5 --anticorrelated 0-2 --json >"$tmp/json" 2>"$tmp/err" ||
    { echo "FAIL: capped run exit $?"; fail=1; }
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'anticorrelated set 0-2: .*capped at 1' "$tmp/err" ||
    { echo "FAIL: cap note: $(cat "$tmp/err")"; fail=1; }

"$exe" train --steps 200 --correlated 0-1 --anticorrelated 2-4 >"$tmp/table" 2>&1 ||
    { echo "FAIL: table with sets exit"; fail=1; }
grep -qE '^correlated set 0-1, angles between members: 0/1 [0-9.]+$' "$tmp/table" &&
    grep -qE '^anticorrelated set 2-4, angles between members: 2/3 [0-9.]+ 2/4 [0-9.]+ 3/4 [0-9.]+$' "$tmp/table" ||
    { echo "FAIL: table set lines"; cat "$tmp/table"; fail=1; }

[ "$fail" -eq 0 ] && echo "cli_sets: all checks passed"
exit "$fail"
