// Runs a short program after importing one implementation of Hardened
// JavaScript (ours, through the package self-reference `endo/ses`, or the
// original `ses` 2.3.0) in a fresh Node process, and hands back what a user
// would see: exit status, stdout, stderr, and the values the program chose
// to report. Lockdown happens once per realm, and the two implementations
// must never share one, so every scenario gets its own process.
//
// Reports travel on file descriptor 3, so that stdout and stderr stay
// exactly what the implementation printed (the reporting tests need them
// clean). The child's environment has no LOCKDOWN_* variable except those a
// test passes, so the runner's own environment cannot change the outcome.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Implementation = 'ours' | 'original';

export const implementations: readonly Implementation[] = ['ours', 'original'];

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

const specifierOf: Record<Implementation, string> = {
  ours: 'endo/ses',
  original: 'ses',
};

export interface ChildOutcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Each value the program passed to `report(value)`, in order. */
  reports: unknown[];
}

export interface ChildOptions {
  /** LOCKDOWN_* (or other) variables for the child, on top of a cleaned copy of ours. */
  env?: Record<string, string>;
  /** Code that runs before the implementation is imported (e.g. loading node:domain). */
  prelude?: string;
}

/** This process's environment without any LOCKDOWN_* variable. */
const cleanEnvironment = (): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LOCKDOWN_') && value !== undefined) env[name] = value;
  }
  return env;
};

/**
 * Runs `body` (an ES module body: top-level await is fine) after
 * importing `implementation`. In `body`:
 * - `report(value)` sends a JSON value back to the test;
 * - `caught(thunk)` is `[constructorName, message]` of what thunk throws, or null.
 */
export const runChild = (implementation: Implementation, body: string, { env = {}, prelude = '' }: ChildOptions = {}) => {
  const program = `
import { writeSync } from 'node:fs';
const report = value => { writeSync(3, JSON.stringify(value === undefined ? null : value) + '\\n'); };
const caught = thunk => {
  try { thunk(); return null; } catch (e) { return [e?.constructor?.name ?? typeof e, String(e?.message ?? e)]; }
};
${prelude}
await import(${JSON.stringify(specifierOf[implementation])});
${body}
`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: repoRoot,
    env: { ...cleanEnvironment(), ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  if (child.error) throw child.error;
  const reportText = String(child.output[3] ?? '');
  const outcome: ChildOutcome = {
    status: child.status,
    signal: child.signal,
    stdout: child.stdout,
    stderr: child.stderr,
    reports: reportText
      .split('\n')
      .filter(line => line !== '')
      .map(line => JSON.parse(line)),
  };
  return outcome;
};

/** Runs `body` and returns its single report; fails (with the child's stderr) if the child failed. */
export const reportFromChild = (implementation: Implementation, body: string, options?: ChildOptions): any => {
  const outcome = runChild(implementation, body, options);
  if (outcome.status !== 0 || outcome.reports.length !== 1) {
    throw Error(
      `${implementation} child: status ${outcome.status}, ${outcome.reports.length} reports\nstderr: ${outcome.stderr}`,
    );
  }
  return outcome.reports[0];
};
