// Reference counting with gcImports between two of our ends: the importer
// sends CTP_DROP with the count it received when an import is collected,
// and the exporter's table shrinks (gc-child.ts, run with --expose-gc).
// Also, without GC: a drop that does not cover every sent message keeps
// the export, as a message still in flight may name it.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { E, makeCapTP } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { makePair, settle } from './pair.js';

test('with gcImports, collected imports are dropped and the exporter forgets them', () => {
  const child = fileURLToPath(new URL('./gc-child.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', child], { encoding: 'utf8', timeout: 60_000 });
  const [first, second] = out.trim().split('\n').map(line => JSON.parse(line));
  assert.equal(first.names, 50);
  // 50 things, the bootstrap and `kept` were exported.
  assert.equal(first.before.exports, 52);
  assert.equal(first.before.dropped, 0);
  assert.ok(first.after.exports <= 12, `exports after GC: ${first.after.exports}`);
  assert.ok(first.after.dropped >= 40, `dropped: ${first.after.dropped}`);
  assert.ok(first.sendDrops >= 40);
  assert.equal(first.recvDrops, first.sendDrops);
  assert.equal(first.stillKept, true, 'a held import keeps its identity');
  // A dropped object: the count is how many messages carried it (one here).
  assert.deepEqual(Object.keys(first.objectDrop).sort(), ['decRefs', 'epoch', 'slotID', 'type']);
  assert.equal(first.objectDrop.decRefs, 1);
  // After `kept` was let go and fetched again, it still answers.
  assert.equal(second.who, 'kept');
  assert.ok(second.exports <= first.after.exports);
});

test('a drop of fewer references than were sent keeps the export', async () => {
  const thing = Far('thing', { ping: () => 'pong' });
  const { a, b } = makePair(undefined, Far('Boot', { get: () => thing, getTwice: () => harden([thing, thing]) }));
  const boot = await a.getBootstrap();
  const t1 = await E(boot).get();
  const t2 = await E(boot).getTwice();
  assert.equal(t2[0], t1);
  const slot = 'o-2';
  assert.equal(b.getTableSizes().exports, 2);
  // Answers dropped so far (A drops each question once answered).
  const dropped = b.getStats().gc.DROPPED;
  // Two messages carried it (one per message, however often it appears).
  assert.equal(b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: slot, decRefs: 1 }), true);
  assert.equal(b.getTableSizes().exports, 2);
  assert.equal(b.getStats().gc.DROPPED, dropped);
  assert.equal(await E(t1).ping(), 'pong');
  const droppedAfterPing = b.getStats().gc.DROPPED;
  assert.equal(droppedAfterPing, dropped + 1, "the ping's answer");
  assert.equal(b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: slot, decRefs: 1 }), true);
  assert.equal(b.getTableSizes().exports, 1);
  assert.equal(b.getStats().gc.DROPPED, droppedAfterPing + 1);
  // Sent again, it is exported again under the same slot.
  const t3 = await E(boot).get();
  assert.equal(b.getTableSizes().exports, 2);
  assert.equal(await E(t3).ping(), 'pong');
  await settle();
});

test('a dropped question lets the answerer forget its answer', async () => {
  // A peer that never drops its questions (as the original without
  // gcImports): the answers stay until a CTP_DROP names them.
  const b = makeCapTP('B', () => {}, Far('Boot', { n: () => 1 }));
  assert.equal(b.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }), true);
  await settle(); // the bootstrap object is exported (o+1) when the answer is sent
  const call = { type: 'CTP_CALL', epoch: 0, target: 'o-1', method: { body: '["n",[]]', slots: [] } };
  assert.equal(b.dispatch({ ...call, questionID: 'q-2' }), true);
  await settle();
  assert.equal(b.getTableSizes().answers, 2);
  assert.equal(b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: 'q-2', decRefs: 0 }), true);
  assert.equal(b.getTableSizes().answers, 1);
  assert.equal(b.getStats().gc.DROPPED, 1);
  // The other answer still takes calls; a dropped one is no longer known.
  assert.equal(b.dispatch({ ...call, questionID: 'q-3', target: 'q-1' }), true);
  assert.equal(b.dispatch({ ...call, questionID: 'q-4', target: 'q-2' }), false);
});

test('a dropped promise export is exported under a new slot if sent again', async () => {
  const promise = Promise.resolve('settled');
  const { a, b, log } = makePair(undefined, Far('Boot', { p: () => harden({ promise }) }));
  const boot = await a.getBootstrap();
  const first = await E(boot).p();
  assert.equal(await first.promise, 'settled');
  const slotOf = () => log.filter(({ message }) => message.type === 'CTP_RETURN').at(-1)!.message.result.slots[0];
  assert.equal(slotOf(), 'p+1');
  b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: 'p-1', decRefs: 1 });
  const second = await E(boot).p();
  assert.equal(slotOf(), 'p+2');
  assert.equal(await second.promise, 'settled');
});
