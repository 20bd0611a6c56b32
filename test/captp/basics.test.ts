// CapTP between two ends wired through JSON (pair.ts) and through
// makeLoopback: bootstrap, calls of every form, pipelining, promises
// passed both ways, remotable identity, errors, sendOnly.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, makeLoopback } from '../../src/captp/index.js';
import { Far, passStyleOf } from '../../src/pass-style/index.js';
import { makePromiseKit } from '../../src/promise-kit/index.js';
import { makePair, settle } from './pair.js';

const makeCounter = (start = 0) => {
  let count = start;
  return Far('counter', {
    inc(by = 1) {
      count += by;
      return count;
    },
  });
};

const makeBoot = () =>
  Far('Boot', {
    hello: (name: string) => `hello, ${name}`,
    getCounter: () => makeCounter(),
    makeCounter: (start: number) => makeCounter(start),
    echo: (x: unknown) => x,
    isSame: (x: unknown, y: unknown) => x === y,
    double: (p: Promise<number>) => Promise.resolve(p).then(n => n * 2),
    fail: (message: string) => {
      throw RangeError(message);
    },
    twice: async (f: (n: number) => Promise<number>, n: number) => {
      const m = await E(f)(n);
      return E(f)(m);
    },
    getRecord: () => harden({ greeting: 'hi' }),
  });

test('bootstrap: the first exchange is byte-for-byte the original trace', async () => {
  const { a, log } = makePair(undefined, makeBoot());
  const boot = await a.getBootstrap();
  assert.equal(passStyleOf(boot), 'remotable');
  assert.equal(String(boot), '[object Alleged: Boot]');
  assert.deepEqual(log.slice(0, 2).map(({ from, message }) => [from, JSON.stringify(message)]), [
    ['A', '{"type":"CTP_BOOTSTRAP","epoch":0,"questionID":"q-1"}'],
    [
      'B',
      '{"type":"CTP_RETURN","epoch":0,"answerID":"q-1","result":{"body":"{\\"@qclass\\":\\"slot\\",\\"iface\\":\\"Alleged: Boot\\",\\"index\\":0}","slots":["o+1"]}}',
    ],
  ]);
  // Unlike the original (without gcImports), A lets B forget the answer once it has it.
  assert.equal(JSON.stringify(log[2]!.message), '{"type":"CTP_DROP","epoch":0,"slotID":"q-1","decRefs":1}');
  const counter = E(boot).getCounter();
  const n = E(counter).inc(41);
  assert.equal(await n, 41);
  assert.equal(JSON.stringify(log[3]!.message), '{"type":"CTP_CALL","epoch":0,"questionID":"q-2","target":"o-1","method":{"body":"[\\"getCounter\\",[]]","slots":[]}}');
  assert.equal(JSON.stringify(log[4]!.message), '{"type":"CTP_CALL","epoch":0,"questionID":"q-3","target":"q-2","method":{"body":"[\\"inc\\",[41]]","slots":[]}}');
});

test('method calls, E.get and function calls', async () => {
  const { a } = makePair(undefined, makeBoot());
  const boot = a.getBootstrap();
  assert.equal(await E(boot).hello('world'), 'hello, world');
  assert.equal(await E.get(E(boot).getRecord()).greeting, 'hi');
  const f = await E(boot).echo(Far('doubler', (n: number) => n * 2));
  assert.equal(await E(f)(21), 42);
});

test('a bootstrap function is called with the bootstrap message', async () => {
  const seen: unknown[] = [];
  const { a } = makePair(undefined, (message: unknown) => {
    seen.push(message);
    return makeBoot();
  });
  assert.equal(await E(a.getBootstrap()).hello('x'), 'hello, x');
  assert.deepEqual(seen, [{ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }]);
});

test('pipelining: a chain of calls on unresolved answers is all sent before any answer comes back', async () => {
  const { a, log } = makePair(undefined, makeBoot());
  const boot = await a.getBootstrap();
  const start = log.length;
  const counter = E(boot).makeCounter(10);
  const p1 = E(counter).inc(1);
  const p2 = E(counter).inc(2);
  const got = await Promise.all([p1, p2, E(counter).inc(3)]);
  assert.deepEqual(got, [11, 13, 16]);
  const sent = log.slice(start).map(({ from, message }) => `${from} ${message.type} ${message.target ?? message.answerID ?? message.slotID}`);
  // Each answered question is dropped at once: the calls pipelined on it were sent before.
  assert.deepEqual(sent, [
    'A CTP_CALL o-1',
    'A CTP_CALL q-2',
    'A CTP_CALL q-2',
    'A CTP_CALL q-2',
    'B CTP_RETURN q-2',
    'A CTP_DROP q-2',
    'B CTP_RETURN q-3',
    'A CTP_DROP q-3',
    'B CTP_RETURN q-4',
    'A CTP_DROP q-4',
    'B CTP_RETURN q-5',
    'A CTP_DROP q-5',
  ]);
  assert.deepEqual(a.getStats().send, {
    CTP_BOOTSTRAP: 1,
    CTP_DROP: 5,
    CTP_CALL: 4,
    CTP_TRAP_ITERATE: 0,
    CTP_RETURN: 0,
    CTP_RESOLVE: 0,
    CTP_DISCONNECT: 0,
  });
  assert.equal(a.getStats().recv.CTP_RETURN, 5);
});

