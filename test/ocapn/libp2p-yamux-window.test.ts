// yamux window updates per 16 KiB taken in (libp2p-yamux-window.ts): a
// yamux stream on its own (when updates go out, flags never wait, a peer
// over its window is still refused, pause grants nothing, a sender never
// runs dry), then real libp2p nodes: several MB each way against stock
// libp2p (so updates must flow), and the frames a small round trip costs.

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream';
import { multiaddr } from '@multiformats/multiaddr';
import type { Stream } from '@libp2p/interface';
import type { OcapnChannel } from '../../src/ocapn/netlayer.js';
import { makeLibp2pNetlayer, OCAPN_LIBP2P_PROTOCOL } from '../../src/ocapn/netlayers/libp2p.js';
import { locatorOfNode, startOurEcho, startStockEcho } from './libp2p-test-nodes.js';
import { useStepWindowUpdates, useStepWindowUpdatesOnMuxer, WINDOW_UPDATE_STEP_BYTES, yamuxWithStepWindowUpdates } from '../../src/ocapn/netlayers/libp2p-yamux-window.js';

const WINDOW = 256 * 1024;
const STEP = WINDOW_UPDATE_STEP_BYTES;
const DATA = 0; // yamux frame types and flags (spec values)
const WINDOW_UPDATE = 1;
const SYN = 1;
const ACK = 2;

type Header = { type: number; flag: number; streamID: number; length: number };

const silentLog = Object.assign(() => {}, { trace() {}, error() {}, enabled: false });

/** A lone yamux stream whose sent frames are recorded; window growth off (no RTT known), at its maximum unless `maxWindow` is more. */
const makeStream = (state: StreamState, stepped: boolean, maxWindow = WINDOW) => {
  const sent: Header[] = [];
  const stream = new YamuxStream({
    id: '1',
    streamId: 1,
    state,
    direction: 'inbound',
    log: silentLog,
    maxReadBufferLength: Infinity,
    sendFrame: (header: Header) => {
      sent.push(header);
      return true;
    },
    getRTT: () => -1,
    maxStreamWindowSize: maxWindow,
  } as unknown as ConstructorParameters<typeof YamuxStream>[0]);
  stream.addEventListener('message', () => {});
  if (stepped) assert.equal(useStepWindowUpdates(stream), true);
  const receive = (length: number, flag = 0) =>
    stream.handleData({ header: { type: DATA, flag, streamID: 1, length }, data: new Uint8Array(length) } as never);
  const capacity = () => (stream as unknown as { recvWindowCapacity: number }).recvWindowCapacity;
  return { stream, sent, receive, capacity };
};

test('a stream grants window once it has taken in 16 KiB, in one update of all it took in', () => {
  assert.equal(STEP, 16 * 1024);
  const { sent, receive, capacity } = makeStream(StreamState.Established, true);
  for (let i = 0; i < 100; i += 1) receive(100);
  receive(STEP - 10_000 - 1);
  assert.deepEqual(sent, [], 'one byte short of 16 KiB: no update yet');
  receive(1);
  assert.equal(sent.length, 1, '16 KiB taken in: one update');
  assert.deepEqual(sent[0], { type: WINDOW_UPDATE, flag: 0, streamID: 1, length: STEP });
  assert.equal(capacity(), WINDOW, 'the whole window is open again');
  // 300 messages of 100 bytes: one update for every 163 or so.
  for (let i = 0; i < 300; i += 1) receive(100);
  assert.equal(sent.length, 2);
  // Stock yamux sends one update per data frame.
  const stock = makeStream(StreamState.Established, false);
  for (let i = 0; i < 100; i += 1) stock.receive(100);
  assert.equal(stock.sent.length, 100);
});

test('while the window can still grow, every data frame is answered as stock yamux answers it', () => {
  const { sent, receive } = makeStream(StreamState.Established, true, 2 * WINDOW);
  for (let i = 0; i < 5; i += 1) receive(100);
  assert.equal(sent.length, 5);
});

test('a window under 32 KiB is granted at half the window', () => {
  const { stream, sent, receive } = makeStream(StreamState.Established, true);
  Object.assign(stream, { recvWindow: 20_000, recvWindowCapacity: 20_000, maxStreamWindowSize: 20_000 });
  receive(9_999);
  assert.equal(sent.length, 0);
  receive(1);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.length, 10_000);
});

test('flags never wait: the first data frame of an incoming stream is ACKed at once', () => {
  const { sent, receive } = makeStream(StreamState.SYNReceived, true);
  receive(10, SYN);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.flag, ACK);
  assert.equal(sent[0]!.type, WINDOW_UPDATE);
  receive(10);
  assert.equal(sent.length, 1, 'after the ACK, small frames wait for 16 KiB');
});

