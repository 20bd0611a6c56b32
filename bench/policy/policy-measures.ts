// The policy suite's measures, the same for every contestant, each one
// whole child process from spawn to exit (as the mapper suite measures
// start-up, whose helpers this reuses): generating a program's policy, and
// starting the program under it, its output checked against plain node's.
// A contestant that cannot do one (plain node generates no policy) leaves
// that measure out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

export const makePolicyMeasures = (contestant: PolicyContestant): Record<string, Measure> => {
  const policyFileOf = (program: string) => join(policyDirectoryOf(), `${basename(program)}.json`);
  const measures: Record<string, Measure> = {};
  const startUps = makeStartUpMeasures({
    // Untimed: the policy the timed start runs under.
    prepare: program => {
      generateOnce(contestant.generate(program, policyFileOf(program)));
      return policyFileOf(program);
    },
    argsFor: (program, policyFile) => contestant.run(program, policyFile!),
  });
  for (const { name, path } of programs) {
    measures[`generate the policy: ${rowName(name)}`] = () => generateOnce(contestant.generate(path, policyFileOf(path)));
    measures[`start under the policy: ${rowName(name)}`] = startUps[name]!;
  }
  return measures;
};
