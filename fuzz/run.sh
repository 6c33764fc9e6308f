#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs one (or all) for a number of seconds.
#
#   fuzz/run.sh HARNESS SECONDS     HARNESS: csv | idx | markdown | snapshot | all
#
# Environment: FUZZ_JOBS=2 runs `all` two harnesses at a time (default 1, one after another);
# FUZZ_NO_BUILD=1 skips the build. The growing corpus lives in fuzz/.build/corpus/HARNESS
# (seeded from fuzz/corpus/HARNESS, the committed seeds); crashes, hangs ("timeout-*") and
# out-of-memory inputs land in fuzz/.build/artifacts/HARNESS/. Exits non-zero if any harness
# found something. See docs/fuzzing.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
harnesses=(csv idx markdown snapshot)

usage() { echo "usage: $0 {csv|idx|markdown|snapshot|all} SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
which="$1"; seconds="$2"
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
case "$which" in all) selected=("${harnesses[@]}") ;; csv|idx|markdown|snapshot) selected=("$which") ;; *) usage ;; esac

binary() { case "$1" in csv) echo FuzzCSV ;; idx) echo FuzzIDX ;; markdown) echo FuzzMarkdown ;; snapshot) echo FuzzSnapshot ;; esac; }
# Longest input tried: a little over the largest seed worth mutating whole.
max_len() { case "$1" in csv) echo 16384 ;; idx) echo 32768 ;; markdown) echo 8192 ;; snapshot) echo 32768 ;; esac; }

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
    # libFuzzer needs its own main: SwiftPM gives each executable one (`--defsym main=X_main`), so
    # each harness calls LLVMFuzzerRunDriver from main.swift. gold crashes on that link
    # ("internal error in format_file_lineno"), hence lld. -enable-testing: @testable import Site.
    swift build -c release --scratch-path .build \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
        -Xcc -fsanitize=fuzzer-no-link,address \
        -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld 2>&1 \
        | grep -v "Cannot export local symbol" | grep -v '^\[' || true
    for h in "${selected[@]}"; do
        [ -x ".build/release/$(binary "$h")" ] || { echo "build failed: no $(binary "$h")" >&2; exit 1; }
    done
fi

run_one() {
    local h="$1" corpus=".build/corpus/$1" artifacts=".build/artifacts/$1" log=".build/logs/$1.log"
    mkdir -p "$corpus" "$artifacts" .build/logs
    local status=0
    # SWIFT_BACKTRACE=enable=no: Swift's own crash backtracer would otherwise outlive the
    # crashing process and keep its output pipe open. detect_leaks=1: LeakSanitizer on each run.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
        ".build/release/$(binary "$h")" "$corpus" "corpus/$h" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$h")" \
        -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
    local execs
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    local found
    found=$(find "$artifacts" -type f | wc -l)
    if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
        echo "FAIL $h: exit $status, $execs executions, $found artifact(s) in fuzz/$artifacts (log: fuzz/$log)"
        grep -E "ERROR|Fatal error|SUMMARY|Test unit written" "$log" | head -5 | sed 's/^/    /'
        return 1
    fi
    echo "ok   $h: $execs executions in ${seconds}s, corpus $(ls "$corpus" | wc -l) files, no findings"
}

failed=0
jobs_max="${FUZZ_JOBS:-1}"
pids=(); names=()
for h in "${selected[@]}"; do
    run_one "$h" & pids+=($!); names+=("$h")
    if [ "${#pids[@]}" -ge "$jobs_max" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}"); names=("${names[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit "$failed"
