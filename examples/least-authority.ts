// Least authority with `endo policy` and `endo run` (examples/policy-app):
// the application's policy is generated and reviewed while its dependency
// tiny-pad needs nothing; then tiny-pad is "updated" to a version that
// reaches for the user's files and the network. Under the reviewed policy,
// `endo run` refuses it, and a new `endo policy` shows what it now asks for.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const endo = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const app = fileURLToPath(new URL('../../examples/policy-app/', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'endo-least-authority-'));
cpSync(app, project, { recursive: true });

const step = (title: string, ...args: string[]) => {
  console.log(`\n$ endo ${args.join(' ')}    # ${title}`);
  const result = spawnSync(process.execPath, [endo, ...args], { cwd: project, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  console.log(`(exit status ${result.status})`);
  return result.status;
};

try {
  step('generate and review the policy', 'policy', 'main.cjs');
  step('run under it', 'run', 'main.cjs');
  console.log('\n(tiny-pad is updated to a version that reads ~/.ssh and posts it)');
  renameSync(join(project, 'node_modules/tiny-pad/index-v2.js'), join(project, 'node_modules/tiny-pad/index.js'));
  step('run the update under the reviewed policy', 'run', 'main.cjs');
  step('a new policy: the review shows what the update asks for, new powers first (review it before you keep it)', 'policy', 'main.cjs');
} finally {
  rmSync(project, { recursive: true, force: true });
}
