// Running the corpus's programs (test/fixtures/corpus/programs) in child
// processes: the list of programs, one run with its status and output, and
// a pool that runs a few at a time (the machine has two cores). For the
// tests that compare how a program behaves under node, endo and LavaMoat.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDirectory } from './corpus-install.js';

/** The built `endo` command. */
export const endoBin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

/** LavaMoat's command (the devDependency). */
export const lavamoatBin = fileURLToPath(new URL('../../../node_modules/.bin/lavamoat', import.meta.url));

/** Each program's file name (`ms.cjs`, `chalk.mjs`, ...), sorted. */
export const corpusPrograms = (): string[] =>
  readdirSync(join(corpusDirectory, 'programs'))
    .filter(name => /\.[cm]js$/.test(name))
    .sort();

export const programPath = (program: string): string => join(corpusDirectory, 'programs', program);

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// A program that prints debug output when DEBUG is set would differ for that reason alone.
const environment = { ...process.env };
delete environment.DEBUG;
delete environment.NODE_DEBUG;

/** Runs node with `args` in the corpus directory (LavaMoat's and endo's project root); never rejects. */
export const runInCorpus = (args: string[]): Promise<Run> =>
  new Promise(resolve => {
    execFile(process.execPath, args, { cwd: corpusDirectory, env: environment, timeout: 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

/** Whether `other` printed what node printed, and both ended well. */
export const agreesWith = (node: Run, other: Run): boolean =>
  node.status === 0 && other.status === 0 && other.stdout === node.stdout;

/** Runs `work` over `items`, `limit` at a time, results in the order of `items`. */
export const inPool = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
};
