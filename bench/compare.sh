#!/usr/bin/env bash
# Builds scratchnet in release mode, runs `scratchnet bench` and bench/numpy_kernels.py on the same
# shapes, and prints one row per shape:
#   name  ours_gflops  numpy_gflops  ratio
# ratio = numpy's time / our time (= ours_gflops / numpy_gflops): above 1 means we are faster.
#
# Usage: bench/compare.sh [--threads N] [--filter NAME] [--seconds S]
# Environment: SCRATCH_PATH (default .build) is the SwiftPM scratch path to build into;
#              PYTHON (default python3).
set -euo pipefail

cd "$(dirname "$0")/.."
scratch="${SCRATCH_PATH:-.build}"
python="${PYTHON:-python3}"

threads=""
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads="$2"; args+=(--threads "$2"); shift 2 ;;
        --filter|--seconds) args+=("$1" "$2"); shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

swift build -c release --scratch-path "$scratch" --product scratchnet >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/scratchnet"

ours="$(mktemp)"; theirs="$(mktemp)"
trap 'rm -f "$ours" "$theirs"' EXIT

"$bin" bench "${args[@]}" | tee "$ours" >&2
py_args=()
for ((i = 0; i < ${#args[@]}; i += 2)); do
    [[ "${args[i]}" == --threads ]] && continue
    py_args+=("${args[i]}" "${args[i+1]}")
done
if [[ -n "$threads" ]]; then
    export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"
fi
"$python" bench/numpy_kernels.py "${py_args[@]}" | tee "$theirs" >&2

awk '
    function field(line, key,    n, parts, i, kv) {
        n = split(line, parts, " ")
        for (i = 2; i <= n; i++) { split(parts[i], kv, "="); if (kv[1] == key) return kv[2] }
        return ""
    }
    FNR == NR {
        if ($1 == "kernel" || $1 == "peak") info[$1] = $0
        else if ($2 ~ /^gflops=/) { ours[$1] = field($0, "gflops"); order[++count] = $1 }
        next
    }
    $2 ~ /^gflops=/ { numpy[$1] = field($0, "gflops") }
    END {
        if ("kernel" in info) print "# ours: " info["kernel"]
        if ("peak" in info) print "# ours: " info["peak"]
        printf "%-30s %12s %12s %8s\n", "name", "ours_gflops", "numpy_gflops", "ratio"
        for (i = 1; i <= count; i++) {
            name = order[i]
            if (!(name in ours)) continue
            if (name in numpy && numpy[name] > 0)
                printf "%-30s %12.2f %12.2f %8.2f\n", name, ours[name], numpy[name], ours[name] / numpy[name]
            else
                printf "%-30s %12.2f %12s %8s\n", name, ours[name], "-", "-"
        }
    }
' "$ours" "$theirs"
