// One connection's flood does not starve the others: an attacker sends
// 20,000 calls at once (one write, 2.6 MB), each costing the victim 0.1 ms
// of work, and meanwhile another client pings the victim over its own
// connection. With the dispatch budget (64 messages or 5 ms per connection
// per event-loop turn, then setImmediate), the ping's round trip stays
// short; with the budget lifted, as a control, the same flood holds the
// event loop for much longer.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { connectCapTP, encodeNetstring, makeNetstringDecoder, type ConnectCapTPOptions } from '../../src/transport/index.js';

const FLOOD_CALLS = 20_000;
const WORK_MS = 0.1;

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

/** Runs the flood against a victim with `options`; returns the pings' round trips during it. */
const floodAndPing = async (options: ConnectCapTPOptions) => {
  const server = createServer(socket => {
    const service = Far('Service', {
      work: () => {
        busyFor(WORK_MS);
        return 1;
      },
      ping: () => 'pong',
    });
    connectCapTP(socket, 'victim', service, { ...options, onReject: () => {} });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const dial = async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return socket;
  };

  // The prober: an ordinary CapTP client, warmed up before the flood.
  const prober = connectCapTP(await dial(), 'prober', undefined, { onReject: () => {} });
  const service = prober.getBootstrap();
  assert.equal(await E(service).ping(), 'pong');

  // The attacker: a raw socket that writes every call at once and counts answers.
  const attacker = await dial();
  const decoder = makeNetstringDecoder(1 << 24);
  let answers = 0;
  const allAnswered = new Promise<void>(resolve => {
    attacker.on('data', chunk => {
      answers += decoder.push(chunk).length;
      if (answers >= FLOOD_CALLS + 1) resolve();
    });
    // Refused (it should not be): stop pinging; the count tells.
    attacker.on('close', () => resolve());
  });
  const frame = (message: unknown) => encodeNetstring(Buffer.from(JSON.stringify(message), 'utf8'));
  const frames: Uint8Array[] = [frame({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' })];
  for (let i = 1; i <= FLOOD_CALLS; i += 1) {
    frames.push(frame({ type: 'CTP_CALL', epoch: 0, questionID: `q-${i + 1}`, target: 'q-1', method: { body: '["work",[]]', slots: [] } }));
  }
  const started = performance.now();
  attacker.write(Buffer.concat(frames));

  const roundTrips: number[] = [];
  let flooding = true;
  void allAnswered.then(() => (flooding = false));
  while (flooding) {
    const sent = performance.now();
    await E(service).ping();
    if (flooding) roundTrips.push(performance.now() - sent);
  }
  const floodMs = performance.now() - started;
  assert.equal(answers, FLOOD_CALLS + 1, 'every call was answered');
  prober.abort();
  attacker.destroy();
  await new Promise(resolve => server.close(resolve));
  return { roundTrips, floodMs, worst: Math.max(0, ...roundTrips) };
};

test('while one connection floods 20,000 calls, another connection\'s round trip stays under 250 ms', async t => {
  const { roundTrips, floodMs, worst } = await floodAndPing({});
  t.diagnostic(`worst round trip ${worst.toFixed(1)} ms, ${roundTrips.length} pings during a ${floodMs.toFixed(0)} ms flood`);
  // The flood is 2 s of work at least: the pings ran all through it.
  assert.ok(floodMs >= FLOOD_CALLS * WORK_MS, `the flood took ${floodMs.toFixed(0)} ms`);
  assert.ok(roundTrips.length >= 10, `only ${roundTrips.length} pings during the flood`);
  assert.ok(worst < 250, `the worst round trip was ${worst.toFixed(1)} ms (${roundTrips.length} pings in ${floodMs.toFixed(0)} ms)`);
});

test('control: with the budget lifted, the same flood delays the other connection far more', async t => {
  const budgeted = await floodAndPing({ maxMessagesPerTurn: 32, maxMillisPerTurn: 2 });
  const unbounded = await floodAndPing({ maxMessagesPerTurn: Number.MAX_SAFE_INTEGER, maxMillisPerTurn: Number.MAX_SAFE_INTEGER });
  t.diagnostic(`worst round trip ${unbounded.worst.toFixed(1)} ms unbounded vs ${budgeted.worst.toFixed(1)} ms budgeted`);
  assert.ok(
    unbounded.worst > 2 * budgeted.worst && unbounded.worst > 250,
    `worst round trip ${unbounded.worst.toFixed(1)} ms unbounded vs ${budgeted.worst.toFixed(1)} ms budgeted`,
  );
});

test('the budget options are checked', () => {
  const socket = connect({ port: 1, host: '127.0.0.1' });
  socket.on('error', () => {});
  assert.throws(() => connectCapTP(socket, 'x', undefined, { maxMessagesPerTurn: 0 }), /maxMessagesPerTurn option must be a positive number/);
  assert.throws(() => connectCapTP(socket, 'x', undefined, { maxMillisPerTurn: -1 }), /maxMillisPerTurn option must be a positive number/);
  socket.destroy();
});