test('calls on the promise getBootstrap returns', async () => {
  const { a, log } = makePair(undefined, makeBoot());
  const boot = a.getBootstrap();
  assert.equal(await E(E(boot).getCounter()).inc(5), 5);
  // How soon the second call goes out depends on eventual-send's turns; its count does not.
  assert.deepEqual(log.map(({ message }) => message.type).sort(), [
    'CTP_BOOTSTRAP',
    'CTP_CALL',
    'CTP_CALL',
    'CTP_DROP',
    'CTP_DROP',
    'CTP_DROP',
    'CTP_RETURN',
    'CTP_RETURN',
    'CTP_RETURN',
  ]);
});

test('a promise passed as an argument is resolved later through CTP_RESOLVE', async () => {
  const { a, log } = makePair(undefined, makeBoot());
  const boot = a.getBootstrap();
  const kit = makePromiseKit<number>();
  const doubled = E(boot).double(kit.promise);
  await settle();
  const call = log.find(({ message }) => message.type === 'CTP_CALL' && message.method.body.includes('double'));
  assert.deepEqual(call!.message.method.slots, ['p+1']);
  kit.resolve(21);
  assert.equal(await doubled, 42);
  const resolve = log.find(({ message }) => message.type === 'CTP_RESOLVE');
  assert.deepEqual(resolve!.message, { type: 'CTP_RESOLVE', promiseID: 'p-1', res: { body: '21', slots: [] } });
});

test('a promise passed as an argument may be rejected later', async () => {
  const { a } = makePair(undefined, makeBoot());
  const kit = makePromiseKit<number>();
  const doubled = E(a.getBootstrap()).double(kit.promise);
  kit.reject(TypeError('no number'));
  await assert.rejects(doubled, { name: 'TypeError', message: 'no number' });
});

test('a promise as a result is resolved later', async () => {
  const kit = makePromiseKit<string>();
  const { a } = makePair(undefined, Far('Boot', { later: () => harden({ p: kit.promise }) }));
  const record = await E(a.getBootstrap()).later();
  assert.equal(passStyleOf(record.p), 'promise');
  kit.resolve('done');
  assert.equal(await record.p, 'done');
});

test('remotables keep their identity across round trips, both ways', async () => {
  const { a } = makePair(undefined, makeBoot());
  const boot = await a.getBootstrap();
  const mine = Far('mine', { ping: () => 'pong' });
  assert.equal(await E(boot).echo(mine), mine);
  const theirs1 = await E(boot).getCounter();
  const theirs2 = await E(boot).echo(theirs1);
  assert.equal(theirs1, theirs2);
  assert.equal(await E(boot).isSame(theirs1, theirs1), true);
  assert.equal(await E(boot).isSame(mine, mine), true);
  assert.equal(await E(boot).echo(boot), boot);
  const pair = await E(boot).echo(harden([mine, theirs1]));
  assert.equal(pair[0], mine);
  assert.equal(pair[1], theirs1);
});

test('errors cross as the same name and message, without a stack', async () => {
  const { a, rejectedA } = makePair(undefined, makeBoot());
  const boot = a.getBootstrap();
  const failure = await E(boot)
    .fail('out of range')
    .then(
      () => assert.fail('should reject'),
      (error: any) => error,
    );
  assert.ok(failure instanceof RangeError);
  assert.equal(failure.message, 'out of range');
  assert.doesNotMatch(String(failure.stack ?? ''), /basics\.test/);
  await assert.rejects(E(boot).noSuchMethod(), TypeError);
  assert.ok(rejectedA.length >= 1);
});

test('calling back to an object of ours that the peer holds', async () => {
  const { a } = makePair(undefined, makeBoot());
  const boot = a.getBootstrap();
  let called = 0;
  const f = Far('add1', async (n: number) => {
    called += 1;
    return n + 1;
  });
  assert.equal(await E(boot).twice(f, 5), 7);
  assert.equal(called, 2);
});

test('E.sendOnly delivers the message and returns undefined', async () => {
  const got: string[] = [];
  const { a } = makePair(undefined, Far('Boot', { note: (s: string) => void got.push(s) }));
  const boot = await a.getBootstrap();
  assert.equal(E.sendOnly(boot).note('one'), undefined);
  assert.equal(E.sendOnly(boot).note('two'), undefined);
  await settle();
  assert.deepEqual(got, ['one', 'two']);
});

test('both ends may offer a bootstrap, and each reaches the other', async () => {
  const { a, b } = makePair(Far('BootA', { who: () => 'A' }), Far('BootB', { who: () => 'B' }));
  assert.equal(await E(a.getBootstrap()).who(), 'B');
  assert.equal(await E(b.getBootstrap()).who(), 'A');
});

test('makeLoopback: makeFar and makeNear', async () => {
  const { makeFar, makeNear, isOnlyNear, isOnlyFar, getNearStats, getFarStats } = makeLoopback('basic');
  const counter = makeCounter(1);
  const far = await makeFar(counter);
  assert.equal(passStyleOf(far), 'remotable');
  assert.notEqual(far, counter);
  assert.equal(await E(far).inc(41), 42);
  assert.equal(isOnlyNear(far), false);
  assert.equal(isOnlyNear(harden({ a: 1, c: counter })), true);
  assert.equal(isOnlyFar(harden({ a: 1 })), true);
  const near = await makeNear(counter);
  assert.equal(await E(near).inc(1), 43);
  assert.ok(getNearStats().send.CTP_CALL >= 2);
  assert.ok(getFarStats().recv.CTP_CALL >= 2);
});
