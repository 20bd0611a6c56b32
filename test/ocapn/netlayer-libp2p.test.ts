// The libp2p netlayer (TCP + Noise + yamux) on 127.0.0.1, after lockdown,
// as an application runs it: the Promise.withResolvers shim first, then
// lockdown, then libp2p. Bytes both ways, the peer authenticated by its
// key, a locator whose peer id is not the remote's refused, closes that
// reach the other side with a reason, and a stable identity from a saved key.

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPeerUri, makePeerLocator, parseOcapnUri } from '../../src/ocapn/locator.js';
import type { OcapnNetlayer } from '../../src/ocapn/netlayer.js';
import { makeLibp2pNetlayer, type Libp2pNetlayerOptions } from '../../src/ocapn/netlayers/libp2p.js';
import {
  generateLibp2pPrivateKey,
  libp2pPeerIdOfKey,
  loadLibp2pPrivateKey,
  loadOrCreateLibp2pPrivateKey,
  saveLibp2pPrivateKey,
} from '../../src/ocapn/netlayers/libp2p-identity.js';
import { collect, patterned, startNetlayer, waitFor } from './netlayer-test-kit.js';

const start = (options: Libp2pNetlayerOptions = {}) => startNetlayer(makeLibp2pNetlayer({ closeTimeoutMs: 1000, ...options }));

const closeAll = (...netlayers: OcapnNetlayer[]) => Promise.all(netlayers.map(netlayer => netlayer.close()));

test('the shim loaded before lockdown: Promise.withResolvers works on a frozen Promise', () => {
  assert.ok(Object.isFrozen(Promise));
  const { promise, resolve } = (Promise as unknown as { withResolvers: <T>() => { promise: Promise<T>; resolve: (v: T) => void } }).withResolvers<number>();
  resolve(7);
  return promise.then(value => assert.equal(value, 7));
});

test('without the shim, lockdown leaves no way to add it and the netlayer says what to do', async () => {
  if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string') return;
  const here = fileURLToPath(new URL('.', import.meta.url));
  const script = `
    const { lockdown } = await import(${JSON.stringify(join(here, '../../src/ses/index.js'))});
    lockdown();
    const messages = [];
    try { await import(${JSON.stringify(join(here, '../../src/ocapn/netlayers/promise-with-resolvers-shim.js'))}); } catch (e) { messages.push(e.message); }
    const { makeLibp2pNetlayer } = await import(${JSON.stringify(join(here, '../../src/ocapn/netlayers/libp2p.js'))});
    try { await makeLibp2pNetlayer()(() => {}); } catch (e) { messages.push(e.message); }
    console.log(JSON.stringify({ native: typeof Promise.withResolvers, messages }));
  `;
  const output = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
  const { native, messages } = JSON.parse(output) as { native: string; messages: string[] };
  if (native === 'function') return; // an engine with Promise.withResolvers needs no shim
  assert.deepEqual(messages, [
    'Promise.withResolvers is missing and Promise is already frozen: load the promise-with-resolvers shim before lockdown()',
    'libp2p needs Promise.withResolvers, which this engine lacks: load endo/ocapn/promise-with-resolvers-shim.js before lockdown()',
  ]);
});

