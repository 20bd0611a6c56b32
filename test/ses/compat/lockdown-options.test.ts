// Invalid lockdown options, each tried in a fresh process (lockdown can run
// once per realm): the error must say which option or value was wrong and
// what is allowed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const sesUrl = new URL('../../../src/ses/index.js', import.meta.url).href;

/** Calls our lockdown(options) in a fresh process; the error it threw, or null. */
const lockdownInFreshProcess = (optionsSource: string, env: Record<string, string> = {}) => {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { lockdown } = await import(${JSON.stringify(sesUrl)});
       let outcome = null;
       try { lockdown(${optionsSource}); } catch (e) { outcome = { name: e.constructor.name, message: e.message }; }
       process.stdout.write(JSON.stringify(outcome));`,
    ],
    { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 },
  );
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { name: string; message: string } | null;
};

test('an unknown option throws a TypeError naming it', () => {
  const error = lockdownInFreshProcess('{ bogus: 1 }');
  assert.equal(error?.name, 'TypeError');
  assert.match(error!.message, /bogus/);
});

test('an unknown value throws a TypeError naming the value and the allowed ones', () => {
  const error = lockdownInFreshProcess("{ errorTaming: 'nope' }");
  assert.equal(error?.name, 'TypeError');
  assert.match(error!.message, /errorTaming/);
  assert.match(error!.message, /nope/);
  for (const allowed of ['safe', 'unsafe', 'unsafe-debug']) assert.match(error!.message, new RegExp(`\\b${allowed}\\b`));
});

test('valid options lock down', () => {
  assert.equal(lockdownInFreshProcess("{ errorTaming: 'unsafe', overrideTaming: 'min', consoleTaming: 'unsafe' }"), null);
});
