// Ordering guarantees: never synchronous delivery, E-order per target (to
// local objects, to promises that resolve later, to pending handled
// promises), and the switch to the presence handler after
// resolveWithPresence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, HandledPromise } from '../../src/eventual-send/index.js';
import type { Handler } from '../../src/eventual-send/index.js';

const nextTurns = () => new Promise(resolve => setTimeout(resolve, 0));

const makeLogger = (log: unknown[], name: string) => ({
  m(i: number) {
    log.push([name, i]);
    return i;
  },
});

test('delivery never happens in the sending turn, not even to a local object', async () => {
  const log: unknown[] = [];
  const x = makeLogger(log, 'x');
  const fn = () => log.push('fn');
  E(x).m(1);
  E(fn)();
  E.get(x).m;
  E.sendOnly(x).m(2);
  HandledPromise.applyMethod(x, 'm', [3]);
  log.push('end of turn');
  assert.deepEqual(log, ['end of turn']);
  await nextTurns();
  assert.deepEqual(log, ['end of turn', ['x', 1], 'fn', ['x', 2], ['x', 3]]);
});

test('many messages to one local object arrive in the order sent, whatever their form', async () => {
  const log: unknown[] = [];
  const x = makeLogger(log, 'x');
  for (let i = 0; i < 50; i += 1) {
    if (i % 3 === 0) E(x).m(i);
    else if (i % 3 === 1) E.sendOnly(x).m(i);
    else HandledPromise.applyMethod(x, 'm', [i]);
  }
  await nextTurns();
  assert.deepEqual(log, Array.from({ length: 50 }, (_, i) => ['x', i]));
});

test('messages to a promise that resolves later arrive after it resolves, in the order sent', async () => {
  const log: unknown[] = [];
  let resolve!: (value: unknown) => void;
  const p: any = new Promise(r => { resolve = r; });
  for (let i = 0; i < 20; i += 1) E(p).m(i);
  await nextTurns();
  assert.deepEqual(log, []);
  resolve(makeLogger(log, 'x'));
  for (let i = 20; i < 25; i += 1) E(p).m(i);
  await nextTurns();
  assert.deepEqual(log, Array.from({ length: 25 }, (_, i) => ['x', i]));
});

test('messages to a pending handled promise reach its handler in order (pipelining)', async () => {
  const log: unknown[] = [];
  const handler: Handler<any> = {
    applyMethod: (_t, prop, args) => log.push(['applyMethod', prop, args]),
    applyMethodSendOnly: (_t, prop, args) => void log.push(['applyMethodSendOnly', prop, args]),
    get: (_t, prop) => log.push(['get', prop]),
    applyFunction: (_t, args) => log.push(['applyFunction', args]),
  };
  const p: any = new HandledPromise(() => {}, handler);
  E(p).a(1);
  E.get(p).b;
  E(p)(2);
  E.sendOnly(p).c(3);
  E(p).d(4);
  assert.deepEqual(log, []);
  // One turn is enough: pipelined messages need not wait for anything.
  await Promise.resolve();
  assert.deepEqual(log, [
    ['applyMethod', 'a', [1]],
    ['get', 'b'],
    ['applyFunction', [2]],
    ['applyMethodSendOnly', 'c', [3]],
    ['applyMethod', 'd', [4]],
  ]);
});

test('after resolveWithPresence, messages not yet delivered go to the presence handler, in order', async () => {
  const log: unknown[] = [];
  let resolveWithPresence!: (handler: Handler<{}>) => object;
  const p: any = new HandledPromise((_resolve, _reject, rwp) => { resolveWithPresence = rwp; }, {
    applyMethod: (_t, prop) => log.push(['pending', prop]),
  });
  E(p).before1();
  E(p).before2();
  const presence: any = resolveWithPresence({ applyMethod: (_t, prop) => log.push(['presence', prop]) });
  E(p).after1();
  E(presence).after2();
  E(p).after3();
  await nextTurns();
  // Delivery happens in a later turn, and by then the promise stands for
  // the presence: even the messages sent before it go to its handler.
  assert.deepEqual(log, [
    ['presence', 'before1'],
    ['presence', 'before2'],
    ['presence', 'after1'],
    ['presence', 'after2'],
    ['presence', 'after3'],
  ]);
});

test('messages delivered before resolveWithPresence stay with the pending handler', async () => {
  const log: unknown[] = [];
  let resolveWithPresence!: (handler: Handler<{}>) => object;
  const p: any = new HandledPromise((_resolve, _reject, rwp) => { resolveWithPresence = rwp; }, {
    applyMethod: (_t, prop) => log.push(['pending', prop]),
  });
  E(p).first();
  E(p).second();
  await nextTurns(); // both delivered to the pending handler
  resolveWithPresence({ applyMethod: (_t, prop) => log.push(['presence', prop]) });
  E(p).third();
  await nextTurns();
  assert.deepEqual(log, [['pending', 'first'], ['pending', 'second'], ['presence', 'third']]);
});

test('a chain of sends through answers keeps each target\'s order', async () => {
  const log: unknown[] = [];
  const child = makeLogger(log, 'child');
  const parent = { getChild: () => { log.push('getChild'); return child; }, ...makeLogger(log, 'parent') };
  const childP: any = E(parent).getChild();
  E(childP).m(1);
  E(parent).m(1);
  E(childP).m(2);
  E(parent).m(2);
  await nextTurns();
  assert.deepEqual(log.filter(e => Array.isArray(e) && e[0] === 'child'), [['child', 1], ['child', 2]]);
  assert.deepEqual(log.filter(e => Array.isArray(e) && e[0] === 'parent'), [['parent', 1], ['parent', 2]]);
  assert.equal(log[0], 'getChild');
});
