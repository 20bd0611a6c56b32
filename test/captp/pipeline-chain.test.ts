// A 10,000-deep pipelined chain over CapTP (about 1 MB of calls sent at
// once): the answering end sends each call to the answer of the one before,
// a pending promise, so its cost is eventual send's forwarding. That must be
// linear: the chain completes within a few seconds, and another
// connection's ping keeps being answered meanwhile.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { makePair } from './pair.js';

const DEPTH = 10_000;

test(`a ${DEPTH}-deep pipelined chain completes quickly, and another connection is served meanwhile`, async () => {
  let calls = 0;
  const chained: any = Far('Chained', {
    self() {
      calls += 1;
      return chained;
    },
    label: () => 'chained',
  });
  const chainPair = makePair(undefined, chained);
  const pingPair = makePair(undefined, Far('Pinger', { ping: () => 'pong' }));
  const pinger = pingPair.a.getBootstrap();
  assert.equal(await E(pinger).ping(), 'pong');

  // Ping the other connection every 20 ms for as long as the chain runs.
  const roundTrips: number[] = [];
  let chainDone = false;
  const pingLoop = (async () => {
    while (!chainDone) {
      const sent = performance.now();
      assert.equal(await E(pinger).ping(), 'pong');
      roundTrips.push(performance.now() - sent);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  })();

  const started = performance.now();
  let label: unknown;
  let elapsed: number;
  try {
    let end: any = chainPair.a.getBootstrap();
    for (let i = 0; i < DEPTH; i += 1) end = E(end).self();
    label = await E(end).label();
  } finally {
    elapsed = performance.now() - started;
    // Whatever happened, stop pinging, or the test would never end.
    chainDone = true;
  }
  await pingLoop;

  assert.equal(label, 'chained');
  assert.equal(calls, DEPTH);
  const callsSent = chainPair.log.filter(({ from, message }) => from === 'A' && message.type === 'CTP_CALL').length;
  assert.equal(callsSent, DEPTH + 1, 'every call was pipelined, none waited for an answer');
  // Quadratic forwarding took 14-19 s here; linear takes well under one.
  assert.ok(elapsed < 5_000, `the chain took ${elapsed.toFixed(0)} ms`);
  assert.ok(roundTrips.length >= 1, 'the other connection was pinged');
  const slowest = Math.max(...roundTrips);
  assert.ok(slowest < 3_000, `the other connection's slowest ping took ${slowest.toFixed(0)} ms`);
  assert.deepEqual(chainPair.rejectedA, []);
  assert.deepEqual(chainPair.rejectedB, []);
  harden(roundTrips);
});
