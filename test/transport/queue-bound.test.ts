// A peer that writes calls faster than we dispatch them cannot grow the
// dispatcher's queue without end: above maxQueuedMessages waiting, the
// connection stops reading from the socket and reads again once half have
// been dispatched. An attacker writes 200,000 small calls at once and reads
// nothing; the victim's send-buffer limits are lifted so that only the
// queue bound holds it back. Measured: the queue (messages delivered by the
// connection but not yet dispatched to the service) and the bytes read from
// the socket ahead of what was dispatched. Then the attacker reads: every
// call is answered, in order. As a control, the same flood with the bound
// lifted queues far more.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Far } from '../../src/pass-style/index.js';
import {
  connectCapTPToConnection,
  encodeNetstring,
  makeFairDispatcher,
  makeNetstringConnection,
  makeNetstringDecoder,
  makeWebSocketConnection,
  openWebSocket,
  webSocketServerOptions,
  DEFAULT_MAX_QUEUED_MESSAGES,
  DEFAULT_MAX_QUEUED_BYTES,
  type ConnectCapTPOptions,
  type MessageConnection,
} from '../../src/transport/index.js';

const CALLS = 200_000;

const frame = (message: unknown): Buffer => Buffer.from(encodeNetstring(Buffer.from(JSON.stringify(message), 'utf8')));
// Fixed-width question IDs (CapTP wants them canonical: no leading zeros),
// so every call's frame has the same length.
const questionID = (i: number): string => `q-${100_000 + i}`;
const callFrame = (i: number): Buffer =>
  frame({ type: 'CTP_CALL', epoch: 0, questionID: questionID(i), target: questionID(0), method: { body: '["work",[]]', slots: [] } });
const bootstrapFrame = frame({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: questionID(0) });
const CALL_FRAME_BYTES = callFrame(1).length;

