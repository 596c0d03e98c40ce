#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/ with -sanitize=fuzzer,address into .build-fuzz and
# runs each for SECONDS (default 30) on a copy of its seed corpus in Fuzz/corpus/<target>/.
# Prints one line per target (runs, coverage, crashes); exits 1 if any target crashed.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 300 FuzzCoach
#
# Nothing is written into the repository: the corpus grows in a work directory that is removed
# afterwards, unless a target crashed; then it is kept and its path printed, with the crashing
# inputs (crash-*, timeout-*, oom-*, leak-*) and each target's log. Replay one with
#   .build-fuzz/debug/<Target> <file>                  (sanitizers, libFuzzer)
#   swift build --product <Target> && .build/debug/<Target> <file>   (a plain build replays too)
# FUZZ_FLAGS adds libFuzzer flags, e.g. FUZZ_FLAGS="-jobs=2 -workers=2" or "-only_ascii=1".
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCoach FuzzContent FuzzStore FuzzMatrixSync FuzzPlatformBodies)
case "$seconds" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac

root=$PWD
# A RAM disk when there is one: the store target writes and fsyncs files for every input.
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/flowcoach-fuzz.XXXXXX")

for target in "${targets[@]}"; do
    [ -d "Fuzz/$target" ] || { echo "no fuzz target Fuzz/$target" >&2; rm -rf "$work"; exit 2; }
    # Swift code gets libFuzzer's coverage and AddressSanitizer; C code (libyaml inside Yams) too.
    if ! swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
        -Xcc -fsanitize=fuzzer-no-link,address --product "$target" >"$work/build.log" 2>&1; then
        # The linker warns about every sanitizer symbol it cannot export; only errors matter here.
        grep -v "Cannot export local symbol" "$work/build.log" | tail -40 >&2
        echo "fuzz build of $target failed" >&2
        rm -rf "$work"
        exit 1
    fi
done

failed=0
for target in "${targets[@]}"; do
    dir="$work/$target"
    mkdir -p "$dir/tmp" "$dir/artifacts"
    cp -R "Fuzz/corpus/$target" "$dir/corpus"
    dict=()
    [ -f "Fuzz/dictionaries/$target.dict" ] && dict=("-dict=$root/Fuzz/dictionaries/$target.dict")
    status=0
    started=$SECONDS
    # Swift's own crash backtracer reads the stack in a way AddressSanitizer reports as an overflow,
    # hiding the real trace: it is off, and libFuzzer prints the stack (llvm-symbolizer is in PATH).
    # Leak checking is off: a leak is not a crash, and the runtime's caches look like leaks.
    # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
    (cd "$dir" && FLOWCOACH_ROOT="$root" TMPDIR="$dir/tmp" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}" \
        "$root/.build-fuzz/debug/$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" "${dict[@]}" ${FUZZ_FLAGS:-} corpus) >"$dir/log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$dir/log" | tail -1)
    crashes=$(find "$dir/artifacts" -type f | wc -l)
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="1 (exit $status, no input saved)"; fi
    printf '%-15s %ss: %s runs (%s/s), %s, corpus %s -> %s files, crashes: %s\n' "$target" "$((SECONDS - started))" "${runs:-?}" \
        "${speed:-?}" "${cov:-cov: ?}" "$(find "Fuzz/corpus/$target" -type f | wc -l)" "$(find "$dir/corpus" -type f | wc -l)" "$crashes"
    if [ "$status" -ne 0 ] || [ "$(find "$dir/artifacts" -type f | wc -l)" -gt 0 ]; then
        failed=1
        grep -E "Fatal error|ERROR: |SUMMARY|Test unit written|Base64|^ *#[0-9]+ .*/(Sources|Fuzz)/" "$dir/log" | head -30 | sed 's/^ */    /'
        echo "    log and inputs: $dir"
    fi
done
if [ "$failed" -eq 0 ]; then rm -rf "$work"; fi
exit "$failed"
