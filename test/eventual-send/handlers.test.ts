// Handlers: the pending handler of an unsettled handled promise, the
// presence handler after resolveWithPresence, and the fallbacks between
// handler operations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, HandledPromise } from '../../src/eventual-send/index.js';
import type { Handler } from '../../src/eventual-send/index.js';

const nextTurns = () => new Promise(resolve => setTimeout(resolve, 0));

/** A pending handled promise with `handler`, and its settler. */
const pendingWith = (handler: Handler<any>) => {
  let settler!: { resolve: (v: unknown) => void; reject: (r: unknown) => void; resolveWithPresence: (h?: Handler<{}>, o?: any) => object };
  // `any`: E's types cannot see through a promise for unknown.
  const promise: any = new HandledPromise((resolve, reject, resolveWithPresence) => {
    settler = { resolve, reject, resolveWithPresence };
  }, handler);
  return { promise, settler };
};

test('every operation reaches the pending handler with target, arguments and the returned promise', async () => {
  const calls: unknown[][] = [];
  const handler: Required<Handler<any>> = {
    get: (t, prop, returnedP) => (calls.push(['get', t, prop, returnedP instanceof Promise]), 'g'),
    getSendOnly: (t, prop, ...rest) => void calls.push(['getSendOnly', t, prop, rest]),
    applyFunction: (t, args, returnedP) => (calls.push(['applyFunction', t, args, returnedP instanceof Promise]), 'f'),
    applyFunctionSendOnly: (t, args, ...rest) => void calls.push(['applyFunctionSendOnly', t, args, rest]),
    applyMethod: (t, prop, args, returnedP) => (calls.push(['applyMethod', t, prop, args, returnedP instanceof Promise]), 'm'),
    applyMethodSendOnly: (t, prop, args, ...rest) => void calls.push(['applyMethodSendOnly', t, prop, args, rest]),
  };
  const { promise: p } = pendingWith(handler);
  assert.equal(await E.get(p).x, 'g');
  assert.equal(await E(p)(1), 'f');
  assert.equal(await E(p).m(2), 'm');
  E.sendOnly(p).s(3);
  E.sendOnly(p)(4);
  HandledPromise.getSendOnly(p, 'y');
  await nextTurns();
  assert.deepEqual(calls, [
    ['get', p, 'x', true],
    ['applyFunction', p, [1], true],
    ['applyMethod', p, 'm', [2], true],
    // Send-only operations get no returned promise.
    ['applyMethodSendOnly', p, 's', [3], [undefined]],
    ['applyFunctionSendOnly', p, [4], [undefined]],
    ['getSendOnly', p, 'y', [undefined]],
  ]);
});

test('the promise a send returns is the one the handler is given', async () => {
  let given: unknown;
  const { promise: p } = pendingWith({ applyMethod: (_t, _p, _a, returnedP) => { given = returnedP; return 1; } });
  const answer = E(p).m();
  await answer;
  assert.equal(given, answer);
});

test('a missing SendOnly operation falls back to the plain one, result dropped', async () => {
  const calls: unknown[] = [];
  const { promise: p } = pendingWith({
    get: (_t, prop) => { calls.push(['get', prop]); return 'g'; },
    applyFunction: (_t, args) => { calls.push(['applyFunction', args]); return 'f'; },
    applyMethod: (_t, prop, args, returnedP) => { calls.push(['applyMethod', prop, args, returnedP]); return 'm'; },
  });
  assert.equal(E.sendOnly(p).m(1), undefined);
  assert.equal(E.sendOnly(p)(2), undefined);
  assert.equal(HandledPromise.getSendOnly(p, 'x'), undefined);
  await nextTurns();
  assert.deepEqual(calls, [['applyMethod', 'm', [1], undefined], ['applyFunction', [2]], ['get', 'x']]);
});

test('a missing applyMethod is a get followed by an applyFunction on its result', async () => {
  const calls: unknown[] = [];
  const { promise: p } = pendingWith({
    get: (_t, prop) => {
      calls.push(['get', prop]);
      return (...args: unknown[]) => `called ${String(prop)} with ${args.join()}`;
    },
  });
  assert.equal(await E(p).greet(1, 2), 'called greet with 1,2');
  assert.deepEqual(calls, [['get', 'greet']]);
});

test('a missing applyFunction is applyMethod with an undefined name', async () => {
  const calls: unknown[] = [];
  const { promise: p } = pendingWith({
    applyMethod: (_t, prop, args) => { calls.push([prop, args]); return 'via applyMethod'; },
  });
  assert.equal(await E(p)(1, 2), 'via applyMethod');
  // The spec's (and the types') shape. @endo/eventual-send 1.5 passes the
  // arguments wrapped in one more array ([[1, 2]]); we do not.
  assert.deepEqual(calls, [[undefined, [1, 2]]]);
});

