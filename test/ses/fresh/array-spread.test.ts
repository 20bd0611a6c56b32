// spreadArray(x) must give what [...x] gives, for every iterable, before
// and after lockdown (whose override taming makes
// Array.prototype[Symbol.iterator] an accessor), whether it copies by index
// (plain arrays iterating the default way) or falls back to iterating.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as ses from '../../../src/ses/index.js';
import { spreadArray } from '../../../src/ses/array-spread.js';

const cases = (): [string, Iterable<unknown>][] => {
  const holey: unknown[] = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const ownIterator: any = [1, 2, 3];
  ownIterator[Symbol.iterator] = function* () {
    yield 'own';
  };
  class MyArray extends Array {}
  const subclassed = MyArray.from([4, 5]);
  const proxied = new Proxy([6, 7, { eight: 8 }], {});
  function* generate() {
    yield 'a';
    yield 'b';
  }
  return [
    ['empty', []],
    ['plain', [1, 'two', { three: 3 }, undefined, null]],
    ['holes read as undefined', holey],
    ['an own Symbol.iterator is used', ownIterator],
    ['an Array subclass', subclassed],
    ['a proxy of an array', proxied],
    ['a string', 'héllo'],
    ['a Set', new Set([1, 2])],
    ['a generator', generate()],
  ];
};

const checkAll = (when: string) => {
  for (const [name, iterable] of cases()) {
    const copy = spreadArray(iterable);
    assert.deepEqual(copy, [...cases().find(([n]) => n === name)![1]], `${when}: ${name}`);
    assert.equal(Object.getPrototypeOf(copy), Array.prototype, `${when}: ${name} gives a plain array`);
    assert.notEqual(copy, iterable, `${when}: ${name} gives a new array`);
  }
};

test('spreadArray gives what spread syntax gives, before lockdown', () => {
  checkAll('before lockdown');
});

test('spreadArray gives what spread syntax gives, after lockdown', () => {
  ses.lockdown();
  assert.equal(typeof Object.getOwnPropertyDescriptor(Array.prototype, Symbol.iterator)!.get, 'function');
  checkAll('after lockdown');
});

test('spreadArray of any array equals its spread (property-based)', () => {
  fc.assert(
    fc.property(fc.sparseArray(fc.anything(), { maxLength: 40 }), array => {
      const copy = spreadArray(array);
      assert.deepEqual(copy, [...array]);
      assert.equal(copy.length, array.length);
      for (let i = 0; i < copy.length; i += 1) assert.ok(Object.hasOwn(copy, i), 'no holes in the copy');
    }),
  );
});
