// HandledPromise: the constructor's shape and every static, without lockdown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HandledPromise } from '../../src/eventual-send/index.js';

const nextTurns = () => new Promise(resolve => setTimeout(resolve, 0));

test('importing endo/eventual-send installs the global HandledPromise it exports', () => {
  assert.equal((globalThis as any).HandledPromise, HandledPromise);
});

test('HandledPromise is a frozen Promise subclass whose prototype is Promise.prototype', () => {
  assert.equal(HandledPromise.prototype, Promise.prototype);
  assert.equal(Object.getPrototypeOf(HandledPromise), Promise);
  assert.ok(Object.isFrozen(HandledPromise));
  for (const name of ['get', 'getSendOnly', 'applyFunction', 'applyFunctionSendOnly', 'applyMethod', 'applyMethodSendOnly', 'resolve']) {
    assert.equal(typeof (HandledPromise as any)[name], 'function', name);
    assert.ok(Object.isFrozen((HandledPromise as any)[name]), name);
  }
  // Exactly the statics lockdown's permits allow, so lockdown removes nothing.
  assert.deepEqual(Object.getOwnPropertyNames(HandledPromise).sort(), [
    'applyFunction', 'applyFunctionSendOnly', 'applyMethod', 'applyMethodSendOnly', 'get', 'getSendOnly', 'length', 'name', 'prototype', 'resolve',
  ]);
});

test('a handled promise is a native, frozen promise that settles like one', async () => {
  const p = new HandledPromise<number>(resolve => resolve(42));
  assert.ok(p instanceof Promise);
  assert.equal(Object.getPrototypeOf(p), Promise.prototype);
  assert.ok(Object.isFrozen(p));
  assert.equal(await p, 42);
  await assert.rejects(new HandledPromise((_, reject) => reject(Error('no'))), /no/);
});

test('HandledPromise must be called with new', () => {
  assert.throws(() => (HandledPromise as any)(() => {}), { message: 'must be invoked with "new"' });
});

test('inherited statics (reject, all, race) make handled promises', async () => {
  const rejected = HandledPromise.reject(Error('r'));
  await assert.rejects(rejected, /r/);
  assert.deepEqual(await HandledPromise.all([1, Promise.resolve(2)]), [1, 2]);
  assert.equal(await HandledPromise.race([3]), 3);
});

test('HandledPromise.get reads a property in a later turn', async () => {
  const record = { answer: 42 };
  const p = HandledPromise.get(record, 'answer');
  assert.ok(p instanceof Promise);
  assert.equal(await p, 42);
  // A number key is a string key by then.
  assert.equal(await HandledPromise.get(['zero', 'one'], 1 as any), 'one');
});

test('HandledPromise.applyFunction calls a function with a copy of the arguments', async () => {
  const args = [1, 2];
  assert.equal(await HandledPromise.applyFunction((a: number, b: number) => a + b, args), 3);
  assert.equal(Object.isFrozen(args), false, 'the caller\'s array is copied, not frozen');
});

test('HandledPromise.applyMethod calls a method with `this` bound to the target', async () => {
  const counter = { base: 10, add(n: number) { return this.base + n; } };
  assert.equal(await HandledPromise.applyMethod(counter, 'add', [5]), 15);
  // As in the original, the static turns any name into a property key, so
  // an undefined name is the method "undefined" (use applyFunction instead).
  await assert.rejects(HandledPromise.applyMethod((x: number) => x * 2, undefined, [4]), {
    name: 'TypeError',
    message: /^target has no method "undefined", has \[/,
  });
  assert.equal(await HandledPromise.applyMethod({ undefined: () => 'named so' }, undefined, []), 'named so');
});

test('the SendOnly statics deliver, return undefined, and swallow failures', async () => {
  const seen: unknown[] = [];
  const target = { m(x: unknown) { seen.push(['m', x]); }, prop: 1 };
  const fn = (x: unknown) => { seen.push(['fn', x]); };
  assert.equal(HandledPromise.applyMethodSendOnly(target, 'm', [1]), undefined);
  assert.equal(HandledPromise.applyFunctionSendOnly(fn, [2]), undefined);
  assert.equal(HandledPromise.getSendOnly(target, 'prop'), undefined);
  // Failures of send-only messages do not become unhandled rejections.
  assert.equal(HandledPromise.applyMethodSendOnly(target, 'missing', []), undefined);
  assert.deepEqual(seen, [], 'nothing is delivered synchronously');
  await nextTurns();
  assert.deepEqual(seen, [['m', 1], ['fn', 2]]);
});

test('HandledPromise.resolve returns safe promises', async () => {
  const p = HandledPromise.resolve(7);
  assert.ok(Object.isFrozen(p));
  assert.equal(Object.getPrototypeOf(p), Promise.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(p, 'then'), undefined);
  assert.equal(await p, 7);
  // A safe promise is returned as is.
  assert.equal(HandledPromise.resolve(p), p);
  const native = Promise.resolve(8);
  assert.equal(HandledPromise.resolve(native), native);
});

test('HandledPromise.resolve does not trust a promise with its own `then`', async () => {
  const tricky = Promise.resolve(1);
  let thenCalledSynchronously = false;
  let inSameTurn = true;
  (tricky as any).then = function (this: Promise<number>, ...args: any[]) {
    if (inSameTurn) thenCalledSynchronously = true;
    return Promise.prototype.then.apply(this, args as any);
  };
  const safe = HandledPromise.resolve(tricky);
  inSameTurn = false;
  assert.notEqual(safe, tricky);
  assert.ok(Object.isFrozen(safe));
  assert.equal(Object.getOwnPropertyDescriptor(safe, 'then'), undefined);
  assert.equal(await safe, 1);
  assert.equal(thenCalledSynchronously, false, 'its then is called in a later turn');
});

test('HandledPromise.resolve of a presence is the presence\'s own promise', async () => {
  let presence!: object;
  const p = new HandledPromise((_resolve, _reject, resolveWithPresence) => {
    presence = resolveWithPresence({});
  });
  assert.equal(HandledPromise.resolve(presence), p);
  assert.equal(await p, presence);
});

test('without lockdown, nothing is installed that would stop a later lockdown', async () => {
  await HandledPromise.applyMethod({ m: () => 1 }, 'm', []);
  assert.equal((Object as any)[Symbol.for('harden')], undefined);
  assert.equal((globalThis as any).harden, undefined);
});

test('results, arguments and targets are frozen, as harden would do', async () => {
  const arg = { nested: { x: 1 } };
  const target = { m(a: unknown) { return { got: a }; } };
  const result = await HandledPromise.applyMethod(target, 'm', [arg]);
  assert.ok(Object.isFrozen(result));
  assert.ok(Object.isFrozen(arg) && Object.isFrozen(arg.nested));
  assert.ok(Object.isFrozen(target));
  // Shared prototypes are left alone before lockdown.
  assert.equal(Object.isFrozen(Object.prototype), false);
});