test('a handler without the needed operations rejects the send with a TypeError naming them', async () => {
  const { promise: p } = pendingWith({ get: () => 1 });
  // applyFunction: no applyFunction, no applyMethod to fall back on.
  await assert.rejects(E(p)(), {
    name: 'TypeError',
    message: '"pendingHandler" is defined but has no methods needed for "applyFunction" (has ["get"])',
  });
  const { promise: q } = pendingWith({});
  await assert.rejects(E.get(q).x, {
    name: 'TypeError',
    message: '"pendingHandler" is defined but has no methods needed for "get" (has [])',
  });
});

test('a primitive handler is refused', () => {
  assert.throws(() => new HandledPromise(() => {}, 'oops' as any), {
    name: 'TypeError',
    message: 'Handler "oops" cannot be a primitive',
  });
});

test('resolveWithPresence makes an empty presence, resolves to it and routes to its handler', async () => {
  const pendingCalls: unknown[] = [];
  const presenceCalls: unknown[] = [];
  const { promise: p, settler } = pendingWith({ applyMethod: (_t, prop) => (pendingCalls.push(prop), 'pending') });
  const presence = settler.resolveWithPresence({
    applyMethod: (target, prop, args) => (presenceCalls.push([target, prop, args]), 'presence'),
  });
  assert.equal(Object.getPrototypeOf(presence), null);
  assert.deepEqual(Reflect.ownKeys(presence), []);
  assert.equal(await p, presence);
  assert.equal(await E(p).a(1), 'presence');
  assert.equal(await (E(presence) as any).b(2), 'presence');
  assert.deepEqual(pendingCalls, []);
  assert.deepEqual(presenceCalls, [[presence, 'a', [1]], [presence, 'b', [2]]]);
  // Settling again does nothing; resolveWithPresence returns what it settled to.
  settler.resolve(5);
  assert.equal(settler.resolveWithPresence({}), presence);
});

test('resolveWithPresence without a handler keeps the pending handler', async () => {
  const { promise: p, settler } = pendingWith({ applyMethod: (_t, prop) => `pending got ${String(prop)}` });
  const presence = settler.resolveWithPresence();
  assert.equal(await (E(presence) as any).x(), 'pending got x');
  assert.equal(await p, presence);
});

test('resolveWithPresence with a proxy option makes the presence a (revocable) proxy', async () => {
  let revoke!: () => void;
  const { settler } = pendingWith({});
  const presence = settler.resolveWithPresence(
    { applyMethod: (_t, prop) => `presence ${String(prop)}` },
    {
      proxy: {
        handler: { get: (_t: unknown, prop: PropertyKey) => `trapped ${String(prop)}` },
        target: {},
        revokerCallback: (r: () => void) => { revoke = r; },
      },
    },
  );
  assert.equal((presence as any).hello, 'trapped hello');
  assert.equal(await (E(presence) as any).m(), 'presence m');
  revoke();
  assert.throws(() => (presence as any).hello, TypeError);
  const plain = pendingWith({}).settler.resolveWithPresence({}, { proxy: { handler: {}, target: { x: 1 } } });
  assert.equal((plain as any).x, 1);
});

test('resolveWithPresence with a primitive handler throws and rejects the promise', async () => {
  const { promise: p, settler } = pendingWith({});
  assert.throws(() => settler.resolveWithPresence(7 as any), { name: 'TypeError', message: 'Handler 7 cannot be a primitive' });
  await assert.rejects(p, { message: 'Handler 7 cannot be a primitive' });
});

test('a handled promise resolved to another pending one sends its messages to that one\'s handler', async () => {
  const calls: unknown[] = [];
  const { promise: target } = pendingWith({ applyMethod: (_t, prop) => (calls.push(['target', prop]), 'from target') });
  const { promise: follower, settler } = pendingWith({ applyMethod: (_t, prop) => (calls.push(['follower', prop]), 'from follower') });
  settler.resolve(target);
  assert.equal(await (E(follower) as any).m(), 'from target');
  assert.deepEqual(calls, [['target', 'm']]);
});

test('a handled promise without a handler holds messages until it settles', async () => {
  const seen: number[] = [];
  let resolve!: (value: unknown) => void;
  const p: any = new HandledPromise(r => { resolve = r; });
  const answer = E(p).m(1);
  await nextTurns();
  assert.equal(seen.length, 0);
  resolve({ m: (x: number) => { seen.push(x); return x + 1; } });
  assert.equal(await answer, 2);
  assert.deepEqual(seen, [1]);
});

test('a rejected handled promise rejects the messages sent to it', async () => {
  const { promise: p, settler } = pendingWith({});
  settler.reject(RangeError('gone'));
  await assert.rejects(p, RangeError);
  await assert.rejects(E(p).m(), { name: 'RangeError', message: 'gone' });
});
