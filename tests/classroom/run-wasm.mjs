// run-wasm.mjs - runs a scenario in jitsim.wasm under Node's built-in WASI
// and prints the JSON text the classroom page gets (analysis/classroom.h).
//
// usage: node run-wasm.mjs JITSIM.wasm SCENARIO.yaml [--name NAME.yaml]
//            [--seed S] [-r N] [--set PATH=VALUE]...
//        node run-wasm.mjs JITSIM.wasm --play ROLE PARTNERS ORDERS
//            (the Play tab's answer, jitsim_play: analysis/play.h)
//
// The parity test (tests/classroom/parity.sh) compares its output with the
// native `jitsim classroom --json`. No npm package: node:wasi only.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { basename } from 'node:path';

const args = process.argv.slice(2);
if (args.length < 2) {
    console.error('usage: node run-wasm.mjs JITSIM.wasm SCENARIO.yaml [--name N] [--seed S] [-r N] [--set P=V]...');
    process.exit(2);
}
const [wasmPath, yamlPath] = args;
const play = yamlPath === '--play' ? args.slice(2, 5) : null;
let name = basename(yamlPath), seed = null, reps = 0;
const sets = [];
for (let i = play ? args.length : 2; i < args.length; i++) {
    const a = args[i];
    if (a === '--name') name = args[++i];
    else if (a === '--seed') seed = BigInt(args[++i]);
    else if (a === '-r') reps = Number(args[++i]);
    else if (a === '--set') sets.push(args[++i]);
    else { console.error(`run-wasm.mjs: unknown option ${a}`); process.exit(2); }
}

const wasi = new WASI({ version: 'preview1', args: [], env: {} });
const module = await WebAssembly.compile(readFileSync(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
wasi.initialize(instance);
const ex = instance.exports;
const enc = new TextEncoder();

function put(bytes) {
    const p = ex.jitsim_alloc(bytes.length + 1);
    const mem = new Uint8Array(ex.memory.buffer, p, bytes.length + 1);
    mem.set(bytes);
    mem[bytes.length] = 0;
    return p;
}
if (play) {
    const p = play.map((x) => put(enc.encode(x)));
    const out = ex.jitsim_play(p[0], p[1], p[2]);
    process.stdout.write(new TextDecoder().decode(new Uint8Array(ex.memory.buffer, out, ex.jitsim_result_len())));
    for (const q of [...p, out]) ex.jitsim_free(q);
    process.exit(0);
}
const text = enc.encode(readFileSync(yamlPath, 'utf8'));
const pText = put(text), pName = put(enc.encode(name)),
      pSets = put(enc.encode(sets.join('\n')));
const s = seed === null ? 0n : seed;
const pOut = ex.jitsim_run(pText, text.length, pName, pSets,
                           Number(s >> 32n), Number(s & 0xffffffffn),
                           seed === null ? 0 : 1, reps);
const len = ex.jitsim_result_len();
process.stdout.write(new TextDecoder().decode(new Uint8Array(ex.memory.buffer, pOut, len)));
for (const p of [pText, pName, pSets, pOut]) ex.jitsim_free(p);
