// The tcp-testing-only netlayer's `framing: 'syrup'` over real sockets on
// 127.0.0.1, after lockdown: what goes on the wire (`<length>:<bytes>` per
// write; nothing added by default), frames read in any chunking from a raw
// peer, an OCapN session over framed channels, a framed peer meeting an
// unframed one, and hostile raw peers (garbage, a 20-digit length, a
// claimed 2 GB frame trickled digit by digit, a big frame cut off by the
// peer's close): each ends only its own channel, with a reason naming the
// problem, while another channel's round trip goes on.

import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as dialTcp, type Socket } from 'node:net';
import { E } from '../../src/eventual-send/index.js';
import { Far } from '../../src/pass-style/index.js';
import { makeOcapn } from '../../src/ocapn/client.js';
import type { OcapnChannel, OcapnNetlayer, OcapnNetlayerFactory } from '../../src/ocapn/netlayer.js';
import { makeSyrupStreamDecoder } from '../../src/ocapn/syrup/index.js';
import { makeTcpTestingOnlyNetlayer, type TcpTestingOnlyOptions } from '../../src/ocapn/netlayers/tcp-testing-only.js';
import { encodeSyrupFrame } from '../../src/ocapn/netlayers/syrup-frames.js';
import { collect, startNetlayer, waitFor } from './netlayer-test-kit.js';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/** Our tcp-testing-only netlayer, incoming channels queued, and its port. */
const start = async (options: TcpTestingOnlyOptions = {}) => {
  const started = await startNetlayer(makeTcpTestingOnlyNetlayer(options));
  return { ...started, port: Number((started.netlayer.location.hints as { port: string }).port) };
};

/** A raw TCP client: what it receives, and when the netlayer closes it. */
const dialRaw = async (port: number) => {
  const socket: Socket = dialTcp({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>(resolve => socket.once('connect', () => resolve()));
  const received: Buffer[] = [];
  socket.on('data', chunk => received.push(chunk));
  socket.on('error', () => {});
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()));
  return { socket, received: () => Buffer.concat(received), closed };
};

const closeAll = (...netlayers: OcapnNetlayer[]) => Promise.all(netlayers.map(netlayer => netlayer.close()));

test("on the wire: nothing added by default; with framing 'syrup' each write is `<length>:<bytes>`", async () => {
  const plain = await start();
  const framed = await start({ framing: 'syrup' });
  try {
    for (const [server, expected] of [
      [plain, 'hello<3:foo>'],
      [framed, '5:hello7:<3:foo>'],
    ] as const) {
      const raw = await dialRaw(server.port);
      const channel = await server.nextIncoming();
      collect(channel);
      channel.write(ascii('hello'));
      channel.write(ascii('<3:foo>'));
      // An empty write is no message: nothing goes out for it.
      channel.write(new Uint8Array(0));
      await waitFor(() => raw.received().length >= expected.length, expected);
      await sleep(20);
      assert.equal(raw.received().toString('latin1'), expected);
      raw.socket.destroy();
    }
  } finally {
    await closeAll(plain.netlayer, framed.netlayer);
  }
});

test('framed channels both ways: each write arrives as one whole payload, big or small', async () => {
  const a = await start({ framing: 'syrup' });
  const b = await start({ framing: 'syrup' });
  try {
    const outgoing = await a.netlayer.connect(b.netlayer.location);
    const incoming = await b.nextIncoming();
    const atB = collect(incoming);
    const atA = collect(outgoing);
    const sent: Buffer[] = [];
    for (let i = 0; i < 300; i += 1) {
      const payload = Buffer.alloc(1 + ((i * 7919) % 3000), i & 0xff);
      sent.push(payload);
      outgoing.write(payload);
    }
    const big = Buffer.alloc(3 * 1024 * 1024, 0x5a);
    outgoing.write(big);
    incoming.write(ascii('back'));
    await waitFor(() => atB.chunks.length === 301 && atA.chunks.length === 1, 'every frame');
    assert.ok(atB.chunks.slice(0, 300).every((chunk, i) => chunk.equals(sent[i]!)), 'small payloads whole and in order');
    assert.ok(atB.chunks[300]!.equals(big), 'a 3 MiB payload whole');
    assert.equal(atA.chunks[0]!.toString(), 'back');
  } finally {
    await closeAll(a.netlayer, b.netlayer);
  }
});

