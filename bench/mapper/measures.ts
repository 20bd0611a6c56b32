// The mapper suite's measures, one per program plus the spawn floor, the
// same for every contestant: only the command line that starts a program
// differs.
//
// Method: start-up is a per-process cost, so every sample is a fresh child
// process, timed from spawn to exit (spawnSync's wall time). Process
// spawn and Node's own boot are INCLUDED, equally for every contestant:
// the figures are what a user waits for at `node app`. The floor row (an
// empty node process, run by every contestant alike) says how much of each
// figure that is; subtract it to compare the loading work alone. A measure
// is ONE start: the harness's rounds (BENCH_ROUNDS, default 5, each a fresh
// contestant process) give the median; more starts per round would take
// the suite past three minutes.
//
// Every run's output (stdout) is collected and compared, after the clock
// has stopped, with the program's output under plain node (taken once per
// bench run, untimed): a contestant that exits non-zero or prints
// something else fails the measure, so only a working program is timed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Measure } from '../suite.js';
import { corpusDirectory, prepareCorpus, programs } from './corpus.js';
import { runDirectory } from './run-directory.js';

export const FLOOR = 'empty node process (the spawn floor, included in every row)';

const environment = { ...process.env };
// debug (under express) and Node print more when these are set.
delete environment.DEBUG;
delete environment.NODE_DEBUG;

interface Run {
  ns: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

const run = (args: string[]): Run => {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: corpusDirectory, env: environment, encoding: 'utf8', timeout: 60_000 });
  const ns = (performance.now() - start) * 1e6;
  return { ns, status: child.status, stdout: child.stdout, stderr: child.stderr };
};

/** The line of stderr that best says why a run failed. */
const reasonOf = (stderr: string): string => {
  const lines = stderr.split('\n').filter(line => line.trim() !== '' && !/Warning|--trace-/.test(line));
  return (lines.find(line => /Error|failed/.test(line)) ?? lines.at(-1) ?? '').trim();
};

/** What plain node prints for the program: the expected output, computed once per bench run (untimed). */
const nodeOutputOf = (path: string): string => {
  const file = join(runDirectory(), `expected-${basename(path)}.txt`);
  const known = readFileSync(file, { encoding: 'utf8', flag: 'a+' });
  if (known !== '') return known;
  const oracle = run([path]);
  if (oracle.status !== 0 || oracle.stdout.trim() === '') {
    throw Error(`plain node fails on ${path} (status ${oracle.status}): ${reasonOf(oracle.stderr)}`);
  }
  writeFileSync(file, oracle.stdout);
  return oracle.stdout;
};

/** One timed start-up, checked against node's output after the clock stopped. */
export const timeStartUp = (args: string[], programPath: string): number => {
  const { ns, status, stdout, stderr } = run(args);
  if (status !== 0) throw Error(`exit status ${status}: ${reasonOf(stderr)}`);
  if (stdout !== nodeOutputOf(programPath)) {
    throw Error(`prints otherwise than node: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  return ns;
};

export interface Launcher {
  /** The node arguments that start `programPath`, after `prepare`. */
  argsFor(programPath: string, prepared: string | undefined): string[];
  /** Untimed set-up for one program's measure (the cached mode's warm-up); its result goes to argsFor. */
  prepare?(programPath: string): string | undefined;
}

export const makeStartUpMeasures = (launcher: Launcher): Record<string, Measure> => {
  prepareCorpus();
  const measures: Record<string, Measure> = {};
  for (const program of programs) {
    measures[program.name] = () => {
      const prepared = launcher.prepare?.(program.path);
      return timeStartUp(launcher.argsFor(program.path, prepared), program.path);
    };
  }
  measures[FLOOR] = () => {
    const { ns, status } = run(['--eval', '']);
    if (status !== 0) throw Error(`an empty node process exited with status ${status}`);
    return ns;
  };
  return measures;
};
