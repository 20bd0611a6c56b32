// The transport limits in one process: the netstring decoder's memory
// follows the bytes that arrived, never the length claimed; a frame left
// open closes the connection after frameTimeoutMs or frameIdleTimeoutMs;
// the send-buffer guard pauses reading above sendHighWaterBytes, resumes
// once half drained, and cuts off a peer after sendDrainTimeoutMs or above
// maxSendBufferBytes; every error names the option to raise.

import './setup-lockdown.js';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import {
  checkTransportLimits,
  encodeNetstring,
  makeNetstringConnection,
  makeNetstringDecoder,
  makeSendBufferGuard,
  DEFAULT_FRAME_TIMEOUT_MS,
  DEFAULT_FRAME_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_SEND_DRAIN_TIMEOUT_MS,
  DEFAULT_SEND_HIGH_WATER_BYTES,
  DEFAULT_CLOSE_TIMEOUT_MS,
} from '../../src/transport/index.js';

// The limits' timers do not keep a process alive (its sockets do); a
// PassThrough does not either, so hold the loop open while the tests wait.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));

const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

test('a claimed length allocates nothing: the buffer follows the bytes that arrived', () => {
  const decoder = makeNetstringDecoder(16 * 1024 * 1024);
  assert.deepEqual(decoder.push(bytesOf('16777216:{')), []);
  assert.deepEqual(decoder.progress(), { received: 1, claimed: 16777216 });
  assert.ok(decoder.bufferedBytes() <= 4096, `holds ${decoder.bufferedBytes()} bytes for 1 received`);
  decoder.push(new Uint8Array(100_000));
  assert.ok(decoder.bufferedBytes() <= 200_002, `holds ${decoder.bufferedBytes()} bytes for 100 001 received`);
});

test('property: a split payload never holds more than twice what arrived (or 4 KiB), nor more than it claims', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50_000 }), fc.array(fc.integer({ min: 1, max: 9000 }), { maxLength: 30 }), (size, cuts) => {
      const frame = encodeNetstring(new Uint8Array(size).fill(7));
      const decoder = makeNetstringDecoder(size);
      let at = 0;
      let decoded: Uint8Array[] = [];
      for (const cut of [...cuts, frame.length]) {
        const chunk = frame.subarray(at, Math.min(frame.length, at + cut));
        at += chunk.length;
        decoded = decoded.concat(decoder.push(chunk));
        const { received, claimed } = decoder.progress();
        if (claimed !== undefined && decoded.length === 0) {
          assert.ok(decoder.bufferedBytes() <= Math.max(4096, 2 * received), `${decoder.bufferedBytes()} held for ${received}`);
          assert.ok(decoder.bufferedBytes() <= claimed);
        }
        if (at === frame.length) break;
      }
      assert.equal(decoded.length, 1);
      assert.equal(decoded[0].length, size);
      assert.ok(decoded[0].every(byte => byte === 7));
    }),
  );
});

test('the limits: documented defaults, and a bad option is refused by name', () => {
  assert.deepEqual(checkTransportLimits(), {
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    frameTimeoutMs: DEFAULT_FRAME_TIMEOUT_MS,
    frameIdleTimeoutMs: DEFAULT_FRAME_IDLE_TIMEOUT_MS,
    sendHighWaterBytes: DEFAULT_SEND_HIGH_WATER_BYTES,
    sendDrainTimeoutMs: DEFAULT_SEND_DRAIN_TIMEOUT_MS,
    maxSendBufferBytes: DEFAULT_SEND_HIGH_WATER_BYTES + DEFAULT_MAX_MESSAGE_BYTES,
    closeTimeoutMs: DEFAULT_CLOSE_TIMEOUT_MS,
  });
  assert.equal(DEFAULT_CLOSE_TIMEOUT_MS, 5000);
  assert.equal(DEFAULT_FRAME_TIMEOUT_MS, 30_000);
  assert.equal(DEFAULT_SEND_HIGH_WATER_BYTES, 1024 * 1024);
  assert.equal(checkTransportLimits({ sendHighWaterBytes: 10, maxMessageBytes: 5 }).maxSendBufferBytes, 15);
  assert.throws(() => checkTransportLimits({ frameTimeoutMs: 0 }), { name: 'RangeError', message: /^frameTimeoutMs must be a positive safe integer, got 0$/ });
  assert.throws(() => checkTransportLimits({ sendDrainTimeoutMs: 1.5 }), /^RangeError: sendDrainTimeoutMs must be/);
  assert.throws(() => makeNetstringConnection(new PassThrough(), { maxSendBufferBytes: -1 }), /maxSendBufferBytes must be/);
});

const closeAfter = async (write: (input: PassThrough) => void, options: object) => {
  const input = new PassThrough();
  const connection = makeNetstringConnection({ input, output: new PassThrough() }, options);
  const started = performance.now();
  write(input);
  const reason = await connection.closed;
  return { reason, took: performance.now() - started };
};

