#!/bin/sh
# The built man page and bash completion against the program itself: groff renders the page
# with every warning on and says nothing; every flag that any command's --help lists is in
# the rendered page and in the completion; and the completion, sourced into bash, completes
# commands, each command's own flags and directories.
# Arguments: the superpose binary, the man page, the completion script.
# Skips (77) without groff (Debian: groff-base).
set -u
exe="$1"
page="$2"
completion="$(cd "$(dirname "$3")" && pwd)/$(basename "$3")"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v groff >/dev/null 2>&1; then
    echo "SKIP: groff not found (Debian: groff-base)"
    exit 77
fi

# -ww: every warning; -P-cbou: plain characters, no overstrike or colour.
groff -man -Tutf8 -ww -P-cbou "$page" >"$tmp/page.txt" 2>"$tmp/warnings"
rc=$?
if [ "$rc" -ne 0 ] || [ -s "$tmp/warnings" ]; then
    echo "FAIL: groff -man -Tutf8 -ww exit $rc:"
    cat "$tmp/warnings"
    fail=1
fi

# The commands, as the top-level --help lists them ("superpose train [flags] ..."), then each
# command's flags, as its --help lists them.
"$exe" --help >"$tmp/help" || { echo "FAIL: superpose --help"; exit 1; }
commands=$(sed -n 's/^.*superpose \([a-z][a-z]*\) .*$/\1/p' "$tmp/help")
[ -n "$commands" ] || { echo "FAIL: no commands in superpose --help"; fail=1; }
flags=0
for cmd in "" $commands; do
    # shellcheck disable=SC2086
    "$exe" $cmd --help >"$tmp/help" || { echo "FAIL: superpose $cmd --help"; fail=1; }
    for flag in $(sed -n 's/^  \(--[a-z][a-z0-9-]*\).*/\1/p' "$tmp/help"); do
        flags=$((flags + 1))
        if ! grep -q -e "^ *$flag\\( \\|\$\\)" "$tmp/page.txt"; then
            echo "FAIL: superpose $cmd --help lists $flag; the rendered man page has no entry for it"
            fail=1
        fi
        if ! grep -q -e "^    ${cmd:-\\*}) words='.*$flag " "$completion"; then
            echo "FAIL: superpose $cmd --help lists $flag; the completion does not offer it there"
            fail=1
        fi
    done
    grep -q -e "^ *superpose $cmd" "$tmp/page.txt" ||
        { echo "FAIL: the man page does not describe 'superpose $cmd'"; fail=1; }
done
[ "$flags" -gt 20 ] || { echo "FAIL: only $flags flags found in --help"; fail=1; }

# The completion at work: COMP_WORDS as bash fills them, COMPREPLY as it comes back.
mkdir "$tmp/work" "$tmp/work/pictures" "$tmp/work/plots"
touch "$tmp/work/picture.png"
complete_words() {
    (cd "$tmp/work" && bash --norc --noprofile -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _superpose; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$completion" "$@")
}
expect() {
    want="$1"
    shift
    got=$(complete_words "$@")
    if [ "$got" != "$want" ]; then
        echo "FAIL: completing '$*': got '$got', want '$want'"
        fail=1
    fi
}
expect "train " superpose tr
expect "--features " superpose train --fea
expect "--quick " superpose bench --q
expect "--sparsity --speed " superpose --sp
expect "" superpose bench --fea
expect "" superpose train --features ""
expect "pictures plots " superpose figures --out ""
expect "pictures " superpose --screenshot-dir pic
expect "pictures plots " superpose figures --out = ""
registered=$(bash --norc --noprofile -c '. "$1"; complete -p superpose' _ "$completion")
[ "$registered" = "complete -F _superpose superpose" ] ||
    { echo "FAIL: the completion registers '$registered'"; fail=1; }

[ "$fail" -eq 0 ] && echo "docs: man page renders without warnings; $flags flags of $(echo $commands | wc -w) commands and the window in the page and the completion"
exit "$fail"
