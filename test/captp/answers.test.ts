// How long an answer is kept: the asker drops each question (CTP_DROP q-N)
// as soon as its answer arrives, and the answerer then forgets the answer,
// so a long-lived connection keeps nothing per call. Calls pipelined on a
// question before its answer arrived were sent before the drop, so they
// still find the answer.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, makeCapTP } from '../../src/captp/index.js';
import type { CapTP, CapTPMessage } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { makePair, settle } from './pair.js';

const makeCounter = (count: number) => Far('counter', { inc: (by: number) => (count += by) });
const makeBoot = () => Far('Boot', { hello: (name: string) => `hello, ${name}`, makeCounter });

test('an answered question is dropped at once, and the answerer keeps no answer', async () => {
  const { a, b, log } = makePair(undefined, makeBoot());
  const boot = await a.getBootstrap();
  const start = log.length;
  assert.equal(await E(boot).hello('x'), 'hello, x');
  assert.deepEqual(
    log.slice(start).map(({ from, message }) => `${from} ${message.type} ${message.questionID ?? message.answerID ?? message.slotID}`),
    ['A CTP_CALL q-2', 'B CTP_RETURN q-2', 'A CTP_DROP q-2'],
  );
  assert.deepEqual(log.at(-1)!.message, { type: 'CTP_DROP', epoch: 0, slotID: 'q-2', decRefs: 1 });
  assert.equal(b.getTableSizes().answers, 0);
  // The bootstrap's question went the same way.
  assert.equal(b.getStats().gc.DROPPED, 2);
  assert.deepEqual(a.getTableSizes(), { exports: 0, imports: 1, answers: 0 });
});

test('a call pipelined on a question before its answer arrived still reaches the answer', async () => {
  // Messages wait in queues until delivered by hand, so that the answer and
  // the pipelined call cross.
  const toA: CapTPMessage[] = [];
  const toB: CapTPMessage[] = [];
  const sentByA: string[] = [];
  const a: CapTP = makeCapTP('A', message => {
    sentByA.push(`${message.type} ${message.target ?? message.slotID ?? ''}`.trim());
    toB.push(JSON.parse(JSON.stringify(message)));
  }, undefined);
  const b: CapTP = makeCapTP('B', message => void toA.push(JSON.parse(JSON.stringify(message))), makeBoot());
  const deliver = async (queue: CapTPMessage[], to: CapTP) => {
    while (queue.length > 0) to.dispatch(queue.shift());
    await settle(3);
  };
  const bootP = a.getBootstrap();
  await deliver(toB, b);
  await deliver(toA, a);
  const boot = await bootP;
  await deliver(toB, b); // A's drop of the bootstrap question
  const counter = E(boot).makeCounter(10);
  await settle(3);
  await deliver(toB, b); // B answers q-2: its CTP_RETURN waits in toA
  assert.equal(b.getTableSizes().answers, 1);
  const sum = E(counter).inc(1); // pipelined on q-2, which is answered but A does not know yet
  await settle(3);
  await deliver(toA, a); // the answer arrives: A drops q-2, after the pipelined call
  assert.deepEqual(sentByA.slice(-3), ['CTP_CALL o-1', 'CTP_CALL q-2', 'CTP_DROP q-2']);
  await deliver(toB, b); // the pipelined call, then the drop
  assert.equal(b.getTableSizes().answers, 1); // the pipelined call's own answer, until its drop
  await deliver(toA, a);
  assert.equal(await sum, 11);
  await deliver(toB, b);
  assert.equal(b.getTableSizes().answers, 0);
  // Later calls go to the counter itself, not to the question.
  const next = E(counter).inc(1);
  for (let i = 0; i < 4; i += 1) {
    await settle(3);
    await deliver(toB, b);
    await deliver(toA, a);
  }
  assert.equal(await next, 12);
  assert.deepEqual(sentByA.filter(sent => sent.startsWith('CTP_CALL')), ['CTP_CALL o-1', 'CTP_CALL q-2', 'CTP_CALL o-2']);
});

test('with gcImports too, a question is dropped when it is answered, without waiting for GC', async () => {
  const { a, b, log } = makePair(undefined, makeBoot(), { gcImports: true });
  const boot = await a.getBootstrap();
  for (let i = 0; i < 10; i += 1) assert.equal(await E(boot).hello(`${i}`), `hello, ${i}`);
  await settle();
  assert.equal(b.getTableSizes().answers, 0);
  const drops = log.filter(({ message }) => message.type === 'CTP_DROP').map(({ message }) => message.slotID);
  assert.deepEqual(drops, ['q-1', 'q-2', 'q-3', 'q-4', 'q-5', 'q-6', 'q-7', 'q-8', 'q-9', 'q-10', 'q-11']);
  // Questions are not held as imports to be collected.
  assert.equal(a.getTableSizes().imports, 1);
});

test('an answer kept by the peer while unanswered questions are pending', async () => {
  let release!: () => void;
  const gate = new Promise<void>(resolve => (release = resolve));
  const { a, b } = makePair(undefined, Far('Boot', { wait: async () => gate.then(() => 'opened') }));
  const boot = await a.getBootstrap();
  const waiting = E(boot).wait();
  await settle();
  assert.equal(b.getTableSizes().answers, 1);
  release();
  assert.equal(await waiting, 'opened');
  await settle();
  assert.equal(b.getTableSizes().answers, 0);
});

test("a Trap call's question is dropped once the guest has the completion", async () => {
  const sentByGuest: string[] = [];
  // eslint-disable-next-line prefer-const
  let host: CapTP;
  const guest = makeCapTP('guest', message => {
    sentByGuest.push(`${message.type} ${message.questionID ?? message.slotID}`);
    host.dispatch(JSON.parse(JSON.stringify(message)));
  }, undefined, {
    // Sends the call, then answers at once (a real guest blocks until it has the host's completion).
    trapGuest: ({ startTrap }) => {
      startTrap();
      return [false, { body: '"canned"', slots: [] }];
    },
  });
  let handler: object | undefined;
  host = makeCapTP('host', message => void guest.dispatch(JSON.parse(JSON.stringify(message))), () => Far('Boot', { getHandler: () => handler }), {
    trapHost: () => undefined,
  });
  handler = host.makeTrapHandler('handler', { m: () => 'real' });
  const boot = await guest.getBootstrap();
  const remote = await E(boot).getHandler();
  assert.equal(guest.Trap!(remote).m(), 'canned');
  await settle();
  assert.deepEqual(sentByGuest.slice(-2), ['CTP_CALL q-3', 'CTP_DROP q-3']);
  assert.equal(host.getTableSizes().answers, 0);
});
