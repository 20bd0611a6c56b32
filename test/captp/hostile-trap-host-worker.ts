// A hostile trap host for traps-hostile.test.ts: it writes the slices of a
// script straight into the shared transfer buffer (layout of atomics.ts: a
// 64-bit count of bytes still to come, a 32-bit status word, the data),
// each when the guest asks for the next one, whatever the counts say.

import { workerData } from 'node:worker_threads';

type Slice = { remaining: string; last: boolean; text: string };
const { transferBuffer, slices } = workerData as { transferBuffer: SharedArrayBuffer; slices: Slice[] };

const WAITING = 1;
const LAST_SLICE = 2;
const remaining = new BigUint64Array(transferBuffer, 0, 1);
const status = new Int32Array(transferBuffer, 8, 1);
const data = new Uint8Array(transferBuffer, 12);
const encoder = new TextEncoder();

for (const slice of slices) {
  // The guest marks the status word WAITING when it wants the next slice.
  for (;;) {
    const now = Atomics.load(status, 0);
    if (now === WAITING) break;
    Atomics.wait(status, 0, now, 5);
  }
  data.set(encoder.encode(slice.text).subarray(0, data.length));
  remaining[0] = BigInt(slice.remaining);
  Atomics.store(status, 0, slice.last ? LAST_SLICE : 0);
  Atomics.notify(status, 0);
}
