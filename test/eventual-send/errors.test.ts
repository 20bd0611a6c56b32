// What goes wrong, and how it is reported: every failure of an eventual
// send rejects the returned promise with an error that says what was
// wrong; a rejected target rejects everything sent to it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, HandledPromise } from '../../src/eventual-send/index.js';
import { getMethodNames } from '../../src/eventual-send/utils.js';

test('calling something that is not a function', async () => {
  await assert.rejects((E({}) as any)(), {
    name: 'TypeError',
    message: 'Cannot invoke target as a function; typeof target is "object"',
  });
  await assert.rejects((E(null) as any)(), { message: 'Cannot invoke target as a function; typeof target is "null"' });
});

test('a missing method: the message names the method and lists the methods there are', async () => {
  class Counter {
    inc() { return 1; }
    get size() { return 0; }
  }
  const counter = Object.assign(new Counter(), { reset() {} });
  await assert.rejects((E(counter) as any).dec(), {
    name: 'TypeError',
    message: 'target has no method "dec", has ["constructor","inc","reset"]',
  });
});

test('a method that is not a function', async () => {
  await assert.rejects((E({ count: 3 }) as any).count(), {
    name: 'Error',
    message: 'invoked method "count" is not a function; it is a "number"',
  });
});

test('a method sent to undefined or null', async () => {
  await assert.rejects((E(undefined) as any).foo(), {
    name: 'TypeError',
    message: 'Cannot deliver "foo" to target; typeof target is "undefined"',
  });
  await assert.rejects((E(null) as any).foo(), { message: 'Cannot deliver "foo" to target; typeof target is "null"' });
});

test('a method that throws rejects with what it threw', async () => {
  const boom = RangeError('boom');
  await assert.rejects((E({ fail() { throw boom; } }) as any).fail(), (error: unknown) => error === boom);
});

test('a rejected target rejects every form of message with its reason', async () => {
  const reason = Error('target failed');
  const target: any = Promise.reject(reason);
  target.catch(() => {});
  const same = (error: unknown) => error === reason;
  await assert.rejects(E(target).m(), same);
  await assert.rejects(E(target)(), same);
  await assert.rejects(E.get(target).p, same);
  await assert.rejects(HandledPromise.applyMethod(target, 'm', []), same);
  await assert.rejects(E.when(target), same);
  assert.equal(E.sendOnly(target).m(), undefined);
});

test('rejections propagate down a pipeline', async () => {
  const reason = Error('first failed');
  const first: any = (E({ fail() { throw reason; } }) as any).fail();
  await assert.rejects(E(E(first).next()).again(), (error: unknown) => error === reason);
});

test('getMethodNames lists own and inherited function-valued names, symbols first', () => {
  const sym = Symbol('s');
  class Base { a() {} }
  class Derived extends Base { b() {} }
  const obj = Object.assign(new Derived(), { [sym]() {}, c: 1, d() {} });
  assert.deepEqual(getMethodNames(obj), [sym, 'a', 'b', 'constructor', 'd']);
  assert.ok(Object.isFrozen(getMethodNames(obj)));
  assert.deepEqual(getMethodNames('str'), []);
});
