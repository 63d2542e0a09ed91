// browser.mjs - the classroom page in a real browser: Debian's Chromium
// (headless) driven by playwright-core (pinned in package-lock.json).
//
// usage: node browser.mjs PAGE.html EXPECT.json [SCREENSHOT.png]
//
// EXPECT.json (written by browser.sh from the native program) holds:
//   rest:   the native engine's JSON for the lesson as written
//   moved:  the same with the slider `slider` at its lowest value
//   slider: the slider's path; metric: the lesson's key metric
//   broken: {text, errors}: a broken scenario and the native program's
//           file:line:col lines for it
// The test opens the page from file:// with every request that is not
// file:, data: or blob: refused and counted, waits for the first run,
// checks the table and the key chart against `rest`, moves the slider with
// the keyboard (Home: its lowest value), checks that both changed to
// `moved`, that no request left the page, that the console had no errors,
// and that a screenshot is not blank; downloads the scenario and the CSV
// (into $CLASSROOM_EXPORT_DIR, for browser.sh to rerun); then puts the
// broken scenario in the Scenario tab and checks the page shows the
// native messages. With $CLASSROOM_PLAY_PAGE (the beer game's page): the
// Play tab, the retailer played by keyboard with the benchmark rule's
// orders computed from what the board shows each week (order = 4 + 28 -
// (on hand - backlog) - supply line, at least 0), the others under the
// benchmark: the team's cost shown must be 204, 'Back a week' must undo a
// week exactly, the debrief's chart must hold the 4 roles' series; and the
// flagship's page has no Play tab.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const [pagePath, expectPath, shotPath] = process.argv.slice(2);
const expect = JSON.parse(readFileSync(expectPath, 'utf8'));
const failures = [];
const fail = (s) => { failures.push(s); console.error('FAIL: ' + s); };

function close(a, b) {
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
const leaked = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (/^(file|data|blob):/.test(url)) return route.continue();
  leaked.push(url);
  return route.abort();
});
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push('page error: ' + e.message));
page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) leaked.push(r.url()); });

await page.goto('file://' + pagePath);
await page.locator('body[data-runs="1"][data-state="ready"]').waitFor({ timeout: 60000 });

// The numbers the page shows: each table cell of the key metric, and the
// key chart's bars, by policy.
async function shown() {
  const cells = await page.locator(`#table tr[data-metric="${expect.metric}"] td`).evaluateAll(
    (tds) => tds.map((td) => [td.dataset.policy, Number(td.dataset.mean)]));
  const bars = await page.locator('#chart-key rect.bar').evaluateAll(
    (rs) => rs.map((r) => [r.getAttribute('data-policy'), Number(r.getAttribute('data-mean'))]));
  return { cells, bars };
}

function check(what, got, native) {
  const m = native.columns.indexOf(expect.metric);
  const want = native.policies.map((p, i) => [p, native.summary[i][m][0]]);
  for (const kind of ['cells', 'bars']) {
    const g = got[kind];
    if (g.length !== want.length) { fail(`${what}: ${g.length} ${kind}, expected ${want.length}`); continue; }
    want.forEach(([p, v], i) => {
      if (g[i][0] !== p || !close(g[i][1], v))
        fail(`${what}: ${kind} of ${p} shows ${g[i][1]}, the native run gives ${v}`);
    });
  }
  console.log(`${what}: ${expect.metric} ${got.cells.map(([p, v]) => `${p}=${v}`).join(', ')}`);
}

const rest = await shown();
check('at rest', rest, expect.rest);
const status = await page.textContent('#status');
console.log('status: ' + status);

// The slider, by keyboard: Home takes it to its lowest value.
const slider = page.locator(`input[type=range][data-path="${expect.slider}"]`);
await slider.focus();
const t0 = Date.now();
await page.keyboard.press('Home');
await page.locator('body[data-runs="2"][data-state="ready"]').waitFor({ timeout: 60000 });
console.log(`slider moved: new results shown after ${Date.now() - t0} ms (${await page.textContent('#status')})`);
const moved = await shown();
check('slider moved', moved, expect.moved);
if (JSON.stringify(moved) === JSON.stringify(rest)) fail('the table and the chart did not change');

// Pin, then the slider back up one step: the table shows both runs.
await page.click('#pin');
await slider.focus();
await page.keyboard.press('ArrowRight');
await page.locator('body[data-runs="3"][data-state="ready"]').waitFor({ timeout: 60000 });
const pinnedCells = await page.locator('#table td .was').count();
if (pinnedCells === 0) fail('after pinning, the table shows no pinned values');
if (await page.locator('#chart-stock .pinned-series').count() === 0) fail('the pinned run is not drawn');