/** Floods a victim that uses `options`; returns what the probes saw. */
const flood = async (options: ConnectCapTPOptions) => {
  let victimSocket: Socket | undefined;
  let delivered = 0;
  let worked = 0;
  let highestQueue = 0;
  let highestReadAhead = 0;
  let pauses = 0;
  let resumes = 0;
  let victimClosed: Promise<Error | undefined> | undefined;
  let victimEnded = false;

  const probe = (): void => {
    // The bootstrap is dispatched at once; each call reaches `work` when dispatched.
    const queued = delivered - 1 - worked;
    if (queued > highestQueue) highestQueue = queued;
    const readAhead = victimSocket!.bytesRead - bootstrapFrame.length - worked * CALL_FRAME_BYTES;
    if (readAhead > highestReadAhead) highestReadAhead = readAhead;
  };

  const server = createServer(socket => {
    victimSocket = socket;
    const connection = makeNetstringConnection(socket, {
      // Only the queue bound may stop reading here: the attacker reads nothing for a while.
      sendHighWaterBytes: 256 * 1024 * 1024,
      maxSendBufferBytes: 512 * 1024 * 1024,
    });
    const probed: MessageConnection = {
      ...connection,
      onMessage: handler =>
        connection.onMessage((message, bytes) => {
          delivered += 1;
          probe();
          handler(message, bytes);
        }),
      pauseReading: () => {
        pauses += 1;
        connection.pauseReading!();
      },
      resumeReading: () => {
        resumes += 1;
        connection.resumeReading!();
      },
    };
    const service = Far('Service', {
      work: () => {
        worked += 1;
        return worked;
      },
    });
    // The attacker never drops its answers: CapTP's own answer quota is raised past the flood.
    const quotas = { maxAnswers: 2 * CALLS };
    victimClosed = connectCapTPToConnection(probed, 'victim', service, { ...options, quotas, onReject: () => {} }).closed;
    void victimClosed.then(() => (victimEnded = true));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const attacker = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => attacker.once('connect', resolve).once('error', reject));
  const frames: Buffer[] = [bootstrapFrame];
  for (let i = 1; i <= CALLS; i += 1) frames.push(callFrame(i));
  attacker.write(Buffer.concat(frames));
  // Read nothing until the victim has served every call.
  attacker.pause();

  const sampler = setInterval(() => victimSocket && probe(), 2);
  const started = performance.now();
  while (worked < CALLS && !victimEnded && performance.now() - started < 25_000) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  clearInterval(sampler);
  if (worked < CALLS) {
    attacker.destroy();
    server.close();
    assert.fail(`the victim served ${worked} of ${CALLS} calls (closed: ${(await victimClosed)?.message ?? 'no'})`);
  }

  // Now the attacker reads: one answer per question, in order.
  const decoder = makeNetstringDecoder(1 << 24);
  const answerIDs: string[] = [];
  const allAnswered = new Promise<void>(resolve => {
    attacker.on('data', chunk => {
      for (const payload of decoder.push(chunk)) {
        const message = JSON.parse(Buffer.from(payload).toString('utf8'));
        if (message.type === 'CTP_RETURN') answerIDs.push(message.answerID);
      }
      if (answerIDs.length >= CALLS + 1) resolve();
    });
  });
  attacker.resume();
  await allAnswered;
  attacker.destroy();
  await victimClosed;
  await new Promise(resolve => server.close(resolve));
  return { highestQueue, highestReadAhead, pauses, resumes, answerIDs };
};

test('a flood of 200,000 calls: the queue stays near maxQueuedMessages, reading pauses, and every call is answered in order', { timeout: 30_000 }, async t => {
  const { highestQueue, highestReadAhead, pauses, resumes, answerIDs } = await flood({});
  t.diagnostic(`highest queue ${highestQueue}, read ahead ${highestReadAhead} bytes, ${pauses} pauses, ${resumes} resumes`);
  // Over the bound, at most what was already read may still be queued: a
  // socket read (64 KiB) plus the stream's buffer (16 KiB), and a turn's 64.
  const slack = Math.ceil((128 * 1024) / CALL_FRAME_BYTES) + 64;
  assert.ok(highestQueue <= DEFAULT_MAX_QUEUED_MESSAGES + slack, `the queue reached ${highestQueue}`);
  assert.ok(
    highestReadAhead <= (DEFAULT_MAX_QUEUED_MESSAGES + slack) * CALL_FRAME_BYTES,
    `${highestReadAhead} bytes were read ahead of dispatch`,
  );
  assert.ok(pauses >= 10, `reading paused only ${pauses} times`);
  assert.ok(resumes >= pauses - 1 && resumes <= pauses, `${pauses} pauses, ${resumes} resumes`);
  assert.equal(answerIDs.length, CALLS + 1);
  answerIDs.forEach((id, i) => assert.equal(id, questionID(i)));
});

test('control: with the queue bound lifted, the same flood queues far more', { timeout: 30_000 }, async t => {
  const { highestQueue, pauses } = await flood({ maxQueuedMessages: Number.MAX_SAFE_INTEGER, maxQueuedBytes: Number.MAX_SAFE_INTEGER });
  t.diagnostic(`highest queue ${highestQueue}`);
  assert.equal(pauses, 0);
  assert.ok(highestQueue > 10 * DEFAULT_MAX_QUEUED_MESSAGES, `the queue reached only ${highestQueue}`);
});

test('the dispatcher pauses its source above maxQueuedMessages or maxQueuedBytes and resumes at half', async () => {
  const events: string[] = [];
  const handled: number[] = [];
  const source = { pauseReading: () => events.push('pause'), resumeReading: () => events.push('resume') };
  const dispatcher = makeFairDispatcher<number>(n => handled.push(n), { maxMessagesPerTurn: 2, maxQueuedMessages: 4 }, source);
  for (let n = 0; n < 6; n += 1) dispatcher.push(n);
  // Two handled at once, four wait: at the bound, not over it.
  assert.deepEqual(handled, [0, 1]);
  assert.equal(dispatcher.waiting(), 4);
  assert.deepEqual(events, []);
  dispatcher.push(6);
  assert.deepEqual(events, ['pause']);
  assert.equal(dispatcher.isPaused(), true);
  dispatcher.push(7); // already paused: once only
  assert.deepEqual(events, ['pause']);
  await new Promise(resolve => setImmediate(resolve)); // 6 wait -> 4
  assert.deepEqual(events, ['pause']);
  await new Promise(resolve => setImmediate(resolve)); // 4 -> 2: half
  assert.deepEqual(events, ['pause', 'resume']);
  await new Promise<void>(resolve => dispatcher.whenDrained(resolve));
  assert.deepEqual(handled, [0, 1, 2, 3, 4, 5, 6, 7]);

  // By bytes: one large message waiting is enough.
  const byBytes: string[] = [];
  const bytesDispatcher = makeFairDispatcher<number>(() => {}, { maxMessagesPerTurn: 1, maxQueuedBytes: 1000 }, {
    pauseReading: () => byBytes.push('pause'),
    resumeReading: () => byBytes.push('resume'),
  });
  bytesDispatcher.push(0, 10);
  bytesDispatcher.push(1, 600);
  assert.deepEqual(byBytes, []);
  bytesDispatcher.push(2, 401);
  assert.deepEqual(byBytes, ['pause']);
  assert.equal(bytesDispatcher.waitingBytes(), 1001);
  await new Promise(resolve => setImmediate(resolve)); // 401 wait: under half
  assert.deepEqual(byBytes, ['pause', 'resume']);
  bytesDispatcher.stop();
  assert.equal(DEFAULT_MAX_QUEUED_BYTES, 8 * 1024 * 1024);
});

test('over WebSocket: the flood pauses the victim\'s socket (ws pause()) and every call is answered in order', { timeout: 30_000 }, async t => {
  const calls = 20_000;
  const maxQueuedMessages = 64;
  const server = new WebSocketServer(webSocketServerOptions({ port: 0, host: '127.0.0.1' }));
  await new Promise<void>(resolve => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  let worked = 0;
  let delivered = 0;
  let highestQueue = 0;
  let sawPaused = 0;
  server.on('connection', (socket: WebSocket) => {
    const connection = makeWebSocketConnection(socket);
    const probed: MessageConnection = {
      ...connection,
      onMessage: handler =>
        connection.onMessage((message, bytes) => {
          delivered += 1;
          highestQueue = Math.max(highestQueue, delivered - 1 - worked);
          if (socket.isPaused) sawPaused += 1;
          handler(message, bytes);
        }),
    };
    const service = Far('Service', { work: () => (worked += 1) });
    connectCapTPToConnection(probed, 'victim', service, { maxQueuedMessages, onReject: () => {} });
  });

  // The attacker: a plain ws client that sends every call at once and collects the answers.
  const attacker = await openWebSocket(`ws://127.0.0.1:${port}`);
  const answerIDs: string[] = [];
  const allAnswered = new Promise<void>(resolve =>
    attacker.on('message', data => {
      const message = JSON.parse(String(data));
      if (message.type === 'CTP_RETURN') answerIDs.push(message.answerID);
      if (answerIDs.length >= calls + 1) resolve();
    }),
  );
  attacker.send(JSON.stringify({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: questionID(0) }));
  for (let i = 1; i <= calls; i += 1) {
    attacker.send(
      JSON.stringify({ type: 'CTP_CALL', epoch: 0, questionID: questionID(i), target: questionID(0), method: { body: '["work",[]]', slots: [] } }),
    );
  }
  await allAnswered;
  t.diagnostic(`highest queue ${highestQueue}, ${sawPaused} messages arrived while the socket was paused`);
  // Frames ws had already read still arrive while paused: at most a socket read's worth.
  assert.ok(highestQueue <= maxQueuedMessages + Math.ceil((128 * 1024) / CALL_FRAME_BYTES) + 64, `the queue reached ${highestQueue}`);
  assert.ok(sawPaused > 0, 'the socket was never paused');
  assert.equal(answerIDs.length, calls + 1);
  answerIDs.forEach((id, i) => assert.equal(id, questionID(i)));
  attacker.close();
  await new Promise(resolve => server.close(resolve));
});
