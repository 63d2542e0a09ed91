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
// native messages.
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

if (leaked.length) fail('requests left the page: ' + leaked.join(' '));
if (consoleErrors.length) fail('console errors: ' + consoleErrors.join(' | '));
await browser.close();
if (failures.length) process.exit(1);
console.log('browser: RAN and passed (no request left the page, no console error)');
