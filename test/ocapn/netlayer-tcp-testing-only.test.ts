// The tcp-testing-only netlayer over real sockets on 127.0.0.1, after
// lockdown: bytes both ways in order, many channels, the send limits
// against a peer that stops reading, a clean close that flushes, the
// reasons a channel ends with (peer closed, reset, refused), and a
// netlayer close that ends everything.

import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as dialTcp, createServer, type Socket } from 'node:net';
import { formatPeerUri, makePeerLocator, parseOcapnUri } from '../../src/ocapn/locator.js';
import type { OcapnNetlayer } from '../../src/ocapn/netlayer.js';
import { makeTcpTestingOnlyNetlayer, type TcpTestingOnlyOptions } from '../../src/ocapn/netlayers/tcp-testing-only.js';
import { collect, patterned, startNetlayer, waitFor } from './netlayer-test-kit.js';

/** Our tcp-testing-only netlayer, incoming channels queued. */
const start = (options: TcpTestingOnlyOptions = {}) => startNetlayer(makeTcpTestingOnlyNetlayer(options));

const closeAll = async (...netlayers: OcapnNetlayer[]) => {
  await Promise.all(netlayers.map(netlayer => netlayer.close()));
};

test('the locator names the designator, host and port, and parses back', async () => {
  const { netlayer } = await start({ designator: 'abc123' });
  try {
    const { location } = netlayer;
    assert.equal(netlayer.transport, 'tcp-testing-only');
    assert.equal(location.designator, 'abc123');
    assert.ok(location.hints !== false);
    assert.equal(location.hints.host, '127.0.0.1');
    assert.match(location.hints.port, /^[0-9]+$/);
    assert.notEqual(location.hints.port, '0');
    const uri = formatPeerUri(location);
    assert.equal(uri, `ocapn://abc123.tcp-testing-only?host=127.0.0.1&port=${location.hints.port}`);
    const parsed = parseOcapnUri(uri);
    assert.equal(parsed.kind, 'peer');
    const random = await start();
    assert.match(random.netlayer.location.designator, /^[0-9a-f]{32}$/);
    await random.netlayer.close();
  } finally {
    await netlayer.close();
  }
});

