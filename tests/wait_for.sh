# Sourced by the shell tests that start the window: wait_for FILE PATTERN SECONDS PID returns 0
# once a line of FILE matches PATTERN, 1 if SECONDS pass or process PID ends first.
wait_for() {
    _n=0
    while ! grep -q "$2" "$1" 2>/dev/null; do
        _n=$((_n + 1))
        [ "$_n" -gt $(($3 * 20)) ] && return 1
        kill -0 "$4" 2>/dev/null || return 1
        sleep 0.05
    done
    return 0
}