test('frames from a raw peer split at every byte, and several in one write, give the same payloads', async () => {
  const server = await start({ framing: 'syrup' });
  try {
    const raw = await dialRaw(server.port);
    const channel = await server.nextIncoming();
    const { chunks } = collect(channel);
    const payloads = ['<10:op:abort5:bye>', 'x', 'a longer message of some bytes'].map(ascii);
    const stream = Buffer.concat(payloads.map(encodeSyrupFrame));
    for (const byte of stream) {
      raw.socket.write(Uint8Array.of(byte));
      await sleep(1);
    }
    raw.socket.write(Buffer.concat([stream, ascii('0:'), stream]));
    await waitFor(() => chunks.length === 9, 'nine payloads');
    assert.deepEqual(
      chunks.map(chunk => chunk.toString('latin1')),
      [...payloads, ...payloads, ...payloads].map(payload => payload.toString('latin1')),
    );
    raw.socket.destroy();
  } finally {
    await server.netlayer.close();
  }
});

test("an OCapN session over framing 'syrup': fetch a sturdy ref, call, pipeline, and close cleanly", async () => {
  const alice = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ framing: 'syrup' })] });
  const bob = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ framing: 'syrup' })] });
  try {
    const maker = Far('maker', {
      make: (name: string) => Far('thing', { getName: () => name, big: (n: number) => 'z'.repeat(n) }),
    });
    const ref = bob.makeSturdyRef(maker);
    const remote = (await alice.enlivenSturdyRef(ref)) as typeof maker;
    assert.equal(await E(E(remote).make('pipelined')).getName(), 'pipelined');
    // Bigger than one socket read: the frame is put together from several.
    assert.equal((await E(E(remote).make('x')).big(2_000_000)).length, 2_000_000);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('over framed channels a session sends one message per frame, even when a turn makes several', async () => {
  const framesSeen: number[] = [];
  /** tcp-testing-only with framing, each incoming payload's Syrup values counted. */
  const counting: OcapnNetlayerFactory = async (onIncoming) =>
    makeTcpTestingOnlyNetlayer({ framing: 'syrup' })((channel) => {
      const onData = channel.onData.bind(channel);
      onIncoming(
        Object.assign(Object.create(channel) as OcapnChannel, {
          onData: (handler: (chunk: Uint8Array) => void) =>
            onData((payload) => {
              const decoder = makeSyrupStreamDecoder();
              framesSeen.push(decoder.push(payload).length);
              assert.equal(decoder.pendingBytes, 0, 'a frame ends where its message ends');
              handler(payload);
            }),
        }),
      );
    });
  const alice = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ framing: 'syrup' })] });
  const bob = await makeOcapn({ netlayers: [counting] });
  try {
    const echo = Far('echo', { echo: (value: unknown) => value });
    const remote = (await alice.enlivenSturdyRef(bob.makeSturdyRef(echo))) as typeof echo;
    // Ten calls made in one turn: ten op:deliver (and op:gc-answers later) in ten frames.
    assert.deepEqual(await Promise.all([...Array(10).keys()].map((i) => E(remote).echo(i))), [...Array(10).keys()]);
    assert.ok(framesSeen.length >= 12, `${framesSeen.length} frames`);
    assert.deepEqual(new Set(framesSeen), new Set([1]));
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('a framed peer meeting an unframed one: the framed side ends the channel, saying why', async () => {
  const framed = await start({ framing: 'syrup' });
  const plain = await start();
  try {
    const outgoing = await plain.netlayer.connect(framed.netlayer.location);
    const incoming = await framed.nextIncoming();
    const atFramed = collect(incoming);
    const atPlain = collect(outgoing);
    outgoing.write(ascii('<18:op:start-session'));
    const reason = await atFramed.ended;
    assert.match(reason?.message ?? '', /^OCapN channel with tcp-testing-only peer at 127\.0\.0\.1:\d+ \(incoming\) sent a bad Syrup frame length: "<" \(0x3c\) where a digit belongs, at byte 0 of the stream$/);
    assert.ok(await atPlain.ended, 'the unframed side hears the end too');
  } finally {
    await closeAll(framed.netlayer, plain.netlayer);
  }
});

test('the framing option is checked', async () => {
  await assert.rejects(makeTcpTestingOnlyNetlayer({ framing: 'netstring' as 'syrup' })(() => {}), /TypeError: framing must be 'none' or 'syrup', got "netstring"/);
  await assert.rejects(makeTcpTestingOnlyNetlayer({ framing: 'syrup', maxFrameBytes: 0 })(() => {}), /RangeError: maxFrameBytes must be a positive safe integer/);
});

/** Lets `send` act as a hostile raw peer; checks that the peer is cut off and that only `wholeFrames` reached the session; returns the reason the channel ended with. */
const attack = async (server: Awaited<ReturnType<typeof start>>, send: (socket: Socket, stopped: () => boolean) => Promise<void>, wholeFrames: string[] = []) => {
  const raw = await dialRaw(server.port);
  const channel = await server.nextIncoming();
  const { ended, chunks } = collect(channel);
  let stopped = false;
  void ended.then(() => (stopped = true));
  await send(raw.socket, () => stopped);
  const reason = await ended;
  await Promise.race([raw.closed, sleep(2000).then(() => assert.fail('the attacker was not disconnected'))]);
  assert.deepEqual(
    chunks.map(chunk => chunk.toString('latin1')),
    wholeFrames,
    'only whole frames reached the session',
  );
  return reason?.message ?? '(no reason)';
};

test('hostile raw peers end their own channel only, with the reason; another channel keeps its round trips', async () => {
  const server = await start({ framing: 'syrup' });
  const client = await start({ framing: 'syrup' });
  // A well-behaved channel that echoes, timed while the attacks go on.
  const good = await client.netlayer.connect(server.netlayer.location);
  const goodAtServer = await server.nextIncoming();
  const goodReplies = collect(good);
  goodAtServer.onData(chunk => goodAtServer.write(chunk));
  goodAtServer.onClose(() => {});
  const roundTrip = async (): Promise<number> => {
    const started = performance.now();
    const before = goodReplies.chunks.length;
    good.write(ascii('ping'));
    await waitFor(() => goodReplies.chunks.length > before, 'the echo', 2000);
    return performance.now() - started;
  };
  const peer = /^OCapN channel with tcp-testing-only peer at 127\.0\.0\.1:\d+ \(incoming\) /;
  try {
    await roundTrip();

    const garbage = await attack(server, async socket => {
      socket.write(Buffer.from([0xff, 0x00, 0x13, 0x37, ...ascii('GET / HTTP/1.1\r\n')]));
    });
    assert.match(garbage, peer);
    assert.match(garbage, /sent a bad Syrup frame length: 0xff where a digit belongs, at byte 0 of the stream$/);

    const twentyDigits = await attack(server, async socket => {
      socket.write(ascii('12345678901234567890:'));
    });
    assert.match(twentyDigits, /sent a Syrup frame over its limit: a length of 9 digits reading more than maxFrameBytes \(16777216\), at byte 0 of the stream$/);

    // After a good frame, a length with a leading zero.
    const leadingZero = await attack(server, async socket => {
      socket.write(ascii('05:hello'));
    });
    assert.match(leadingZero, /sent a bad Syrup frame length: a leading zero, at byte 0/);

    // A claimed 2 GB frame, one digit at a time: cut off at the digit that passes 16 MiB, before its ':'.
    let digitsSent = 0;
    const twoGigabytes = await attack(server, async (socket, stopped) => {
      for (const digit of ascii('2147483648:')) {
        if (stopped()) break;
        socket.write(Uint8Array.of(digit));
        digitsSent += 1;
        await sleep(30);
        assert.ok((await roundTrip()) < 500, 'a round trip on the good channel meanwhile');
      }
    });
    assert.match(twoGigabytes, /sent a Syrup frame over its limit: a length of 8 digits reading more than maxFrameBytes \(16777216\)/);
    assert.equal(digitsSent, 8);

    // A frame under the limit that the peer trickles, then abandons by closing: held as it came, reported unfinished.
    const memoryBefore = process.memoryUsage().arrayBuffers;
    let memoryDuring = 0;
    const cutOff = await attack(server, async socket => {
      socket.write(ascii('16000000:'));
      for (let i = 0; i < 50; i += 1) {
        socket.write(Buffer.alloc(2000, 1));
        await sleep(2);
      }
      await sleep(50);
      memoryDuring = process.memoryUsage().arrayBuffers;
      socket.end();
    });
    assert.match(cutOff, peer);
    assert.match(cutOff, /was closed by the peer in the middle of a Syrup frame \(100000 of its 16000000 bytes came; it began at byte 0 of the stream\)$/);
    assert.ok(memoryDuring - memoryBefore < 4 * 1024 * 1024, `array buffers grew by ${memoryDuring - memoryBefore} bytes for a claimed 16 MB frame`);

    // A length prefix cut off by the close.
    const cutInPrefix = await attack(server, async socket => {
      socket.end(ascii('1:a12'));
    }, ['a']);
    assert.match(cutInPrefix, /was closed by the peer in the middle of a Syrup frame's length \("12" so far, from byte 3 of the stream\)$/);

    assert.ok((await roundTrip()) < 500, 'the good channel still answers');
  } finally {
    await closeAll(server.netlayer, client.netlayer);
  }
});
