#!/usr/bin/env bash
# gate.sh - the speed regression gate: instructions, not seconds.
#
# usage: bench/gate.sh [--update] [BUILD_DIR]   (default build, a Release build)
#
# Runs the M/M/1 kernel benchmark, the make-to-order world (the product
# path at kernel scale) and the line benchmark (each control) under
# `valgrind --tool=callgrind`, which counts the instructions executed. A
# timer on a shared machine moves by tens of percent with the other jobs;
# an instruction count does not move at all: with a fixed seed and one
# thread, the same binary executes the same instructions every time. Each
# benchmark runs at two fixed workloads (W and 2W customers, or one and two
# runs of a line); the difference of the counts over the difference of the
# customers served (units made) is the cost of one customer (unit) in the
# steady state, free of what start-up costs.
#
# Fails (exit 1) when a figure is more than 10% above bench/baseline.txt.
# --update rewrites the baseline with the figures measured: do it on
# purpose, in the same commit as the change that moves them, and say why.
# The counts depend on the compiler and on the C library's choice of code
# for the processor (its log and memcpy), a few percent between machines:
# the baseline records the compiler, and the gate says when it differs.
#
# Not a timer and not a test: ctest never runs it; CI does (.ci/run).
set -euo pipefail

cd "$(dirname "$0")/.."
update=0
build=build
for arg in "$@"; do
    case "$arg" in
        --update) update=1 ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "gate.sh: unknown option '$arg'; expected --update or a build directory" >&2; exit 2 ;;
        *) build=$arg ;;
    esac
done
baseline=bench/baseline.txt
limit=1.10

if ! command -v valgrind >/dev/null 2>&1; then
    echo "gate.sh: valgrind is not installed; expected it (scripts/setup.sh installs it)" >&2
    exit 2
fi
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [ "$type" != Release ]; then
    echo "gate.sh: $build is not a Release build (CMAKE_BUILD_TYPE '$type'); expected the build of scripts/setup.sh" >&2
    exit 2
fi
for b in bench_mm1 bench_mto bench_line; do
    if [ ! -x "$build/bench/$b" ]; then
        echo "gate.sh: $build/bench/$b is missing; expected a built tree (cmake --build $build)" >&2
        exit 2
    fi
done
compiler=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
compiler="$("$compiler" --version | head -1)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# count OUT_PREFIX COMMAND...: runs COMMAND under callgrind; its output in
# OUT_PREFIX.txt, the instructions it executed on stdout.
count() {
    local out=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$out.cg" "$@" \
        >"$out.txt" 2>"$out.err" || {
        echo "gate.sh: failed: $*" >&2
        cat "$out.err" >&2
        exit 1
    }
    sed -n 's/^summary: //p' "$out.cg"
}

# measure NAME UNITS_AWK A_ARGS -- B_ARGS: instructions per unit between
# the two workloads; UNITS_AWK reads the units from the benchmark's output.
names=()
values=()
measure() {
    local name=$1 program=$2 awk_units=$3 a=$4 b=$5
    # shellcheck disable=SC2086
    local ia ib ua ub
    ia=$(count "$tmp/$name.a" "$build/bench/$program" $a)
    ib=$(count "$tmp/$name.b" "$build/bench/$program" $b)
    ua=$(awk "$awk_units" "$tmp/$name.a.txt")
    ub=$(awk "$awk_units" "$tmp/$name.b.txt")
    if [ -z "$ua" ] || [ -z "$ub" ] || [ "$ua" = "$ub" ]; then
        echo "gate.sh: $name: cannot read the units of $program's output" >&2
        exit 1
    fi
    names+=("$name")
    values+=("$(awk -v ia="$ia" -v ib="$ib" -v ua="$ua" -v ub="$ub" \
        'BEGIN { printf "%.1f", (ib - ia) / (ub - ua) }')")
    printf '%-16s %12s instructions per %s\n' "$name" "${values[-1]}" \
        "$([ "${name%%.*}" = line ] && echo unit || echo customer)"
}

served='/customers served/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "customers") print $i }'
mto='/^make-to-order/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "customers,") print $i }'
echo "== instruction counts (valgrind --tool=callgrind, $compiler)"
measure mm1 bench_mm1 "$served" "200000 0" "400000 0"
measure mto bench_mto "$mto" "100000 0" "200000 0"
for control in kanban conwip mrp heijunka campaign; do
    measure "line.$control" bench_line "/^$control / { print \$NF }" \
        "1 60 $control" "2 60 $control"
done

if [ "$update" -eq 1 ]; then
    {
        echo "# bench/baseline.txt - instructions per customer (per unit made, for"
        echo "# lines) of the benchmarks bench/gate.sh runs under callgrind; the"
        echo "# gate fails when one rises more than 10% above its figure here."
        echo "# Written by bench/gate.sh --update; change it on purpose, in the"
        echo "# commit that moves it."
        echo "compiler $compiler"
        for i in "${!names[@]}"; do
            echo "${names[$i]} ${values[$i]}"
        done
    } >"$baseline"
    echo "gate.sh: wrote $baseline"
    exit 0
fi

if [ ! -f "$baseline" ]; then
    echo "gate.sh: no $baseline; expected one written by bench/gate.sh --update" >&2
    exit 1
fi
was=$(sed -n 's/^compiler //p' "$baseline")
if [ "$was" != "$compiler" ]; then
    echo "gate.sh: note: the baseline was counted with '$was', this build with '$compiler'"
fi
failed=0
echo "== against $baseline (fails above ${limit}x)"
for i in "${!names[@]}"; do
    name=${names[$i]}
    base=$(awk -v n="$name" '$1 == n { print $2 }' "$baseline")
    if [ -z "$base" ]; then
        echo "gate.sh: $name has no figure in $baseline; expected one (bench/gate.sh --update)" >&2
        failed=1
        continue
    fi
    verdict=$(awk -v now="${values[$i]}" -v base="$base" -v limit="$limit" 'BEGIN {
        r = now / base
        if (r > limit) v = "FAIL: above " limit "x"
        else if (r < 2 - limit) v = "faster: update the baseline with this change"
        else v = "ok"
        printf "%+.1f%%  %s", 100 * (r - 1), v }')
    printf '%-16s %12s -> %12s  %s\n' "$name" "$base" "${values[$i]}" "$verdict"
    case "$verdict" in *FAIL*) failed=1 ;; esac
done
if [ "$failed" -ne 0 ]; then
    echo "gate.sh: instructions rose more than 10% above the baseline: find the cause, or, if the cost is meant, run bench/gate.sh --update and say why in the commit" >&2
    exit 1
fi
echo "gate.sh: every figure within 10% of the baseline"
