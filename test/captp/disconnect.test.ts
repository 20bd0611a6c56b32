// Ending a CapTP connection: abort() on either end rejects every pending
// question and imported promise, tells the peer, and stops all traffic.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, makeCapTP } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { makePromiseKit } from '../../src/promise-kit/index.js';
import { makePair, settle } from './pair.js';

const makeSlowBoot = () => {
  const never = makePromiseKit<never>();
  return Far('Boot', {
    hang: () => never.promise,
    promiseInRecord: () => harden({ p: never.promise }),
    ok: () => 'ok',
  });
};

test('abort(reason) rejects pending questions on both ends with that reason', async () => {
  const { a, b, log, rejectedA } = makePair(undefined, makeSlowBoot());
  const boot = await a.getBootstrap();
  const pending = E(boot).hang();
  const { p } = await E(boot).promiseInRecord();
  await settle();
  const reason = Error('shutting down');
  a.abort(reason);
  await assert.rejects(pending, reason);
  await assert.rejects(p, reason);
  assert.deepEqual(rejectedA, [reason]);
  // The peer got the disconnection (the Error went through JSON as {}) and
  // passed it back, as the original does; A, already disconnected, ignores that.
  assert.deepEqual(log.slice(-2), [
    { from: 'A', message: { type: 'CTP_DISCONNECT', epoch: 0, reason: {} } },
    { from: 'B', message: { type: 'CTP_DISCONNECT', epoch: 0, reason: {} } },
  ]);
  assert.equal(b.getStats().recv.CTP_DISCONNECT, 1);
  assert.equal(a.getStats().recv.CTP_DISCONNECT, 2);
});

test('abort() without a reason rejects with a "connection closed" error', async () => {
  const { a } = makePair(undefined, makeSlowBoot());
  const pending = E(a.getBootstrap()).hang();
  await settle();
  a.abort();
  await assert.rejects(pending, { message: '"A" connection closed' });
});

test('a disconnection from the peer rejects what is pending here', async () => {
  const { a, b, rejectedA } = makePair(undefined, makeSlowBoot());
  const pending = E(a.getBootstrap()).hang();
  await settle();
  b.abort('peer going away');
  await assert.rejects(pending, (reason: unknown) => reason === 'peer going away');
  assert.deepEqual(rejectedA, ['peer going away']);
});

test('after a disconnection nothing is sent and everything is refused', async () => {
  const { a, b, log } = makePair(undefined, makeSlowBoot());
  const boot = await a.getBootstrap();
  a.abort('bye');
  const count = log.length;
  await assert.rejects(a.getBootstrap(), (reason: unknown) => reason === 'bye');
  await assert.rejects(E(boot).ok(), (reason: unknown) => reason === 'bye');
  assert.equal(a.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-9' }), false);
  assert.equal(b.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-9' }), false);
  await settle();
  assert.equal(log.length, count);
  a.abort('again'); // A second abort is harmless.
});

test('a rawSend that throws or rejects aborts the connection', async () => {
  const sendFailure = Error('wire cut');
  const thrower = makeCapTP('T', () => {
    throw sendFailure;
  }, undefined, { onReject: () => {} });
  await assert.rejects(thrower.getBootstrap(), sendFailure);

  const rejecter = makeCapTP('R', () => Promise.reject(sendFailure), undefined, { onReject: () => {} });
  await assert.rejects(rejecter.getBootstrap(), sendFailure);
});
