// Fresh objects (made by our own code and not yet handed out) are hardened
// by freezing and marking, without listing their keys: hardenFreshArray
// and markFreshHardened, under our lockdown's harden. What is marked must
// count as hardened for harden and as a checked array for pass-style, which
// then checks only its elements; what was not fresh after all (it carries
// a mark already) is hardened the long way and not marked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ses from '../../../src/ses/index.js';
import {
  hardenFreshArray,
  isFreshHardened,
  markFreshHardened,
} from '../../../src/ses/harden-when-available.js';

ses.lockdown();
const harden = ses.harden;
const { passStyleOf, Far } = await import('../../../src/pass-style/index.js');
const { makeMarshal } = await import('../../../src/marshal/index.js');
const { isFrozen } = Object;

test('hardenFreshArray hardens the elements, freezes and marks the array', () => {
  const inner = { deep: [{}] };
  const array = hardenFreshArray([1, 'two', inner]);
  assert.ok(isFrozen(array));
  assert.ok(isFrozen(inner) && isFrozen(inner.deep) && isFrozen(inner.deep[0]));
  assert.ok(isFreshHardened(array));
  assert.equal(harden(array), array);
});

test('markFreshHardened marks records too', () => {
  const inner = harden({ c: 'd' });
  const record = markFreshHardened({ a: 1, b: inner });
  assert.ok(isFrozen(record) && isFreshHardened(record));
  assert.equal(harden(record), record);
  assert.equal(isFreshHardened(inner), false, 'what it holds keeps its own mark');
});

test('only what markFreshHardened marked counts as fresh', () => {
  assert.equal(isFreshHardened(harden([1, 2])), false);
  assert.equal(isFreshHardened(Object.freeze([1, 2])), false);
  assert.equal(isFreshHardened({}), false);
});

test('an array hardened before is not taken as fresh: hardened the long way, not marked', () => {
  const already = harden([1, { x: 1 }]);
  assert.equal(markFreshHardened(already), already);
  assert.equal(isFreshHardened(already), false);
  assert.ok(isFrozen(already[1]));
});

test('pass-style checks only the elements of a fresh array, with the usual complaints', () => {
  assert.equal(passStyleOf(hardenFreshArray([1, 'a', Far('x', {})])), 'copyArray');
  const withFunction = () => passStyleOf(hardenFreshArray([() => {}]));
  const withFunctionNotFresh = () => passStyleOf(harden([() => {}]));
  assert.throws(withFunction, (error: Error) => {
    assert.throws(withFunctionNotFresh, { message: error.message });
    return true;
  });
  const withPromiseLike = () => passStyleOf(hardenFreshArray([{ then: () => {} }]));
  assert.throws(withPromiseLike, /thenable/);
});

test('what the marshal decodes is hardened and marked, arrays and records alike', () => {
  const { fromCapData, toCapData } = makeMarshal(undefined, undefined, { serializeBodyFormat: 'smallcaps' });
  const capdataMarshal = makeMarshal();
  const value = harden({ list: [1, [2, 3]], record: { a: 'b' }, big: 5n });
  for (const marshal of [{ fromCapData, toCapData }, capdataMarshal]) {
    const decoded = marshal.fromCapData(marshal.toCapData(value));
    assert.deepEqual(decoded, value);
    for (const object of [decoded, decoded.list, decoded.list[1], decoded.record] as object[]) {
      assert.ok(isFrozen(object));
      assert.ok(isFreshHardened(object));
    }
    assert.equal(passStyleOf(decoded), 'copyRecord');
  }
});
