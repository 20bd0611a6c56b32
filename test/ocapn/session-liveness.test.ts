// The session liveness limit (src/ocapn/liveness.ts, makeOcapn's
// livenessTimeoutMs) over in-memory channels: a peer we wait on that sends
// nothing for the limit ends the session (naming the peer and the limit,
// tables emptied, the peer told by op:abort); a peer that keeps talking
// while one answer takes long is not cut off; an idle session is never
// timed out; a peer that never says op:start-session is given up on.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { DEFAULT_OCAPN_LIVENESS_TIMEOUT_MS } = await import('../../src/ocapn/liveness.js');
const { makeMemoryNetwork } = await import('./memory-netlayer.js');
type Ocapn = import('../../src/ocapn/client.js').Ocapn;
type OcapnSession = import('../../src/ocapn/session.js').OcapnSession;

// Liveness timers do not keep a process alive (sockets do); memory channels hold nothing open, so this does.
const keepProcessAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepProcessAlive));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Tools = { echo(value: unknown): unknown; hang(): unknown };
const zeroTables = { exports: 0, imports: 0, answers: 0, questions: 0 };

const setUp = async (limit: number) => {
  const network = makeMemoryNetwork();
  const a = await makeOcapn({ netlayers: [network.netlayer('alice')], livenessTimeoutMs: limit });
  const b = await makeOcapn({ netlayers: [network.netlayer('bob')], livenessTimeoutMs: limit });
  const ref = b.makeSturdyRef(Far('tools', { echo: (value: unknown) => value, hang: () => new Promise(() => {}) }));
  const tools = (await a.enlivenSturdyRef(ref)) as Tools;
  const [session] = a.sessions() as [OcapnSession];
  return { network, a, b, tools, session };
};
const closeAll = async (...peers: Ocapn[]) => Promise.all(peers.map((peer) => peer.close()));

test('livenessTimeoutMs: the default is 5 minutes; a value that is not a whole number of ms of at least 1 (or Infinity) is refused', async () => {
  assert.equal(DEFAULT_OCAPN_LIVENESS_TIMEOUT_MS, 300_000);
  const network = makeMemoryNetwork();
  for (const bad of [0, -1, 1.5, NaN, '1000', null]) {
    await assert.rejects(makeOcapn({ netlayers: [network.netlayer('x')], livenessTimeoutMs: bad as number }), {
      name: 'TypeError',
      message: /^The livenessTimeoutMs option of makeOcapn must be a whole number of ms of at least 1, or Infinity: /,
    });
  }
  await (await makeOcapn({ netlayers: [network.netlayer('y')], livenessTimeoutMs: Infinity })).close();
});

test('a peer silent while we wait on it: pending calls break after the limit naming it, the tables are emptied, the peer is told', async () => {
  const limit = 150;
  const { network, a, b, tools, session } = await setUp(limit);
  try {
    const hanging = E(tools).hang() as Promise<unknown>;
    const atBob = b.sessions()[0]!;
    // Bob stalls: what he writes is held back.
    network.endBetween('bob', 'alice')!.hold();
    const started = Date.now();
    const echoed = E(tools).echo('anyone?') as Promise<unknown>;
    const pattern = /^OCapN session with ocapn:\/\/bob\.memory ended: the peer sent nothing for [0-9]+ ms while we waited on 2 answer\(s\) \(stalled or unreachable; the livenessTimeoutMs option of makeOcapn is 150 ms\)$/;
    await assert.rejects(hanging, { message: pattern });
    await assert.rejects(echoed, { message: pattern });
    const elapsed = Date.now() - started;
    assert.ok(elapsed <= limit + 400, `broken after ${elapsed} ms`);
    assert.deepEqual(session.getTableSizes(), zeroTables);
    assert.deepEqual(a.sessions(), []);
    // Bob was told why (op:abort went out before the channel closed).
    await assert.rejects(atBob.ended, /aborted by the peer: .*the peer sent nothing for [0-9]+ ms while we waited on 2 answer\(s\)/);
  } finally {
    await closeAll(a, b);
  }
});

test('a peer that keeps talking is not cut off while one answer takes longer than the limit; an idle session stays', async () => {
  const limit = 120;
  const { a, b, tools, session } = await setUp(limit);
  try {
    let settled = false;
    const hanging = (E(tools).hang() as Promise<unknown>).finally(() => (settled = true));
    hanging.catch(() => {});
    for (let i = 0; i < 8; i += 1) {
      await sleep(limit / 3);
      assert.equal(await E(tools).echo(i), i);
    }
    assert.equal(settled, false, 'the long answer is still awaited after 2.5 limits');
    assert.equal(session.isEnded, false);
    // Nothing awaited now but the hang: silence ends it...
    await assert.rejects(hanging, /the peer sent nothing for/);
  } finally {
    await closeAll(a, b);
  }
  // ...while a session that awaits nothing is never timed out.
  const idle = await setUp(limit);
  try {
    await sleep(limit * 3);
    assert.equal(idle.session.isEnded, false);
    assert.equal(await E(idle.tools).echo('still here'), 'still here');
  } finally {
    await closeAll(idle.a, idle.b);
  }
});

test('a peer that never sends op:start-session is given up on after the limit', async () => {
  const network = makeMemoryNetwork();
  // A listener that takes channels and never answers.
  const mute = await network.netlayer('mute')(() => {});
  const a = await makeOcapn({ netlayers: [network.netlayer('alice')], livenessTimeoutMs: 100 });
  try {
    await assert.rejects(a.connect(mute.location), {
      message: /^OCapN session with .* ended: the peer sent nothing for [0-9]+ ms while we waited on its op:start-session \(stalled or unreachable; the livenessTimeoutMs option of makeOcapn is 100 ms\)$/,
    });
    assert.deepEqual(a.sessions(), []);
  } finally {
    await a.close();
  }
});
