// endo/pass-style before (and without) lockdown(): classifying frozen data
// works, but making passable objects needs the realm's harden, so Far,
// Remotable, makeTagged and toThrowable refuse with a message saying so,
// rather than half-hardening.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passStyleOf, Far, Remotable, makeTagged, toThrowable, isPassable } from '../../src/pass-style/index.js';

const needsLockdown = { name: 'TypeError', message: /call lockdown\(\)/ };

test('frozen data is classified without lockdown', () => {
  assert.equal(passStyleOf(Object.freeze({ a: 1, b: Object.freeze([2]) })), 'copyRecord');
  assert.equal(isPassable({ a: 1 }), false);
  assert.throws(() => passStyleOf({ a: 1 }), { name: 'TypeError', message: /^Cannot pass non-frozen objects like .*\. Use harden\(\)$/ });
});

test('making passable objects asks for lockdown', () => {
  const object = { m() {} };
  assert.throws(() => Far('x', object), needsLockdown);
  // Refused before touching the object.
  assert.deepEqual(Reflect.ownKeys(object), ['m']);
  assert.equal(Object.getPrototypeOf(object), Object.prototype);
  assert.throws(() => Remotable('Remotable'), needsLockdown);
  assert.throws(() => makeTagged('t', 1), needsLockdown);
  assert.throws(() => toThrowable(1), needsLockdown);
});
