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
import { E } from '../../src/captp/index.js';
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
  // Two messages carried it (one per message, however often it appears).
  assert.equal(b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: slot, decRefs: 1 }), true);
  assert.equal(b.getTableSizes().exports, 2);
  assert.equal(b.getStats().gc.DROPPED, 0);
  assert.equal(await E(t1).ping(), 'pong');
  assert.equal(b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: slot, decRefs: 1 }), true);
  assert.equal(b.getTableSizes().exports, 1);
  assert.equal(b.getStats().gc.DROPPED, 1);
  // Sent again, it is exported again under the same slot.
  const t3 = await E(boot).get();
  assert.equal(b.getTableSizes().exports, 2);
  assert.equal(await E(t3).ping(), 'pong');
  await settle();
});

test('a dropped question lets the answerer forget its answer', async () => {
  const { a, b } = makePair(undefined, Far('Boot', { n: () => 1 }));
  const boot = await a.getBootstrap();
  assert.equal(await E(boot).n(), 1);
  const answers = b.getTableSizes().answers;
  assert.equal(b.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: 'q-2', decRefs: 0 }), true);
  assert.equal(b.getTableSizes().answers, answers - 1);
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
