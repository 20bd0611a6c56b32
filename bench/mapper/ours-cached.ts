// endo's importLocation with a compiled-module cache (`cacheDirectory`):
// one directory per program for the whole bench run (run-directory.ts),
// filled by a single untimed warm-up start, then read by every timed start.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeStartUpMeasures, timeStartUp } from './measures.js';
import { runDirectory } from './run-directory.js';

const launcher = fileURLToPath(new URL('./launch-ours.js', import.meta.url));

export const measures = makeStartUpMeasures({
  prepare: program => {
    const cacheDirectory = join(runDirectory(), `cache-${basename(program)}`);
    if (existsSync(cacheDirectory)) return cacheDirectory;
    mkdirSync(cacheDirectory);
    try {
      timeStartUp([launcher, program, cacheDirectory], program); // the warm-up, checked, its time unused
    } catch (error) {
      rmSync(cacheDirectory, { recursive: true, force: true }); // the next round tries afresh
      throw error;
    }
    return cacheDirectory;
  },
  argsFor: (program, cacheDirectory) => [launcher, program, cacheDirectory!],
});
