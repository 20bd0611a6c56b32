// A property-based hostile peer: random sequences of well-formed CapTP
// messages (bootstraps, calls to the bootstrap and pipelined on answers,
// fresh and known imports, promises left pending or resolved, drops,
// bigints, errors nested and annotated) against a victim with small
// quotas. Whatever the sequence: dispatch never throws, no rejection goes
// unhandled, the victim's tables stay within its quotas, and if the
// connection ends, it ends over a named quota.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CapTPQuotas } from '../../src/captp/index.js';
import { bootstrapMessage, errorJSON, makeVictim, settle, slotRef } from './hostile-peer.js';

const QUOTAS: CapTPQuotas = {
  maxImports: 12,
  maxExports: 6,
  maxQuestions: 4,
  maxAnswers: 8,
  maxPendingAnswers: 5,
  maxPendingPromises: 4,
  maxPipelineDepth: 3,
  maxSlotsPerMessage: 5,
  maxBigIntDigits: 20,
  maxErrorsPerMessage: 3,
  maxErrorNesting: 2,
  maxErrorNotes: 2,
};

const QUOTA_END = /CapTP quota exceeded: .* \(raise the quotas\.(\w+) option of makeCapTP\)/;

// One argument of a call, in the abstract: made concrete against the attacker's state.
// Mostly within the decoding quotas, now and then over one.
const argument = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'freshObject' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'freshPromise' as const }) },
  { weight: 3, arbitrary: fc.nat(20).map(index => ({ kind: 'knownImport' as const, index })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 21 }).map(digits => ({ kind: 'bigint' as const, digits })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ causes: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(2)), notes: fc.oneof(fc.nat(2), fc.nat(3)) })
      .map(e => ({ kind: 'error' as const, ...e })),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 5 }).map(text => ({ kind: 'string' as const, text })) },
);

