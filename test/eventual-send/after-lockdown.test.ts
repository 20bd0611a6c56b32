// endo/eventual-send first imported after lockdown: it installs its
// HandledPromise then (the start compartment's global object stays
// writable) and works with the realm's harden.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
assert.equal((globalThis as any).HandledPromise, undefined);
const { E, HandledPromise } = await import('../../src/eventual-send/index.js');

test('the global is installed after lockdown, frozen, with Promise.prototype as prototype', () => {
  assert.equal((globalThis as any).HandledPromise, HandledPromise);
  assert.ok(Object.isFrozen(HandledPromise));
  assert.equal(HandledPromise.prototype, Promise.prototype);
});

test('E is frozen and works', async () => {
  assert.ok(Object.isFrozen(E));
  const harden = (globalThis as any).harden;
  assert.equal(await (E(harden({ twice: (n: number) => 2 * n })) as any).twice(4), 8);
  assert.equal(await E.get(harden({ p: 'v' })).p, 'v');
  assert.equal(E.sendOnly(harden({ m() {} })).m(), undefined);
});

test('E hardens a mutable target (as the original does), with the real harden', async () => {
  const target = { m: () => 1, data: { n: 1 } };
  await (E(target) as any).m();
  assert.ok(Object.isFrozen(target) && Object.isFrozen(target.data));
});