test('bytes go both ways in order, in chunks of any size', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    assert.equal(outgoing.outgoing, true);
    assert.equal(incoming.outgoing, false);
    assert.equal(outgoing.authenticatedPeer, undefined);
    assert.match(outgoing.remoteDescription, /tcp-testing-only peer [0-9a-f]{32} at 127\.0\.0\.1:[0-9]+/);
    assert.match(incoming.remoteDescription, /127\.0\.0\.1:[0-9]+ \(incoming\)/);
    const atB = collect(incoming);
    const atA = collect(outgoing);
    const sentByA: Uint8Array[] = [];
    const sentByB: Uint8Array[] = [];
    for (let i = 0; i < 500; i += 1) {
      const fromA = patterned(1 + ((i * 7919) % 3000), i);
      const fromB = patterned(1 + ((i * 104729) % 2000), i + 1);
      outgoing.write(fromA);
      incoming.write(fromB);
      sentByA.push(fromA);
      sentByB.push(fromB);
    }
    const expectedAtB = Buffer.concat(sentByA);
    const expectedAtA = Buffer.concat(sentByB);
    await waitFor(() => atB.size() >= expectedAtB.length && atA.size() >= expectedAtA.length, 'all bytes');
    assert.ok(atB.bytes().equals(expectedAtB), 'B received what A sent, in order');
    assert.ok(atA.bytes().equals(expectedAtA), 'A received what B sent, in order');
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('many channels at once each keep their own bytes', async () => {
  const a = await start();
  const b = await start();
  try {
    const count = 40;
    const outgoing = await Promise.all(Array.from({ length: count }, () => a.netlayer.connect(b.netlayer.location)));
    const incoming = await Promise.all(Array.from({ length: count }, () => b.nextIncoming()));
    const received = incoming.map(channel => collect(channel));
    outgoing.forEach((channel, i) => channel.write(Buffer.from(`channel ${i} says hello;`)));
    await waitFor(() => received.every(r => r.bytes().toString().endsWith(';')), 'a greeting on every channel');
    const greetings = received.map(r => r.bytes().toString()).sort();
    const expected = outgoing.map((_, i) => `channel ${i} says hello;`).sort();
    assert.deepEqual(greetings, expected);
    // And the answers find their way back on each channel.
    const answers = outgoing.map(channel => collect(channel));
    incoming.forEach((channel, i) => channel.write(Buffer.from(`reply to ${received[i]!.bytes().toString()}`)));
    await waitFor(() => answers.every(r => r.bytes().toString().endsWith(';')), 'every answer');
    answers.forEach((answer, i) => assert.equal(answer.bytes().toString(), `reply to channel ${i} says hello;`));
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('pause() holds the data back and resume() lets it through', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    const atB = collect(incoming);
    incoming.pause();
    outgoing.write(Buffer.from('held'));
    await new Promise(resolve => setTimeout(resolve, 100));
    assert.equal(atB.size(), 0);
    incoming.resume();
    await waitFor(() => atB.size() === 4, 'the held bytes');
    assert.equal(atB.bytes().toString(), 'held');
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

/** A raw client that connects to the netlayer and never reads. */
const dialAndNeverRead = async (port: string): Promise<Socket> => {
  const socket = dialTcp({ host: '127.0.0.1', port: Number(port) });
  await new Promise<void>(resolve => socket.once('connect', () => resolve()));
  socket.pause();
  socket.on('error', () => {});
  return socket;
};

test('a peer that stops reading is disconnected at maxSendBufferBytes, with a reason naming it', async () => {
  const b = await start({ sendHighWaterBytes: 64 * 1024, maxSendBufferBytes: 512 * 1024, sendDrainTimeoutMs: 60_000 });
  const stalled = await dialAndNeverRead((b.netlayer.location.hints as { port: string }).port);
  try {
    const channel = await b.nextIncoming();
    const { ended } = collect(channel);
    let stop = false;
    void ended.then(() => (stop = true));
    // Keep answering, as a session with a pipelined flood would, until cut off.
    const chunk = new Uint8Array(64 * 1024);
    let written = 0;
    while (!stop && written < 512 * 1024 * 1024) {
      channel.write(chunk);
      written += chunk.length;
      await new Promise(resolve => setImmediate(resolve));
    }
    const reason = await ended;
    assert.ok(reason instanceof Error);
    assert.match(reason.message, /maxSendBufferBytes \(524288\)/);
    assert.match(reason.message, /with tcp-testing-only peer at 127\.0\.0\.1:[0-9]+ \(incoming\)/);
  } finally {
    stalled.destroy();
    await b.netlayer.close();
  }
});

test('a peer that leaves the buffer above the high-water mark is disconnected after sendDrainTimeoutMs', async () => {
  const b = await start({ sendHighWaterBytes: 64 * 1024, maxSendBufferBytes: 256 * 1024 * 1024, sendDrainTimeoutMs: 300 });
  const stalled = await dialAndNeverRead((b.netlayer.location.hints as { port: string }).port);
  try {
    const channel = await b.nextIncoming();
    const { ended } = collect(channel);
    const started = Date.now();
    // More than the kernel's loopback buffers take, so some stays with us.
    channel.write(new Uint8Array(32 * 1024 * 1024));
    const reason = await ended;
    assert.ok(reason instanceof Error);
    assert.match(reason.message, /sendDrainTimeoutMs \(300 ms\)/);
    assert.match(reason.message, /127\.0\.0\.1/);
    assert.ok(Date.now() - started < 5000);
  } finally {
    stalled.destroy();
    await b.netlayer.close();
  }
});

test('close() flushes what was written, then the peer sees the end', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    const atB = collect(incoming);
    const atA = collect(outgoing);
    const payload = patterned(4 * 1024 * 1024 + 17, 5);
    outgoing.write(payload);
    outgoing.close();
    assert.equal(await atA.ended, undefined, 'our own clean close has no reason');
    const reason = await atB.ended;
    assert.ok(atB.bytes().equals(Buffer.from(payload)), 'every byte arrived before the end');
    assert.ok(reason instanceof Error);
    assert.match(reason.message, /127\.0\.0\.1:[0-9]+ \(incoming\) was closed by the peer/);
    // Writing after the end is ignored, not thrown.
    outgoing.write(Buffer.from('late'));
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('close(reason) hands that reason to onClose', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const { ended } = collect(outgoing);
    const why = Error('session aborted');
    outgoing.close(why);
    assert.equal(await ended, why);
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('a connection reset reaches onClose as a reset of that peer', async () => {
  const b = await start();
  const raw = dialTcp({ host: '127.0.0.1', port: Number((b.netlayer.location.hints as { port: string }).port) });
  try {
    await new Promise<void>(resolve => raw.once('connect', () => resolve()));
    const channel = await b.nextIncoming();
    const { ended } = collect(channel);
    raw.resetAndDestroy();
    const reason = await ended;
    assert.ok(reason instanceof Error);
    assert.match(reason.message, /with tcp-testing-only peer at 127\.0\.0\.1:[0-9]+ \(incoming\) was reset by the peer \(ECONNRESET\)/);
  } finally {
    raw.destroy();
    await b.netlayer.close();
  }
});

test('connecting to a closed port fails with a clear error', async () => {
  const a = await start();
  try {
    // A port that was free a moment ago.
    const server = createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>(resolve => server.close(() => resolve()));
    const peer = makePeerLocator('tcp-testing-only', 'gone', { host: '127.0.0.1', port: String(port) });
    await assert.rejects(a.netlayer.connect(peer), {
      message: `Could not connect to tcp-testing-only peer gone at 127.0.0.1:${port}: the connection was refused (ECONNREFUSED)`,
    });
  } finally {
    await a.netlayer.close();
  }
});

test('a locator without usable hints is refused before any dial', async () => {
  const a = await start();
  try {
    const cases: Array<[ReturnType<typeof makePeerLocator>, RegExp]> = [
      [makePeerLocator('tcp-testing-only', 'x'), /needs "host" and "port" hints/],
      [makePeerLocator('tcp-testing-only', 'x', { host: '127.0.0.1' }), /"port" hint must be a decimal port number/],
      [makePeerLocator('tcp-testing-only', 'x', { port: '4000' }), /"host" hint is missing/],
      [makePeerLocator('tcp-testing-only', 'x', { host: '127.0.0.1', port: '70000' }), /from 1 to 65535, got "70000"/],
      [makePeerLocator('tcp-testing-only', 'x', { host: '127.0.0.1', port: '12ab' }), /got "12ab"/],
      [makePeerLocator('onion', 'x'), /cannot reach a peer on "onion"/],
    ];
    for (const [peer, message] of cases) await assert.rejects(a.netlayer.connect(peer), { name: 'TypeError', message });
  } finally {
    await a.netlayer.close();
  }
});

test('netlayer.close() ends every channel both ways and stops accepting', async () => {
  const a = await start({ closeTimeoutMs: 500 });
  const b = await start({ closeTimeoutMs: 500 });
  const fromA = await Promise.all([1, 2, 3].map(() => a.netlayer.connect(b.netlayer.location)));
  const atB = await Promise.all([1, 2, 3].map(() => b.nextIncoming()));
  const fromB = await b.netlayer.connect(a.netlayer.location);
  const atA = await a.nextIncoming();
  const endsAtA = [...fromA, atA].map(channel => collect(channel).ended);
  const endsAtB = [...atB, fromB].map(channel => collect(channel).ended);
  const started = Date.now();
  await b.netlayer.close();
  assert.ok(Date.now() - started < 2000, 'close() does not hang');
  for (const reason of await Promise.all(endsAtB)) {
    assert.match(String(reason?.message), /The tcp-testing-only netlayer at 127\.0\.0\.1:[0-9]+ closed/);
  }
  for (const reason of await Promise.all(endsAtA)) assert.match(String(reason?.message), /was closed by the peer/);
  await assert.rejects(a.netlayer.connect(b.netlayer.location), /was refused \(ECONNREFUSED\)/);
  await assert.rejects(b.netlayer.connect(a.netlayer.location), /netlayer is closed/);
  await a.netlayer.close();
});

test('an onIncoming that throws ends that channel and the netlayer carries on', async () => {
  let calls = 0;
  const b = await makeTcpTestingOnlyNetlayer()(channel => {
    calls += 1;
    if (calls === 1) throw Error('the session refused it');
    channel.onData(chunk => channel.write(Uint8Array.from(chunk)));
  });
  const a = await start();
  try {
    const first = await a.netlayer.connect(b.location);
    const firstEnd = collect(first).ended;
    assert.match(String((await firstEnd)?.message), /was closed by the peer/);
    const second = await a.netlayer.connect(b.location);
    const echo = collect(second);
    second.write(Buffer.from('ping'));
    await waitFor(() => echo.size() === 4, 'the echo');
  } finally {
    await closeAll(a.netlayer, b);
  }
});