const action = fc.oneof(
  fc.constant({ kind: 'bootstrap' as const }),
  fc.record({
    kind: fc.constant('call' as const),
    // null: the bootstrap; a number: an earlier answer (pipelined if still pending).
    onAnswer: fc.option(fc.nat(30), { nil: null }),
    method: fc.constantFrom('ignore', 'count', 'make', 'wait', 'self'),
    args: fc.array(argument, { maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('dropAnswer' as const), index: fc.nat(30) }),
  fc.record({ kind: fc.constant('resolve' as const), index: fc.nat(30), reject: fc.boolean() }),
  fc.record({ kind: fc.constant('dropExport' as const), index: fc.nat(10) }),
  fc.constant({ kind: 'tick' as const }),
  fc.constant({ kind: 'ownCall' as const }),
);

type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

/** How many sequences ended over each quota: a property that never reaches a quota tests little. */
const endings = new Map<string, number>();

const runSequence = async (actions: Action[]): Promise<void> => {
  const victim = makeVictim(QUOTAS, { keepSent: false });
  // The attacker's view: its questions, the promises it exported, its objects.
  let lastQuestion = 0;
  let lastExport = 0;
  const questions: string[] = [];
  const promisesSent: string[] = [];
  const objectsSent: string[] = [];
  const check = () => {
    const sizes = victim.captp.getTableSizes();
    assert.ok(sizes.imports <= QUOTAS.maxImports, `imports ${sizes.imports}`);
    assert.ok(sizes.exports <= QUOTAS.maxExports, `exports ${sizes.exports}`);
    assert.ok(sizes.answers <= QUOTAS.maxAnswers, `answers ${sizes.answers}`);
    const reason = victim.endReason();
    if (reason !== undefined) {
      const named = QUOTA_END.exec(reason);
      assert.ok(named, `the connection ended over a named quota, not: ${reason}`);
      assert.ok(Object.hasOwn(QUOTAS, named![1]!), named![1]);
    }
  };
  const deliver = (message: unknown) => {
    let ok: boolean | undefined;
    assert.doesNotThrow(() => {
      ok = victim.deliver(message);
    });
    assert.equal(typeof ok, 'boolean');
    check();
  };
  const encode = (arg: Action extends never ? never : any, slots: string[]): string => {
    const slotFor = (slot: string) => {
      const known = slots.indexOf(slot);
      if (known >= 0) return slotRef(known);
      slots.push(slot);
      return slotRef(slots.length - 1);
    };
    switch (arg.kind) {
      case 'freshObject':
        lastExport += 1;
        objectsSent.push(`o+${lastExport}`);
        return slotFor(`o+${lastExport}`);
      case 'freshPromise':
        lastExport += 1;
        promisesSent.push(`p+${lastExport}`);
        return slotFor(`p+${lastExport}`);
      case 'knownImport':
        return objectsSent.length === 0 ? 'null' : slotFor(objectsSent[arg.index % objectsSent.length]!);
      case 'bigint':
        return `{"@qclass":"bigint","digits":"${'9'.repeat(arg.digits)}"}`;
      case 'error':
        return errorJSON(arg.causes, arg.notes);
      default:
        return JSON.stringify(arg.text);
    }
  };
  // The victim may ask questions of its own, which the attacker never answers.
  const ownQuestions: Promise<unknown>[] = [];

  // The bootstrap first, so that calls have a target.
  lastQuestion += 1;
  deliver(bootstrapMessage(`q-${lastQuestion}`));
  await settle(2);
  for (const step of actions) {
    if (victim.endReason() !== undefined) break;
    switch (step.kind) {
      case 'bootstrap':
        lastQuestion += 1;
        questions.push(`q-${lastQuestion}`);
        deliver(bootstrapMessage(`q-${lastQuestion}`));
        break;
      case 'call': {
        const slots: string[] = [];
        const args = step.args.map(arg => encode(arg, slots));
        const target = step.onAnswer === null || questions.length === 0 ? 'o-1' : questions[step.onAnswer % questions.length]!;
        lastQuestion += 1;
        questions.push(`q-${lastQuestion}`);
        deliver({
          type: 'CTP_CALL',
          epoch: 0,
          questionID: `q-${lastQuestion}`,
          target,
          method: { body: `[${JSON.stringify(step.method)},[${args.join(',')}]]`, slots },
        });
        break;
      }
      case 'dropAnswer':
        if (questions.length > 0) {
          const [dropped] = questions.splice(step.index % questions.length, 1);
          deliver({ type: 'CTP_DROP', epoch: 0, slotID: dropped });
        }
        break;
      case 'resolve':
        if (promisesSent.length > 0) {
          const [settled] = promisesSent.splice(step.index % promisesSent.length, 1);
          const outcome = { body: step.reject ? errorJSON() : '1', slots: [] };
          deliver({ type: 'CTP_RESOLVE', epoch: 0, promiseID: `p-${settled!.slice(2)}`, [step.reject ? 'rej' : 'res']: outcome });
        }
        break;
      case 'dropExport':
        // The victim's exports, in the attacker's view: o-1 is the bootstrap, o-2... made things.
        deliver({ type: 'CTP_DROP', epoch: 0, slotID: `o-${2 + step.index}`, decRefs: 1 });
        break;
      case 'ownCall': {
        const asked = victim.captp.getBootstrap();
        asked.catch(() => {});
        ownQuestions.push(asked);
        check();
        break;
      }
      default:
        await settle(1);
        check();
    }
  }
  await settle(3);
  check();
  const ended = QUOTA_END.exec(victim.endReason() ?? '')?.[1] ?? 'none';
  endings.set(ended, (endings.get(ended) ?? 0) + 1);
};

test('a hostile peer sending random well-formed sequences: no throw, tables within quotas, ends only over a named quota', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 80, size: 'medium' }), runSequence), { numRuns: 200 });
    await settle(3);
    assert.deepEqual(unhandled, []);
    // The generator reaches most quotas, and leaves some sequences connected.
    assert.ok(endings.size >= 7, `sequences ended over: ${JSON.stringify([...endings])}`);
    assert.ok((endings.get('none') ?? 0) > 0);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
