// OCapN sessions between real processes over the libp2p netlayer (TCP +
// Noise + yamux on 127.0.0.1; session-peer.ts in child processes):
// delivery and promise pipelining between two processes, and a third-party
// handoff between three, after which the receiver talks to the exporter
// directly (the gifter has exited).

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E } from '../../src/eventual-send/index.js';
import { Far } from '../../src/pass-style/index.js';
import { harden } from '../../src/ses/harden-when-available.js';
import { makeOcapn } from '../../src/ocapn/client.js';
import type { OcapnSession } from '../../src/ocapn/session.js';
import { makeLibp2pNetlayer } from '../../src/ocapn/netlayers/libp2p.js';
import { startSessionPeer } from './session-peer-helper.js';

type Counter = { increment(by: number): number };
type Tools = {
  echo(value: unknown): unknown;
  makeCounter(start: number): Counter;
  record(value: unknown): { value: unknown; counter: Counter };
};

test('two processes over libp2p: delivery of data and references, and pipelining on answers', async () => {
  const server = startSessionPeer(['libp2p', 'server']);
  const ocapn = await makeOcapn({ netlayers: [makeLibp2pNetlayer({ closeTimeoutMs: 300 })] });
  try {
    const { location } = await server.next('location');
    const { toolsUri } = await server.next('toolsUri');
    assert.match(toolsUri, /^ocapn:\/\/12D3KooW[1-9A-HJ-NP-Za-km-z]+\.libp2p\/s\/session-peer-tools\?multiaddr=%2Fip4%2F127\.0\.0\.1%2Ftcp%2F[0-9]+$/);
    const tools = (await ocapn.enlivenSturdyRef(toolsUri)) as Tools;
    const [session] = ocapn.sessions() as [OcapnSession];
    assert.equal(session.peerLocation?.designator, /^ocapn:\/\/([^.]+)\./.exec(location)![1]);

    // Delivery: data round trips unchanged.
    const data = harden({ big: 2n ** 70n, list: ['x', true, null, -1.5], text: 'ü\u0000', bytes: 'no' });
    assert.deepEqual(await E(tools).echo(data), data);
    // A reference of ours comes back as itself.
    const mine = Far('mine', { hello: () => 'hi' });
    assert.equal(await E(tools).echo(mine), mine);

    // Pipelining: sends to unresolved answers go out at once, as questions on the wire.
    const counter = E(tools).makeCounter(5);
    const incremented = E(counter).increment(2);
    const field = E.get(E(tools).record('v')).counter;
    const fromField = E(field).increment(1);
    // Eventual sends go out on later microtask turns; no answer can arrive before an I/O turn.
    for (let turn = 0; turn < 50; turn += 1) await null;
    assert.equal(session.getTableSizes().questions, 5, 'makeCounter, increment, record, get counter, increment: all asked before any answer');
    assert.equal(await incremented, 7);
    assert.equal(await fromField, 101);
    assert.equal(await E(counter).increment(3), 10);

    // A chain 30 deep, each step sent before the one it depends on is answered.
    let chained: unknown = E(tools).makeCounter(0);
    for (let i = 0; i < 30; i += 1) chained = E(tools).echo(chained);
    assert.equal(await E(chained as Counter).increment(1), 1);
  } finally {
    await server.kill('SIGTERM');
    await ocapn.close();
  }
});

test('three processes over libp2p: a handoff from the gifter; the receiver then talks to the exporter directly', async () => {
  const exporter = startSessionPeer(['libp2p', 'server']);
  const receiver = startSessionPeer(['libp2p', 'receiver']);
  try {
    const exporterLocation = (await exporter.next('location')).location as string;
    const { counterUri } = await exporter.next('counterUri');
    const receiverLocation = (await receiver.next('location')).location as string;
    const { receiverUri } = await receiver.next('receiverUri');
    assert.match(counterUri, /^ocapn:\/\/12D3KooW\S+\.libp2p\/s\/session-peer-counter\?multiaddr=/);

    const gifter = startSessionPeer(['libp2p', 'gifter', counterUri, receiverUri]);
    const gifterLocation = (await gifter.next('location')).location as string;
    assert.equal((await gifter.next('used')).used, 1);
    await gifter.exited;
    assert.equal(gifter.child.exitCode, 0, gifter.stderr());

    // The gifter is gone; the receiver's only session is with the exporter, and its calls still reach the counter.
    assert.deepEqual(
      (await receiver.command('tables')).tables.map((table: { peer: string }) => table.peer),
      [exporterLocation],
    );
    assert.equal((await receiver.command('again')).again, 11);
    assert.equal((await receiver.command('again')).again, 21);
    // And the exporter sees the receiver, not the gifter.
    assert.deepEqual(
      (await exporter.command('tables')).tables.map((table: { peer: string }) => table.peer),
      [receiverLocation],
    );
    assert.notEqual(gifterLocation, receiverLocation);
  } finally {
    await Promise.all([exporter.kill('SIGTERM'), receiver.kill('SIGTERM')]);
  }
});
