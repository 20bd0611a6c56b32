// The forms of E: E(x).m(), E(x)(), E.get(x).p, E.sendOnly(x), E.when,
// E.resolve, and what E's proxies refuse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, HandledPromise } from '../../src/eventual-send/index.js';

const nextTurns = () => new Promise(resolve => setTimeout(resolve, 0));

test('E(x).method(...args) calls the method later and promises its result', async () => {
  const calc = { double: (n: number) => n * 2 };
  const p = E(calc).double(21);
  assert.ok(p instanceof Promise);
  assert.equal(await p, 42);
});

test('E(x).method() on a promise waits for the promise', async () => {
  const calc = Promise.resolve({ inc: (n: number) => n + 1 });
  assert.equal(await E(calc).inc(1), 2);
});

test('E(x)(...args) calls x as a function', async () => {
  assert.equal(await E((a: number, b: number) => a * b)(6, 7), 42);
  assert.equal(await E(Promise.resolve(() => 'later'))(), 'later');
});

test('E.get(x).prop promises a property', async () => {
  assert.equal(await E.get({ size: 3 }).size, 3);
  assert.equal(await E.get(Promise.resolve({ size: 4 })).size, 4);
  assert.equal(await (E.get({}) as any).missing, undefined);
});

test('E.sendOnly(x) delivers and returns undefined', async () => {
  const seen: unknown[] = [];
  const target: any = (x: unknown) => { seen.push(['call', x]); return 'ignored'; };
  (target as any).m = (x: unknown) => { seen.push(['m', x]); return 'ignored'; };
  assert.equal(E.sendOnly(target).m(1), undefined);
  assert.equal(E.sendOnly(target)(2), undefined);
  assert.deepEqual(seen, []);
  await nextTurns();
  assert.deepEqual(seen, [['m', 1], ['call', 2]]);
});

test('E.when(x, onOk, onErr) is HandledPromise.resolve(x).then(onOk, onErr)', async () => {
  assert.equal(await E.when(1, (v: number) => v + 1), 2);
  assert.equal(await E.when(Promise.resolve(2), (v: number) => v * 10), 20);
  assert.equal(await E.when(Promise.reject(Error('bad')), undefined, (e: Error) => `caught ${e.message}`), 'caught bad');
  let called = false;
  const p = E.when(3, () => { called = true; });
  assert.equal(called, false, 'callbacks run in a later turn');
  await p;
  assert.equal(called, true);
});

test('E.resolve is HandledPromise.resolve', async () => {
  assert.equal(E.resolve, HandledPromise.resolve);
  const p = E.resolve(5);
  assert.ok(Object.isFrozen(p));
  assert.equal(await p, 5);
});

test('E and its helpers are frozen', () => {
  assert.ok(Object.isFrozen(E));
  for (const name of ['get', 'resolve', 'sendOnly', 'when']) assert.ok(Object.isFrozen((E as any)[name]), name);
});

test('E proxies pretend to have every property and refuse changes', () => {
  const proxy = E({}) as any;
  assert.ok('anything' in proxy);
  assert.equal(typeof proxy.anything, 'function');
  assert.equal(proxy.anything.name, 'anything');
  assert.equal(Reflect.set(proxy, 'x', 1), false);
  assert.equal(Reflect.deleteProperty(proxy, 'x'), false);
  assert.equal(Reflect.setPrototypeOf(proxy, null), false);
  assert.equal(Reflect.isExtensible(proxy), false);
  const getter = E.get({}) as any;
  assert.ok('anything' in getter);
  assert.equal(Reflect.set(getter, 'x', 1), false);
  const sendOnly = E.sendOnly({}) as any;
  assert.ok('anything' in sendOnly);
  assert.equal(Reflect.set(sendOnly, 'x', 1), false);
});

test('a method detached from its E proxy rejects (E) or throws (E.sendOnly)', async () => {
  const { m } = E({ m: () => 1 }) as any;
  await assert.rejects(m(), { message: 'Unexpected receiver for ""m"" method of E({"m":"[Function m]"})' });
  const { s } = E.sendOnly(7) as any;
  assert.throws(() => s(), { message: 'Unexpected receiver for ""s"" method of E.sendOnly(7)' });
});

test('symbol-named methods are sent as symbols', async () => {
  const sym = Symbol.for('greet');
  const target = { [sym]: () => 'hi' };
  assert.equal(await (E(target) as any)[sym](), 'hi');
});
