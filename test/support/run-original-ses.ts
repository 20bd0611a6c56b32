// Runs a module body under the original `ses` package in a child process and
// returns the JSON it reports. The original and ours must never share a
// realm (both tame the same intrinsics), so every comparison with the
// original goes through here: one spawn per call, all cases in one batch.
//
// The body runs as an ES module after `import 'ses'` and, unless told
// otherwise, `lockdown()`. It hands its result to `report(json)`. The result
// travels on stdout after a marker line, because the original itself may
// print on stdout (its "Removing unpermitted intrinsics" warnings).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `node_modules/ses` resolves from. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const RESULT_MARKER = '@@ORIGINAL-SES-RESULT@@';

export interface OriginalSesRunOptions {
  /** Options for the original's lockdown(); `false` skips lockdown. Default `{}`. */
  lockdownOptions?: Record<string, unknown> | false;
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
  /** Milliseconds before the child is killed. Default 20000. */
  timeout?: number;
}

/** The module text the child runs. */
const childProgram = (body: string, lockdownOptions: Record<string, unknown> | false): string => `
import 'ses';
const report = (value) => {
  process.stdout.write('\\n${RESULT_MARKER}\\n' + JSON.stringify(value));
};
${lockdownOptions === false ? '' : `lockdown(${JSON.stringify(lockdownOptions)});`}
${body}
`;

/**
 * Runs `body` (module code that calls `report(value)` once) under the
 * original `ses` and returns the reported value. Throws with the child's
 * stderr when the child fails or reports nothing.
 */
export const runUnderOriginalSes = (body: string, options: OriginalSesRunOptions = {}): unknown => {
  const { lockdownOptions = {}, env = {}, timeout = 20_000 } = options;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', childProgram(body, lockdownOptions)], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout,
  });
  const at = child.stdout.lastIndexOf(RESULT_MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(
      `the original ses child failed (status ${child.status}, signal ${child.signal}):\n${child.stderr}\n${child.stdout}`,
    );
  }
  return JSON.parse(child.stdout.slice(at + RESULT_MARKER.length));
};

/**
 * Runs `exportName` of the compiled module at `moduleUrl` under the original
 * `ses`, as `await module[exportName](globalThis.Compartment)`, and returns
 * its JSON result. The module must not import any of our `src/ses` code.
 */
export const runModuleUnderOriginalSes = (
  moduleUrl: string,
  exportName: string,
  options: OriginalSesRunOptions = {},
): unknown =>
  runUnderOriginalSes(
    `const module = await import(${JSON.stringify(moduleUrl)});
     report(await module[${JSON.stringify(exportName)}](globalThis.Compartment));`,
    options,
  );
