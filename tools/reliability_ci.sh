#!/usr/bin/env bash
# The short reliability budget for CI (a few minutes): every fuzz harness for 30 s from the
# committed seeds, then the sanitizer subset. Exits non-zero on any finding or failing test.
# Longer runs by hand: docs/fuzzing.md.
#
#   tools/reliability_ci.sh            FUZZ_SECONDS=30 by default
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
status=0
step() { echo; echo "==== $*"; }

step "fuzz: every harness for ${seconds}s, two at a time"
FUZZ_JOBS=2 fuzz/run.sh all "$seconds" || status=1

# The subset (docs/fuzzing.md, "Sanitizers"): the matmul (SIMD kernels in C, the thread pool,
# every kernel x transpose x thread count), the fused engine's buffers, the dataset readers, and
# every fuzz regression test.
# The lesson and site suites run whole lessons and take too long sanitized for CI; they were run
# in full by hand (docs/fuzzing.md gives the result).
subset='TensorTests|NeuralNetTests|DenseEngineTests|DatasetsTests|FuzzRegressionTests'

step "AddressSanitizer: $subset"
tools/sanitizers.sh address --filter "$subset" || status=1

step "ThreadSanitizer: TensorTests (the two-thread matmul)"
tools/sanitizers.sh thread --filter 'TensorTests' || status=1

echo
if [ "$status" -ne 0 ]; then echo "reliability: FAILED (see above)"; else echo "reliability: all clean"; fi
exit "$status"
