#!/bin/sh
# `superpose sae`: its JSON has train's keys plus an "sae" object with the documented keys and
# no NaN; bad values exit 2 with one line; and every row of docs/science.md's table of the
# reference setting (seeds 0-7, with and without resampling) is what the command prints.
set -u
. "$(dirname "$0")/cli_common.sh"
science="$2"

expect_bad sae --kind sparse
expect_bad sae --l1 0
expect_bad sae --l1 nan
expect_bad sae --latents 0
expect_bad sae --latents 21                 # more than 4 x the 5 features
expect_bad sae --resample sometimes
expect_bad sae --sae-steps 0
expect_bad sae --topk 2                     # K belongs to the TopK kind
expect_bad sae --kind topk --l1 0.1         # TopK has no l1 term
expect_bad sae --kind topk --topk 6         # more than the 5 latents
expect_bad sae --sae-only
expect_bad sae --correlated 0-1
expect_bad train --latents 5                # the SAE's flags are sae's alone
"$exe" sae --sae-only 2>"$tmp/err"
grep -q "trained with the recipe first" "$tmp/err" ||
    { echo "FAIL: --sae-only says: $(cat "$tmp/err")"; fail=1; }

# value of a numeric key in the "sae" object (the first match after "sae":)
sae_value() {
    sed -n '/"sae": {/,$p' "$1" | tr ',' '\n' |
        sed -n "s/.*\"$2\": \([-0-9.e+]*\).*/\1/p" | head -1
}

"$exe" sae --steps 2000 --sae-steps 500 --json >"$tmp/json" 2>"$tmp/err" ||
    { echo "FAIL: sae --json exit $?"; fail=1; }
[ -s "$tmp/err" ] && { echo "FAIL: sae --json wrote to stderr: $(cat "$tmp/err")"; fail=1; }
keys=$(grep -o '"[a-z_A-Z0-9]*":' "$tmp/json" | tr -d '":' | sort | tr '\n' ' ')
want=$(printf '%s\n' features hidden sparsity density decay lr batch steps seed activation model loss \
    W b norms dimensionality superposition represented angles_deg angle_gaps_deg seconds \
    samples_per_second correlated anticorrelated set_angles_deg \
    sae kind latents l1 topk steps resample seed recovery recovery_latent represented mmcs \
    recovered dead resampled reconstruction_loss sparsity_loss l0 firing_rate W_dec |
    sort | tr '\n' ' ')
if [ "$keys" != "$want" ]; then
    echo "FAIL: JSON keys: $keys"
    echo "            want: $want"
    fail=1
fi
if grep -qiE 'nan|inf' "$tmp/json"; then
    echo "FAIL: JSON holds a non-finite number"
    fail=1
fi
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
s = d["sae"]
assert s["kind"] == "relu" and s["latents"] == 5 and s["l1"] == 0.2 and s["topk"] is None
assert s["steps"] == 500 and s["resample"] == "simple"
assert len(s["W_dec"]) == 5 and all(len(r) == 2 for r in s["W_dec"])
assert all(abs(sum(v * v for v in r) - 1) < 1e-5 for r in s["W_dec"])
assert len(s["recovery"]) == 5 and len(s["firing_rate"]) == 5' "$tmp/json" ||
        { echo "FAIL: the JSON does not parse or holds the wrong values"; fail=1; }
fi
"$exe" sae --steps 2000 --sae-steps 300 --kind topk --topk 2 --latents 8 --resample none \
    --json >"$tmp/topk" 2>&1 || { echo "FAIL: sae --kind topk exit $?"; fail=1; }
grep -q '"kind": "topk", "latents": 8, "l1": null, "topk": 2, "steps": 300, "resample": "none"' \
    "$tmp/topk" || { echo "FAIL: TopK settings in the JSON: $(grep kind "$tmp/topk")"; fail=1; }

# The reference setting: n = 5, m = 2, density 0.025, decay 1, 10,000 model steps, 5 latents,
# l1 0.2, 10,000 SAE steps. The table's cells: seed | recovered | MMCS | dead | resampled |
# recovered without | MMCS without | dead without.
rows=$(sed -n '/^| seed | resampling: recovered |/,/^$/p' "$science" | grep -E '^\| [0-9]+ \|' |
    tr -d '*' | sed 's/ of 5//g')
count=$(printf '%s\n' "$rows" | grep -c .)
[ "$count" -eq 8 ] || { echo "FAIL: $science has $count rows of seeds, want 8"; fail=1; }
printf '%s\n' "$rows" | while IFS='|' read -r _ seed rec mmcs dead resampled rec0 mmcs0 dead0 _; do
    for mode in simple none; do
        "$exe" sae --density 0.025 --decay 1 --seed $seed --resample $mode --json \
            >"$tmp/ref" 2>"$tmp/err" || { echo "FAIL: seed $seed: exit $?"; exit 1; }
        got="$(sae_value "$tmp/ref" recovered) $(printf '%.3f' "$(sae_value "$tmp/ref" mmcs)")"
        got="$got $(sae_value "$tmp/ref" dead)"
        if [ "$mode" = simple ]; then
            got="$got $(sae_value "$tmp/ref" resampled)"
            want=$(echo $rec $mmcs $dead $resampled)
        else
            want=$(echo $rec0 $mmcs0 $dead0)
        fi
        if [ "$got" != "$want" ]; then
            echo "FAIL: seed $seed, resample $mode: recovered, MMCS, dead (resampled) $got;" \
                "$science says $want"
            exit 1
        fi
    done
done || fail=1

[ "$fail" -eq 0 ] && echo "cli_sae: all checks passed"
exit "$fail"
