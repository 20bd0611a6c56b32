// Differential test, without lockdown on our side: every scenario of
// scenarios.ts runs under the original @endo/eventual-send (child process,
// locked down by @endo/init) and under ours (this process, no lockdown).
// The logs (what was delivered where, in which order, how each promise
// settled, error messages) must be identical.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, HandledPromise } from '../../src/eventual-send/index.js';
import { runScenarios, scenarios } from './scenarios.js';
import { runScenariosUnderOriginal } from './run-original-scenarios.js';

const original = runScenariosUnderOriginal();
const ours = await runScenarios({ E, HandledPromise });

for (const name of Object.keys(scenarios)) {
  test(`same log as the original: ${name}`, () => {
    assert.ok(original[name].length > 0, 'the original logged something');
    assert.deepEqual(ours[name], original[name]);
  });
}
