// A realm without Object.hasOwn (an older engine, or code that deleted it)
// gets one when the implementation is imported, hardened by lockdown, as
// the original ses gives it; ours and the original answer alike.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, runChild } from './run-child.js';

const body = `
report(typeof Object.hasOwn);
lockdown();
const { writable, enumerable, configurable } = Object.getOwnPropertyDescriptor(Object, 'hasOwn');
report([writable, enumerable, configurable, Object.isFrozen(Object.hasOwn), Object.hasOwn.length]);
report([Object.hasOwn({ a: 1 }, 'a'), Object.hasOwn({ a: 1 }, 'b'), Object.hasOwn([1], 0), caught(() => Object.hasOwn(null, 'a'))?.[0]]);
report(new Compartment().evaluate('Object.hasOwn({ b: 1 }, "b")'));
`;

test('a missing Object.hasOwn is repaired on import and hardened by lockdown, as in ses', () => {
  const outcomes = implementations.map(implementation => {
    const outcome = runChild(implementation, body, { prelude: 'delete Object.hasOwn;' });
    assert.equal(outcome.status, 0, `${implementation}: ${outcome.stderr}`);
    return outcome.reports;
  });
  assert.deepEqual(outcomes[0], ['function', [false, false, false, true, 2], [true, false, true, 'TypeError'], true]);
  assert.deepEqual(outcomes[0], outcomes[1]);
});
