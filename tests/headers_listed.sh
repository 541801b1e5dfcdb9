#!/bin/sh
# Every header under src/ is in one of the lists the header self-containment tests are built
# from (src/core/meson.build, src/app/meson.build): a header nobody listed would go untested.
# Arguments: the src directory, then the listed headers relative to it.
set -eu
src="$1"
shift
fail=0
for h in $(cd "$src" && find . -name '*.h' | sed 's|^\./||' | sort); do
    found=0
    for l in "$@"; do
        [ "$l" = "$h" ] && found=1 && break
    done
    if [ "$found" -eq 0 ]; then
        echo "FAIL: src/$h is in no header list (add it to *_modules or *_header_only in its meson.build)"
        fail=1
    fi
done
for l in "$@"; do
    [ -f "$src/$l" ] || { echo "FAIL: listed header src/$l does not exist"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "headers_listed: $# headers, every one under src/ listed"
exit "$fail"
