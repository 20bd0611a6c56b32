// Policy generation over a small application (test/fixtures/policy-gen/app):
// the exact policy expected, and LavaMoat's (lavamoat 11, devDependency) on
// the same application, which misses what the spec says it misses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import url, { fileURLToPath } from 'node:url';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';
import { generatePolicy } from '../../src/policy/generate-policy.js';
import { checkPolicy } from '../../src/policy/policy-check.js';

const app = fileURLToPath(new URL('../../../test/fixtures/policy-gen/app/', import.meta.url));
const lavamoat = fileURLToPath(new URL('../../../node_modules/lavamoat/src/cli.js', import.meta.url));
const powers = makeReadPowers({ fs, url, crypto });

const expected = {
  resources: {
    'net-user': {
      builtin: { 'http.get': true },
      globals: { 'Date.now': true, lastUse: 'write' },
      packages: { reader: true },
    },
    reader: {
      builtin: { 'fs.readFileSync': true },
      globals: { 'console.log': true, 'process.env.DEBUG': true },
    },
  },
};

test('the generated policy: members used, writes, aliases, packages by resolution; the trusted root has none', () => {
  let progress = 0;
  const { policy, dynamic, moduleCount } = generatePolicy(powers, join(app, 'main.cjs'), { onModule: count => (progress = count) });
  assert.deepEqual(policy, expected);
  assert.equal(checkPolicy(policy, 'generated'), policy);
  assert.equal(moduleCount, 3);
  assert.equal(progress, 3);
  // A require of a computed name is reported with its place, never guessed.
  assert.deepEqual(dynamic, [{ kind: 'require', line: 7, column: 33, package: 'reader', file: join(app, 'node_modules/reader/index.js') }]);
});

test("LavaMoat's generator on the same application misses the alias and the dual package's require half", () => {
  const work = mkdtempSync(join(tmpdir(), 'endo-lavamoat-'));
  try {
    cpSync(app, work, { recursive: true });
    const run = spawnSync(process.execPath, [lavamoat, 'main.cjs', '--autopolicy'], { cwd: work, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const theirs = JSON.parse(readFileSync(join(work, 'lavamoat/node/policy.json'), 'utf8'));
    assert.deepEqual(theirs.resources.reader, { builtin: { 'fs.readFileSync': true }, globals: { 'process.env.DEBUG': true } });
    assert.equal(theirs.resources['net-user'], undefined);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
