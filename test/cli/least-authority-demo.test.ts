// The least-authority demo (examples/least-authority.ts) shows what it says:
// the reviewed policy runs the application; the updated dependency's
// reaches for files and the network are refused under it; and the new
// policy's review lists them as new dangerous powers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const example = fileURLToPath(new URL('../../examples/least-authority.js', import.meta.url));

test('the least-authority demo: reviewed, run, update refused, changes reviewed', () => {
  const child = spawnSync(process.execPath, [example], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  const out = child.stdout;
  assert.match(out, /\$ endo run main\.cjs {4}# run under it\n\[ {4}42\]\n\(exit status 0\)/);
  assert.match(out, /Package "tiny-pad" may not use the builtin module "fs": its policy grants none of it/);
  assert.match(out, /\(exit status 1\)/);
  assert.match(out, /Changed since the last policy:\n {2}\+ tiny-pad: global console\.log\n {2}\+ tiny-pad: global process\.env\.HOME {2}\[!\] process\n {2}\+ tiny-pad: builtin fs\.readFileSync {2}\[!\] file system\n {2}\+ tiny-pad: builtin http\.request {2}\[!\] network/);
});
