// Runs scenarios.ts under the original @endo/eventual-send 1.5.0 in a child
// process (after `import '@endo/init'`, which shims HandledPromise and locks
// down with the original ses: that must never happen in our process) and
// returns each scenario's log.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scenariosUrl = new URL('./scenarios.js', import.meta.url).href;
const MARKER = '@@ORIGINAL-EVENTUAL-SEND-LOGS@@';

const childProgram = `
import '@endo/init';
import { E, HandledPromise } from '@endo/eventual-send';
const { runScenarios } = await import(${JSON.stringify(scenariosUrl)});
const logs = await runScenarios({ E, HandledPromise });
process.stdout.write('\\n${MARKER}\\n' + JSON.stringify(logs));
`;

export const runScenariosUnderOriginal = (): Record<string, unknown[][]> => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', childProgram], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const at = child.stdout.lastIndexOf(MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(`the original eventual-send child failed (status ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  return JSON.parse(child.stdout.slice(at + MARKER.length));
};
