// Run by gc.test.ts as `node --expose-gc gc-child.js`: two of our CapTP
// ends with gcImports, wired through JSON; A imports many objects from B,
// lets go of them and forces collection. Prints one JSON line of what it
// observed (table sizes, stats, a call after re-import) for the test to
// check. A child process, because forcing GC needs a flag at startup.

import { harden } from './setup-lockdown.js';
import { E } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { makePair, settle } from './pair.js';

const forceGC = (globalThis as { gc?: () => void }).gc;
if (typeof forceGC !== 'function') throw Error('run with --expose-gc');

/** Collects until finalizers have had turns to run and send their drops. */
const collect = async (): Promise<void> => {
  for (let i = 0; i < 6; i += 1) {
    forceGC();
    await settle(5);
  }
};

const kept = Far('kept', { who: () => 'kept' });
const made: string[] = [];
const boot = Far('Boot', {
  makeThing: (name: string) => {
    made.push(name);
    return Far('thing', { getName: () => name });
  },
  getKept: () => kept,
  hold: (x: unknown) => harden({ x }),
});

const { a, b, log } = makePair(undefined, boot, { gcImports: true });
const bootP = a.getBootstrap();
const bootRef = await bootP;
const COUNT = 50;

// Imports that A uses once and lets go of.
const names = await (async () => {
  const got: string[] = [];
  for (let i = 0; i < COUNT; i += 1) {
    const thing = await E(bootRef).makeThing(`t${i}`);
    got.push(await E(thing).getName());
  }
  return got;
})();
let keptRef: unknown = await E(bootRef).getKept();
const keptAgain = await E(bootRef).getKept();
// A drops each question as soon as it is answered; the drops of collected
// imports are the others.
const isQuestionDrop = (message: { type: string; slotID?: string }) => message.type === 'CTP_DROP' && message.slotID!.startsWith('q-');
const questionDrops = () => log.filter(({ from, message }) => from === 'A' && isQuestionDrop(message as any)).length;
/** Exports B forgot because A collected its imports (B's DROPPED counts answers too). */
const droppedExports = () => b.getStats().gc.DROPPED - questionDrops();
const before = { exports: b.getTableSizes().exports, dropped: droppedExports() };
await collect();
const after = { exports: b.getTableSizes().exports, dropped: droppedExports() };
const stillKept = keptRef === keptAgain;

// Now let go of `kept` too, collect, and fetch it again: B re-exports it under its old slot.
keptRef = undefined;
// eslint-disable-next-line no-unused-expressions
void keptAgain;
const drops = log.filter(({ message }) => message.type === 'CTP_DROP').map(({ message }) => message);
const keptSlot = log.find(({ message }) => message.type === 'CTP_RETURN' && message.result?.body.includes('Alleged: kept'))!.message.result.slots[0];
const objectDrop = drops.find(message => message.slotID?.startsWith('o-'));

process.stdout.write(
  `${JSON.stringify({
    names: names.length,
    before,
    after,
    stillKept,
    keptSlot,
    objectDrop,
    sendDrops: a.getStats().send.CTP_DROP - questionDrops(),
    recvDrops: b.getStats().recv.CTP_DROP - questionDrops(),
    importsAfter: a.getTableSizes().imports,
  })}\n`,
);

await collect();
const keptBack = await E(bootRef).getKept();
const whoAfterRefetch = await E(keptBack).who();
const final = { exports: b.getTableSizes().exports, who: whoAfterRefetch };
process.stdout.write(`${JSON.stringify(final)}\n`);
