# Sourced by the shell tests that start the window. Each function waits on an event, polling
# every 0.05 s; SECONDS is only a hang guard (make it generous: loaded machines, sanitizers).
#   wait_until SECONDS PID COMMAND [ARG...]  0 once COMMAND succeeds
#   wait_for FILE PATTERN SECONDS PID         0 once a line of FILE matches PATTERN
#   wait_count FILE PATTERN COUNT SECONDS PID 0 once at least COUNT lines match
#   wait_after FILE FIRST THEN SECONDS PID    0 once a line matching THEN follows the last
#                                             line matching FIRST
#   wait_step FILE STEP SECONDS PID           0 once the window's newest readout line (its
#                                             trace) shows at least STEP training steps
# Each returns 1 if SECONDS pass, or if process PID ends without the event.
wait_until() {
    _secs=$1 _pid=$2
    shift 2
    _n=0
    while ! "$@"; do
        _n=$((_n + 1))
        [ "$_n" -gt $((_secs * 20)) ] && return 1
        if ! kill -0 "$_pid" 2>/dev/null; then
            "$@"
            return
        fi
        sleep 0.05
    done
    return 0
}

_has_line() { # FILE PATTERN
    grep -q -- "$2" "$1" 2>/dev/null
}

_lines_at_least() { # FILE PATTERN COUNT
    [ "$(grep -c -- "$2" "$1" 2>/dev/null)" -ge "$3" ] 2>/dev/null
}

_line_after() { # FILE FIRST THEN
    awk -v a="$2" -v b="$3" '$0 ~ a { seen = 1; found = 0; next } seen && $0 ~ b { found = 1 }
        END { exit !found }' "$1" 2>/dev/null
}

_step_at_least() { # FILE STEP
    _s=$(sed -n 's/^readout step=\([0-9]*\) .*/\1/p' "$1" 2>/dev/null | tail -n 1)
    [ -n "$_s" ] && [ "$_s" -ge "$2" ]
}

wait_for() {
    wait_until "$3" "$4" _has_line "$1" "$2"
}

wait_count() {
    wait_until "$4" "$5" _lines_at_least "$1" "$2" "$3"
}

wait_after() {
    wait_until "$4" "$5" _line_after "$1" "$2" "$3"
}

wait_step() {
    wait_until "$3" "$4" _step_at_least "$1" "$2"
}
