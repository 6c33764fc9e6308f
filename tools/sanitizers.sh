#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and/or ThreadSanitizer.
#
#   tools/sanitizers.sh [address|thread|all] [extra `swift test` arguments, e.g. --filter TensorTests]
#
# Each sanitizer builds into its own scratch folder (.build-asan, .build-tsan), so it never
# disturbs the ordinary .build. A sanitizer report fails the run (halt_on_error / exitcode), as
# does any failing test. See docs/fuzzing.md for what runs in CI and why.
set -euo pipefail
cd "$(dirname "$0")/.."

which="${1:-all}"; shift || true
case "$which" in
    address) selected=(address) ;;
    thread) selected=(thread) ;;
    all) selected=(address thread) ;;
    *) echo "usage: $0 [address|thread|all] [swift test arguments]" >&2; exit 2 ;;
esac

# Swift's crash backtracer would print its own report instead of the sanitizer's; the
# sanitizer's is the one wanted.
export SWIFT_BACKTRACE=enable=no
# The tests run the matmul on two threads even for small products, so that TSan sees the pool.
export SCRATCHNET_THREADS="${SCRATCHNET_THREADS:-2}"

status=0
for sanitizer in "${selected[@]}"; do
    case "$sanitizer" in
        address)
            scratch=.build-asan
            # detect_leaks=0: LeakSanitizer is not part of this check. Swift's runtime keeps
            # metadata caches and the test runner's objects alive to the end, which LSan reports
            # as leaks of no interest; leaks are looked for with the fuzzers (fuzz/run.sh).
            export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:${ASAN_OPTIONS_EXTRA:-}"
            extra=()
            ;;
        thread)
            scratch=.build-tsan
            export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tools/tsan.supp:${TSAN_OPTIONS_EXTRA:-}"
            # Skipped under TSan only: this CLI test runs `scratchnet` under `ulimit -f 64`, and
            # the TSan runtime itself dies with SIGBUS at start-up under that limit (even
            # `scratchnet --help` does), before any project code runs. It passes under ASan.
            extra=(--skip 'OutputFolderTests.testFileSizeLimitFailsCleanlyAndChangesNothing')
            ;;
    esac
    echo "== swift test --sanitize=$sanitizer --scratch-path $scratch ${extra[*]} $*"
    start=$(date +%s)
    if swift test --sanitize="$sanitizer" --scratch-path "$scratch" "${extra[@]}" "$@"; then
        echo "== $sanitizer: passed in $(( $(date +%s) - start ))s"
    else
        echo "== $sanitizer: FAILED (exit status above) after $(( $(date +%s) - start ))s"
        status=1
    fi
done
exit "$status"
