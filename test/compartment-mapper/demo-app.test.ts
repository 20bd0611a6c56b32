// The per-package demo (examples/per-package-compartments.ts) runs as it
// says: ws serves a real WebSocket on localhost and lodash-es shapes the
// message, from node_modules and again from an archive, while each of
// sneaky-pad's reaches beyond its grant is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const example = fileURLToPath(new URL('../../examples/per-package-compartments.js', import.meta.url));

test('the per-package demo: the application works twice, the sneaky package gets nothing', () => {
  const child = spawnSync(process.execPath, [example], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  const out = child.stdout;
  assert.equal(out.match(/^ws echoed: perPackageCompartments$/gm)?.length, 2, out);
  assert.equal(out.match(/^sneaky-pad padded: \[ {4}42\]$/gm)?.length, 2, out);
  assert.match(out, /tried process\.env\.HOME:\n {4}got it: undefined/);
  assert.match(out, /tried process\.binding:\n {4}refused: /);
  assert.match(out, /tried require\('child_process'\):\n {4}refused: Package "sneaky-pad" may not use builtin module "child_process"/);
  assert.match(out, /tried require\('lodash-es'\) \(not a dependency\):\n {4}refused: Package "sneaky-pad" may not reach package "lodash-es"/);
  assert.match(out, /tried Function\('return this'\)\(\) \(the real global\):\n {4}refused: /);
  assert.doesNotMatch(out, /got it: (?!undefined)/);
});
