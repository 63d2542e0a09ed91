// page.js - the classroom page's behaviour (docs/classroom.md): the tabs,
// the lesson's sliders, runs in the worker (worker.js), the SVG charts,
// the comparison table, pin and compare, export. Our own code, no
// framework; every number shown comes from the engine's JSON
// (analysis/classroom.h), never computed here.
//
// A tab is an entry of TABS and a <section id="tab-ID">. The Play tab (the
// beer game, analysis/play.h) is there on the library page and on the page
// of a lesson whose scenario is a beer game (timing: board_game).
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const TABS = [
    { id: 'explore', label: 'Explore' },
    { id: 'scenario', label: 'Scenario' },
    { id: 'export', label: 'Export' },
  ];
  const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
  const COST_PARTS = [
    ['holding_cost', 'holding', '#0072B2'], ['pipeline_holding_cost', 'in transit', '#56B4E9'],
    ['ordering_cost', 'ordering', '#E69F00'], ['transport_cost', 'transport', '#009E73'],
    ['shortage_cost', 'shortage', '#D55E00'], ['scrap_cost', 'scrap', '#CC79A7'],
  ];
  const SVG = 'http://www.w3.org/2000/svg';
  const LINE_ROWS = ['throughput', 'avg_wip', 'line_lead_time_mean', 'line_lead_time_p95', 'setups', 'availability'];

  const lessons = JSON.parse($('lessons').textContent);
  if (lessons.length > 1 || /^timing:\s*board_game\b/m.test(lessons[0].text))
    TABS.splice(1, 0, { id: 'play', label: 'Play' });
  const state = {
    lesson: 0,          // index in lessons
    text: '',           // the scenario's text now run (the lesson's, or edited)
    sliders: [],        // from the engine: {path, label, min, max, step, value}
    values: {},         // path -> the slider's value, when moved off the file's
    result: null,       // the latest engine answer (ok)
    pinned: null,       // {result, label}
    nextId: 1, gen: 0, busy: false, queue: [], request: null, lastMs: 0, slidersFor: null,
  };

  // ---- the worker --------------------------------------------------------
  const workerUrl = URL.createObjectURL(new Blob([$('worker-source').textContent], { type: 'text/javascript' }));
  const worker = new Worker(workerUrl);
  const exports = new Map();
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'ready') { state.ready = true; requestRun(); if (hasTab('play')) newGame(); return; }
    if (m.type === 'played') { onPlayed(m); return; }
    if (m.type === 'failed') { showStatus('The simulator failed: ' + m.message); state.busy = false; state.queue = []; return; }
    if (m.type === 'exported') { const k = exports.get(m.id); exports.delete(m.id); if (k) k(m); return; }
    if (m.type === 'result') {
      state.busy = false;
      onResult(m);
      if (state.queue.length) send(state.queue.shift());
    }
  };
  worker.postMessage({ type: 'init', wasm: $('engine').textContent.trim() });

  function currentSets() {
    return Object.keys(state.values).map((p) => p + '=' + state.values[p]).join('\n');
  }

  // A run request. When the last full run took long (a line lesson), a
  // slider move first runs PREVIEW_REPS replications for a quick look,
  // then all of them: the numbers at rest are always the full run's, as
  // on the command line. A newer request replaces any not yet started;
  // only the newest request's results are shown.
  const PREVIEW_REPS = 5, PREVIEW_AFTER_MS = 800;
  function requestRun() {
    const seedText = $('seed').value.trim(), repsText = $('reps').value.trim();
    const gen = ++state.gen;
    const req = {
      type: 'run', id: state.nextId++, gen, text: state.text, name: lessons[state.lesson].file,
      sets: currentSets(), seed: seedText === '' ? null : seedText,
      reps: repsText === '' ? 0 : Number(repsText),
    };
    const full = req.reps || (state.result ? state.result.replications : 0);
    const queue = [];
    if (state.lastMs > PREVIEW_AFTER_MS && full > PREVIEW_REPS && state.slidersFor === state.text)
      queue.push({ ...req, id: state.nextId++, reps: PREVIEW_REPS, preview: true });
    queue.push(req);
    state.queue = queue;
    if (!state.busy) send(state.queue.shift());
  }

  function send(req) {
    state.busy = true;
    state.request = req;
    showStatus(req.preview ? 'A quick look first…' : 'Running…');
    worker.postMessage(req);
  }

  function onResult(m) {
    const req = state.request;
    if (req.gen !== state.gen) return;  // a newer request is queued
    const r = JSON.parse(m.json);
    if (!r.ok) {
      state.queue = [];
      showErrors(r.errors);
      showStatus('Not run: the scenario has mistakes.');
      document.body.dataset.state = 'error';
      return;
    }
    showErrors([]);
    state.result = r;
    r.ms = m.ms;
    r.sets = req.sets;
    if (!req.preview) state.lastMs = m.ms;
    if (state.slidersFor !== state.text) buildSliders(r);
    if ($('seed').value === '') $('seed').placeholder = String(r.seed);
    if ($('reps').value === '' && !req.preview) $('reps').placeholder = String(r.replications);
    showStatus(req.preview
      ? `A quick look with ${r.replications} replications; all of them are running…`
      : `${r.replications} replications, seed ${r.seed}: ${(m.ms / 1000).toFixed(2)} s in the browser` +
        (state.pinned ? ' · pinned run drawn dashed' : ''));
    render();
    document.body.dataset.state = req.preview ? 'preview' : 'ready';
    if (!req.preview) document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
  }

  function showStatus(s) { $('status').textContent = s; }

  function showErrors(lines) {
    for (const id of ['errors', 'yaml-errors']) {
      $(id).hidden = lines.length === 0;
      $(id).textContent = lines.join('\n');
    }
  }

  // ---- the lesson and its sliders ----------------------------------------
  function loadLesson(i) {
    state.lesson = i;
    state.text = lessons[i].text;
    state.values = {};
    state.slidersFor = null;
    state.lastMs = 0;
    state.pinned = null;
    $('unpin').disabled = true;
    $('yaml').value = state.text;
    $('seed').value = ''; $('reps').value = '';
    $('title').textContent = lessons[i].title;
    requestRun();
  }

  function fmtValue(x) {
    if (x === null || x === undefined) return 'auto';
    return String(Math.round(x * 1e6) / 1e6);
  }

  // Where a slider on an auto parameter (policies.NAME.PARAM) starts: the
  // value the run resolved it to.
  function resolved(r, s) {
    const m = /^policies\.([^.]+)\.([^.]+)$/.exec(s.path);
    const i = m ? r.policies.indexOf(m[1]) : -1;
    return i >= 0 && r.parameters[i][m[2]] !== undefined ? r.parameters[i][m[2]] : null;
  }

  function buildSliders(r) {
    state.slidersFor = state.text;
    state.sliders = r.classroom.sliders;
    $('description').textContent = r.description || '(no description)';
    const box = $('sliders');
    box.querySelectorAll('.slider, p').forEach((n) => n.remove());
    if (state.sliders.length === 0) {
      const p = document.createElement('p');
      p.textContent = 'This scenario declares no sliders (a classroom: block); edit it in the Scenario tab.';
      box.appendChild(p);
    }
    state.sliders.forEach((s, k) => {
      const row = document.createElement('div');
      row.className = 'slider';
      const id = 'slider-' + k;
      const label = document.createElement('label');
      label.htmlFor = id; label.textContent = s.label;
      const input = document.createElement('input');
      Object.assign(input, { type: 'range', id, min: s.min, max: s.max, step: s.step });
      input.dataset.path = s.path;
      const start = state.values[s.path] !== undefined ? state.values[s.path] : s.value;
      const auto = start === null ? resolved(r, s) : null;
      input.value = start !== null ? start : auto !== null ? auto : s.min;
      const shownText = start === null && auto !== null ? `auto (${fmtValue(auto)})` : fmtValue(start);
      input.setAttribute('aria-valuetext', shownText);
      const out = document.createElement('output');
      out.htmlFor = id; out.textContent = shownText;
      input.title = s.path + ' (arrow keys move it by ' + s.step + ')';
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (s.value !== null && Math.abs(v - s.value) < s.step / 1e6) delete state.values[s.path];
        else state.values[s.path] = v;
        out.textContent = state.values[s.path] !== undefined ? fmtValue(v) : shownText;
        out.classList.toggle('moved', state.values[s.path] !== undefined);
        input.setAttribute('aria-valuetext', out.textContent);
        requestRun();
      });
      row.append(label, input, out);
      box.appendChild(row);
    });
  }

  // ---- numbers as the table prints them ----------------------------------
  // Decimals that show the half-width to two significant digits (as
  // analysis/table.c), at most 6; four significant digits without one.
  function decimals(x, spread) {
    const v = spread > 0 && isFinite(spread) ? spread : Math.abs(x);
    if (!(v > 0) || !isFinite(v)) return 0;
    const d = (spread > 0 ? 1 : 3) - Math.floor(Math.log10(v));
    return Math.max(0, Math.min(6, d));
  }
  function fmtEstimate(e) {
    if (!e || e[0] === null) return '–';
    const hw = e[1] === null ? null : (e[2] - e[1]) / 2;
    const d = decimals(e[0], hw);
    return hw === null ? e[0].toFixed(d) : `${e[0].toFixed(d)} ± ${hw.toFixed(d)}`;
  }

  function col(r, name) { return r.columns.indexOf(name); }
  function keyMetric(r) { return r.classroom.metric || r.verdict_metric; }

  // ---- rendering ----------------------------------------------------------
  function render() {
    const r = state.result, pin = state.pinned && state.pinned.result;
    const v = $('verdict');
    v.textContent = '';
    for (const s of r.sentences) { const p = document.createElement('p'); p.textContent = s; v.appendChild(p); }
    (r.cautions || []).forEach((c, i) => {
      if (!c) return;
      const p = document.createElement('p'); p.className = 'caution';
      p.textContent = `${r.policies[i]}: ${c}`; v.appendChild(p);
    });
    if (pin) for (const s of pin.sentences) {
      const p = document.createElement('p'); p.className = 'pinned'; p.textContent = 'Pinned: ' + s; v.appendChild(p);
    }
    renderTable(r, pin);
    $('text-table').textContent = r.table;
    drawStock(r, pin);
    drawCosts(r, pin);
    drawKey(r, pin);
    $('export-preview').textContent = r.summary_csv;
  }

  function renderTable(r, pin) {
    const t = $('table');
    t.textContent = '';
    const head = t.createTHead().insertRow();
    const th0 = document.createElement('th'); th0.textContent = 'metric'; head.appendChild(th0);
    r.policies.forEach((p, i) => {
      const th = document.createElement('th');
      th.innerHTML = `<span class="swatch" style="background:${COLOURS[i % 7]}"></span>`;
      th.appendChild(document.createTextNode(p + (i === r.baseline ? ' (baseline)' : '')));
      head.appendChild(th);
    });
    const key = keyMetric(r);
    const rows = r.rows.map((k) => r.columns[k]);
    // A line's own measures, as the command line's line block shows them.
    for (const n of LINE_ROWS) if (r.columns.includes(n) && !rows.includes(n)) rows.push(n);
    if (!rows.includes(key)) rows.unshift(key);
    const body = t.createTBody();
    for (const name of rows) {
      const m = col(r, name);
      if (m < 0) continue;
      const tr = body.insertRow();
      tr.dataset.metric = name;
      if (name === key) tr.className = 'key';
      const th = document.createElement('th'); th.textContent = name; tr.appendChild(th);
      r.policies.forEach((p, i) => {
        const td = tr.insertCell();
        td.textContent = fmtEstimate(r.summary[i][m]);
        td.dataset.policy = p;
        td.dataset.mean = String(r.summary[i][m][0]);
        if (pin) {
          const pi = pin.policies.indexOf(p), pm = col(pin, name);
          const was = document.createElement('span'); was.className = 'was';
          was.textContent = 'pinned: ' + (pi >= 0 && pm >= 0 ? fmtEstimate(pin.summary[pi][pm]) : '–');
          td.appendChild(was);
        }
      });
    }
  }

  function el(name, attrs, parent) {
    const n = document.createElementNS(SVG, name);
    for (const k in attrs) n.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(n);
    return n;
  }
  function text(parent, x, y, s, attrs) {
    const t = el('text', Object.assign({ x, y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function niceMax(x) {
    if (!(x > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= x) return k * p;
    return 10 * p;
  }
  function ticks(max, n) { const s = max / n; return Array.from({ length: n + 1 }, (_, i) => i * s); }
  function fmtTick(x) { return Math.abs(x) >= 1000 ? x.toFixed(0) : String(Math.round(x * 100) / 100); }

  // Stock on hand: each policy's band (lowest to highest in each bucket)
  // and its level at the end of the bucket; the pinned run dashed.
  function drawStock(r, pin) {
    const W = 960, H = 300, L = 60, R = 150, T = 10, B = 40;
    const box = $('chart-stock'); box.textContent = '';
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'stock on hand over time' }, box);
    const runs = [[r, false]]; if (pin) runs.push([pin, true]);
    let ymax = 0, xmax = 0;
    for (const [run] of runs) for (const s of run.series) {
      for (const v of s.high) if (v !== null) ymax = Math.max(ymax, v);
      xmax = Math.max(xmax, s.t[s.t.length - 1] + (s.t[1] - s.t[0]));
    }
    ymax = niceMax(ymax);
    const X = (t) => L + (W - L - R) * t / xmax, Y = (v) => T + (H - T - B) * (1 - v / ymax);
    for (const y of ticks(ymax, 4)) {
      el('line', { x1: L, x2: W - R, y1: Y(y), y2: Y(y), stroke: '#ddd' }, svg);
      text(svg, L - 6, Y(y) + 4, fmtTick(y), { 'text-anchor': 'end' });
    }
    for (const x of ticks(niceMax(xmax), 5)) if (x <= xmax) text(svg, X(x), H - B + 18, fmtTick(x), { 'text-anchor': 'middle' });
    text(svg, (L + W - R) / 2, H - 4, 'time (' + r.time_unit + 's)', { 'text-anchor': 'middle' });
    let legendY = T + 14;
    for (const [run, pinned] of runs) run.series.forEach((s, i) => {
      const c = COLOURS[i % 7];
      const band = s.t.map((t, k) => `${X(t)},${Y(s.high[k] ?? 0)}`).concat(
        s.t.map((t, k) => `${X(t)},${Y(s.low[k] ?? 0)}`).reverse());
      if (!pinned) el('polygon', { points: band.join(' '), fill: c, 'fill-opacity': 0.18, stroke: 'none' }, svg);
      el('polyline', {
        points: s.t.map((t, k) => `${X(t)},${Y(s.last[k] ?? 0)}`).join(' '), fill: 'none', stroke: c,
        'stroke-width': pinned ? 1.5 : 2, 'stroke-dasharray': pinned ? '6 4' : 'none',
        class: pinned ? 'pinned-series' : 'series',
      }, svg);
      el('line', { x1: W - R + 10, x2: W - R + 34, y1: legendY - 4, y2: legendY - 4, stroke: c, 'stroke-width': 3, 'stroke-dasharray': pinned ? '6 4' : 'none' }, svg);
      text(svg, W - R + 40, legendY, (pinned ? 'pinned ' : '') + run.policies[i]);
      legendY += 18;
    });
  }

  // The cost of replenishing, stacked by kind, one bar per policy (and
  // beside it the pinned run's, hatched).
  function drawCosts(r, pin) {
    const W = 470, H = 300, L = 60, T = 10, B = 70;
    $('costs-caption').textContent = `What replenishing costs, per ${r.time_unit} (mean over the replications)`;
    const box = $('chart-costs'); box.textContent = '';
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'cost breakdown' }, box);
    const defs = el('defs', {}, svg);
    const pat = el('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
    el('rect', { width: 6, height: 6, fill: '#fff', 'fill-opacity': 0.55 }, pat);
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#fff', 'stroke-width': 3 }, pat);
    const bars = [];
    r.policies.forEach((p, i) => {
      bars.push({ run: r, i, label: p, pinned: false });
      if (pin && pin.policies.indexOf(p) >= 0) bars.push({ run: pin, i: pin.policies.indexOf(p), label: 'pinned', pinned: true });
    });
    const total = (b) => COST_PARTS.reduce((s, [n]) => { const m = col(b.run, n); return s + (m >= 0 ? (b.run.summary[b.i][m][0] || 0) : 0); }, 0);
    const ymax = niceMax(Math.max(...bars.map(total)));
    const Y = (v) => T + (H - T - B) * (1 - v / ymax);
    for (const y of ticks(ymax, 4)) {
      el('line', { x1: L, x2: W - 10, y1: Y(y), y2: Y(y), stroke: '#ddd' }, svg);
      text(svg, L - 6, Y(y) + 4, fmtTick(y), { 'text-anchor': 'end' });
    }
    const bw = Math.min(60, (W - L - 20) / bars.length - 8);
    bars.forEach((b, k) => {
      const x = L + 10 + k * (bw + 8);
      let acc = 0;
      for (const [n, , c] of COST_PARTS) {
        const m = col(b.run, n);
        const v = m >= 0 ? (b.run.summary[b.i][m][0] || 0) : 0;
        if (v <= 0) continue;
        el('rect', { x, width: bw, y: Y(acc + v), height: Y(acc) - Y(acc + v), fill: c, 'data-metric': n }, svg);
        if (b.pinned) el('rect', { x, width: bw, y: Y(acc + v), height: Y(acc) - Y(acc + v), fill: 'url(#hatch)' }, svg);
        acc += v;
      }
      text(svg, x + bw / 2, H - B + 16, b.pinned ? 'pinned' : b.label, { 'text-anchor': 'middle' });
    });
    let lx = 8;
    for (const [n, label, c] of COST_PARTS) {
      if (!bars.some((b) => { const m = col(b.run, n); return m >= 0 && b.run.summary[b.i][m][0] > 0; })) continue;
      el('rect', { x: lx, y: H - 28, width: 12, height: 12, fill: c }, svg);
      text(svg, lx + 16, H - 18, label);
      lx += 26 + label.length * 7.5;
    }
  }

  // The key metric: each policy's mean and its 95% interval (the pinned
  // run's hollow, below it).
  function drawKey(r, pin) {
    const name = keyMetric(r);
    $('key-caption').textContent = `${name.replace(/_/g, ' ')}: mean and 95% interval` + (pin ? ' (pinned hollow)' : '');
    const rows = [];
    r.policies.forEach((p, i) => {
      const m = col(r, name);
      if (m >= 0) rows.push({ label: p, e: r.summary[i][m], c: COLOURS[i % 7], pinned: false });
      if (pin) { const pi = pin.policies.indexOf(p), pm = col(pin, name);
        if (pi >= 0 && pm >= 0) rows.push({ label: 'pinned', e: pin.summary[pi][pm], c: COLOURS[i % 7], pinned: true }); }
    });
    const W = 470, rowH = 34, L = 110, R = 20, T = 10, B = 30, H = T + B + rowH * rows.length;
    const box = $('chart-key'); box.textContent = '';
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': name }, box);
    const vals = rows.flatMap((q) => [q.e[0], q.e[2] ?? q.e[0], q.e[1] ?? q.e[0]]).filter((x) => x !== null);
    const lo = Math.min(0, ...vals), hi = niceMax(Math.max(...vals.map(Math.abs), 1e-12));
    const X = (v) => L + (W - L - R) * (v - lo) / (hi - lo);
    for (const t of ticks(hi, 4)) {
      el('line', { x1: X(t), x2: X(t), y1: T, y2: H - B, stroke: '#ddd' }, svg);
      text(svg, X(t), H - B + 18, fmtTick(t), { 'text-anchor': 'middle' });
    }
    rows.forEach((q, k) => {
      const y = T + k * rowH;
      text(svg, L - 8, y + rowH / 2 + 4, q.label, { 'text-anchor': 'end' });
      if (q.e[0] === null) return;
      el('rect', { x: X(Math.min(0, q.e[0])), y: y + 6, width: Math.abs(X(q.e[0]) - X(0)), height: rowH - 12,
        fill: q.pinned ? 'none' : q.c, stroke: q.c, 'stroke-width': 2, 'data-mean': q.e[0], 'data-policy': q.label, class: q.pinned ? 'pinned-bar' : 'bar' }, svg);
      if (q.e[1] !== null) {
        el('line', { x1: X(q.e[1]), x2: X(q.e[2]), y1: y + rowH / 2, y2: y + rowH / 2, stroke: '#000', 'stroke-width': 2 }, svg);
        for (const e of [q.e[1], q.e[2]]) el('line', { x1: X(e), x2: X(e), y1: y + 9, y2: y + rowH - 9, stroke: '#000', 'stroke-width': 2 }, svg);
      }
    });
  }

  // ---- pin, reset, the scenario tab, export ------------------------------
  $('pin').addEventListener('click', () => {
    if (!state.result) return;
    state.pinned = { result: state.result };
    $('unpin').disabled = false;
    render();
  });
  $('unpin').addEventListener('click', () => { state.pinned = null; $('unpin').disabled = true; render(); });
  $('reset').addEventListener('click', () => {
    state.values = {};
    state.slidersFor = null;
    $('seed').value = ''; $('reps').value = '';
    requestRun();
  });
  for (const id of ['seed', 'reps']) $(id).addEventListener('change', () => requestRun());

  function applyYaml() {
    state.text = $('yaml').value;
    state.values = {};
    state.slidersFor = null;
    requestRun();
  }
  $('apply').addEventListener('click', applyYaml);
  $('yaml').addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); applyYaml(); } });
  $('revert').addEventListener('click', () => { $('yaml').value = lessons[state.lesson].text; applyYaml(); });

  function download(name, type, body) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([body], { type }));
    a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
  // The file with the slider values written in, and the seed and the
  // replications when the page changed them: `jitsim run FILE` reruns it.
  function exportedScenario(k) {
    const id = state.nextId++;
    exports.set(id, k);
    const sets = [currentSets()];
    const seedText = $('seed').value.trim(), repsText = $('reps').value.trim();
    if (seedText) sets.push('seed=' + seedText);
    if (repsText) sets.push('replications=' + repsText);
    worker.postMessage({ type: 'export', id, text: state.text, sets: sets.filter(Boolean).join('\n') });
  }
  $('download-yaml').addEventListener('click', () => exportedScenario((m) => {
    if (!m.ok) { showErrors(['The scenario cannot be written with these values: ' + m.text]); return; }
    state.exported = m.text;
    $('export-preview').textContent = m.text;
    download(lessons[state.lesson].file, 'application/yaml', m.text);
  }));
  $('download-csv').addEventListener('click', () => {
    if (state.result) download(lessons[state.lesson].file.replace(/\.ya?ml$/, '') + '-summary.csv', 'text/csv', state.result.summary_csv);
  });

  // ---- the Play tab: the beer game, one role played here ------------------
  // The game is the player's orders (from week 5); every step, back and new
  // game asks the engine to replay it from week 1 (deterministic), and
  // only the answer for the orders now held is shown.
  function hasTab(id) { return TABS.some((t) => t.id === id); }
  const game = { orders: [], role: 'retailer', partners: 'sterman', result: null, paused: false, asked: 0 };
  function askGame() {
    const id = state.nextId++;
    game.asked = id;
    document.body.dataset.play = 'busy';
    worker.postMessage({ type: 'play', id, role: game.role, partners: game.partners, orders: game.orders.join(' ') });
  }
  function newGame() {
    game.role = $('play-role').value;
    game.partners = $('play-partners').value;
    game.orders = [];
    game.paused = false;
    $('play-pause').textContent = 'Pause';
    askGame();
  }
  function onPlayed(m) {
    if (m.id !== game.asked) return;  // a newer step is on its way
    const r = JSON.parse(m.json);
    if (!r.ok) {
      game.orders.pop();
      $('play-status').textContent = 'Not played: ' + r.error;
      askGame();
      return;
    }
    game.result = r;
    renderGame(r);
    document.body.dataset.play = r.over ? 'over' : 'ready';
    document.body.dataset.playWeek = String(r.week);
  }
  function renderGame(r) {
    const v = r.view, me = r.roles.indexOf(r.role);
    $('play-week').textContent = r.over
      ? `The game is over: ${r.weeks} weeks played as the ${r.role}`
      : `Week ${r.week} of ${r.weeks}: you are the ${r.role}`;
    const show = (id, x) => { $(id).textContent = r.over ? '–' : String(x); $(id).dataset.value = String(x); };
    show('play-on-hand', v.on_hand); show('play-backlog', v.backlog);
    show('play-incoming', v.incoming); show('play-received', v.received);
    show('play-supply-line', v.supply_line);
    $('play-cost').textContent = String(r.over ? r.costs[me] : v.cost_so_far);
    $('play-last-orders').textContent = r.orders[me].slice(-4).join(' ');
    $('play-order').disabled = r.over || game.paused;
    $('play-step').disabled = r.over || game.paused;
    $('play-back').disabled = game.orders.length === 0;
    $('play-status').textContent = r.over ? '' : game.paused ? 'Paused.'
      : r.week === r.fixed_weeks + 1 ? `Weeks 1-${r.fixed_weeks} were fixed at 4, as on the board. Your first order:` : '';
    $('play-debrief').hidden = !r.over;
    if (r.over) renderDebrief(r, me);
  }
  function renderDebrief(r, me) {
    const t = $('play-costs');
    t.textContent = '';
    const head = t.createTHead().insertRow();
    for (const h of ['role', 'cost', 'benchmark']) { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); }
    const body = t.createTBody();
    const row = (name, cost, bench, cls) => {
      const tr = body.insertRow();
      if (cls) tr.className = cls;
      const th = document.createElement('th'); th.textContent = name; tr.appendChild(th);
      const c = tr.insertCell(); c.textContent = String(cost); c.dataset.cost = String(cost);
      tr.insertCell().textContent = String(bench);
      return tr;
    };
    r.roles.forEach((name, k) => row(k === me ? name + ' (you)' : name, r.costs[k], r.benchmark_costs[k], k === me ? 'you' : ''));
    row('team', r.team_cost, r.benchmark_total, 'team').id = 'play-team';
    $('play-verdict').textContent = `The team's cost: ${r.team_cost}, against the benchmark's ${r.benchmark_total}` +
      ` (${(r.team_cost / r.benchmark_total).toFixed(1)} times), the others playing the ${r.partners} rule.`;
    const doc = new DOMParser().parseFromString(r.svg, 'image/svg+xml');
    const box = $('play-chart');
    box.textContent = '';
    box.appendChild(document.importNode(doc.documentElement, true));
  }
  function stepGame() {
    const r = game.result, text = $('play-order').value.trim();
    if (!r || r.over || game.paused) return;
    if (!/^\d+$/.test(text) || Number(text) > 10000) {
      $('play-status').textContent = `'${text}': an order is a whole number of cases from 0 to 10000.`;
      return;
    }
    if (game.orders.length >= r.weeks - r.fixed_weeks) return;
    game.orders.push(Number(text));
    $('play-order').value = '';
    askGame();
  }
  $('play-order').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); stepGame(); } });
  $('play-step').addEventListener('click', stepGame);
  $('play-back').addEventListener('click', () => { if (game.orders.length) { game.orders.pop(); askGame(); } });
  $('play-pause').addEventListener('click', () => {
    game.paused = !game.paused;
    $('play-pause').textContent = game.paused ? 'Resume' : 'Pause';
    if (game.result) renderGame(game.result);
    if (!game.paused) $('play-order').focus();
  });
  $('play-new').addEventListener('click', newGame);

  // ---- tabs and the lesson picker ------------------------------------------
  function selectTab(id) {
    for (const t of TABS) {
      $('tab-' + t.id).hidden = t.id !== id;
      $('tab-button-' + t.id).setAttribute('aria-selected', String(t.id === id));
    }
  }
  for (const t of TABS) {
    const b = document.createElement('button');
    Object.assign(b, { type: 'button', id: 'tab-button-' + t.id, textContent: t.label });
    b.setAttribute('role', 'tab');
    b.addEventListener('click', () => selectTab(t.id));
    $('tabs').appendChild(b);
  }
  if (lessons.length > 1) {
    $('lesson-pick').hidden = false;
    lessons.forEach((l, i) => {
      const o = document.createElement('option');
      o.value = i;
      o.textContent = (l.lesson ? l.lesson + (l.part > 1 ? String.fromCharCode(96 + l.part) : '') + '. ' : '') + l.title;
      $('lesson').appendChild(o);
    });
    $('lesson').addEventListener('change', () => loadLesson(Number($('lesson').value)));
  }
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'TEXTAREA' || e.target.tagName === 'INPUT' && e.target.type !== 'range') return;
    if (e.key === 'p' || e.key === 'P') $('pin').click();
  });
  selectTab('explore');
  state.text = lessons[0].text;
  $('yaml').value = state.text;
  $('title').textContent = lessons[0].title;
})();
