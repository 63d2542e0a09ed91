#!/usr/bin/env bash
# parity.sh - the classroom page's engine (jitsim.wasm, run by Node's
# built-in WASI) against the native program, on the flagship, on a
# line lesson and on a supply chain (the beer game), each with a fixed
# seed (the first two once more with a slider moved):
#   - every number of the engine's JSON (estimates, intervals, series)
#     within a relative 1e-12 of the native engine's (jitsim classroom
#     --json: the same analysis/classroom.c, compiled natively);
#   - its summary.csv byte for byte the native `jitsim run --format csv`
#     of the same scenario, seed and --set;
#   - the beer game's Play tab (jitsim_play) byte for byte the native
#     `jitsim play beer-game --json` for the same role, rule and orders;
#   - and that the module imports nothing but WASI.
# Prints "parity: ... RAN" lines that CI looks for.
#
# usage: tests/classroom/parity.sh JITSIM JITSIM.wasm
set -euo pipefail
jitsim=$1
wasm=$2
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v node >/dev/null || { echo "parity: node is missing (scripts/setup.sh --with-classroom)" >&2; exit 1; }
[ -f "$wasm" ] || { echo "parity: $wasm is missing (scripts/build-wasm.sh)" >&2; exit 1; }

check() { # LESSON SEED [PATH=VALUE]
    local lesson=$1 seed=$2 set=${3:-}
    local native=(--seed "$seed") wasm_args=(--seed "$seed" --name "$lesson.yaml")
    if [ -n "$set" ]; then native+=(--set "$set"); wasm_args+=(--set "$set"); fi
    "$jitsim" classroom "$lesson" --json "${native[@]}" >"$tmp/native.json"
    node --no-warnings "$here/run-wasm.mjs" "$wasm" "$src/scenarios/$lesson.yaml" \
        "${wasm_args[@]}" >"$tmp/wasm.json"
    node "$here/compare.mjs" "$tmp/native.json" "$tmp/wasm.json" 1e-12
    "$jitsim" run "$lesson" --format csv "${native[@]}" >"$tmp/native.csv"
    node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).summary_csv)' \
        "$tmp/wasm.json" >"$tmp/wasm.csv"
    cmp "$tmp/native.csv" "$tmp/wasm.csv"
    echo "parity: $lesson seed $seed ${set:+--set $set }RAN and agrees"
}

# The module needs nothing but WASI from its host (a function WASI lacks,
# called on a path the page uses, would be an import the page cannot
# give).
node -e '
const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
const other = WebAssembly.Module.imports(m).filter((i) => i.module !== "wasi_snapshot_preview1");
if (other.length) { console.error("parity: imports beyond WASI: " + other.map((i) => i.module + "." + i.name).join(" ")); process.exit(1); }
' "$wasm"

check flagship 7
check flagship 2026 suppliers.local.order_cost=0.5
check line-kanban-vs-mrp 11
check line-kanban-vs-mrp 3 policies.kanban.cards=6
# A supply chain (the beer game's four stock points, board-game timing).
check beer-game 5

# The Play tab's engine: the same game, byte for byte.
orders="12 8 0 30 9 9 9 4 4 4 20 0 0 8"
"$jitsim" play beer-game --role wholesaler --partners sterman --json "$orders" >"$tmp/native-play.json"
node --no-warnings "$here/run-wasm.mjs" "$wasm" --play wholesaler sterman "$orders" >"$tmp/wasm-play.json"
cmp "$tmp/native-play.json" "$tmp/wasm-play.json"
echo "parity: play beer-game wholesaler sterman (14 orders) RAN and agrees"