// A screenshot that is not blank: its pixels are not all alike.
const png = await page.screenshot({ fullPage: true });
if (shotPath) writeFileSync(shotPath, png);
let idat = [], off = 8;
while (off < png.length) {
  const len = png.readUInt32BE(off), type = png.toString('latin1', off + 4, off + 8);
  if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
  off += 12 + len;
}
const raw = inflateSync(Buffer.concat(idat));
let nonzero = 0;
for (const b of raw) if (b !== 0) nonzero++;
console.log(`screenshot: ${png.length} bytes, ${(100 * nonzero / raw.length).toFixed(1)}% of its filtered bytes not zero`);
if (nonzero < raw.length * 0.01) fail('the screenshot is blank');

// Export: the scenario with the slider values written in, and the
// results as CSV; browser.sh reruns the file with the command line.
await page.click('#tab-button-export');
for (const [button, name] of [['#download-yaml', 'exported.yaml'], ['#download-csv', 'exported.csv']]) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const dir = process.env.CLASSROOM_EXPORT_DIR;
  if (dir) await download.saveAs(dir + '/' + name);
  console.log(`export: ${download.suggestedFilename()}`);
}

// A broken scenario in the editable box: the command line's messages.
await page.click('#tab-button-scenario');
await page.fill('#yaml', expect.broken.text);
await page.click('#apply');
await page.locator('#yaml-errors:not([hidden])').waitFor({ timeout: 60000 });
const shownErrors = (await page.textContent('#yaml-errors')).trim();
if (shownErrors !== expect.broken.errors.trim())
  fail(`the page shows\n${shownErrors}\nthe command line prints\n${expect.broken.errors.trim()}`);
else console.log('broken YAML: ' + shownErrors);

if (await page.locator('#tab-button-play').count() !== 0) fail('the flagship page shows a Play tab');

if (process.env.CLASSROOM_PLAY_PAGE) {
  await page.goto('file://' + process.env.CLASSROOM_PLAY_PAGE);
  await page.locator('body[data-play="ready"][data-play-week="5"]').waitFor({ timeout: 60000 });
  await page.click('#tab-button-play');
  await page.selectOption('#play-partners', 'benchmark');
  await page.selectOption('#play-role', 'retailer');
  await page.click('#play-new');
  const board = async () => page.evaluate(() => Object.fromEntries(
    ['on-hand', 'backlog', 'incoming', 'received', 'supply-line', 'cost'].map((k) =>
      [k, Number(document.getElementById('play-' + k).dataset.value ?? document.getElementById('play-' + k).textContent)])));
  const at = (w) => page.locator(`body[data-play="ready"][data-play-week="${w}"]`).waitFor({ timeout: 60000 });
  const type = async (n) => { await page.focus('#play-order'); await page.keyboard.type(String(n)); await page.keyboard.press('Enter'); };
  const orders = [];
  for (let week = 5; week <= 36; week++) {
    await at(week);
    const b = await board();
    if (week === 20) {
      // A wild order, then back: the board of week 20 again, exactly.
      await type(99);
      await at(21);
      await page.click('#play-back');
      await at(20);
      const again = await board();
      if (JSON.stringify(again) !== JSON.stringify(b)) fail(`back: week 20 shows ${JSON.stringify(again)}, before ${JSON.stringify(b)}`);
      else console.log('play: back undid week 20 exactly');
    }
    const order = Math.max(0, Math.round(4 + 28 - (b['on-hand'] - b.backlog) - b['supply-line']));
    orders.push(order);
    await type(order);
  }
  await page.locator('body[data-play="over"]').waitFor({ timeout: 60000 });
  const team = Number(await page.getAttribute('#play-team td[data-cost]', 'data-cost'));
  const costs = await page.locator('#play-costs tbody td[data-cost]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.cost)));
  console.log(`play: the retailer's orders ${orders.join(' ')}; costs ${costs.join(', ')}`);
  if (team !== 204) fail(`play: the team's cost shown is ${team}, the benchmark's is 204`);
  if (JSON.stringify(costs) !== JSON.stringify([46, 50, 54, 54, 204])) fail(`play: costs ${costs}, expected 46, 50, 54, 54, 204`);
  const series = await page.locator('#play-chart svg polyline.series').count();
  if (series !== 4) fail(`play: the debrief's chart holds ${series} series, expected 4`);
  console.log(`play: RAN: 32 weeks by keyboard, team cost ${team}, ${series} series in the debrief`);
}

if (leaked.length) fail('requests left the page: ' + leaked.join(' '));
if (consoleErrors.length) fail('console errors: ' + consoleErrors.join(' | '));
await browser.close();
if (failures.length) process.exit(1);
console.log('browser: RAN and passed (no request left the page, no console error)');
