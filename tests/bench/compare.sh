#!/usr/bin/env bash
# Speed of superpose against the paper's recipe in PyTorch, one thread each, same machine,
# same invocation, rounds interleaved; prints the median ratio superpose/pytorch, against the
# faster of PyTorch's two forms each round (plain 2-D and the notebook's instanced form, both
# printed). PyTorch must use Debian's OpenBLAS (libopenblas0-pthread): with the generic libblas
# it is about half as fast, and the ratio would flatter superpose.
#
# usage: tests/bench/compare.sh SUPERPOSE_BINARY
#   (or: meson test -C build --benchmark --suite bench -v)
# env:   ROUNDS          rounds per configuration (default 5)
#        CONFIGS         extra configurations "n,m,density[,superpose_steps,torch_steps] ..."
#                        after the required (5,2,0.05); the steps, when given, replace
#                        SUPERPOSE_STEPS and TORCH_STEPS there. Default: the paper's
#                        dimensionality experiment, sparse and dense (n = 400, m = 30, density
#                        0.01 and 0.3), fewer steps; CONFIGS="" for none
#        TORCH_STEPS     PyTorch steps per round (default 3000; the first 10%, at most 200,
#                        are an untimed warm-up)
#        SUPERPOSE_STEPS superpose steps per round (default 30000)
#        TORCH_ARGS      extra torch_recipe.py flags for both forms
#        ALLOW_GENERIC_BLAS=1  measure even when torch does not load OpenBLAS (the ratio is then
#                        against the slower baseline, and says so)
#        TORCH_PYTHON    the python with torch (default /usr/bin/python3, not pyenv's)
# Both sides: batch 1024, decay 0.9, one thread (OMP_NUM_THREADS=1, MKL_NUM_THREADS=1,
# torch.set_num_threads(1), superpose --threads 1). Exit 77 (skip) without python3-torch.
set -u

PY=${TORCH_PYTHON:-/usr/bin/python3}   # Debian's python3 with python3-torch
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RECIPE="$HERE/torch_recipe.py"
ROUNDS=${ROUNDS:-5}
TORCH_STEPS=${TORCH_STEPS:-3000}
CONFIGS=${CONFIGS-"400,30,0.01,3000,200 400,30,0.3,1000,200"}
SUPERPOSE_STEPS=${SUPERPOSE_STEPS:-30000}
BATCH=1024
DECAY=0.9
CORES=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

if [ $# -ne 1 ]; then
    echo "usage: $0 SUPERPOSE_BINARY" >&2
    exit 2
fi
SUPERPOSE=$1
if [ ! -x "$SUPERPOSE" ]; then
    echo "compare.sh: superpose binary '$SUPERPOSE' not found or not executable" >&2
    exit 1
fi
if [ ! -x "$PY" ]; then
    echo "compare.sh: SKIP: $PY not found; the PyTorch side needs Debian's python3 with python3-torch (apt install python3-torch)"
    exit 77
fi
if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "compare.sh: SKIP: PyTorch is not importable by $PY; install Debian's python3-torch (apt install python3-torch)"
    exit 77
fi
# The BLAS torch really loads (update-alternatives may point libblas.so.3 elsewhere).
BLAS=$("$PY" -c 'import torch
a = torch.rand(64, 64); a @ a
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower()})
print(" ".join(libs) or "none")' 2>/dev/null)
case $BLAS in
*openblas*) ;;
*)  if [ "${ALLOW_GENERIC_BLAS:-0}" != 1 ]; then
        echo "compare.sh: SKIP: PyTorch loads '$BLAS', not OpenBLAS; install Debian's libopenblas0-pthread (apt install libopenblas0-pthread) or set ALLOW_GENERIC_BLAS=1"
        exit 77
    fi ;;
esac
case $ROUNDS in ''|*[!0-9]*|0) echo "compare.sh: ROUNDS must be a positive integer, not '$ROUNDS'" >&2; exit 2 ;; esac

# samples_per_second from a JSON object on stdin
sps_of() {
    "$PY" -c 'import json, sys; print(repr(float(json.load(sys.stdin)["samples_per_second"])))'
}

run_torch_form() {  # n m density steps [--notebook]
    local out
    out=$("$PY" "$RECIPE" --features "$1" --hidden "$2" --density "$3" --decay "$DECAY" \
          --batch "$BATCH" --steps "$4" --seed 0 --json ${5:-} ${TORCH_ARGS:-}) || return 1
    printf '%s' "$out" | sps_of
}

