// The libp2p netlayer's TCP transport (one socket write per turn) and Noise
// framing (NoiseFrameDecoder), after lockdown: a stock js-libp2p node
// (@libp2p/tcp + @chainsafe/libp2p-noise + @chainsafe/libp2p-yamux) talks to
// ours both ways; our connections write once per turn where stock libp2p
// writes four times; hostile raw TCP peers (garbage, a huge claimed Noise
// message, a peer that never reads) end their own connection only.

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { multiaddr } from '@multiformats/multiaddr';
import type { Stream } from '@libp2p/interface';
import type { OcapnChannel } from '../../src/ocapn/netlayer.js';
import { makeLibp2pNetlayer, OCAPN_LIBP2P_PROTOCOL } from '../../src/ocapn/netlayers/libp2p.js';
import { locatorOfNode, startOurEcho, startStockEcho } from './libp2p-test-nodes.js';
import { coalesceSocketWrites } from '../../src/ocapn/netlayers/libp2p-tcp-transport.js';

/** Sends `bytes` on `channel` and resolves with as many bytes back. */
const makeExchanger = (channel: OcapnChannel) => {
  let received: Uint8Array[] = [];
  let size = 0;
  let waiting: { length: number; resolve: (bytes: Uint8Array) => void } | undefined;
  channel.onData(bytes => {
    received.push(Uint8Array.from(bytes));
    size += bytes.length;
    if (waiting !== undefined && size >= waiting.length) {
      const { resolve } = waiting;
      waiting = undefined;
      const all = Uint8Array.from(Buffer.concat(received));
      received = [];
      size = 0;
      resolve(all);
    }
  });
  return (bytes: Uint8Array): Promise<Uint8Array> =>
    new Promise(resolve => {
      waiting = { length: bytes.length, resolve };
      channel.write(bytes);
    });
};

/** Sends `bytes` on a raw libp2p stream and resolves with as many bytes back. */
const exchangeOnStream = (stream: Stream, bytes: Uint8Array): Promise<Uint8Array> =>
  new Promise(resolve => {
    const got: Uint8Array[] = [];
    let size = 0;
    const listener = (event: { data: { subarray(): Uint8Array } }) => {
      const chunk = Uint8Array.from(event.data.subarray());
      got.push(chunk);
      size += chunk.length;
      if (size >= bytes.length) {
        stream.removeEventListener('message', listener as never);
        resolve(Uint8Array.from(Buffer.concat(got)));
      }
    };
    stream.addEventListener('message', listener as never);
    stream.send(bytes);
  });

/** Counts the writes node:net makes to the kernel (one per _write or _writev call) while `run` runs. */
const countSocketWrites = async (run: () => Promise<void>): Promise<number> => {
  const prototype = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const originals = { _write: prototype._write, _writev: prototype._writev };
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    const original = originals[name];
    prototype[name] = function (this: net.Socket, ...args: unknown[]) {
      if (this.remotePort !== undefined) writes += 1;
      return Reflect.apply(original, this, args);
    };
  }
  try {
    await run();
  } finally {
    prototype._write = originals._write;
    prototype._writev = originals._writev;
  }
  return writes;
};

test('a stock libp2p node and ours talk both ways over /ocapn/1.0.0 (TCP + Noise + yamux)', async () => {
  const stock = await startStockEcho();
  const ours = await startOurEcho(2000);
  try {
    // We dial the stock node.
    const channel = await ours.connect(locatorOfNode(stock));
    assert.equal(channel.authenticatedPeer?.designator, stock.peerId.toString());
    const exchange = makeExchanger(channel);
    for (const size of [1, 100, 70_000, 300_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + size) & 0xff);
      assert.deepEqual(await exchange(bytes), bytes, `${size} bytes from us, echoed by the stock node`);
    }
    channel.close();
    // The stock node dials us.
    const hint = ours.location.hints === false ? undefined : ours.location.hints['multiaddr'];
    assert.ok(hint !== undefined);
    const stream = await stock.dialProtocol(multiaddr(`${hint}/p2p/${ours.location.designator}`), OCAPN_LIBP2P_PROTOCOL);
    for (const size of [1, 100, 200_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 13 + size) & 0xff);
      assert.deepEqual(await exchangeOnStream(stream, bytes), bytes, `${size} bytes from the stock node, echoed by us`);
    }
  } finally {
    await ours.close();
    await stock.stop();
  }
});

