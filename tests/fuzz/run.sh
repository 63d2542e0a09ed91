#!/usr/bin/env bash
# run.sh - builds the libFuzzer targets with clang (ASan + UBSan) and runs
# each for SECONDS seconds, starting from the seed corpus; fails when a
# target finds a crash, a leak or undefined behaviour.
#
# usage: tests/fuzz/run.sh SECONDS [TARGET...]   (default: every target)
#
# A crash input is written to build-fuzz/crashes/TARGET/: copy it into
# tests/fuzz/regressions/TARGET/ once fixed, where ctest replays it.
# The corpus grown by a run stays in build-fuzz/corpus/ (not committed).
# Needs clang and libFuzzer (Debian: clang, libclang-rt-14-dev; scripts/
# setup.sh --with-fuzz installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario trace report_files merge)
build=build-fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=Debug -DJITSIM_FUZZ=ON -DJITSIM_TESTS=OFF \
    -DJITSIM_BENCH=OFF -DJITSIM_MPI=OFF >/dev/null
cmake --build "$build" -j 2 --target "${targets[@]/#/fuzz_}"

# Debian's libfyaml 0.7.12 leaks on a single-quoted scalar with many ''
# (fixed upstream after 0.7.12, libfyaml issue 233): that one function is
# suppressed, nothing else (tests/fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

status=0
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    crashes="$build/crashes/$t"
    mkdir -p "$corpus" "$crashes"
    seeds=(tests/fuzz/corpus/"$t" tests/fuzz/regressions/"$t")
    case "$t" in
        scenario) seeds+=(scenarios) ;;
        trace) seeds+=(scenarios/data) ;;
    esac
    echo "== fuzz_$t for ${seconds}s"
    # -timeout: an input taking 10 s is a hang; -rss_limit_mb: memory that
    # grows without bound is a finding too.
    if ! "$build/tests/fuzz/fuzz_$t" "$corpus" "${seeds[@]}" \
            -dict=tests/fuzz/"$t".dict -max_total_time="$seconds" \
            -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$crashes/" -print_final_stats=1 \
            2>"$build/fuzz_$t.log"; then
        echo "fuzz: fuzz_$t failed; see $build/fuzz_$t.log and $crashes/" >&2
        grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$build/fuzz_$t.log" >&2 || true
        status=1
    else
        grep -E 'stat::number_of_executed_units' "$build/fuzz_$t.log" || true
    fi
done
exit $status
