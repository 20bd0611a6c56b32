// CapTP over a real TCP socket on 127.0.0.1, framed as netstrings:
// bootstrap and calls work, a disconnection rejects what is pending, and
// malformed or oversize input closes that connection with a clear error
// while the process (and the server) carry on.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { connectCapTP, makeNetstringConnection, type CapTPConnection } from '../../src/transport/index.js';

const makeCounter = () => {
  let count = 0;
  return Far('Counter', {
    increment: (by = 1) => (count += by),
    // A fresh promise per call: one made at module load, before node --test
    // enables async hooks, cannot get their id once hardened.
    hang: () => new Promise<never>(() => {}),
    echo: (value: unknown) => value,
  });
};

/** A server whose every connection is a CapTP end serving a fresh counter. */
const startServer = async (maxMessageBytes?: number) => {
  const ends: CapTPConnection[] = [];
  const server: Server = createServer(socket => {
    ends.push(connectCapTP(socket, 'server', makeCounter(), { maxMessageBytes, onReject: () => {} }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dial = async (): Promise<Socket> => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return socket;
  };
  /** The server end of the nth connection, once it exists. */
  const endOf = async (n: number): Promise<CapTPConnection> => {
    while (ends.length <= n) await new Promise(resolve => setImmediate(resolve));
    return ends[n];
  };
  return { server, dial, endOf, close: () => new Promise(resolve => server.close(resolve)) };
};

test('bootstrap and method calls over TCP', async () => {
  const { dial, close } = await startServer();
  const client = connectCapTP(await dial(), 'client', undefined, { onReject: () => {} });
  const counter = client.getBootstrap();
  assert.equal(await E(counter).increment(), 1);
  assert.equal(await E(counter).increment(41), 42);
  assert.deepEqual(await E(counter).echo({ text: 'é☃', list: [1, 2n] }), { text: 'é☃', list: [1, 2n] });
  client.abort();
  assert.equal(await client.closed, undefined);
  await close();
});

test('the server going away rejects pending calls on the client', async () => {
  const { dial, endOf, close } = await startServer();
  const client = connectCapTP(await dial(), 'client', undefined, { onReject: () => {} });
  const pending = E(client.getBootstrap()).hang();
  await E(client.getBootstrap()).increment(); // the hang() call has reached the server
  (await endOf(0)).abort(new Error('server shutting down'));
  await assert.rejects(pending, { message: 'The peer disconnected: Error: server shutting down' });
  assert.equal(await client.closed, undefined); // the server closed cleanly
  await assert.rejects(E(client.getBootstrap()).increment());
  await close();
});

test('a dropped socket rejects pending calls with a disconnection error', async () => {
  const { dial, endOf, close } = await startServer();
  const socket = await dial();
  const client = connectCapTP(socket, 'client', undefined, { onReject: () => {} });
  const pending = E(client.getBootstrap()).hang();
  await E(client.getBootstrap()).increment();
  const server = await endOf(0);
  socket.destroy(); // no CTP_DISCONNECT: the wire just goes
  await assert.rejects(pending, { message: /connection|closed/ });
  await server.closed;
  await assert.rejects(E(server.getBootstrap()).increment(), /connection/);
  await close();
});

test('a malformed frame closes that connection with a clear error; the server keeps serving', async () => {
  const { dial, endOf, close } = await startServer();
  const raw = await dial();
  const peerSawEnd = new Promise(resolve => raw.on('close', resolve));
  let farewell = '';
  raw.on('data', chunk => (farewell += chunk));
  raw.write('12:{"type":"x"}');
  raw.write('x');
  const server = await endOf(0);
  const reason = await server.closed;
  assert.ok(reason instanceof SyntaxError);
  assert.match(reason.message, /expected "," after 12 payload bytes, got "x"/);
  await peerSawEnd;
  // Before closing, the server told the raw peer why, in a last CTP_DISCONNECT.
  assert.match(farewell, /^\d+:\{"type":"CTP_DISCONNECT","epoch":0,"reason":"SyntaxError: Malformed netstring: expected \\",\\" after 12/);
  // A non-JSON payload and a non-record payload are refused the same way.
  const raw2 = await dial();
  raw2.write('3:{x},');
  assert.match((await (await endOf(1)).closed)!.message, /Malformed message: not JSON/);
  raw2.destroy();
  // Another client still works.
  const client = connectCapTP(await dial(), 'client', undefined, { onReject: () => {} });
  assert.equal(await E(client.getBootstrap()).increment(), 1);
  client.abort();
  await close();
});

test('an oversize message aborts the connection on both ends', async () => {
  const { dial, endOf, close } = await startServer(1000);
  const client = connectCapTP(await dial(), 'client', undefined, { maxMessageBytes: 100_000, onReject: () => {} });
  const counter = client.getBootstrap();
  assert.equal(await E(counter).increment(), 1);
  const big = E(counter).echo('x'.repeat(5000));
  const server = await endOf(0);
  const reason = await server.closed;
  assert.ok(reason instanceof RangeError);
  assert.match(reason.message, /Peer sent a message of \d+ bytes, more than maxMessageBytes \(1000\)/);
  // The server said why before closing: the client's pending call rejects with that.
  await assert.rejects(big, {
    message: /^The peer disconnected: RangeError: Peer sent a message of \d+ bytes, more than maxMessageBytes \(1000\)/,
  });
  await client.closed;

  // Sending one too large is refused here, before it reaches the wire.
  const client2 = connectCapTP(await dial(), 'client2', undefined, { maxMessageBytes: 200, onReject: () => {} });
  const big2 = E(client2.getBootstrap()).echo('y'.repeat(500));
  await assert.rejects(big2, { name: 'RangeError', message: /Refused to send a message of \d+ bytes, more than maxMessageBytes \(200\)/ });
  assert.match((await client2.closed)!.message, /Refused to send/);
  await close();
});

test('makeNetstringConnection over a stream pair: messages as an async iterator', async () => {
  const aToB = new PassThrough();
  const bToA = new PassThrough();
  const a = makeNetstringConnection({ input: bToA, output: aToB });
  const b = makeNetstringConnection({ input: aToB, output: bToA });
  a.send({ n: 1 });
  a.send({ n: 2, s: 'two' });
  a.close();
  const received = [];
  for await (const message of b.messages) received.push(message);
  assert.deepEqual(received, [{ n: 1 }, { n: 2, s: 'two' }]);
  assert.equal(await b.closed, undefined);
  assert.throws(() => a.send({ n: 3 }), /Cannot send on a closed connection/);
  // A stream that ends inside a frame is an error for the reader.
  const c = new PassThrough();
  const d = makeNetstringConnection({ input: c, output: new PassThrough() });
  c.end('5:ab');
  await assert.rejects(async () => {
    for await (const _ of d.messages) void _;
  }, /the stream ended inside a message/);
});
