// endo/captp exports every name @endo/captp 4.5 exports (it re-exports all
// of @endo/marshal and @endo/nat's Nat), each as the same kind of value, and
// Nat answers as the original's. The original runs in a child process.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as captp from '../../src/captp/index.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const NAT_SAMPLES = ['3', '0', '3n', '-1', '-1n', '-0', '1.5', "'3'", 'NaN', 'Infinity', '2 ** 53', 'Number.MAX_SAFE_INTEGER', 'null', 'undefined', '({})'];

/** What a module's exports and Nat give, as JSON-ready data. */
const describe = `(module, samples) => ({
  exports: Object.fromEntries(Object.keys(module).sort().map(name => [name, typeof module[name]])),
  nat: samples.map(source => {
    try {
      const result = module.Nat((0, eval)(source));
      return typeof result + ' ' + String(result);
    } catch (error) {
      return error.constructor.name + ': ' + error.message;
    }
  }),
})`;

const original = (): { exports: Record<string, string>; nat: string[] } => {
  const program = `import '@endo/init'; const module = await import('@endo/captp');
    process.stdout.write(JSON.stringify((${describe})(module, ${JSON.stringify(NAT_SAMPLES)})));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot, encoding: 'utf8' });
  if (child.status !== 0) throw Error(`the original's child failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
};

test("endo/captp exports the original's names as the same kinds of values, and Nat answers as the original's", () => {
  const theirs = original();
  const ours = (0, eval)(describe)(captp, NAT_SAMPLES);
  for (const [name, kind] of Object.entries(theirs.exports)) {
    assert.equal(ours.exports[name], kind, `endo/captp's ${name}`);
  }
  assert.deepEqual(ours.nat, theirs.nat);
  assert.ok(Object.isFrozen(captp.Nat));
});
