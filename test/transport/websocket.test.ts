// CapTP over WebSocket (ws), one JSON text frame per message: a server and
// a client on 127.0.0.1; oversize and binary frames close the connection
// with an error on both ends.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer, type WebSocket } from 'ws';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import {
  connectCapTPToWebSocket,
  makeWebSocketConnection,
  openWebSocket,
  webSocketServerOptions,
  type CapTPConnection,
} from '../../src/transport/index.js';

const startServer = async (maxMessageBytes: number) => {
  const ends: CapTPConnection[] = [];
  const server = new WebSocketServer(webSocketServerOptions({ host: '127.0.0.1', port: 0, maxMessageBytes }));
  server.on('connection', (socket: WebSocket) => {
    const greeter = Far('Greeter', {
      greet: (name: string) => `Hello, ${name}`,
      echo: (value: unknown) => value,
      hang: () => new Promise(() => {}),
    });
    ends.push(connectCapTPToWebSocket(socket, 'server', greeter, { maxMessageBytes, onReject: () => {} }));
  });
  await new Promise(resolve => server.once('listening', resolve));
  const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  const endOf = async (n: number): Promise<CapTPConnection> => {
    while (ends.length <= n) await new Promise(resolve => setImmediate(resolve));
    return ends[n];
  };
  return { url, endOf, close: () => new Promise(resolve => server.close(resolve)) };
};

test('a ws client calls a capability the server bootstraps; closing rejects pending calls', async () => {
  const { url, endOf, close } = await startServer(1 << 20);
  const client = connectCapTPToWebSocket(await openWebSocket(url), 'client', undefined, { onReject: () => {} });
  const greeter = client.getBootstrap();
  assert.equal(await E(greeter).greet('Bob'), 'Hello, Bob');
  const pending = E(greeter).hang();
  await E(greeter).greet('again');
  (await endOf(0)).abort();
  await assert.rejects(pending, /The peer disconnected|connection closed/);
  assert.equal(await client.closed, undefined);
  await close();
});

test('an oversize frame (ws maxPayload) aborts the connection with an error on both ends', async () => {
  const { url, endOf, close } = await startServer(1000);
  const client = connectCapTPToWebSocket(await openWebSocket(url, { maxMessageBytes: 100_000 }), 'client', undefined, {
    maxMessageBytes: 100_000,
    onReject: () => {},
  });
  const greeter = client.getBootstrap();
  assert.equal(await E(greeter).greet('small'), 'Hello, small');
  const big = E(greeter).echo('x'.repeat(5000));
  const serverReason = await (await endOf(0)).closed;
  assert.ok(serverReason instanceof RangeError);
  assert.match(serverReason.message, /Peer sent a WebSocket message larger than maxPayload/);
  const clientReason = await client.closed;
  assert.match(clientReason!.message, /WebSocket closed by the peer with code 1009/);
  await assert.rejects(big, /code 1009/);
  await close();
});

test('our own limit holds even when ws allows more; binary frames are refused', async () => {
  const { url, endOf, close } = await startServer(1 << 20);
  // The server's ws accepts 1 MiB, but this connection only 100 bytes.
  const small = makeWebSocketConnection(await openWebSocket(url), { maxMessageBytes: 100 });
  const serverEnd = await endOf(0);
  serverEnd.connection.send({ type: 'NOT_CAPTP', data: 'q'.repeat(200) });
  const reason = await small.closed;
  assert.ok(reason instanceof RangeError);
  assert.match(reason.message, /more than maxMessageBytes \(100\)/);
  assert.match((await serverEnd.closed)!.message, /code 1009/);

  const raw = await openWebSocket(url);
  raw.send(Buffer.from('{"type":"CTP_BOOTSTRAP"}'), { binary: true });
  const rejected = await (await endOf(1)).closed;
  assert.match(rejected!.message, /got a binary WebSocket frame, expected text/);
  raw.close();
  await close();
});
