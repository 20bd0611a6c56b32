// Checks the fixtures themselves under Node, the oracle of the differential
// module tests: each fixture runs to its end (no timeout, nothing uncaught),
// prints something, and fails exactly when its case.json says it must fail.
// This keeps the fixtures meaningful while the compartment side is todo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCaseOptions, runNative } from './harness.js';

const native = await runNative();
const fixtures = Object.keys(native).sort();

test('there are at least 30 fixtures', () => {
  assert.ok(fixtures.length >= 30, `only ${fixtures.length} fixtures`);
});

for (const fixture of fixtures) {
  test(fixture, () => {
    const options = readCaseOptions(fixture);
    const result = native[fixture]!;
    assert.deepEqual(result.uncaught, [], 'nothing may escape the fixture uncaught');
    assert.notEqual(result.error?.name, 'Timeout', 'the fixture must settle');
    assert.equal(result.error?.name ?? null, options.expectError ?? null, 'how the import ends');
    if (options.expectError === undefined) assert.ok(result.lines.length > 0, 'the fixture prints what it observes');
  });
}
