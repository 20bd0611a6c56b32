// Differential test of compartments: every program of ./programs.ts runs
// under the original `ses` 2.3.0 (one child process, all programs in one
// batch) and under our endo/ses here, both after lockdown(). The outcomes
// (value, or thrown error's constructor name, and the message where the
// program asks for it) must be the same, except where the spec says we do
// better: there the program carries a known difference and ours must give
// the better outcome (and the original is checked to still differ, so a
// stale entry is noticed).

import { todoIfNotYet } from '../../support/not-yet.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown, Compartment } from '../../../src/ses/index.js';
import { runModuleUnderOriginalSes } from '../../support/run-original-ses.js';
import { formatOutcome, type Outcome } from '../../support/outcome.js';
import { programs, runPrograms, type Compare } from './programs.js';

const programsUrl = new URL('./programs.js', import.meta.url).href;

const original = runModuleUnderOriginalSes(programsUrl, 'runPrograms') as Record<string, Outcome>;

lockdown();
const ours = await runPrograms(Compartment);

/**
 * The part of an outcome that is compared. For 'prefix', ours is cut to the
 * length of the original's message (`reference`).
 */
const comparable = (outcome: Outcome, compare: Compare, reference?: Outcome): Outcome => {
  if (outcome.kind !== 'throws' && outcome.kind !== 'rejects') return outcome;
  if (compare === 'name') return { ...outcome, message: '' };
  if (compare === 'prefix' && reference && 'message' in reference) {
    return { ...outcome, message: outcome.message.slice(0, reference.message.length) };
  }
  return outcome;
};

test('the original ran every program', () => {
  assert.deepEqual(Object.keys(original).sort(), programs.map(p => p.name).sort());
});

for (const program of programs) {
  const compare = program.compare ?? 'name';
  const theirs = original[program.name];
  const mine = ours[program.name];
  if (program.knownDifference) {
    test(`${program.name} (known difference)`, todoIfNotYet(program.name), () => {
      const { reason, ours: better } = program.knownDifference!;
      assert.deepEqual(
        comparable(mine, compare),
        comparable(better, compare),
        `ours: ${formatOutcome(mine)}; expected the better outcome ${formatOutcome(better)} (${reason})`,
      );
      assert.notDeepEqual(
        comparable(theirs, compare),
        comparable(better, compare),
        `the original now gives ${formatOutcome(theirs)} too: drop the known difference`,
      );
    });
  } else {
    test(program.name, todoIfNotYet(program.name), () => {
      assert.deepEqual(
        comparable(mine, compare, theirs),
        comparable(theirs, compare),
        `ours: ${formatOutcome(mine)}\noriginal: ${formatOutcome(theirs)}`,
      );
    });
  }
}
