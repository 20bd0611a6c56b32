// Runs LavaMoat's own policy functions (lavamoat-core, the devDependency) in
// a child process on a batch of cases, so tests can compare ours with the
// original on the same inputs. One spawn per batch; each case reports its
// value or the message it threw.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export type OracleOutcome = { ok: true; value: unknown } | { ok: false; message: string };

const childProgram = `
const { mergePolicy } = require('lavamoat-core/src/mergePolicy');
const { jsonStringifySortedPolicy } = require('lavamoat-core/src/stringifyPolicy');
const operations = {
  merge: ([generated, override]) => mergePolicy(generated, override),
  stringify: ([policy]) => jsonStringifySortedPolicy(policy),
};
const chunks = [];
process.stdin.on('data', chunk => chunks.push(chunk));
process.stdin.on('end', () => {
  const { operation, cases } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const run = operations[operation];
  const outcomes = cases.map(args => {
    try {
      return { ok: true, value: run(args) };
    } catch (error) {
      return { ok: false, message: String(error && error.message) };
    }
  });
  process.stdout.write(JSON.stringify(outcomes));
});
`;

/** Runs `operation` of lavamoat-core on each case (an argument list). */
export const runLavamoatCore = (operation: 'merge' | 'stringify', cases: unknown[][]): OracleOutcome[] => {
  const child = spawnSync(process.execPath, ['-e', childProgram], {
    cwd: repoRoot,
    input: JSON.stringify({ operation, cases }),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`lavamoat-core child failed (${child.status}): ${child.stderr}`);
  }
  return JSON.parse(child.stdout) as OracleOutcome[];
};
