// CTP_DROP between @endo/captp 4.5 (with gcImports, in a child process)
// and our end: the original imports many objects from us, lets go of
// them and collects; its drops shrink our export table, while an object
// it still holds stays exported and callable. The other way round, our
// end with gcImports (GC forced through V8's flag) drops the original's
// exports, which the original accepts.

import { harden } from './setup-lockdown.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { E, makeCapTP } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { startOriginalGcPeer } from './original-gc-peer.js';

const noise: string[] = [];
const received: any[] = [];
const rejected: unknown[] = [];
const kept = Far('kept', { who: () => 'kept by us' });
const ourBoot = Far('OurBoot', {
  makeThing: (name: string) => Far('thing', { getName: () => name }),
  getKept: () => kept,
});
// eslint-disable-next-line prefer-const
let peer: ReturnType<typeof startOriginalGcPeer>;
const sentByUs: any[] = [];
const ours = makeCapTP('ours', message => {
  sentByUs.push(message);
  peer.send(message);
}, ourBoot, {
  onReject: reason => rejected.push(reason),
  gcImports: true,
});
peer = startOriginalGcPeer(
  message => {
    received.push(message);
    ours.dispatch(message);
  },
  line => noise.push(line),
);
after(async () => {
  ours.abort();
  assert.equal(await peer.close(), 0, noise.join('\n'));
});

test('the original with gcImports drops what it collected, and our export table shrinks', async () => {
  const theirs = ours.getBootstrap();
  assert.equal(await E(theirs).importAndHold(), 'kept by us');
  assert.equal(await E(theirs).importAndForget(40), 40);
  // Our bootstrap, `kept` and 40 things.
  assert.equal(ours.getTableSizes().exports, 42);
  const sentDrops = await E(theirs).collect();
  assert.ok(sentDrops >= 30, `the original sent ${sentDrops} drops`);
  const objectDrops = received.filter(message => message.type === 'CTP_DROP' && message.slotID.startsWith('o-'));
  assert.ok(objectDrops.length >= 30);
  // Each counts the messages that carried the object (the original may count more,
  // as it also counts call targets; more than we sent just forgets the export).
  for (const drop of objectDrops) assert.ok(drop.decRefs >= 1);
  assert.ok(objectDrops.filter(drop => drop.decRefs === 1).length >= 30);
  assert.ok(ours.getTableSizes().exports <= 12, `exports left: ${ours.getTableSizes().exports}`);
  assert.ok(ours.getStats().gc.DROPPED >= 30);
  // What the original still holds still works; nothing went wrong on our side.
  assert.equal(await E(theirs).callHeld(), 'kept by us');
  assert.deepEqual(rejected, []);
  void harden;
});

// This process was not started with --expose-gc: turn the flag on now and
// take `gc` from a fresh context, which gets it.
setFlagsFromString('--expose-gc');
const forceGC = runInNewContext('gc') as () => void;

/** Our drops sent from `start` to `end` (indices in sentByUs): of collected imports, and of answered questions. */
const dropsSent = (start: number, end: number) => {
  const drops = sentByUs.slice(start, end).filter(message => message.type === 'CTP_DROP');
  const questions = drops.filter(message => message.slotID.startsWith('q-')).length;
  return { imports: drops.length - questions, questions };
};

test('our end with gcImports drops what it collected, and the original accepts it', async () => {
  const theirs = ours.getBootstrap();
  await theirs;
  const start = sentByUs.length;
  const before = await E(theirs).getGcStats();
  for (let i = 0; i < 30; i += 1) {
    const thing = await E(theirs).makeThing(`o${i}`);
    assert.equal(await E(thing).getName(), `o${i}`);
  }
  for (let i = 0; i < 6; i += 1) {
    forceGC();
    for (let turn = 0; turn < 5; turn += 1) await new Promise(resolve => setImmediate(resolve));
  }
  const end = sentByUs.length;
  const after = await E(theirs).getGcStats();
  // We also drop each question once answered; the original counts those drops too.
  const sent = dropsSent(start, end);
  assert.ok(sent.imports >= 20, `we sent ${sent.imports} drops of collected imports`);
  assert.equal(after.recvDrops - before.recvDrops, sent.imports + sent.questions);
  assert.ok(after.dropped - before.dropped - sent.questions >= 20);
  assert.equal(await E(theirs).callHeld(), 'kept by us');
  assert.deepEqual(rejected, []);
});
