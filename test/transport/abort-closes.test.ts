// When CapTP refuses what a peer sent, the connection under it goes too:
// the victim tells the peer why (a last CTP_DISCONNECT, its reason
// shortened) and closes the socket itself, even for an attacker that keeps
// its own side open; over WebSocket, the victim sends a close frame. The
// server keeps serving everyone else.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import {
  connectCapTP,
  connectCapTPToWebSocket,
  encodeNetstring,
  makeNetstringDecoder,
  openWebSocket,
  webSocketServerOptions,
  type CapTPConnection,
} from '../../src/transport/index.js';

const makeService = () => Far('Service', { ping: () => 'pong' });

/** A TCP server whose every connection is a CapTP end; the server side's sockets too. */
const startTcpVictim = async () => {
  const ends: CapTPConnection[] = [];
  const sockets: Socket[] = [];
  const server = createServer(socket => {
    sockets.push(socket);
    ends.push(connectCapTP(socket, 'victim', makeService(), { onReject: () => {} }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const endOf = async (n: number) => {
    while (ends.length <= n) await new Promise(resolve => setImmediate(resolve));
    return { end: ends[n], socket: sockets[n] };
  };
  return { port, endOf, close: () => new Promise(resolve => server.close(resolve)) };
};

/**
 * An attacker's raw socket that never ends its own side (allowHalfOpen),
 * so only the victim can close the connection; it records what it got.
 */
const dialRaw = async (port: number) => {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = makeNetstringDecoder(1 << 24);
  const received: any[] = [];
  socket.on('data', chunk => {
    for (const payload of decoder.push(chunk)) received.push(JSON.parse(Buffer.from(payload).toString('utf8')));
  });
  const sawEnd = new Promise<void>(resolve => socket.once('end', resolve));
  const sawClose = new Promise<void>(resolve => socket.once('close', resolve));
  const send = (message: unknown) => socket.write(encodeNetstring(Buffer.from(JSON.stringify(message), 'utf8')));
  return { socket, received, sawEnd, sawClose, send };
};

/** Rejects after `ms` milliseconds, naming what did not happen in time. */
const within = <T>(ms: number, what: string, promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref()),
  ]);

test('a message CapTP refuses closes the TCP socket: the attacker sees the farewell, then end and close', async () => {
  const { port, endOf, close } = await startTcpVictim();
  const attacker = await dialRaw(port);
  // Well framed, valid JSON, a known type: but a call to an export that does not exist.
  attacker.send({ type: 'CTP_CALL', epoch: 0, questionID: 'q-1', target: 'o-77', method: { body: '["ping",[]]', slots: [] } });
  const { end, socket } = await endOf(0);
  await within(2000, 'the victim ending the socket', attacker.sawEnd);
  const reason = await end.closed;
  assert.ok(reason instanceof Error);
  assert.match(reason.message, /^CapTP victim: Unknown export "o\+77"/);
  assert.equal(attacker.received.length, 1);
  assert.equal(attacker.received[0].type, 'CTP_DISCONNECT');
  assert.match(attacker.received[0].reason, /^CapTP victim: Unknown export "o\+77"/);
  // The victim's own side of the socket is gone, not half open: what the
  // attacker still writes is refused (a reset), and its socket closes too.
  await within(2000, 'the victim destroying its socket', new Promise<void>(resolve => (socket.destroyed ? resolve() : socket.once('close', () => resolve()))));
  attacker.socket.on('error', () => {});
  const poke = setInterval(() => attacker.socket.write('1:x,'), 10);
  await within(2000, 'the attacker seeing its socket close', attacker.sawClose);
  clearInterval(poke);
  // Everyone else is still served.
  const client = await dialRaw(port);
  client.send({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' });
  client.send({ type: 'CTP_CALL', epoch: 0, questionID: 'q-2', target: 'q-1', method: { body: '["ping",[]]', slots: [] } });
  await within(2000, 'the answer', (async () => {
    while (!client.received.some(m => m.type === 'CTP_RETURN' && m.answerID === 'q-2')) await new Promise(r => setTimeout(r, 5));
  })());
  assert.deepEqual(client.received.find(m => m.answerID === 'q-2').result, { body: '"pong"', slots: [] });
  client.socket.destroy();
  await close();
});

test('a refused message quoting 1 MB of the attacker\'s data gets a short reason back, and the socket closes', async () => {
  const { port, endOf, close } = await startTcpVictim();
  const attacker = await dialRaw(port);
  const hugeSlot = `o-${'9'.repeat(1 << 20)}`;
  attacker.send({ type: 'CTP_CALL', epoch: 0, questionID: 'q-1', target: hugeSlot, method: { body: '["ping",[]]', slots: [] } });
  await within(3000, 'the victim ending the socket', attacker.sawEnd);
  const reason = (await (await endOf(0)).end.closed)!;
  assert.ok(reason.message.length < 1200, `the close reason is ${reason.message.length} characters`);
  assert.equal(attacker.received.length, 1);
  assert.ok(attacker.received[0].reason.length < 1200, `the farewell reason is ${attacker.received[0].reason.length} characters`);
  assert.match(attacker.received[0].reason, /… \(truncated: \d+ characters in all\)$/);
  attacker.socket.destroy();
  await close();
});

test('a peer that says CTP_DISCONNECT itself is closed on too (cleanly)', async () => {
  const { port, endOf, close } = await startTcpVictim();
  const attacker = await dialRaw(port);
  attacker.send({ type: 'CTP_DISCONNECT', epoch: 0, reason: 'bye' });
  await within(2000, 'the victim ending the socket', attacker.sawEnd);
  assert.equal(await (await endOf(0)).end.closed, undefined);
  attacker.socket.destroy();
  await close();
});

test('a message CapTP refuses closes the WebSocket with a close frame saying why', async () => {
  const ends: CapTPConnection[] = [];
  const server = new WebSocketServer(webSocketServerOptions({ host: '127.0.0.1', port: 0 }));
  server.on('connection', (socket: WebSocket) => {
    ends.push(connectCapTPToWebSocket(socket, 'victim', makeService(), { onReject: () => {} }));
  });
  await new Promise(resolve => server.once('listening', resolve));
  const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  const attacker = await openWebSocket(url);
  const closed = new Promise<[number, string]>(resolve => attacker.once('close', (code, reason) => resolve([code, reason.toString('utf8')])));
  attacker.send(JSON.stringify({ type: 'CTP_RESOLVE', epoch: 0, promiseID: 'p-5', res: { body: '1', slots: [] } }));
  const [code, why] = await within(2000, 'the close frame', closed);
  assert.equal(code, 1008);
  assert.match(why, /^CapTP victim: Got .* for "p-5", which is not pending here/);
  assert.match((await ends[0].closed)!.message, /not pending here/);
  // Another client is still served.
  const client = connectCapTPToWebSocket(await openWebSocket(url), 'client', undefined, { onReject: () => {} });
  assert.equal(await E(client.getBootstrap()).ping(), 'pong');
  client.abort();
  await new Promise(resolve => server.close(resolve));
});