test('a peer sending past what was granted is still refused', () => {
  const { sent, receive, capacity } = makeStream(StreamState.Established, true);
  receive(STEP - 1);
  assert.equal(sent.length, 0);
  assert.equal(capacity(), WINDOW - STEP + 1);
  assert.throws(() => receive(WINDOW - STEP + 2), { name: 'ReceiveWindowExceededError' });
});

test('a paused stream grants nothing; on resume it grants what it took in', () => {
  const { stream, sent, receive, capacity } = makeStream(StreamState.Established, true);
  stream.pause();
  receive(WINDOW / 2);
  receive(WINDOW / 4);
  assert.equal(sent.length, 0, 'paused: nothing granted');
  assert.throws(() => receive(WINDOW / 4 + 1), { name: 'ReceiveWindowExceededError' });
  stream.resume();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.length, (WINDOW * 3) / 4);
  assert.equal(capacity(), WINDOW);
});

test('property: a sender that sends what it was granted never runs dry, and gets no more than stock yamux grants', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ size: fc.integer({ min: 1, max: 300_000 }), pause: fc.boolean() }), { maxLength: 60 }), steps => {
      const ours = makeStream(StreamState.Established, true);
      const stock = makeStream(StreamState.Established, false);
      let oursPaused = false;
      for (const { size, pause } of steps) {
        // The peer sends no more than it may (what it was granted and has not used).
        const length = Math.min(size, ours.capacity(), stock.capacity());
        if (length > 0) {
          ours.receive(length);
          stock.receive(length);
        }
        assert.ok(ours.capacity() <= stock.capacity(), 'we never grant more than stock yamux');
        if (!oursPaused) assert.ok(ours.capacity() > WINDOW - STEP, 'an unpaused stream leaves the sender all but 16 KiB of its window');
        if (pause !== oursPaused) {
          for (const { stream } of [ours, stock]) (pause ? stream.pause() : stream.resume());
          oursPaused = pause;
          if (!oursPaused) assert.ok(ours.capacity() > WINDOW - STEP, 'resumed: all but 16 KiB of the window');
        }
      }
      assert.ok(ours.sent.length <= stock.sent.length);
    }),
  );
});

test('a muxer or stream not shaped as expected is left alone', () => {
  assert.equal(useStepWindowUpdates({ sendWindowUpdate() {}, recvWindow: 1, recvWindowCapacity: 1, maxStreamWindowSize: 1, state: 3 }), false, 'not a YamuxStream');
  assert.equal(useStepWindowUpdates(null), false);
  assert.equal(useStepWindowUpdatesOnMuxer({}), false);
  assert.equal(useStepWindowUpdatesOnMuxer(undefined), false);
});

// Real nodes.

/** Resolves with the first `length` bytes a source delivers. */
const collect = (subscribe: (listener: (bytes: Uint8Array) => void) => void, length: number): Promise<Uint8Array> =>
  new Promise(resolve => {
    const got: Uint8Array[] = [];
    let size = 0;
    subscribe(bytes => {
      got.push(Uint8Array.from(bytes));
      size += bytes.length;
      if (size === length) resolve(Uint8Array.from(Buffer.concat(got)));
    });
  });

const patterned = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * seed + (i >> 10)) & 0xff);

/** Writes `bytes` in pieces of `piece` bytes, a turn apart every 16 pieces. */
const writeInPieces = async (write: (bytes: Uint8Array) => void, bytes: Uint8Array, piece: number) => {
  for (let at = 0, n = 0; at < bytes.length; at += piece, n += 1) {
    write(bytes.subarray(at, at + piece));
    if (n % 16 === 15) await new Promise(resolve => setImmediate(resolve));
  }
};

const BIG = 6 * 1024 * 1024;

test('6 MB each way against a stock libp2p node, both dialling directions, all bytes back in order', { timeout: 60_000 }, async () => {
  const stock = await startStockEcho();
  const ours = await startOurEcho();
  try {
    // We dial the stock node: we send 6 MB, its echo sends 6 MB back to us.
    const channel: OcapnChannel = await ours.connect(locatorOfNode(stock));
    const sent = patterned(BIG, 7);
    const echoed = collect(listener => channel.onData(listener), BIG);
    await writeInPieces(bytes => channel.write(bytes), sent, 64 * 1024);
    assert.ok(Buffer.from(await echoed).equals(Buffer.from(sent)), '6 MB from us, echoed by the stock node');
    channel.close();

    // The stock node dials us: it sends 6 MB, our echo sends 6 MB back.
    const hint = ours.location.hints === false ? undefined : ours.location.hints['multiaddr'];
    assert.ok(hint !== undefined);
    const stream: Stream = await stock.dialProtocol(multiaddr(`${hint}/p2p/${ours.location.designator}`), OCAPN_LIBP2P_PROTOCOL);
    const fromStock = patterned(BIG, 13);
    const back = collect(listener => stream.addEventListener('message', event => listener(event.data.subarray())), BIG);
    await writeInPieces(bytes => stream.send(bytes), fromStock, 60_000);
    assert.ok(Buffer.from(await back).equals(Buffer.from(fromStock)), '6 MB from the stock node, echoed by us');
  } finally {
    await ours.close();
    await stock.stop();
  }
});

