// A temporary directory shared by the contestant processes of one bench
// run (they are all children of the same `npm run bench` process, so they
// share its pid as their parent's): it holds what is worth computing once
// per run, not once per round — node's expected outputs, and the cached
// mode's compile caches, filled by a single warm-up start each.
//
// No contestant knows which round is the last, so a run's directory stays
// behind; the next run removes those of runs that have ended.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'endo-bench-mapper-run-';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const removeEndedRuns = (): void => {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length));
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
};

let directory: string | undefined;

/** This run's directory, made on first use. */
export const runDirectory = (): string => {
  if (directory === undefined) {
    removeEndedRuns();
    directory = join(tmpdir(), `${PREFIX}${process.ppid}`);
    mkdirSync(directory, { recursive: true });
  }
  return directory;
};
