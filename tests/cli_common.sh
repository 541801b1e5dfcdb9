# Sourced by the cli_*.sh tests (the program is their first argument): $exe, $fail, a
# temporary directory $tmp removed on exit, and the check every refusal must pass.
exe="$1"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_bad_says NEEDLE ARGS...: `superpose ARGS` exits 2 with exactly one line on stderr,
# containing NEEDLE, and nothing on stdout.
expect_bad_says() {
    needle="$1"
    shift
    "$exe" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s "$tmp/out" ] || ! grep -qF -- "$needle" "$tmp/err"; then
        echo "FAIL: superpose $*: exit $rc, $lines stderr lines, want '$needle': $(cat "$tmp/err")"
        fail=1
    fi
}

# expect_bad ARGS...: the same, whatever the line says.
expect_bad() {
    expect_bad_says "" "$@"
}
