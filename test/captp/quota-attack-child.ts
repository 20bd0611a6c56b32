// One resource attack on a CapTP victim, run by quotas.test.ts in a child
// process with --expose-gc so that the victim's heap can be measured after
// GC. argv[2] names the attack; the last line printed is the JSON of what
// was measured: the victim's end reason, and the heap growth after GC,
// with the victim still referenced.

import './setup-lockdown.js';
import { bootstrapMessage, callMessage, makeVictim, settle, slotRef, type Victim } from './hostile-peer.js';
import { DEFAULT_CAPTP_QUOTAS } from '../../src/captp/index.js';

const gc = (globalThis as any).gc as () => void;
const heapAfterGC = async (): Promise<number> => {
  await settle(3);
  for (let i = 0; i < 4; i += 1) gc();
  return process.memoryUsage().heapUsed;
};
const MB = 1024 * 1024;

/** Over JSON text, as a transport hands messages over: the text is garbage afterwards. */
const deliverText = (victim: Victim, text: string): boolean => victim.captp.dispatch(JSON.parse(text));

const attacks: Record<string, (victim: Victim) => Promise<Record<string, unknown>>> = {
  /** One ~14 MB CTP_CALL whose body names a fresh import every few bytes. */
  'big-call-capdata': async victim => bigCall(victim, i => slotRef(i), refs => `["ignore",[${refs}]]`),
  'big-call-smallcaps': async victim => bigCall(victim, i => `"$${i}"`, refs => `#["ignore",[${refs}]]`),
  /** Messages each at the slot quota, every slot a fresh import. */
  'import-flood': async victim => {
    let next = 1;
    let peakImports = 0;
    const perMessage = DEFAULT_CAPTP_QUOTAS.maxSlotsPerMessage;
    for (let q = 2; victim.endReason() === undefined && q < 10_000; q += 1) {
      const slots: string[] = [];
      const refs: string[] = [];
      for (let i = 0; i < perMessage; i += 1) {
        slots.push(`o+${next}`);
        refs.push(slotRef(i));
        next += 1;
      }
      deliverText(victim, JSON.stringify(callMessage(`q-${q}`, 'ignore', refs, slots)));
      peakImports = Math.max(peakImports, victim.captp.getTableSizes().imports);
    }
    return { peakImports };
  },
  /** Calls whose answers the peer never drops. */
  'answer-flood': async victim => {
    for (let q = 2; victim.endReason() === undefined && q < 1_000_000; q += 1) {
      victim.deliver(callMessage(`q-${q}`, 'ignore', []));
      if (q % 1000 === 0) await settle(1);
    }
    return { expected: 'maxAnswers' };
  },
  'bootstrap-flood': async victim => {
    for (let q = 2; victim.endReason() === undefined && q < 1_000_000; q += 1) {
      victim.deliver(bootstrapMessage(`q-${q}`));
      if (q % 1000 === 0) await settle(1);
    }
    return { expected: 'maxAnswers' };
  },
  /** Calls pipelined on an answer that never settles: each waits here. */
  'pending-flood': async victim => {
    victim.deliver(callMessage('q-2', 'wait', []));
    for (let q = 3; victim.endReason() === undefined && q < 1_000_000; q += 1) {
      victim.deliver(callMessage(`q-${q}`, 'count', ['1', '"x"'], [], 'q-2'));
      if (q % 1000 === 0) await settle(1);
    }
    return { expected: 'maxPendingAnswers' };
  },
};

async function bigCall(victim: Victim, ref: (i: number) => string, body: (refs: string) => string) {
  const target = 14 * MB;
  const slots: string[] = [];
  const refs: string[] = [];
  let length = 0;
  for (let i = 0; length < target; i += 1) {
    const slot = `o+${i + 1}`;
    const encoded = ref(i);
    slots.push(slot);
    refs.push(encoded);
    length += slot.length + encoded.length + 4;
  }
  let text: string | undefined = JSON.stringify({
    type: 'CTP_CALL',
    epoch: 0,
    questionID: 'q-2',
    target: 'o-1',
    method: { body: body(refs.join(',')), slots },
  });
  slots.length = 0;
  refs.length = 0;
  const messageMB = text.length / MB;
  deliverText(victim, text);
  text = undefined;
  return { messageMB };
}

const main = async () => {
  const name = process.argv[2]!;
  // The victim's own log of what it sent would be measured too: not kept.
  const victim = makeVictim(undefined, { keepSent: false });
  victim.deliver(bootstrapMessage('q-1'));
  await settle();
  const before = await heapAfterGC();
  const extra = await attacks[name]!(victim);
  const after = await heapAfterGC();
  const result = {
    attack: name,
    reason: victim.endReason(),
    heapGrowthMB: Math.round(((after - before) / MB) * 10) / 10,
    importsAfter: victim.captp.getTableSizes().imports,
    ...extra,
  };
  // The victim is still referenced here: what it holds is what was measured.
  console.log(JSON.stringify(result));
};

main().catch(error => {
  console.error(error);
  process.exit(1);
});