test('two libp2p netlayers exchange bytes both ways, each knowing who the other is', async () => {
  const a = await start();
  const b = await start();
  try {
    const { location } = b.netlayer;
    assert.equal(location.transport, 'libp2p');
    assert.match(location.designator, /^12D3KooW[1-9A-HJ-NP-Za-km-z]+$/);
    assert.ok(location.hints !== false);
    assert.match(location.hints.multiaddr!, /^\/ip4\/127\.0\.0\.1\/tcp\/[0-9]+$/);
    const uri = formatPeerUri(location);
    const parsed = parseOcapnUri(uri);
    assert.ok(parsed.kind === 'peer');
    assert.deepEqual(parsed.peer, location);

    const outgoing = await a.netlayer.connect(parsed.peer);
    const incoming = await b.nextIncoming();
    assert.equal(outgoing.outgoing, true);
    assert.equal(incoming.outgoing, false);
    assert.equal(outgoing.authenticatedPeer?.designator, b.netlayer.location.designator);
    assert.equal(incoming.authenticatedPeer?.designator, a.netlayer.location.designator);
    assert.equal(incoming.authenticatedPeer?.transport, 'libp2p');
    assert.match(incoming.remoteDescription, new RegExp(`libp2p peer ${a.netlayer.location.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+`));

    const atB = collect(incoming);
    const atA = collect(outgoing);
    const sentByA: Uint8Array[] = [];
    const sentByB: Uint8Array[] = [];
    for (let i = 0; i < 300; i += 1) {
      const fromA = patterned(1 + ((i * 7919) % 5000), i);
      const fromB = patterned(1 + ((i * 104729) % 3000), i + 3);
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

    // A second channel to the same peer shares the connection and keeps its own bytes.
    const second = await a.netlayer.connect(b.netlayer.location);
    const secondAtB = collect(await b.nextIncoming());
    second.write(Buffer.from('second'));
    await waitFor(() => secondAtB.size() === 6, 'the second channel');
    assert.equal(secondAtB.bytes().toString(), 'second');
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('a locator whose peer id is not the remote key is refused', async () => {
  const a = await start();
  const b = await start();
  const c = await start();
  try {
    // C's peer id with B's address: B cannot prove it holds C's key.
    const impostor = makePeerLocator('libp2p', c.netlayer.location.designator, b.netlayer.location.hints);
    const failure = await a.netlayer.connect(impostor).then(
      () => assert.fail('connected to the wrong peer'),
      (error: Error) => error,
    );
    assert.match(failure.message, new RegExp(`^Could not connect to libp2p peer ${c.netlayer.location.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+: the connection `));
    // Noise's handshake: the key B proves it holds is not the one C's id names.
    assert.match(failure.message, new RegExp(`identity key ${b.netlayer.location.designator} does not match expected remote identity key ${c.netlayer.location.designator}`));
    await new Promise(resolve => setTimeout(resolve, 100));
    assert.equal(b.incomingCount(), 0, 'B got no channel');
    // The right locator still works afterwards.
    const channel = await a.netlayer.connect(b.netlayer.location);
    assert.equal(channel.authenticatedPeer?.designator, b.netlayer.location.designator);
  } finally {
    await closeAll(a.netlayer, b.netlayer, c.netlayer);
  }
});

test('a locator that cannot be dialled is refused with a reason before any dial', async () => {
  const a = await start();
  const b = await start();
  try {
    const id = b.netlayer.location.designator;
    const cases: Array<[ReturnType<typeof makePeerLocator>, RegExp]> = [
      [makePeerLocator('libp2p', id), /has no "multiaddr" hint/],
      [makePeerLocator('libp2p', 'not-a-peer-id', { multiaddr: '/ip4/127.0.0.1/tcp/1' }), /is not a libp2p peer id/],
      [makePeerLocator('libp2p', id, { multiaddr: 'nonsense' }), /"nonsense" is not a multiaddr/],
      [makePeerLocator('libp2p', id, { multiaddr: `/ip4/127.0.0.1/tcp/1/p2p/${a.netlayer.location.designator}` }), /names another peer id/],
      [makePeerLocator('tcp-testing-only', id), /cannot reach a peer on "tcp-testing-only"/],
      [a.netlayer.location, /does not dial itself/],
    ];
    for (const [peer, message] of cases) await assert.rejects(a.netlayer.connect(peer), { name: 'TypeError', message });
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('a closed port fails the dial with a clear error', async () => {
  const a = await start();
  const b = await start();
  const gone = b.netlayer.location;
  await b.netlayer.close();
  try {
    await assert.rejects(a.netlayer.connect(gone), {
      message: new RegExp(`^Could not connect to libp2p peer ${gone.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+: the connection .*(refused|ECONNREFUSED)`),
    });
  } finally {
    await a.netlayer.close();
  }
});

test('closing a channel flushes it and reaches the other side with a reason', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    const atB = collect(incoming);
    const atA = collect(outgoing);
    const payload = patterned(3 * 1024 * 1024 + 5, 9);
    outgoing.write(payload);
    outgoing.close();
    assert.equal(await atA.ended, undefined, 'our own clean close has no reason');
    const reason = await atB.ended;
    assert.ok(atB.bytes().equals(Buffer.from(payload)), 'every byte arrived before the end');
    assert.ok(reason instanceof Error);
    assert.match(reason.message, new RegExp(`libp2p peer ${a.netlayer.location.designator} .*\\(incoming\\) was closed by the peer`));
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('closing a netlayer ends the channels on the other side with a reason', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    const atA = collect(outgoing);
    const atB = collect(incoming);
    const started = Date.now();
    await b.netlayer.close();
    assert.ok(Date.now() - started < 3000, 'close() does not hang');
    assert.match(String((await atB.ended)?.message), /The libp2p netlayer of 12D3KooW\S+ closed/);
    const reason = await atA.ended;
    assert.ok(reason instanceof Error);
    assert.match(reason.message, new RegExp(`^OCapN channel with libp2p peer ${b.netlayer.location.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+ was closed by the peer$`));
    await assert.rejects(a.netlayer.connect(b.netlayer.location), /Could not connect/);
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('a saved key gives the same peer id, run after run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ocapn-libp2p-'));
  try {
    const path = join(dir, 'peer.key');
    const key = await loadOrCreateLibp2pPrivateKey(path);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const again = await loadLibp2pPrivateKey(path);
    assert.equal(libp2pPeerIdOfKey(again), libp2pPeerIdOfKey(key));
    await assert.rejects(saveLibp2pPrivateKey(path, await generateLibp2pPrivateKey()), { code: 'EEXIST' });
    const { netlayer } = await start({ privateKey: again });
    try {
      assert.equal(netlayer.location.designator, libp2pPeerIdOfKey(key));
    } finally {
      await netlayer.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('pause() holds the data back and resume() lets it through', async () => {
  const a = await start();
  const b = await start();
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    const atA = collect(outgoing);
    outgoing.pause();
    incoming.write(Buffer.from('held'));
    await new Promise(resolve => setTimeout(resolve, 100));
    assert.equal(atA.size(), 0);
    outgoing.resume();
    await waitFor(() => atA.size() === 4, 'the held bytes');
    assert.equal(atA.bytes().toString(), 'held');
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('a peer that stops reading is disconnected at maxSendBufferBytes, with a reason naming it', async () => {
  const a = await start();
  const b = await start({ sendHighWaterBytes: 64 * 1024, maxSendBufferBytes: 512 * 1024, sendDrainTimeoutMs: 60_000 });
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const atA = collect(outgoing);
    // A's session stops reading: yamux stops granting B window, and B's stream buffer grows.
    outgoing.pause();
    const incoming = await b.nextIncoming();
    const atB = collect(incoming);
    let stop = false;
    void atB.ended.then(() => (stop = true));
    const chunk = new Uint8Array(32 * 1024);
    let written = 0;
    while (!stop && written < 64 * 1024 * 1024) {
      incoming.write(chunk);
      written += chunk.length;
      await new Promise(resolve => setImmediate(resolve));
    }
    const reason = await atB.ended;
    assert.ok(reason instanceof Error);
    assert.match(reason.message, /maxSendBufferBytes \(524288\)/);
    assert.match(reason.message, new RegExp(`^OCapN channel with libp2p peer ${a.netlayer.location.designator} at \\S+ \\(incoming\\) was closed: Refused to buffer more`));
    assert.ok(written < 4 * 1024 * 1024, `cut off after ${written} bytes`);
    // A hears of it too (B reset the stream).
    const atAReason = await atA.ended;
    assert.ok(atAReason instanceof Error);
    assert.match(atAReason.message, new RegExp(`^OCapN channel with libp2p peer ${b.netlayer.location.designator} at \\S+ was reset by the peer \\(StreamResetError\\)$`));
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});
