// Differential test after our lockdown: like differential.test.ts, but this
// process first installs our HandledPromise (as endo/init would: shim, then
// lockdown) and locks down with endo/ses, so hardening is the real thing on
// both sides.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/eventual-send/shim.js';
import { lockdown } from '../../src/ses/index.js';
import { runScenarios, scenarios } from './scenarios.js';
import { runScenariosUnderOriginal } from './run-original-scenarios.js';

lockdown();
const { E, HandledPromise } = await import('../../src/eventual-send/index.js');

const original = runScenariosUnderOriginal();
const ours = await runScenarios({ E, HandledPromise });

for (const name of Object.keys(scenarios)) {
  test(`same log as the original after lockdown: ${name}`, () => {
    assert.deepEqual(ours[name], original[name]);
  });
}
