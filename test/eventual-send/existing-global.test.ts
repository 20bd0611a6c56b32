// If the realm already has a HandledPromise (another copy of eventual send,
// or the original's shim), importing endo/eventual-send keeps it and builds
// E on it, so presences and pipelining are shared.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHandledPromise } from '../../src/eventual-send/make-handled-promise.js';

const existing = makeHandledPromise();
(globalThis as any).HandledPromise = existing;
const { E, HandledPromise } = await import('../../src/eventual-send/index.js');
await import('../../src/eventual-send/shim.js');

test('the existing global is kept and exported', () => {
  assert.equal((globalThis as any).HandledPromise, existing);
  assert.equal(HandledPromise, existing);
});

test('E sends through the existing HandledPromise: its presences are recognized', async () => {
  let presence!: object;
  new existing((_r, _j, rwp) => {
    presence = rwp({ applyMethod: (_t: unknown, prop: PropertyKey | undefined) => `presence got ${String(prop)}` });
  });
  assert.equal(await (E(presence) as any).hello(), 'presence got hello');
});

test('separate HandledPromise constructors do not know each other\'s presences', async () => {
  const other = makeHandledPromise();
  let presence!: object;
  new other((_r, _j, rwp) => {
    presence = rwp({ applyMethod: () => 'never' });
  });
  await assert.rejects((E(presence) as any).hello(), { message: 'target has no method "hello", has []' });
});
