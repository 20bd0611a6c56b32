// A trap guest facing a host that lies about the length of its completion
// (hostile-trap-host-worker.ts writes the shared buffer directly). The
// guest must never allocate from the claimed length: a claim over its
// maxCompletionLength, or one that does not shrink by what each slice
// brought, is refused at once; an honest host's multi-slice completion
// still arrives whole.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_MAX_TRAP_COMPLETION_LENGTH,
  makeAtomicsTrapGuest,
  TRANSFER_OVERHEAD_LENGTH,
} from '../../src/captp/index.js';
import type { AtomicsTrapGuestOptions, TrapCompletion } from '../../src/captp/index.js';

type Slice = { remaining: string; last: boolean; text: string };

/**
 * Runs one trap through makeAtomicsTrapGuest against the scripted host;
 * returns its completion or the error it threw, the steps it took, and
 * how much ArrayBuffer memory grew meanwhile.
 */
const trapAgainst = async (dataLength: number, slices: Slice[], options: AtomicsTrapGuestOptions = {}) => {
  const transferBuffer = new SharedArrayBuffer(TRANSFER_OVERHEAD_LENGTH + dataLength);
  const worker = new Worker(new URL('./hostile-trap-host-worker.js', import.meta.url), { workerData: { transferBuffer, slices } });
  await new Promise(resolve => worker.once('online', resolve));
  const steps: string[] = [];
  const guest = makeAtomicsTrapGuest(transferBuffer, options);
  const before = process.memoryUsage().arrayBuffers;
  let completion: TrapCompletion | undefined;
  let error: unknown;
  try {
    completion = guest({
      trapMethod: 'get',
      slot: 't-1',
      trapArgs: [],
      startTrap: () => ({
        next: () => (steps.push('next'), { done: false, value: undefined }),
        return: () => (steps.push('return'), { done: true, value: undefined }),
        throw: () => (steps.push('throw'), { done: true, value: undefined }),
      }),
    });
  } catch (caught) {
    error = caught;
  }
  const grownMB = (process.memoryUsage().arrayBuffers - before) / 2 ** 20;
  await worker.terminate();
  return { completion, error, steps, grownMB };
};

const completionText = JSON.stringify({ body: '"hello, guest"', slots: [] });

test('a host claiming 763 MB in a 16-byte buffer is refused without the allocation', async () => {
  const claimed = String(763 * 2 ** 20);
  const { error, grownMB, steps } = await trapAgainst(16, [{ remaining: claimed, last: true, text: '{"body":"1",' }]);
  assert.match(String(error), /claims "800063488" more bytes: over the guest's maxCompletionLength 67108864/);
  assert.ok(grownMB < 16, `array buffers grew ${grownMB} MB`);
  // The host is still told to finish.
  assert.deepEqual(steps, ['next', 'throw']);
  assert.equal(DEFAULT_MAX_TRAP_COMPLETION_LENGTH, 64 * 2 ** 20);
});

test('a claim of 2^64 - 1 bytes, and one over a smaller maxCompletionLength, are refused', async () => {
  const huge = await trapAgainst(16, [{ remaining: String(2n ** 64n - 1n), last: false, text: 'x' }]);
  assert.match(String(huge.error), /over the guest's maxCompletionLength/);
  const small = await trapAgainst(16, [{ remaining: '2000', last: false, text: 'x' }], { maxCompletionLength: 1000 });
  assert.match(String(small.error), /claims "2000" more bytes: over the guest's maxCompletionLength 1000/);
});

test('a claim that does not shrink by each slice, or a last slice with bytes still claimed, is refused', async () => {
  const growing = await trapAgainst(16, [
    { remaining: '40', last: false, text: completionText.slice(0, 16) },
    { remaining: '5000', last: false, text: completionText.slice(16, 32) },
  ]);
  assert.match(String(growing.error), /claims 5000 bytes left where 24 were/);
  const early = await trapAgainst(16, [{ remaining: '40', last: true, text: completionText.slice(0, 16) }]);
  assert.match(String(early.error), /ended its completion with 24 bytes still claimed/);
});

test('an honest host sending its completion in slices is read whole', async () => {
  const bytes = new TextEncoder().encode(completionText);
  const slices: Slice[] = [];
  for (let offset = 0; offset < bytes.length; offset += 8) {
    slices.push({ remaining: String(bytes.length - offset), last: offset + 8 >= bytes.length, text: completionText.slice(offset, offset + 8) });
  }
  const { completion, error, steps } = await trapAgainst(8, slices);
  assert.equal(error, undefined);
  assert.deepEqual(completion, [false, { body: '"hello, guest"', slots: [] }]);
  assert.equal(steps.filter(step => step === 'next').length, slices.length);
});
