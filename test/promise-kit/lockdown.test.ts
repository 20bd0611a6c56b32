// endo/promise-kit after our lockdown: kits are hardened with the real
// harden and everything works with frozen intrinsics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';
import { isPromise, makePromiseKit, racePromises } from '../../src/promise-kit/index.js';

// Used before lockdown: that must not stop lockdown.
const early = makePromiseKit<string>();
early.resolve('early');
// Awaited here, not inside a test: the test runner's async hooks would try
// to tag the (frozen) promise if it were first awaited under them.
const earlyValue = await early.promise;
lockdown();

test('a kit made before lockdown worked and did not stop lockdown', () => {
  assert.equal(earlyValue, 'early');
  assert.ok(Object.isFrozen(early));
});

test('kits and races after lockdown', async () => {
  const kit = makePromiseKit<number>();
  assert.ok(Object.isFrozen(kit) && Object.isFrozen(kit.promise));
  kit.resolve(1);
  assert.equal(await kit.promise, 1);
  assert.equal(await racePromises([new Promise(() => {}), kit.promise]), 1);
  assert.equal(isPromise(kit.promise), true);
});
