// compare.mjs - compares two JSON texts of the classroom engine
// (analysis/classroom.h): every number within a relative tolerance, every
// string and null equal. Exit 0 when they agree, 1 with the first
// difference otherwise.
//
// usage: node compare.mjs NATIVE.json WASM.json [TOLERANCE]   (1e-12)
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2, 4).map(p => JSON.parse(readFileSync(p, 'utf8')));
const tol = Number(process.argv[4] ?? 1e-12);
let numbers = 0;

function same(x, y, path) {
    if (typeof x === 'number' && typeof y === 'number') {
        numbers++;
        const scale = Math.max(Math.abs(x), Math.abs(y));
        if (x === y || Math.abs(x - y) <= tol * scale) return;
        throw new Error(`${path}: ${x} != ${y}`);
    }
    if (Array.isArray(x) && Array.isArray(y)) {
        if (x.length !== y.length) throw new Error(`${path}: ${x.length} items != ${y.length}`);
        x.forEach((v, i) => same(v, y[i], `${path}[${i}]`));
        return;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object') {
        const kx = Object.keys(x).sort().join(), ky = Object.keys(y).sort().join();
        if (kx !== ky) throw new Error(`${path}: keys ${kx} != ${ky}`);
        for (const k of Object.keys(x)) same(x[k], y[k], `${path}.${k}`);
        return;
    }
    if (x !== y) throw new Error(`${path}: ${JSON.stringify(x).slice(0, 80)} != ${JSON.stringify(y).slice(0, 80)}`);
}

try {
    if (!a.ok || !b.ok) throw new Error(`not ok: native ${a.ok}, wasm ${b.ok}: ${(a.errors || []).concat(b.errors || []).join('; ')}`);
    same(a, b, '$');
    console.log(`agree: ${numbers} numbers within ${tol}`);
} catch (e) {
    console.error(`differ: ${e.message}`);
    process.exit(1);
}