test('our connections make one socket write per message each way; stock libp2p makes several', async () => {
  const rounds = 50;
  const measure = async (server: { locator: ReturnType<typeof locatorOfNode> }) => {
    const client = await makeLibp2pNetlayer({ closeTimeoutMs: 1000 })(() => {});
    try {
      const exchange = makeExchanger(await client.connect(server.locator));
      for (let i = 0; i < 10; i += 1) await exchange(new Uint8Array(40));
      await new Promise(resolve => setTimeout(resolve, 20));
      return await countSocketWrites(async () => {
        for (let i = 0; i < rounds; i += 1) await exchange(new Uint8Array(40));
        await new Promise(resolve => setTimeout(resolve, 20));
      });
    } finally {
      await client.close();
    }
  };
  const ours = await startOurEcho(2000);
  const stock = await startStockEcho();
  try {
    const bothOurs = await measure({ locator: ours.location });
    // Our client, a stock server: the stock side's writes are four per message.
    const againstStock = await measure({ locator: locatorOfNode(stock) });
    assert.ok(bothOurs <= rounds * 2 + 4, `${bothOurs} socket writes for ${rounds} round trips between our nodes`);
    assert.ok(againstStock >= rounds * 4, `${againstStock} socket writes for ${rounds} round trips with a stock node`);
  } finally {
    await ours.close();
    await stock.stop();
  }
});

test('coalesceSocketWrites: the writes of one turn arrive together, in order; later turns too; end() flushes', async () => {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>(resolve => server.once('connection', resolve));
  const client = net.connect(port, '127.0.0.1');
  await new Promise(resolve => client.once('connect', resolve));
  const peer = await accepted;
  const reads: Buffer[] = [];
  peer.on('data', chunk => reads.push(chunk));
  const ended = new Promise(resolve => peer.once('end', resolve));
  assert.equal(coalesceSocketWrites(client), true);
  assert.equal(coalesceSocketWrites(client), false, 'a second call changes nothing');
  const writes = await countSocketWrites(async () => {
    client.write(Buffer.from('ab'));
    client.write(Buffer.from('cd'));
    client.write(Buffer.from('ef'));
    await new Promise(resolve => setImmediate(resolve));
    await new Promise(resolve => setTimeout(resolve, 20));
  });
  assert.equal(writes, 1, 'three writes in one turn make one socket write');
  client.write(Buffer.from('gh'));
  client.end(Buffer.from('ij'));
  await ended;
  assert.equal(Buffer.concat(reads).toString(), 'abcdefghij');
  client.destroy();
  peer.destroy();
  server.close();
});

/** A raw TCP connection to our netlayer's port. */
const rawConnect = async (hint: string): Promise<net.Socket> => {
  const [, , host, , port] = hint.split('/');
  const socket = net.connect(Number(port), host);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
};

const closedWithin = (socket: net.Socket, ms: number): Promise<boolean> =>
  new Promise(resolve => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.on('error', () => {});
    socket.resume();
  });

/** The multistream-select bytes that open /noise (a varint length, the line, a newline). */
const multistreamLine = (text: string): Buffer => {
  const line = Buffer.from(`${text}\n`);
  return Buffer.concat([Buffer.from([line.length]), line]);
};

test('hostile raw peers end only their own connection; a good channel keeps working', async () => {
  const ours = await startOurEcho(2000);
  const client = await makeLibp2pNetlayer({ closeTimeoutMs: 1000 })(() => {});
  try {
    const exchange = makeExchanger(await client.connect(ours.location));
    const hint = ours.location.hints === false ? '' : ours.location.hints['multiaddr']!;

    // Garbage instead of multistream-select.
    const garbage = await rawConnect(hint);
    garbage.write(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) & 0xff)));
    assert.equal(await closedWithin(garbage, 5000), true, 'the garbage connection is closed');
    assert.deepEqual(await exchange(Uint8Array.of(1, 2, 3)), Uint8Array.of(1, 2, 3));

    // /noise negotiated, then a Noise message claiming 65,535 bytes of which few come.
    const huge = await rawConnect(hint);
    huge.write(Buffer.concat([multistreamLine('/multistream/1.0.0'), multistreamLine('/noise'), Buffer.from([0xff, 0xff, 1, 2, 3])]));
    // Stuck in the handshake: the inbound upgrade timeout (connectTimeoutMs, 2 s here) ends it.
    assert.equal(await closedWithin(huge, 8000), true, 'the huge-frame connection is closed');
    assert.deepEqual(await exchange(Uint8Array.of(4, 5, 6)), Uint8Array.of(4, 5, 6));

    // A peer that sends a lot and never reads what we answer.
    const deaf = await rawConnect(hint);
    deaf.pause();
    for (let i = 0; i < 64; i += 1) deaf.write(multistreamLine('/multistream/1.0.0'));
    assert.deepEqual(await exchange(Uint8Array.of(7, 8, 9)), Uint8Array.of(7, 8, 9), 'the good channel still answers');
    assert.equal(await closedWithin(deaf, 8000), true, 'the deaf connection is closed');
  } finally {
    await client.close();
    await ours.close();
  }
});