test('a frame left silent closes the connection after frameIdleTimeoutMs', async () => {
  const { reason, took } = await closeAfter(input => input.write('10:ab'), { frameTimeoutMs: 5000, frameIdleTimeoutMs: 200 });
  assert.match(
    reason!.message,
    /^Peer sent nothing for more than frameIdleTimeoutMs \(200 ms\) in the middle of a message \(2 of 10 bytes arrived\); the connection is closed\. Raise frameIdleTimeoutMs/,
  );
  assert.ok(took >= 190 && took < 1500, `closed after ${took} ms`);
  // A length that never ends is a frame too.
  const unfinished = await closeAfter(input => input.write('123'), { frameTimeoutMs: 5000, frameIdleTimeoutMs: 200 });
  assert.match(unfinished.reason!.message, /frameIdleTimeoutMs \(200 ms\) in the middle of a message \(its length was never finished\)/);
});

test('a frame trickled in closes the connection after frameTimeoutMs; frames that complete do not', async () => {
  let trickle: ReturnType<typeof setInterval> | undefined;
  const { reason, took } = await closeAfter(input => {
    input.write('1000:');
    trickle = setInterval(() => input.write('x'), 30);
  }, { frameTimeoutMs: 400, frameIdleTimeoutMs: 200 });
  clearInterval(trickle);
  assert.match(reason!.message, /^Peer left a message incomplete for more than frameTimeoutMs \(400 ms\) \(\d+ of 1000 bytes arrived\)/);
  assert.ok(took >= 390 && took < 2000, `closed after ${took} ms`);

  // Many frames, each split across chunks and each quick, for longer than
  // the frame timeout: the deadline is per frame.
  const input = new PassThrough();
  const connection = makeNetstringConnection({ input, output: new PassThrough() }, { frameTimeoutMs: 150, frameIdleTimeoutMs: 100 });
  const received: unknown[] = [];
  connection.onMessage(message => received.push(message));
  for (let i = 0; i < 10; i += 1) {
    const frame = Buffer.from(encodeNetstring(JSON.stringify({ i })));
    input.write(frame.subarray(0, 4));
    await new Promise(resolve => setTimeout(resolve, 20));
    input.write(frame.subarray(4));
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  await new Promise(resolve => setTimeout(resolve, 200));
  assert.equal(connection.isClosed(), false);
  assert.equal(received.length, 10);
  connection.close();
});

test('the send-buffer guard: pause above the mark, resume at half, cut off after the drain limit or above the ceiling', async () => {
  let buffered = 0;
  const events: string[] = [];
  const guard = makeSendBufferGuard({
    limits: { sendHighWaterBytes: 100, sendDrainTimeoutMs: 200, maxSendBufferBytes: 1000 },
    bufferedBytes: () => buffered,
    pauseReading: () => events.push('pause'),
    resumeReading: () => events.push('resume'),
    disconnect: reason => events.push(reason.message),
  });
  buffered = 100;
  guard.check();
  assert.deepEqual(events, []);
  buffered = 101;
  guard.check();
  assert.deepEqual(events, ['pause']);
  buffered = 51;
  guard.check();
  assert.equal(guard.isPaused(), true);
  buffered = 50; // the poll notices
  await new Promise(resolve => setTimeout(resolve, 60));
  assert.deepEqual(events, ['pause', 'resume']);
  buffered = 500;
  guard.check();
  await new Promise(resolve => setTimeout(resolve, 260));
  assert.equal(events.length, 4);
  assert.equal(events[2], 'pause');
  assert.match(events[3], /^Peer did not read what we sent: 500 bytes stayed buffered above sendHighWaterBytes \(100\) for more than sendDrainTimeoutMs \(200 ms\)/);
  assert.equal(guard.highestBuffered(), 500);

  const overflow: string[] = [];
  const guard2 = makeSendBufferGuard({
    limits: { sendHighWaterBytes: 100, sendDrainTimeoutMs: 200, maxSendBufferBytes: 1000 },
    bufferedBytes: () => 1001,
    pauseReading: () => {},
    resumeReading: () => {},
    disconnect: reason => overflow.push(reason.message),
  });
  guard2.check();
  guard2.check(); // stopped: once only
  assert.deepEqual(overflow, [
    'Refused to buffer more for a peer that is not reading: 1001 bytes wait to be sent, more than maxSendBufferBytes (1000); the connection is closed. Raise maxSendBufferBytes if the peer is honest but slow.',
  ]);
});

test('over a stream: frames read while paused wait, in order, until the peer drains', async () => {
  // An output whose writes complete only when we say.
  const pending: (() => void)[] = [];
  const output = new Writable({
    highWaterMark: 1 << 20,
    write: (_chunk, _encoding, callback) => void pending.push(callback),
  });
  const input = new PassThrough();
  const connection = makeNetstringConnection({ input, output }, { sendHighWaterBytes: 1000, sendDrainTimeoutMs: 5000 });
  const seen: number[] = [];
  connection.onMessage(message => {
    seen.push(message.n as number);
    connection.send({ reply: 'r'.repeat(600) }); // the second reply goes above the mark
  });
  input.write(Buffer.concat([1, 2, 3, 4].map(n => encodeNetstring(JSON.stringify({ n })))));
  await new Promise(resolve => setTimeout(resolve, 50));
  assert.deepEqual(seen, [1, 2]);
  assert.equal(input.isPaused(), true);
  while (pending.length > 0) pending.shift()!();
  await new Promise(resolve => setTimeout(resolve, 60));
  assert.deepEqual(seen, [1, 2, 3, 4]);
  assert.equal(connection.isClosed(), false);
  while (pending.length > 0) pending.shift()!();
  connection.close();
});
