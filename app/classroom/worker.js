// worker.js - the classroom page's Web Worker (made from a Blob URL, which
// works from file://): it instantiates jitsim.wasm with a small WASI shim
// and runs scenarios on request, so that the page stays responsive.
//
// Messages in:  {type: 'init', wasm: base64}
//               {type: 'run', id, text, name, sets, seed (string|null), reps}
//               {type: 'export', id, text, sets}
//               {type: 'play', id, role, partners, orders (text)}
// Messages out: {type: 'ready'} | {type: 'failed', message}
//               {type: 'result', id, json, ms} | {type: 'exported', id, ok, text}
//               {type: 'played', id, json}
'use strict';
let ex = null;
const enc = new TextEncoder(), dec = new TextDecoder();

// WASI preview 1, as far as the engine needs it: no files, no environment,
// a clock, and stdout/stderr to the console. Anything else answers ENOSYS.
function wasiImports() {
  const EBADF = 8, ENOSYS = 52;
  const view = () => new DataView(ex.memory.buffer);
  const known = {
    environ_sizes_get(count, size) { view().setUint32(count, 0, true); view().setUint32(size, 0, true); return 0; },
    environ_get() { return 0; },
    args_sizes_get(count, size) { view().setUint32(count, 0, true); view().setUint32(size, 0, true); return 0; },
    args_get() { return 0; },
    clock_time_get(id, precision, out) { view().setBigUint64(out, BigInt(Math.round(performance.now() * 1e6)), true); return 0; },
    fd_prestat_get() { return EBADF; },
    fd_fdstat_get() { return EBADF; },
    fd_close() { return 0; },
    fd_seek() { return EBADF; },
    fd_write(fd, iovs, n, written) {
      const v = view(); let total = 0, s = '';
      for (let i = 0; i < n; i++) {
        const p = v.getUint32(iovs + 8 * i, true), len = v.getUint32(iovs + 8 * i + 4, true);
        s += dec.decode(new Uint8Array(ex.memory.buffer, p, len)); total += len;
      }
      if (s.trim()) console.log(s);
      v.setUint32(written, total, true); return 0;
    },
    proc_exit(code) { throw new Error('the engine exited with ' + code); },
    random_get(buf, len) { crypto.getRandomValues(new Uint8Array(ex.memory.buffer, buf, len)); return 0; },
  };
  return new Proxy(known, { get: (t, k) => t[k] || (() => ENOSYS) });
}

function put(bytes) {
  const p = ex.jitsim_alloc(bytes.length + 1);
  const m = new Uint8Array(ex.memory.buffer, p, bytes.length + 1);
  m.set(bytes); m[bytes.length] = 0;
  return p;
}

function take(p) {
  const s = dec.decode(new Uint8Array(ex.memory.buffer, p, ex.jitsim_result_len()));
  ex.jitsim_free(p);
  return s;
}

function run(m) {
  const t0 = performance.now();
  const text = enc.encode(m.text);
  const pText = put(text), pName = put(enc.encode(m.name)), pSets = put(enc.encode(m.sets || ''));
  const seed = m.seed === null || m.seed === undefined ? 0n : BigInt(m.seed);
  const pOut = ex.jitsim_run(pText, text.length, pName, pSets, Number(seed >> 32n),
                             Number(seed & 0xffffffffn), m.seed === null || m.seed === undefined ? 0 : 1,
                             m.reps || 0);
  const json = take(pOut);
  [pText, pName, pSets].forEach(p => ex.jitsim_free(p));
  return { type: 'result', id: m.id, json, ms: performance.now() - t0 };
}

function exportText(m) {
  const text = enc.encode(m.text);
  const pText = put(text), pSets = put(enc.encode(m.sets || ''));
  const pOut = ex.jitsim_export(pText, text.length, pSets);
  const ok = ex.jitsim_export_ok() === 1;
  const out = take(pOut);
  [pText, pSets].forEach(p => ex.jitsim_free(p));
  return { type: 'exported', id: m.id, ok, text: out };
}

// The beer game as played so far (analysis/play.h): replayed from week 1.
function play(m) {
  const p = [m.role, m.partners, m.orders].map((s) => put(enc.encode(s)));
  const json = take(ex.jitsim_play(p[0], p[1], p[2]));
  p.forEach((q) => ex.jitsim_free(q));
  return { type: 'played', id: m.id, json };
}

onmessage = async (e) => {
  const m = e.data;
  try {
    if (m.type === 'init') {
      const bin = atob(m.wasm), bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const { instance } = await WebAssembly.instantiate(bytes, { wasi_snapshot_preview1: wasiImports() });
      ex = instance.exports;
      ex._initialize();
      postMessage({ type: 'ready' });
    } else if (m.type === 'run') {
      postMessage(run(m));
    } else if (m.type === 'export') {
      postMessage(exportText(m));
    } else if (m.type === 'play') {
      postMessage(play(m));
    }
  } catch (err) {
    postMessage({ type: 'failed', id: m.id, message: String(err && err.message || err) });
  }
};
