#!/usr/bin/env bash
# browser.sh - the classroom page's browser test (browser.mjs): writes the
# flagship's page with the native program, the native numbers the page
# must show (at rest and with a slider at its lowest value) and the native
# messages for a broken scenario, then drives headless Chromium over it;
# finally reruns the scenario the page let it download with the command
# line and compares with the CSV the page let it download. The beer game's
# page too: its Play tab played with the benchmark rule by keyboard.
#
# usage: tests/classroom/browser.sh JITSIM JITSIM.wasm [SCREENSHOT.png]
# Needs scripts/setup.sh --with-classroom (Chromium, node_modules here).
set -euo pipefail
jitsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
wasm=$2
shot=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/chromium ] || { echo "browser: /usr/bin/chromium is missing (scripts/setup.sh --with-classroom)" >&2; exit 1; }
[ -d "$here/node_modules/playwright-core" ] || { echo "browser: playwright-core is missing (scripts/setup.sh --with-classroom runs npm ci in tests/classroom)" >&2; exit 1; }

lesson=flagship
slider=suppliers.local.order_cost
low=0.05   # the slider's lowest value in scenarios/flagship.yaml
"$jitsim" classroom "$lesson" -o "$tmp/page.html" --wasm "$wasm"
# The beer game's page, for the Play tab (lesson 21, timing: board_game).
"$jitsim" classroom beer-game -o "$tmp/beer.html" --wasm "$wasm"
"$jitsim" classroom "$lesson" --json >"$tmp/rest.json"
"$jitsim" classroom "$lesson" --json --set "$slider=$low" >"$tmp/moved.json"
# The broken file under the name the page gives it, as a student would
# save and check it.
mkdir -p "$tmp/broken"
"$jitsim" lessons >/dev/null
sed 's/^  rate: 40$/  rate: -40/; s/^horizon: 395$/horizon: soon/' \
    "$here/../../scenarios/$lesson.yaml" >"$tmp/broken/$lesson.yaml"
(cd "$tmp/broken" && "$jitsim" validate "$lesson.yaml" 2>"$tmp/broken.txt" >/dev/null) && {
    echo "browser: the broken scenario was accepted" >&2; exit 1; }
node -e '
const fs = require("fs"), [rest, moved, text, errors, out] = process.argv.slice(1);
fs.writeFileSync(out, JSON.stringify({
  rest: JSON.parse(fs.readFileSync(rest, "utf8")), moved: JSON.parse(fs.readFileSync(moved, "utf8")),
  slider: "'"$slider"'", metric: JSON.parse(fs.readFileSync(rest, "utf8")).classroom.metric || "total_cost",
  broken: { text: fs.readFileSync(text, "utf8"), errors: fs.readFileSync(errors, "utf8") } }));
' "$tmp/rest.json" "$tmp/moved.json" "$tmp/broken/$lesson.yaml" "$tmp/broken.txt" "$tmp/expect.json"
mkdir -p "$tmp/export"
(cd "$here" && CLASSROOM_EXPORT_DIR="$tmp/export" CLASSROOM_PLAY_PAGE="$tmp/beer.html" node browser.mjs "$tmp/page.html" "$tmp/expect.json" ${shot:+"$shot"})
# The downloaded scenario (the slider one step above its lowest value, as
# the page left it) reruns on the command line to the page's results.
grep -q "order_cost: 0.1$" "$tmp/export/exported.yaml" || {
    echo "browser: the downloaded scenario does not hold the slider's value 0.1" >&2; exit 1; }
"$jitsim" run "$tmp/export/exported.yaml" --format csv >"$tmp/export/rerun.csv"
cmp "$tmp/export/rerun.csv" "$tmp/export/exported.csv" || {
    echo "browser: the downloaded scenario reruns to other numbers than the page's CSV" >&2; exit 1; }
echo "browser: the downloaded scenario RAN on the command line to the page's summary.csv"
