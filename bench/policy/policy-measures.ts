// The policy suite's measures, the same for every contestant, each one
// whole child process from spawn to exit (as the mapper suite measures
// start-up, whose helpers this reuses): generating a program's policy, and
// starting the program under it, its output checked against plain node's.
// A contestant that cannot do one (plain node generates no policy) leaves
// that measure out.
//
// Caches: endo keeps module analyses (generation) and compiled modules
// (start, when run-command passes its cache) in the user's cache directory.
// The plain rows are cold: each sample gets an empty cache directory, so
// that no sample profits from an earlier one. The "warm cache" rows (endo
// only) time a run whose cache an untimed run of the same command filled.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Measure } from '../suite.js';
import { corpusDirectory, programs } from '../mapper/corpus.js';
import { makeStartUpMeasures } from '../mapper/measures.js';

export interface PolicyContestant {
  /** The node arguments that write the policy of `program` to `policyFile`. */
  generate(program: string, policyFile: string): string[];
  /** The node arguments that run `program` under the policy at `policyFile`. */
  run(program: string, policyFile: string): string[];
  /**
   * For a contestant that keeps caches between runs: the node arguments
   * (put first) that make it keep them in `directory`. It then has two rows
   * per measure: the plain row, cold (each sample with an empty directory),
   * and a warm row (each sample with a directory filled by an untimed run).
   */
  cacheArgs?(directory: string): string[];
}

/** The program's file name, without the mapper suite's notes. */
export const rowName = (name: string): string => name.split(' ')[0]!;

/** One directory of policy files per contestant process (plain node writes none). */
let policyDirectory: string | undefined;
const policyDirectoryOf = (): string => (policyDirectory ??= mkdtempSync(join(tmpdir(), 'endo-bench-policy-')));

const generateOnce = (args: string[]): number => {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: corpusDirectory, encoding: 'utf8', timeout: 120_000 });
  const ns = (performance.now() - start) * 1e6;
  if (child.status !== 0) {
    const reason = child.stderr.split('\n').find(line => /Error|error/.test(line)) ?? `exit status ${child.status}`;
    throw Error(reason.trim());
  }
  return ns;
};

/** A new empty cache directory: every cold sample gets one. */
const emptyCacheDirectory = (): string => mkdtempSync(join(policyDirectoryOf(), 'cold-cache-'));

/** One cache directory per program and kind of measure, filled by the untimed runs before each warm sample. */
const warmCacheDirectory = (program: string, kind: string): string => {
  const directory = join(policyDirectoryOf(), `warm-cache-${kind}-${basename(program)}`);
  mkdirSync(directory, { recursive: true });
  return directory;
};

export const makePolicyMeasures = (contestant: PolicyContestant): Record<string, Measure> => {
  const policyFileOf = (program: string) => join(policyDirectoryOf(), `${basename(program)}.json`);
  const { cacheArgs = () => [] } = contestant;
  const measures: Record<string, Measure> = {};
  const startUpsWith = (cacheOf: (program: string) => string, warm: boolean) =>
    makeStartUpMeasures({
      // Untimed: the policy the timed start runs under (and, warm, one start that fills the cache).
      prepare: program => {
        generateOnce(contestant.generate(program, policyFileOf(program)));
        if (warm) generateOnce([...cacheArgs(cacheOf(program)), ...contestant.run(program, policyFileOf(program))]);
        return policyFileOf(program);
      },
      argsFor: (program, policyFile) => [...cacheArgs(cacheOf(program)), ...contestant.run(program, policyFile!)],
    });
  const coldStartUps = startUpsWith(emptyCacheDirectory, false);
  const warmStartUps = startUpsWith(program => warmCacheDirectory(program, 'run'), true);
  for (const { name, path } of programs) {
    const generate = (cache: string) => [...cacheArgs(cache), ...contestant.generate(path, policyFileOf(path))];
    measures[`generate the policy: ${rowName(name)}`] = () => generateOnce(generate(emptyCacheDirectory()));
    measures[`start under the policy: ${rowName(name)}`] = coldStartUps[name]!;
    if (contestant.cacheArgs === undefined) continue;
    measures[`generate the policy, warm cache: ${rowName(name)}`] = () => {
      const cache = warmCacheDirectory(path, 'generate');
      generateOnce(generate(cache)); // untimed: fills the cache
      return generateOnce(generate(cache));
    };
    measures[`start under the policy, warm cache: ${rowName(name)}`] = warmStartUps[name]!;
  }
  return measures;
};

/** Node arguments that set `ENDO_CACHE_DIR` for endo (through an env file: the harness gives no environment per measure). */
export const endoCacheArgs = (directory: string): string[] => {
  const file = `${directory}.env`;
  writeFileSync(file, `ENDO_CACHE_DIR=${JSON.stringify(directory)}\n`);
  return [`--env-file=${file}`];
};
