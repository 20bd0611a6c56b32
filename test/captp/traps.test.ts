// Trap: synchronous calls between two worker threads (trap-worker.ts),
// the host's makeTrapHandler object answered through makeAtomicsTrapHost
// and the guest blocked in makeAtomicsTrapGuest; a large result streamed
// through a small buffer with CTP_TRAP_ITERATE. Also Trap in makeLoopback
// and the option checks.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, Worker } from 'node:worker_threads';
import { Far } from '../../src/pass-style/index.js';
import { makePair, settle } from './pair.js';
import { E, makeCapTP, makeLoopback, MIN_TRANSFER_BUFFER_LENGTH, makeAtomicsTrapGuest } from '../../src/captp/index.js';

const runWorkers = async (bufferLength: number, bigSize: number): Promise<any> => {
  const { port1, port2 } = new MessageChannel();
  const transferBuffer = new SharedArrayBuffer(bufferLength);
  const url = new URL('./trap-worker.js', import.meta.url);
  const host = new Worker(url, { workerData: { role: 'host', port: port1, transferBuffer, bigSize }, transferList: [port1] });
  const guest = new Worker(url, { workerData: { role: 'guest', port: port2, transferBuffer, bigSize }, transferList: [port2] });
  try {
    return await new Promise((resolve, reject) => {
      guest.on('message', resolve);
      guest.on('error', reject);
      host.on('error', reject);
    });
  } finally {
    await Promise.all([host.terminate(), guest.terminate()]);
  }
};

test('Trap calls between worker threads return synchronously, large results in many slices', async () => {
  const dataLength = 4096;
  const report = await runWorkers(MIN_TRANSFER_BUFFER_LENGTH - 1 + dataLength, 100_000);
  assert.equal(report.sum, 5);
  assert.deepEqual(report.counts, [1, 2, 3]);
  assert.equal(report.bigLength, 100_000);
  assert.equal(report.bigN, 100_000);
  assert.equal(report.later, 42, 'a promise result is awaited by the host');
  assert.equal(report.failure, 'RangeError: trapped');
  assert.match(report.refused, /not created with makeTrapHandler/);
  assert.equal(report.eventual, 42);
  // The big result (about 100 kB of JSON) took one CTP_TRAP_ITERATE per 4 kB slice.
  assert.ok(report.sent.CTP_TRAP_ITERATE > 100_000 / dataLength, `iterations: ${report.sent.CTP_TRAP_ITERATE}`);
});

test('Trap through a one-byte buffer still gets the whole answer', async () => {
  const report = await runWorkers(MIN_TRANSFER_BUFFER_LENGTH, 2000);
  assert.equal(report.sum, 5);
  assert.equal(report.bigLength, 2000);
  // One step per byte of JSON, and more.
  assert.ok(report.sent.CTP_TRAP_ITERATE > 2000);
});

test('makeLoopback: Trap on a far trap handler is synchronous', async () => {
  const { makeFar, makeTrapHandler, Trap } = makeLoopback('trap');
  const far = await makeFar(makeTrapHandler('adder', { add: (x: number, y: number) => x + y, fail: () => { throw TypeError('no'); } }));
  assert.equal(Trap(far).add(40, 2), 42);
  assert.throws(() => Trap(far).fail(), { name: 'TypeError', message: 'no' });
  // A reply that is a promise is refused in the original's words.
  const promiser = await makeFar(makeTrapHandler('promiser', { later: () => Promise.resolve(1) }));
  assert.throws(() => Trap(promiser).later(), { message: /^Trap\(.*\) reply cannot be a Thenable; have / });
  const plainFar = await makeFar(harden({}));
  assert.throws(() => Trap(42).add(1, 2), /not imported/);
  void plainFar;
});

test('Trap is only offered with trapGuest, and an end cannot be both host and guest', () => {
  const send = () => {};
  assert.equal(makeCapTP('x', send).Trap, undefined);
  assert.equal(typeof makeCapTP('y', send, undefined, { trapGuest: makeAtomicsTrapGuest(new SharedArrayBuffer(64)) }).Trap, 'function');
  assert.throws(
    () => makeCapTP('z', send, undefined, { trapGuest: () => [false, { body: '1', slots: [] }], trapHost: () => undefined }),
    /only be one of either trapGuest or trapHost/,
  );
});

