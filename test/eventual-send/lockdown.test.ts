// endo/eventual-send imported before our lockdown (as endo/init does:
// shim, then lockdown): lockdown still succeeds, keeps the global
// HandledPromise as an intrinsic and hands it to compartments, and
// eventual sends work and harden with the real harden afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, HandledPromise } from '../../src/eventual-send/index.js';
import { lockdown } from '../../src/ses/index.js';

// Used before lockdown: must not leave anything behind that stops lockdown.
const before = await (E({ m: () => 'before' }) as any).m();

lockdown();

test('lockdown succeeds after eventual sends, without removing anything from HandledPromise', () => {
  assert.equal(before, 'before');
  assert.equal((globalThis as any).HandledPromise, HandledPromise);
  assert.deepEqual(Object.getOwnPropertyNames(HandledPromise).sort(), [
    'applyFunction', 'applyFunctionSendOnly', 'applyMethod', 'applyMethodSendOnly', 'get', 'getSendOnly', 'length', 'name', 'prototype', 'resolve',
  ]);
});

test('HandledPromise is hardened along with the intrinsics', () => {
  assert.ok(Object.isFrozen(HandledPromise));
  assert.ok(Object.isFrozen(HandledPromise.prototype));
  assert.ok(Object.isFrozen(HandledPromise.resolve));
});

test('compartments get the same HandledPromise', () => {
  const c = new (globalThis as any).Compartment();
  assert.equal(c.globalThis.HandledPromise, HandledPromise);
  assert.equal(c.evaluate('typeof HandledPromise.applyMethod'), 'function');
});

test('eventual sends work after lockdown and harden what they hand out', async () => {
  const harden = (globalThis as any).harden;
  const target = harden({ make: () => ({ inner: { x: 1 } }) });
  const result: any = await (E(target) as any).make();
  assert.ok(Object.isFrozen(result) && Object.isFrozen(result.inner));
  const p = E.resolve(3);
  assert.ok(Object.isFrozen(p));
  assert.equal(await p, 3);
});

test('pipelining and presences work after lockdown', async () => {
  const log: unknown[] = [];
  let resolveWithPresence!: (h: object) => object;
  const p: any = new HandledPromise((_r, _j, rwp) => { resolveWithPresence = rwp; }, {
    applyMethod: (_t: unknown, prop: PropertyKey | undefined) => (log.push(['pending', prop]), 'p'),
  });
  assert.equal(await E(p).a(), 'p');
  resolveWithPresence({ applyMethod: (_t: unknown, prop: PropertyKey | undefined) => (log.push(['presence', prop]), 'q') });
  assert.equal(await E(p).b(), 'q');
  assert.deepEqual(log, [['pending', 'a'], ['presence', 'b']]);
});

test('errors after lockdown still name the method', async () => {
  await assert.rejects((E((globalThis as any).harden({ a() {} })) as any).b(), {
    name: 'TypeError',
    message: 'target has no method "b", has ["a"]',
  });
});
