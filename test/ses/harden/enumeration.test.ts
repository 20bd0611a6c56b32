// harden finds every own property whichever way it lists them: arrays and
// promises (listed with Reflect.ownKeys) and other objects (names, then
// symbols) with non-index, non-enumerable, symbol-keyed and accessor
// properties; an array's `length` is skipped, so a proxy of an array is
// checked to still have its elements walked. Also: objects listed twice in
// one walk (shared children, cycles) and prototypes remembered as hardened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ses from '../../../src/ses/index.js';

ses.lockdown();
const harden = ses.harden;
const { isFrozen, defineProperty } = Object;

test('arrays: extra, non-enumerable, symbol-keyed and accessor properties are all walked', () => {
  const extra = {};
  const hidden = {};
  const bySymbol = {};
  const getter = () => {
    throw Error('getter called');
  };
  const setter = (_value: unknown) => {};
  const array: any = [{}, 1, 'two'];
  array.extra = extra;
  defineProperty(array, 'hidden', { value: hidden, enumerable: false, writable: true, configurable: true });
  array[Symbol.for('by symbol')] = bySymbol;
  defineProperty(array, 3, { get: getter, set: setter, enumerable: true, configurable: true });
  harden(array);
  for (const object of [array, array[0], extra, hidden, bySymbol, getter, setter]) assert.ok(isFrozen(object));
});

test('arrays with holes, and a named property where an index is missing', () => {
  const named = {};
  // eslint-disable-next-line no-sparse-arrays
  const array: any = [, {}];
  array.named = named;
  harden(array);
  assert.ok(isFrozen(array[1]));
  assert.ok(isFrozen(named));
});

test('a proxy of an array: elements and extra properties are walked through its traps', () => {
  const element = {};
  const extra = {};
  const target: any = [element];
  target.extra = extra;
  const asked: PropertyKey[] = [];
  const proxy = new Proxy(target, {
    getOwnPropertyDescriptor(t, key) {
      asked.push(key);
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
  });
  harden(proxy);
  assert.ok(isFrozen(target));
  assert.ok(isFrozen(element));
  assert.ok(isFrozen(extra));
  assert.ok(asked.includes('0') && asked.includes('extra'));
});

test('promises: own properties of every kind are walked', () => {
  const promise: any = Promise.resolve();
  const named = {};
  const hidden = {};
  const bySymbol = {};
  promise.named = named;
  defineProperty(promise, 'hidden', { value: hidden, enumerable: false, writable: true, configurable: true });
  promise[Symbol('s')] = bySymbol;
  harden(promise);
  for (const object of [promise, named, hidden, bySymbol]) assert.ok(isFrozen(object));
});

test('objects: symbol-keyed accessors and non-enumerable data are walked, getters not called', () => {
  let called = false;
  const get = () => {
    called = true;
    return {};
  };
  const hidden = {};
  const object = {};
  defineProperty(object, Symbol.iterator, { get, configurable: true });
  defineProperty(object, 'hidden', { value: hidden, writable: true, configurable: true });
  harden(object);
  assert.ok(isFrozen(get));
  assert.ok(isFrozen(hidden));
  assert.equal(called, false);
});

test('an object met many times in one walk (shared, cyclic) is frozen, and so is all it holds', () => {
  const shared: any = { inner: {} };
  shared.self = shared;
  const root = { a: shared, b: shared, list: [shared, shared, [shared]] };
  harden(root);
  for (const object of [root, shared, shared.inner, root.list, root.list[2]]) assert.ok(isFrozen(object));
});

test('a prototype is only skipped once hardened: fresh prototypes are walked each time', () => {
  for (let i = 0; i < 3; i += 1) {
    const proto = { held: {} };
    const object = harden(Object.create(proto));
    assert.ok(isFrozen(object));
    assert.ok(isFrozen(proto));
    assert.ok(isFrozen(proto.held));
  }
});

test('after a failed walk, a prototype it reached is not taken as hardened', () => {
  const proto: any = {};
  let fail = true;
  const trap = new Proxy(
    {},
    {
      ownKeys(target) {
        if (fail) throw Error('trap');
        return Reflect.ownKeys(target);
      },
    },
  );
  const object = Object.create(proto);
  object.trap = trap;
  assert.throws(() => harden(object), /trap/);
  // The failed walk froze the prototype, but its later harden must still walk it.
  assert.ok(isFrozen(proto));
  const late = { unfrozen: {} };
  const other: any = Object.create(proto);
  other.late = late;
  fail = false;
  harden(other);
  assert.ok(isFrozen(late.unfrozen));
  harden(object);
  assert.ok(isFrozen(trap));
});

test('an object stamped by a failed walk is walked again by the next harden', () => {
  let fail = true;
  const child = {};
  const trap = new Proxy(
    { child },
    {
      getPrototypeOf(target) {
        if (fail) throw Error('trap');
        return Reflect.getPrototypeOf(target);
      },
    },
  );
  const first = { a: {} };
  const root = [first, trap];
  assert.throws(() => harden(root), /trap/);
  assert.ok(isFrozen(first), 'walked before the failure');
  fail = false;
  harden(root);
  assert.ok(isFrozen(child));
  // Once done, they count as hardened: no trap is called again.
  fail = true;
  harden(root);
  harden(trap);
});
