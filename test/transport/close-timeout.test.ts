// After we end a connection cleanly, a peer that never closes its side
// (never answers our FIN, or our WebSocket close frame) cannot keep the
// socket, and its file descriptor, open: after closeTimeoutMs the victim
// destroys it. The attacker is a raw socket with allowHalfOpen that never
// calls end(); as a control, with the default timeout the socket is still
// open well after the short one would have fired.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Far } from '../../src/pass-style/index.js';
import {
  checkTransportLimits,
  connectCapTP,
  encodeNetstring,
  makeNetstringConnection,
  makePortConnection,
  makeWebSocketConnection,
  openWebSocket,
  webSocketServerOptions,
  type ConnectCapTPOptions,
  type MessageConnection,
} from '../../src/transport/index.js';
import { MessageChannel } from 'node:worker_threads';

const SHORT_MS = 300;

/** A TCP server that makes each accepted socket into a connection with `serve`. */
const startVictim = async (serve: (socket: Socket) => MessageConnection | { connection: MessageConnection }) => {
  const accepted: { socket: Socket; connection: MessageConnection }[] = [];
  const server = createServer(socket => {
    const made = serve(socket);
    accepted.push({ socket, connection: 'connection' in made ? made.connection : made });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const next = async () => {
    while (accepted.length === 0) await new Promise(resolve => setImmediate(resolve));
    return accepted.shift()!;
  };
  return { port, next, close: () => new Promise(resolve => server.close(resolve)) };
};

/** An attacker that keeps its side open for ever: allowHalfOpen, and never end(). */
const dialHalfOpen = async (port: number) => {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => {});
  socket.on('data', () => {});
  const sawEnd = new Promise<void>(resolve => socket.once('end', resolve));
  return { socket, sawEnd };
};

const closeOf = (socket: Socket) => new Promise<number>(resolve => socket.once('close', () => resolve(performance.now())));
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

test('connection.close() on TCP: a peer that keeps its side open is cut off after closeTimeoutMs', { timeout: 10_000 }, async () => {
  const victim = await startVictim(socket => makeNetstringConnection(socket, { closeTimeoutMs: SHORT_MS }));
  const attacker = await dialHalfOpen(victim.port);
  const { socket, connection } = await victim.next();
  const closedAt = closeOf(socket);
  const started = performance.now();
  connection.close();
  assert.equal(await connection.closed, undefined, 'a clean close');
  await attacker.sawEnd; // our FIN went out at once
  assert.equal(socket.destroyed, false, 'still open just after our FIN');
  const took = (await closedAt) - started;
  assert.ok(took >= SHORT_MS - 20 && took < SHORT_MS + 1000, `the victim's socket closed after ${took.toFixed(0)} ms`);
  assert.equal(socket.destroyed, true);
  attacker.socket.destroy();
  await victim.close();
});

test('control: with the default closeTimeoutMs the half-open socket is still open after the short timeout', { timeout: 10_000 }, async () => {
  assert.equal(checkTransportLimits().closeTimeoutMs, 5000);
  const victim = await startVictim(socket => makeNetstringConnection(socket));
  const attacker = await dialHalfOpen(victim.port);
  const { socket, connection } = await victim.next();
  connection.close();
  await attacker.sawEnd;
  await sleep(SHORT_MS + 300);
  assert.equal(socket.destroyed, false, 'the peer still holds it');
  // An honest peer's end closes it at once, timer or not.
  const closedAt = closeOf(socket);
  const started = performance.now();
  attacker.socket.end();
  const took = (await closedAt) - started;
  assert.ok(took < 500, `closed ${took.toFixed(0)} ms after the peer's end`);
  await victim.close();
});

test("after the peer's CTP_DISCONNECT, CapTP closes cleanly and the half-open socket is still destroyed", { timeout: 10_000 }, async () => {
  const options: ConnectCapTPOptions = { closeTimeoutMs: SHORT_MS, onReject: () => {} };
  const victim = await startVictim(socket => connectCapTP(socket, 'victim', Far('Service', {}), options));
  const attacker = await dialHalfOpen(victim.port);
  const { socket, connection } = await victim.next();
  const closedAt = closeOf(socket);
  const started = performance.now();
  attacker.socket.write(encodeNetstring(Buffer.from(JSON.stringify({ type: 'CTP_DISCONNECT', epoch: 0, reason: 'bye' }))));
  assert.equal(await connection.closed, undefined, 'a clean close');
  await attacker.sawEnd;
  const took = (await closedAt) - started;
  assert.ok(took >= SHORT_MS - 20 && took < SHORT_MS + 1000, `the victim's socket closed after ${took.toFixed(0)} ms`);
  attacker.socket.destroy();
  await victim.close();
});

test('WebSocket: a peer that never answers our close frame is dropped after closeTimeoutMs, not ws\'s 30 s', { timeout: 10_000 }, async () => {
  const server = new WebSocketServer(webSocketServerOptions({ port: 0, host: '127.0.0.1', closeTimeoutMs: SHORT_MS }));
  await new Promise<void>(resolve => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const accepted = new Promise<{ socket: WebSocket; connection: MessageConnection }>(resolve =>
    server.once('connection', socket => resolve({ socket, connection: makeWebSocketConnection(socket, { closeTimeoutMs: SHORT_MS }) })),
  );
  // A raw TCP peer that completes the handshake, then ignores everything.
  const attacker = await dialHalfOpen(port);
  attacker.socket.write(
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const { socket, connection } = await accepted;
  const closedAt = new Promise<number>(resolve => socket.once('close', () => resolve(performance.now())));
  const started = performance.now();
  connection.close();
  assert.equal(await connection.closed, undefined);
  const took = (await closedAt) - started;
  assert.ok(took >= SHORT_MS - 20 && took < SHORT_MS + 1000, `the victim's WebSocket closed after ${took.toFixed(0)} ms`);
  attacker.socket.destroy();
  await new Promise(resolve => server.close(resolve));
});

test('every connection option is checked by name, on every transport and where a WebSocket is made', { timeout: 10_000 }, async () => {
  const bad = { closeTimeoutMs: 0 };
  const message = /^RangeError: closeTimeoutMs must be a positive safe integer, got 0$/;
  assert.throws(() => checkTransportLimits(bad), message);
  const { port1, port2 } = new MessageChannel();
  assert.throws(() => makePortConnection(port1, { frameTimeoutMs: -5 }), /^RangeError: frameTimeoutMs must be a positive safe integer, got -5$/);
  port1.close();
  port2.close();
  assert.throws(() => webSocketServerOptions({ sendHighWaterBytes: 1.5 }), /^RangeError: sendHighWaterBytes must be/);
  await assert.rejects(async () => openWebSocket('ws://127.0.0.1:1', { closeTimeoutMs: Number.NaN }), /^RangeError: closeTimeoutMs must be/);
  const socket = connect({ port: 1, host: '127.0.0.1' });
  socket.on('error', () => {});
  assert.throws(() => connectCapTP(socket, 'x', undefined, { maxQueuedMessages: 0 }), /^RangeError: maxQueuedMessages must be a positive safe integer, got 0$/);
  assert.throws(() => connectCapTP(socket, 'x', undefined, { maxQueuedBytes: Infinity }), /^RangeError: maxQueuedBytes must be/);
  assert.throws(() => connectCapTP(socket, 'x', undefined, { closeTimeoutMs: -1 }), /^RangeError: closeTimeoutMs must be/);
  // A refused option leaves the socket alone: no listener was added.
  assert.equal(socket.listenerCount('data'), 0);
  socket.destroy();
});
