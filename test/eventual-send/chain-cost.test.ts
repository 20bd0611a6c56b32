// The cost of settling a pipelined chain must be linear in its length: a
// message held on a pending promise that is resolved to another pending
// promise moves there once (its queue is spliced) instead of being sent
// again at every hop. And the order of delivery must stay the original's:
// random plans of sends to pending promises resolved to other pending
// promises, run under the original @endo/eventual-send (child process) and
// under ours, must log the same deliveries and outcomes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { E, HandledPromise } from '../../src/eventual-send/index.js';
import { measureChain } from './chain-measure.js';
import { runPlans, type Answer, type Plan, type Ref, type Step } from './forwarding-plans.js';
import { callUnderOriginal } from './run-under-original.js';

const api = { E, HandledPromise };
const measureUrl = new URL('./chain-measure.js', import.meta.url).href;
const plansUrl = new URL('./forwarding-plans.js', import.meta.url).href;

for (const form of ['self', 'get'] as const) {
  test(`a chain of ${form === 'self' ? 'E(p).self()' : "E.get(p).x"} settles in linear work`, async () => {
    await measureChain(api, 500, form); // warm up the JIT
    const small = await measureChain(api, 2_000, form);
    const large = await measureChain(api, 20_000, form);
    assert.equal(small.deliveries, 2_000);
    assert.equal(large.deliveries, 20_000);
    // A constant number of promises per link: 9 today; the old
    // quadratic forwarding made about n/6 per link (over 300 at 2,000).
    assert.ok(small.promisesMade <= 12 * 2_000, `2,000 deep made ${small.promisesMade} promises`);
    const ratio = large.promisesMade / small.promisesMade;
    assert.ok(ratio > 8 && ratio < 12, `10 times deeper made ${ratio.toFixed(2)} times the promises`);
    // Generous: linear work takes well under a second for 20,000 links.
    assert.ok(large.milliseconds < 5_000, `20,000 deep took ${large.milliseconds.toFixed(0)} ms`);
  });
}

test('the counter sees the original forwarding as quadratic (so the bound above can fail)', async () => {
  const [short, long] = (await callUnderOriginal(measureUrl, 'measureChain', [100, 'self']).then(async first => [
    first,
    await callUnderOriginal(measureUrl, 'measureChain', [300, 'self']),
  ])) as { promisesMade: number }[];
  const ratio = long.promisesMade / short.promisesMade;
  // 3 times deeper: linear work would be 3 times; the original's is about 8.
  assert.ok(ratio > 5, `the original made ${ratio.toFixed(2)} times the promises`);
});

test('E-order: a message held on p, then one sent to p just before p is resolved to a pending q', async () => {
  const log: string[] = [];
  let resolveP!: (value: unknown) => void;
  let resolveQ!: (value: unknown) => void;
  const object = { a: () => log.push('a'), b: () => log.push('b') };
  const p = new HandledPromise(resolve => {
    resolveP = resolve;
  });
  const q = new HandledPromise(resolve => {
    resolveQ = resolve;
  });
  const first = E(p as Promise<typeof object>).a();
  await new Promise(resolve => setTimeout(resolve, 0)); // `a` is now held on p
  const second = E(p as Promise<typeof object>).b();
  resolveP(q);
  await new Promise(resolve => setTimeout(resolve, 0));
  resolveQ(object);
  await Promise.all([first, second]);
  // Sent to the same promise, a then b: delivered a then b. (The original
  // 1.5.0 delivers b first here: it sends `a` again when p settles, and
  // that copy reaches q two turns after `b` does.)
  assert.deepEqual(log, ['a', 'b']);
});

/** Builds a valid plan from raw random numbers. */
const toPlan = (
  kits: number,
  objects: number,
  raw: { op: string; a: number; b: number; c: number; sameTurn: boolean }[],
  finalOrder: number[],
): Plan => {
  const withResults: number[] = [];
  const steps: Step[] = raw.map(({ op, a, b, c, sameTurn }, index) => {
    if (op === 'method' || op === 'get' || op === 'sendOnly') {
      let target: Ref;
      const kind = a % 3;
      if (kind === 1 && withResults.length > 0) target = { result: withResults[b % withResults.length] };
      else if (kind === 2) target = { object: b % objects };
      else target = { kit: b % kits };
      const answerKind = c % 4;
      const answer: Answer =
        answerKind === 0 ? { value: true } : answerKind === 1 ? { self: true } : { kit: (c >> 2) % kits };
      if (op !== 'sendOnly') withResults.push(index);
      return { send: op, target, answer, sameTurn };
    }
    const kit = a % kits;
    if (op === 'resolve') {
      // Only to a later kit or an object: no cycles.
      const to: Ref = b % 2 === 0 && kit < kits - 1 ? { kit: kit + 1 + (c % (kits - 1 - kit)) } : { object: c % objects };
      return { resolve: kit, to, sameTurn };
    }
    return { reject: kit, sameTurn };
  });
  return { kits, objects, steps, finalOrder };
};

const planArbitrary = (sameTurnAllowed: boolean) =>
  fc.integer({ min: 2, max: 6 }).chain(kits =>
    fc
      .tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            op: fc.constantFrom('method', 'method', 'method', 'get', 'sendOnly', 'resolve', 'resolve', 'reject'),
            a: fc.nat(1000),
            b: fc.nat(1000),
            c: fc.nat(1000),
            sameTurn: sameTurnAllowed ? fc.boolean() : fc.constant(false),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.shuffledSubarray(
          Array.from({ length: kits }, (_, i) => i),
          { minLength: kits, maxLength: kits },
        ),
      )
      .map(([objects, raw, finalOrder]) => toPlan(kits, objects, raw, finalOrder)),
  );

test('random sends to pending promises resolved to pending promises: same deliveries as the original', async () => {
  const plans = fc.sample(planArbitrary(false), { numRuns: 150, seed: 1717 });
  const original: string[][] = await callUnderOriginal(plansUrl, 'runPlans', [plans]);
  const ours = await runPlans(api, plans);
  const deliveries = original.flat().filter(entry => entry.startsWith('deliver')).length;
  assert.ok(deliveries > plans.length, `the original delivered ${deliveries} messages`);
  for (let i = 0; i < plans.length; i += 1) {
    assert.deepEqual(ours[i], original[i], `plan ${i}: ${JSON.stringify(plans[i])}`);
  }
});
