// tameRegeneratorRuntime in isolation (legacyRegeneratorRuntimeTaming
// 'unsafe-ignore'): old regenerator-runtime assigns
// %IteratorPrototype%[Symbol.iterator]; after hardening that would throw.
// Here the intrinsic is frozen as hardening would, and the assignment is
// silently ignored, while iteration and overrides on inheritors still work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameRegeneratorRuntime } from '../../../src/ses/tame-regenerator-runtime.js';
import { runInOriginalSes } from './original-ses.js';

const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const originalIteratorMethod = iteratorPrototype[Symbol.iterator];

tameRegeneratorRuntime({ '%IteratorPrototype%': iteratorPrototype });
Object.freeze(iteratorPrototype);

test('reads give the original method; iteration works', () => {
  assert.equal(iteratorPrototype[Symbol.iterator], originalIteratorMethod);
  const it = [1, 2][Symbol.iterator]();
  assert.equal(it[Symbol.iterator](), it);
  assert.deepEqual([...new Set([1, 2])], [1, 2]);
  function* gen(): Generator<number> {
    yield 1;
  }
  assert.deepEqual([...gen()], [1]);
});

test('an assignment on %IteratorPrototype% itself is silently ignored', () => {
  // What regenerator-runtime does (in strict code, where a failed write would throw).
  const replacement = function (this: unknown) {
    return this;
  };
  iteratorPrototype[Symbol.iterator] = replacement;
  assert.equal(iteratorPrototype[Symbol.iterator], originalIteratorMethod);
});

test('an assignment on an object that inherits from it makes an own property', () => {
  const custom = Object.create(iteratorPrototype);
  const mine = () => custom;
  custom[Symbol.iterator] = mine;
  assert.equal(custom[Symbol.iterator], mine);
  assert.deepEqual(Object.getOwnPropertyDescriptor(custom, Symbol.iterator), {
    value: mine,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  assert.equal(iteratorPrototype[Symbol.iterator], originalIteratorMethod);
  // Again, now that it is own.
  const other = () => null;
  custom[Symbol.iterator] = other;
  assert.equal(custom[Symbol.iterator], other);
});

test('the property became a non-enumerable accessor pair', () => {
  const desc = Object.getOwnPropertyDescriptor(iteratorPrototype, Symbol.iterator)!;
  assert.equal(typeof desc.get, 'function');
  assert.equal(typeof desc.set, 'function');
  assert.equal(desc.enumerable, false);
});

test('the same outcome as the original ses with unsafe-ignore', () => {
  const original = runInOriginalSes(
    `
    const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    const original = IteratorPrototype[Symbol.iterator];
    IteratorPrototype[Symbol.iterator] = function () { return this; };
    const child = Object.create(IteratorPrototype);
    const f = () => 1;
    child[Symbol.iterator] = f;
    return [
      IteratorPrototype[Symbol.iterator] === original,
      child[Symbol.iterator] === f,
      Object.getOwnPropertyDescriptor(child, Symbol.iterator).enumerable,
    ];`,
    { legacyRegeneratorRuntimeTaming: 'unsafe-ignore' },
  );
  iteratorPrototype[Symbol.iterator] = function (this: unknown) {
    return this;
  };
  const child = Object.create(iteratorPrototype);
  const f = () => 1;
  child[Symbol.iterator] = f;
  assert.deepEqual(
    [
      iteratorPrototype[Symbol.iterator] === originalIteratorMethod,
      child[Symbol.iterator] === f,
      Object.getOwnPropertyDescriptor(child, Symbol.iterator)!.enumerable,
    ],
    original,
  );
});