test('a host answers a Trap call to an object not made with makeTrapHandler with an exception', async () => {
  const completions: unknown[] = [];
  let called = 0;
  const add = (x: number, y: number) => {
    called += 1;
    return x + y;
  };
  const host = makeCapTP('host', () => {}, Far('Boot', { add }), {
    trapHost: completion => void completions.push(completion),
    onReject: () => {},
  });
  assert.equal(host.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }), true);
  await settle();
  const call = { type: 'CTP_CALL', epoch: 0, trap: true, questionID: 'q-2', target: 'o-1', method: { body: '["add",[1,2]]', slots: [] } };
  assert.equal(host.dispatch(call), true);
  await settle();
  assert.equal(completions.length, 1);
  const [isReject, serialized] = completions[0] as [boolean, { body: string }];
  assert.equal(isReject, true);
  assert.match(serialized.body, /not registered with makeTrapHandler/);
  assert.equal(called, 0, 'the refused call is not made');
  // Its (absent) iterator is finished by the guest's closing step without complaint.
  const step = { type: 'CTP_TRAP_ITERATE', epoch: 0, questionID: 'q-2', serialized: { body: '["throw",[null]]', slots: [] } };
  assert.equal(host.dispatch(step), true);
});

test('a trap call to an end without trapHost, and an iteration of an unknown call, are refused', async () => {
  const { a, b } = makePair(undefined, Far('Boot', {}));
  await a.getBootstrap();
  const trap = { type: 'CTP_CALL', epoch: 0, trap: true, questionID: 'q-7', target: 'o-1', method: { body: '["x",[]]', slots: [] } };
  assert.equal(b.dispatch(trap), false);
  const host = makeCapTP('h', () => {}, undefined, { trapHost: () => undefined, onReject: () => {} });
  const step = { type: 'CTP_TRAP_ITERATE', epoch: 0, questionID: 'q-3', serialized: { body: '["next",[]]', slots: [] } };
  assert.equal(host.dispatch(step), false);
  void E;
});

test('malformed trap messages end the connection', async () => {
  const cases: [unknown, RegExp][] = [
    [{ type: 'CTP_CALL', epoch: 0, trap: 'yes', questionID: 'q-2', target: 'o-1', method: { body: '["add",[]]', slots: [] } }, /trap marker must be a boolean/],
    [{ type: 'CTP_TRAP_ITERATE', epoch: 0, questionID: 'o-1', serialized: { body: '["next",[]]', slots: [] } }, /question id/],
    [{ type: 'CTP_TRAP_ITERATE', epoch: 0, questionID: 'q-2' }, /lacks its "serialized"/],
    [{ type: 'CTP_TRAP_ITERATE', epoch: 0, questionID: 'q-2', serialized: { body: '"next"', slots: [] } }, /\[method, args\]/],
  ];
  for (const [message, expected] of cases) {
    const reported: unknown[] = [];
    const host = makeCapTP('host', () => {}, undefined, { trapHost: () => undefined, onReject: reason => reported.push(reason) });
    assert.equal(host.dispatch(message), false);
    assert.match((reported[0] as Error).message, expected);
  }
  // A step method other than next, return or throw.
  const reported: unknown[] = [];
  const host = makeCapTP('host', () => {}, Far('Boot', {}), { trapHost: () => undefined, onReject: reason => reported.push(reason) });
  host.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' });
  await settle();
  host.dispatch({ type: 'CTP_CALL', epoch: 0, trap: true, questionID: 'q-2', target: 'o-1', method: { body: '["x",[]]', slots: [] } });
  assert.equal(host.dispatch({ type: 'CTP_TRAP_ITERATE', epoch: 0, questionID: 'q-2', serialized: { body: '["constructor",[]]', slots: [] } }), false);
  assert.match((reported.at(-1) as Error).message, /"next", "return" or "throw"/);
});
