// CapTP over MessagePort: with a worker thread (the parent talks to the
// Worker, the worker to parentPort) and over a MessageChannel in one
// thread. Messages cross as JSON strings; anything else, or anything too
// big, closes the connection with a clear error.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, Worker } from 'node:worker_threads';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { connectCapTPToPort, makePortConnection } from '../../src/transport/index.js';

test('a worker thread serves a capability over its port', async () => {
  const worker = new Worker(new URL('./fixtures/worker-peer.js', import.meta.url));
  const parent = connectCapTPToPort(worker, 'parent', undefined, { onReject: () => {} });
  const greeter = parent.getBootstrap();
  assert.equal(await E(greeter).greet('Alice'), 'Hello, Alice, from a worker thread');
  // The worker dying rejects what is pending.
  const pending = E(greeter).hang();
  void E(greeter).exit().catch(() => {});
  await assert.rejects(pending, /exited with code 3|connection/);
  assert.match((await parent.closed)!.message, /Worker exited with code 3/);
});

test('a MessageChannel carries CapTP and closes cleanly', async () => {
  const { port1, port2 } = new MessageChannel();
  const counterSide = connectCapTPToPort(port1, 'a', Far('Counter', { double: (n: number) => n * 2 }), { onReject: () => {} });
  const user = connectCapTPToPort(port2, 'b', undefined, { onReject: () => {} });
  assert.equal(await E(user.getBootstrap()).double(21), 42);
  const pending = E(user.getBootstrap()).double(1);
  user.abort();
  await assert.rejects(pending, /connection closed/);
  assert.equal(await user.closed, undefined);
  assert.equal(await counterSide.closed, undefined);
});

test('a non-string or oversize message closes the port connection with an error', async () => {
  {
    const { port1, port2 } = new MessageChannel();
    const connection = makePortConnection(port1);
    port2.postMessage({ type: 'CTP_BOOTSTRAP' });
    assert.match((await connection.closed)!.message, /expected a JSON string from the port, got object/);
  }
  {
    const { port1, port2 } = new MessageChannel();
    const small = makePortConnection(port1, { maxMessageBytes: 50 });
    const large = makePortConnection(port2, { maxMessageBytes: 1000 });
    large.send({ data: 'z'.repeat(100) });
    const reason = await small.closed;
    assert.ok(reason instanceof RangeError);
    assert.match(reason.message, /Peer sent a message of 111 bytes, more than maxMessageBytes \(50\)/);
    // Closing one end of a channel closes the other: the sender sees it too.
    assert.equal(await large.closed, undefined);
    assert.throws(() => large.send({}), /closed/);
  }
  {
    const { port1, port2 } = new MessageChannel();
    const connection = makePortConnection(port1);
    port2.postMessage('[1,2]');
    assert.match((await connection.closed)!.message, /expected a JSON object, got an array/);
  }
});
