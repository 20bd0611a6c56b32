// The programs the mapper suite starts, all from the corpus fixture
// (test/fixtures/corpus): yargs.mjs and express.cjs as they are, and
// lodash-es.mjs as the bench copy next to this file (without template(),
// which compartments cannot run). The original compartment-mapper fails on
// all three (see the table), so two more rows give it common ground: one
// CommonJS program over several packages (joi.cjs) and one ES module graph
// of hundreds of files (date-fns.mjs), both of which it runs.
//
// The compartment map is built from a program's own package, so the copy
// must sit in a package whose node_modules holds the corpus: an "annex"
// directory under dist/ (gitignored) with the corpus's package.json and a
// symbolic link to the corpus's node_modules. Node, ours and the original
// all follow the link to the same installed files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus fixture directory (also the working directory of every run). */
export const corpusDirectory = fileURLToPath(new URL('../../../test/fixtures/corpus/', import.meta.url));
const annexDirectory = fileURLToPath(new URL('./corpus-annex/', import.meta.url));
const lodashCopy = fileURLToPath(new URL('../../../bench/mapper/lodash-es.mjs', import.meta.url));

export interface Program {
  /** Row name in the table. */
  name: string;
  /** Absolute path of the program file. */
  path: string;
}

export const programs: Program[] = [
  { name: 'yargs.mjs', path: join(corpusDirectory, 'programs/yargs.mjs') },
  { name: 'express.cjs', path: join(corpusDirectory, 'programs/express.cjs') },
  { name: 'lodash-es.mjs (bench copy, no template)', path: join(annexDirectory, 'lodash-es.mjs') },
  { name: 'joi.cjs (common ground: the original runs it)', path: join(corpusDirectory, 'programs/joi.cjs') },
  { name: 'date-fns.mjs (common ground: the original runs it)', path: join(corpusDirectory, 'programs/date-fns.mjs') },
];

/** Whether node_modules holds what package-lock.json pins (npm's hidden lockfile lists the installed tree). */
const installedUpToDate = (): boolean => {
  const hidden = join(corpusDirectory, 'node_modules/.package-lock.json');
  if (!existsSync(hidden)) return false;
  const pinned = (file: string): string => {
    const { packages } = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, { version?: string }> };
    const entries = Object.entries(packages).filter(([path]) => path !== '');
    return JSON.stringify(entries.map(([path, { version }]) => [path, version]).sort());
  };
  return pinned(hidden) === pinned(join(corpusDirectory, 'package-lock.json'));
};

/** Installs the corpus if needed and lays out the annex; idempotent, and never timed. */
export const prepareCorpus = (): void => {
  if (!installedUpToDate()) {
    const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: corpusDirectory, encoding: 'utf8' });
    if (install.status !== 0) throw Error(`npm ci in ${corpusDirectory} failed: ${install.stderr}`);
  }
  mkdirSync(annexDirectory, { recursive: true });
  copyFileSync(join(corpusDirectory, 'package.json'), join(annexDirectory, 'package.json'));
  copyFileSync(lodashCopy, join(annexDirectory, 'lodash-es.mjs'));
  // lstat, not exists: a link left dangling must not be made twice.
  if (lstatSync(join(annexDirectory, 'node_modules'), { throwIfNoEntry: false }) === undefined) {
    symlinkSync(join(corpusDirectory, 'node_modules'), join(annexDirectory, 'node_modules'), 'dir');
  }
};