# Both forms; prints "plain instanced", the strongest is the larger.
run_torch() {  # n m density steps
    local plain inst
    plain=$(run_torch_form "$1" "$2" "$3" "$4") && inst=$(run_torch_form "$1" "$2" "$3" "$4" --notebook) || return 1
    echo "$plain $inst"
}

run_superpose() {  # n m density steps
    local out
    out=$("$SUPERPOSE" train --features "$1" --hidden "$2" --density "$3" --decay "$DECAY" \
          --batch "$BATCH" --steps "$4" --seed 0 --threads 1 --json) || return 1
    printf '%s' "$out" | sps_of
}

status=0
echo "superpose vs PyTorch $("$PY" -c 'import torch; print(torch.__version__)'), one thread, batch $BATCH, decay $DECAY, $ROUNDS rounds interleaved"
echo "  ($CORES cores; PyTorch $TORCH_STEPS steps/round${TORCH_ARGS:+ with $TORCH_ARGS}, superpose $SUPERPOSE_STEPS steps/round)"
echo "  (PyTorch's BLAS: $BLAS; each round against the faster of its plain and instanced forms)"
summaries=()
for cfg in "5,2,0.05" ${CONFIGS:-}; do
    IFS=, read -r n m d ss ts <<<"$cfg"
    if [ -z "${n:-}" ] || [ -z "${m:-}" ] || [ -z "${d:-}" ]; then
        echo "compare.sh: bad configuration '$cfg' in CONFIGS (want n,m,density[,superpose_steps,torch_steps])" >&2
        exit 2
    fi
    ss=${ss:-$SUPERPOSE_STEPS} ts=${ts:-$TORCH_STEPS}
    echo "($n, $m, $d):"
    t_list=() s_list=()
    for ((r = 1; r <= ROUNDS; r++)); do
        # alternate which side goes first so neither always runs on a warmer machine
        if ((r % 2)); then
            t=$(run_torch "$n" "$m" "$d" "$ts") && s=$(run_superpose "$n" "$m" "$d" "$ss")
        else
            s=$(run_superpose "$n" "$m" "$d" "$ss") && t=$(run_torch "$n" "$m" "$d" "$ts")
        fi
        if [ $? -ne 0 ] || [ -z "${t:-}" ] || [ -z "${s:-}" ]; then
            echo "compare.sh: round $r at ($n, $m, $d) failed" >&2
            status=1
            continue 2
        fi
        read -r tp ti <<<"$t"
        t=$("$PY" -c 'import sys; print(repr(max(float(sys.argv[1]), float(sys.argv[2]))))' "$tp" "$ti")
        t_list+=("$t") s_list+=("$s")
        "$PY" -c 'import sys; r, t, s, tp, ti = sys.argv[1], *map(float, sys.argv[2:6])
e = lambda x: "%.3ge%d" % (x / 10 ** len(str(int(x))) * 10, len(str(int(x))) - 1) if x >= 10 else "%.3g" % x
print(f"  round {r}: pytorch {e(t)} samples/s (plain {e(tp)}, instanced {e(ti)}), superpose {e(s)} samples/s, ratio {s / t:.1f}x")' \
            "$r" "$t" "$s" "$tp" "$ti"
        unset t s
    done
    summaries+=("$("$PY" -c '
import statistics, sys
def e(x):  # 2.1e6, not 2.1e+06
    mant, exp = f"{x:.2g}".split("e") if "e" in f"{x:.2g}" else (f"{x:.2g}", "0")
    return f"{mant}e{int(exp)}"
n, m, d, k = sys.argv[1:5]; k = int(k)
t = [float(v) for v in sys.argv[5:5 + k]]; s = [float(v) for v in sys.argv[5 + k:]]
ratio = statistics.median(b / a for a, b in zip(t, s))
print(f"median ratio superpose/pytorch at ({n}, {m}, {d}), 1 thread: {ratio:.1f}x"
      f" (pytorch {e(statistics.median(t))} samples/s, superpose {e(statistics.median(s))} samples/s)")
' "$n" "$m" "$d" "${#t_list[@]}" "${t_list[@]}" "${s_list[@]}")")
done
# the summary lines come last, the required (5, 2, 0.05) one the very last
for ((i = ${#summaries[@]} - 1; i >= 0; i--)); do echo "${summaries[i]}"; done
exit $status
