// Run by soak.test.ts as `node --expose-gc soak-child.js <calls> <early>
// <seconds>`: one makeLoopback connection with default options, sequential
// E(x).echo(v) calls, and the heap after forced GC once `early` calls are
// done and again at the end. It stops at `calls`, or once `seconds` have
// passed (a slow machine still gets a bounded run). Prints one JSON line.

import './setup-lockdown.js';
import { performance } from 'node:perf_hooks';
import { E, makeLoopback } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';

const forceGC = (globalThis as { gc?: () => void }).gc;
if (typeof forceGC !== 'function') throw Error('run with --expose-gc');

const [calls, early, seconds] = process.argv.slice(2, 5).map(Number) as [number, number, number];

/** The heap once garbage, and what finalizers let go of, is collected. */
const heapAfterGC = async (): Promise<number> => {
  for (let i = 0; i < 4; i += 1) {
    forceGC();
    await new Promise(resolve => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

const { makeFar } = makeLoopback('soak');
const echoer = await makeFar(Far('echoer', { echo: (value: unknown) => value }));

const start = performance.now();
const deadline = start + seconds * 1000;
let done = 0;
/** Calls echo until `until` calls are done (or the deadline passed, checked every 1000 calls). */
const callUntil = async (until: number): Promise<void> => {
  while (done < until) {
    if (done % 1000 === 0 && performance.now() > deadline) return;
    done += 1;
    const value = `v${done}`;
    const echoed = await E(echoer).echo(value);
    if (echoed !== value) throw Error(`call ${done}: echo gave ${String(echoed)}, not ${value}`);
  }
};

await callUntil(early);
const heapEarly = await heapAfterGC();
const earlyCalls = done;
await callUntil(calls);
const heapEnd = await heapAfterGC();
process.stdout.write(
  `${JSON.stringify({ earlyCalls, calls: done, heapEarly, heapEnd, seconds: (performance.now() - start) / 1000 })}\n`,
);
