// Compatibility: fast-check, used by our property tests, runs properties,
// finds counterexamples and shrinks them after lockdown() in the start
// compartment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../../src/ses/index.js';

lockdown();
const { default: fc } = await import('fast-check');

test('fast-check runs a passing property after lockdown', () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer(), (a, b) => a + b === b + a),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(fc.array(fc.string()), strings => JSON.parse(JSON.stringify(strings)).length === strings.length),
    { numRuns: 100 },
  );
});

test('fast-check finds and shrinks a counterexample after lockdown', () => {
  const details = fc.check(fc.property(fc.nat(1000), n => n < 100), { seed: 42 });
  assert.equal(details.failed, true);
  assert.deepEqual(details.counterexample, [100]);
  assert.throws(() => fc.assert(fc.property(fc.nat(1000), n => n < 100), { seed: 42 }), /Counterexample: \[100\]/);
});

test('fast-check builds records, objects and async properties after lockdown', async () => {
  fc.assert(
    fc.property(fc.record({ id: fc.uuid(), tags: fc.uniqueArray(fc.string()) }), record => typeof record.id === 'string'),
    { numRuns: 50 },
  );
  fc.assert(fc.property(fc.anything(), value => value === value || Number.isNaN(value)), { numRuns: 50 });
  await fc.assert(fc.asyncProperty(fc.integer(), async n => (await Promise.resolve(n)) === n), { numRuns: 50 });
});
