// A long-lived connection keeps no memory per call: sequential echo calls
// over one makeLoopback connection with default options (no gcImports),
// and the heap after GC at the end is within a few MB of the heap after the
// first 50,000 calls. Up to a million calls, as many as fit in 12 seconds
// (`npm run bench -- captp` runs the full million, with its heap growth).
// Before answers were dropped once answered, the heap grew by about 75
// bytes a call (1.5 MB per 20,000 calls). A child process, for --expose-gc.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const MAX_CALLS = 1_000_000;
const EARLY_CALLS = 50_000;
const SECONDS = 12;
/** Fewer calls than this cannot tell a leak of ~75 bytes a call from noise. */
const MIN_CALLS = 200_000;
const ALLOWED_GROWTH = 3 * 1024 * 1024;

test('a million calls (or what fits in 12 s) over one connection leave the heap where it was after 50,000', async () => {
  const child = fileURLToPath(new URL('./soak-child.js', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', child, String(MAX_CALLS), String(EARLY_CALLS), String(SECONDS)],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const { calls, earlyCalls, heapEarly, heapEnd } = JSON.parse(stdout);
  assert.equal(earlyCalls, EARLY_CALLS);
  assert.ok(calls >= MIN_CALLS, `only ${calls} calls in ${SECONDS} s: too few to see a leak`);
  const growth = heapEnd - heapEarly;
  assert.ok(
    growth < ALLOWED_GROWTH,
    `the heap grew by ${(growth / 1e6).toFixed(1)} MB from call ${earlyCalls} to call ${calls}`,
  );
});
