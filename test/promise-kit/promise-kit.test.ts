// endo/promise-kit without lockdown and without a global HandledPromise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isPromise, makePromiseKit, racePromises } from '../../src/promise-kit/index.js';

test('makePromiseKit: resolve settles the promise', async () => {
  const { promise, resolve } = makePromiseKit<number>();
  assert.ok(promise instanceof Promise);
  resolve(5);
  assert.equal(await promise, 5);
});

test('makePromiseKit: reject rejects it; later calls do nothing', async () => {
  const { promise, resolve, reject } = makePromiseKit();
  reject(RangeError('no'));
  resolve('too late');
  reject(Error('also too late'));
  await assert.rejects(promise, { name: 'RangeError', message: 'no' });
});

test('makePromiseKit: resolve adopts promises and thenables', async () => {
  const a = makePromiseKit<number>();
  a.resolve(Promise.resolve(1));
  assert.equal(await a.promise, 1);
  const b = makePromiseKit<number>();
  b.resolve({ then: (ok: (v: number) => void) => ok(2) } as PromiseLike<number>);
  assert.equal(await b.promise, 2);
});

test('the kit and its functions are frozen; the promise is a plain Promise here', () => {
  const kit = makePromiseKit();
  assert.ok(Object.isFrozen(kit));
  assert.ok(Object.isFrozen(kit.resolve) && Object.isFrozen(kit.reject) && Object.isFrozen(kit.promise));
  assert.equal(Object.getPrototypeOf(kit.promise), Promise.prototype);
  assert.deepEqual(Object.keys(kit).sort(), ['promise', 'reject', 'resolve']);
  assert.ok(Object.isFrozen(makePromiseKit) && Object.isFrozen(racePromises) && Object.isFrozen(isPromise));
});

test('importing promise-kit installs nothing global', () => {
  assert.equal((Object as any)[Symbol.for('harden')], undefined);
  assert.equal((globalThis as any).harden, undefined);
  assert.equal((globalThis as any).HandledPromise, undefined);
});

test('isPromise is true only for genuine promises', () => {
  assert.equal(isPromise(Promise.resolve()), true);
  assert.equal(isPromise(makePromiseKit().promise), true);
  assert.equal(isPromise({ then() {} }), false);
  assert.equal(isPromise(undefined), false);
  assert.equal(isPromise(3), false);
  class Sub extends Promise<unknown> {}
  assert.equal(isPromise(new Sub(() => {})), false, 'a subclass with its own constructor is not');
});

test('racePromises settles like the first contender to settle', async () => {
  const slow = makePromiseKit<string>();
  const fast = makePromiseKit<string>();
  const race = racePromises([slow.promise, fast.promise]);
  fast.resolve('fast');
  slow.resolve('slow');
  assert.equal(await race, 'fast');
  const pending = makePromiseKit<string>();
  const failing = makePromiseKit<string>();
  const lost = racePromises([pending.promise, failing.promise]);
  failing.reject(Error('failed'));
  await assert.rejects(lost, { message: 'failed' });
  // Primitives and already-settled values win as Promise.race would have them.
  assert.equal(await racePromises([new Promise(() => {}), 7]), 7);
  assert.equal(await racePromises([Promise.resolve('first'), Promise.resolve('second')]), 'first');
  // A contender that settled during an earlier race still counts.
  assert.equal(await racePromises([pending.promise, fast.promise]), 'fast');
});

test('racePromises returns a frozen promise; an empty race never settles', async () => {
  const p = racePromises([1]);
  assert.ok(Object.isFrozen(p));
  let settled = false;
  racePromises([]).then(() => (settled = true), () => (settled = true));
  await new Promise(resolve => setTimeout(resolve, 5));
  assert.equal(settled, false);
});

test('a contender that never settles does not keep finished races alive (Promise.race does)', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const forever = new Promise(() => {});
  /** How many of 20 race winners are still reachable after the races. */
  const survivorsOf = async (race: (contenders: unknown[]) => Promise<unknown>) => {
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const prize = { i };
      refs.push(new WeakRef(prize));
      await race([forever, Promise.resolve(prize)]);
    }
    for (let round = 0; round < 2; round += 1) {
      await new Promise(resolve => setTimeout(resolve, 0));
      gc();
    }
    return refs.filter(ref => ref.deref() !== undefined).length;
  };
  // The last winner may still be held by the engine's bookkeeping of the
  // latest job; none of the others may be.
  assert.ok((await survivorsOf(contenders => racePromises(contenders))) <= 1);
  assert.ok((await survivorsOf(contenders => Promise.race(contenders))) >= 10, 'the test can see a leak');
});
