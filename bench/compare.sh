#!/usr/bin/env bash
# Builds scratchnet in release mode, runs `scratchnet bench` against bench/numpy_kernels.py (the
# matmul shapes) and bench/numpy_training.py (the training workloads), and prints one row per item:
#   name  ours_s  numpy_s  ours/numpy  (and, for kernel shapes, both GFLOP/s)
# ours/numpy = our time / numpy's time: below 1 means we are faster.
# The last line sums it up:
#   geomean_speedup=X slowest_ratio=Y kernel_peak_fraction=Z
# X: geometric mean of numpy_time / our_time over the training workloads;
# Y: the largest ours/numpy time ratio over every row, training workloads and kernel shapes;
# Z: our GFLOP/s on square_1024x1024@1024x1024 / the FMA peak `scratchnet bench` measured.
#
# Usage: bench/compare.sh [--threads N] [--filter NAME] [--seconds S] [--runs R] [--rounds N]
# (--runs: timed runs of each training workload on both sides, the best of them counts; default 3)
# (--rounds: how many times both sides run, one after the other in turn; each row takes each side's
#  best time over the rounds, the peak its highest figure; default 3. A shared machine has slow
#  spells of minutes: alternating the sides keeps one spell from landing on one side only.)
# Environment: SCRATCH_PATH (default .build) is the SwiftPM scratch path to build into;
#              PYTHON (default python3).
set -euo pipefail

cd "$(dirname "$0")/.."
scratch="${SCRATCH_PATH:-.build}"
python="${PYTHON:-python3}"

threads=""
rounds=3
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads="$2"; args+=(--threads "$2"); shift 2 ;;
        --filter|--seconds|--runs) args+=("$1" "$2"); shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds takes a positive whole number" >&2; exit 2; }

swift build -c release --scratch-path "$scratch" --product scratchnet >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/scratchnet"

ours="$(mktemp)"; theirs="$(mktemp)"
trap 'rm -f "$ours" "$theirs"' EXIT
filter_args=()
py_args=()
for ((i = 0; i < ${#args[@]}; i += 2)); do
    [[ "${args[i]}" == --filter || "${args[i]}" == --runs ]] && filter_args+=("${args[i]}" "${args[i+1]}")
    [[ "${args[i]}" == --threads || "${args[i]}" == --runs ]] || py_args+=("${args[i]}" "${args[i+1]}")
done
if [[ -n "$threads" ]]; then
    export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"
fi

for ((round = 1; round <= rounds; round++)); do
    echo "# round $round of $rounds" >&2
    "$bin" bench "${args[@]}" | tee -a "$ours" >&2
    "$python" bench/numpy_kernels.py "${py_args[@]}" | tee -a "$theirs" >&2
    "$python" bench/numpy_training.py "${filter_args[@]}" | tee -a "$theirs" >&2
done

# field(line, key): the value of key=value in a bench line.
field_fn='
    function field(line, key,    n, parts, i, kv) {
        n = split(line, parts, " ")
        for (i = 2; i <= n; i++) { split(parts[i], kv, "="); if (kv[1] == key) return kv[2] }
        return ""
    }'

# Each side's rounds as one: per name, the line with the least seconds; the peak line with the most
# gflops; any other line as first seen.
best() {
    awk "$field_fn"'
        {
            key = $1
            if (!(key in line)) { order[++count] = key; line[key] = $0; next }
            if (key == "peak") { if (field($0, "gflops") + 0 > field(line[key], "gflops") + 0) line[key] = $0 }
            else if ($2 ~ /^(gflops|seconds)=/ && field($0, "seconds") + 0 < field(line[key], "seconds") + 0) line[key] = $0
        }
        END { for (i = 1; i <= count; i++) print line[order[i]] }
    ' "$1" > "$1.best" && mv "$1.best" "$1"
}
best "$ours"
best "$theirs"

awk "$field_fn"'
    FNR == NR {
        if ($1 == "kernel" || $1 == "peak") { info[$1] = $0; if ($1 == "peak") peak = field($0, "gflops") }
        else if ($2 ~ /^(gflops|seconds)=/) {
            ours_s[$1] = field($0, "seconds"); ours_g[$1] = field($0, "gflops"); order[++count] = $1
        }
        next
    }
    $2 ~ /^(gflops|seconds)=/ { numpy_s[$1] = field($0, "seconds"); numpy_g[$1] = field($0, "gflops") }
    END {
        if ("kernel" in info) print "# ours: " info["kernel"]
        if ("peak" in info) print "# ours: " info["peak"]
        printf "%-38s %12s %12s %10s %11s %12s\n", "name", "ours_s", "numpy_s", "ours/numpy", "ours_gflops", "numpy_gflops"
        logsum = 0; trained = 0; slowest = 0; fraction = "-"
        for (i = 1; i <= count; i++) {
            name = order[i]
            if (!(name in numpy_s) || numpy_s[name] <= 0 || ours_s[name] <= 0) {
                printf "%-38s %12.6f %12s %10s\n", name, ours_s[name], "-", "-"
                continue
            }
            ratio = ours_s[name] / numpy_s[name]
            if (ratio > slowest) slowest = ratio
            if (name ~ /^train_/) { logsum += log(numpy_s[name] / ours_s[name]); trained++ }
            if (ours_g[name] != "")
                printf "%-38s %12.6f %12.6f %10.3f %11.2f %12.2f\n", name, ours_s[name], numpy_s[name], ratio, ours_g[name], numpy_g[name]
            else
                printf "%-38s %12.6f %12.6f %10.3f %11s %12s\n", name, ours_s[name], numpy_s[name], ratio, "-", "-"
            if (name ~ /^square_1024/ && peak > 0) fraction = sprintf("%.3f", ours_g[name] / peak)
        }
        printf "geomean_speedup=%s slowest_ratio=%.3f kernel_peak_fraction=%s\n", \
            (trained > 0 ? sprintf("%.2f", exp(logsum / trained)) : "-"), slowest, fraction
    }
' "$ours" "$theirs"