// Our channels stop reading while their own writes back up (a peer that
// does not read must not make us buffer without end), so an echo between
// two of ours is paced: at most 768 kB on the way, three windows' worth.
test('6 MB each way between two of our nodes', { timeout: 60_000 }, async () => {
  const server = await startOurEcho();
  const client = await makeLibp2pNetlayer({ closeTimeoutMs: 1000 })(() => {});
  try {
    const channel = await client.connect(server.location);
    const sent = patterned(BIG, 29);
    let received = 0;
    let wake: (() => void) | undefined;
    const echoed = collect(listener => {
      channel.onData(bytes => {
        received += bytes.length;
        listener(bytes);
        wake?.();
      });
    }, BIG);
    const piece = 64 * 1024;
    for (let at = 0; at < BIG; at += piece) {
      while (at - received > 768 * 1024) await new Promise<void>(resolve => (wake = resolve));
      channel.write(sent.subarray(at, at + piece));
    }
    assert.ok(Buffer.from(await echoed).equals(Buffer.from(sent)));
  } finally {
    await client.close();
    await server.close();
  }
});

/** Counts the bytes node:net hands the kernel on TCP sockets while `run` runs. */
const countSocketBytes = async (run: () => Promise<void>): Promise<number> => {
  const prototype = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const originals = { _write: prototype._write, _writev: prototype._writev };
  let bytes = 0;
  prototype._write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    if (this.remotePort !== undefined) bytes += (chunk as Uint8Array).byteLength;
    return Reflect.apply(originals._write, this, [chunk, ...rest]);
  };
  prototype._writev = function (this: net.Socket, chunks: unknown, ...rest: unknown[]) {
    if (this.remotePort !== undefined) for (const { chunk } of chunks as { chunk: Uint8Array }[]) bytes += chunk.byteLength;
    return Reflect.apply(originals._writev, this, [chunks, ...rest]);
  };
  try {
    await run();
  } finally {
    prototype._write = originals._write;
    prototype._writev = originals._writev;
  }
  return bytes;
};

/** A plain libp2p node (stock TCP and Noise) with the given muxer, echoing /ocapn/1.0.0. */
const startNode = (muxer: ReturnType<typeof yamuxWithStepWindowUpdates>) =>
  createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [muxer],
    connectionMonitor: { enabled: false },
  });

/** Socket bytes, both ways, of `rounds` round trips of 40 bytes between two nodes using `muxer`. */
const bytesPerRoundTrip = async (muxer: () => ReturnType<typeof yamuxWithStepWindowUpdates>, rounds: number): Promise<number> => {
  const server = await startNode(muxer());
  const client = await startNode(muxer());
  try {
    await server.handle(OCAPN_LIBP2P_PROTOCOL, stream => {
      stream.addEventListener('message', event => stream.send(event.data.subarray()));
    });
    const stream = await client.dialProtocol(server.getMultiaddrs()[0]!, OCAPN_LIBP2P_PROTOCOL);
    const exchange = () =>
      new Promise<void>(resolve => {
        const listener = () => {
          stream.removeEventListener('message', listener);
          resolve();
        };
        stream.addEventListener('message', listener);
        stream.send(new Uint8Array(40));
      });
    for (let i = 0; i < 10; i += 1) await exchange();
    await new Promise(resolve => setTimeout(resolve, 20));
    const bytes = await countSocketBytes(async () => {
      for (let i = 0; i < rounds; i += 1) await exchange();
      await new Promise(resolve => setTimeout(resolve, 20));
    });
    return bytes / rounds;
  } finally {
    await client.stop();
    await server.stop();
  }
};

// A 40-byte message is one yamux data frame (12-byte header) in one Noise
// message (2-byte length, 16-byte tag): 70 bytes; a window update adds a
// 30-byte Noise message.
test('a small round trip costs one Noise message each way instead of two (window updates only every 16 KiB)', async () => {
  const rounds = 100;
  const stock = await bytesPerRoundTrip(() => yamux(), rounds);
  const halved = await bytesPerRoundTrip(() => yamuxWithStepWindowUpdates(), rounds);
  assert.ok(Math.abs(stock - 2 * (70 + 30)) <= 2, `stock yamux: ${stock} socket bytes per round trip (data + window update each way)`);
  assert.ok(Math.abs(halved - 2 * 70) <= 2, `updates per 16 KiB: ${halved} socket bytes per round trip (data only each way)`);
});
