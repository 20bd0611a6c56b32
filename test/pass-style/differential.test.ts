// Differential test: every case of ./cases.ts runs under the original
// @endo/pass-style (in a child, after @endo/init) and under ours (here,
// after endo/ses's lockdown). Results and error messages must be the same,
// except for the listed known differences, where ours must give the
// stated outcome (and the original must still differ, so a stale entry is
// noticed). Error constructors are not compared: ours always throws
// TypeError, the original mostly plain Error.

// The original's @endo/init installs the Immutable ArrayBuffer shim; ours
// leaves that to the application, so this test installs it before lockdown.
import '@endo/immutable-arraybuffer/shim.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';
import { runUnderOriginalPassStyle } from './run-original-pass-style.js';
import { cases, runCases } from './cases.js';
import type { CaseOutcome } from './cases.js';

const original = runUnderOriginalPassStyle(new URL('./cases.js', import.meta.url).href, 'runCases') as Record<
  string,
  CaseOutcome
>;

lockdown();
const passStyle = await import('../../src/pass-style/index.js');
const ours = runCases({ ...passStyle, harden: (globalThis as any).harden });

/** Where ours deliberately differs, what ours does instead. */
const knownDifferences: Record<string, { reason: string; ours: CaseOutcome }> = {
  loneSurrogate: {
    reason: 'the spec requires well-formed strings',
    ours: { message: 'Expected well-formed unicode string: (a string)', name: 'TypeError' },
  },
  recordWithLoneSurrogate: {
    reason: 'the spec requires well-formed strings',
    ours: { result: false },
  },
  recordWithGetterReturningFunction: {
    reason: 'ours never calls a getter to classify',
    ours: { message: '"a" must not be an accessor property: (an object)', name: 'TypeError' },
  },
  toThrowableByteArray: {
    reason: 'a byteArray is capability-free data, hence throwable',
    ours: { result: 'byteArray' },
  },
};

const comparable = (outcome: CaseOutcome | undefined) =>
  outcome !== undefined && 'message' in outcome ? { message: outcome.message } : outcome;

test('the original ran every case', () => {
  assert.deepEqual(Object.keys(original).sort(), Object.keys(cases).sort());
});

for (const name of Object.keys(cases)) {
  const known = knownDifferences[name];
  if (known !== undefined) {
    test(`${name} (known difference: ${known.reason})`, () => {
      assert.deepEqual(comparable(ours[name]), comparable(known.ours));
      assert.notDeepEqual(comparable(original[name]), comparable(known.ours));
    });
  } else {
    test(name, () => {
      assert.deepEqual(comparable(ours[name]), comparable(original[name]));
    });
  }
}

test('every rejection of ours is a TypeError', () => {
  for (const [name, outcome] of Object.entries(ours)) {
    if ('message' in outcome && !['assertChecker'].includes(name)) {
      assert.equal(outcome.name, 'TypeError', `${name}: ${outcome.message}`);
    }
  }
});
