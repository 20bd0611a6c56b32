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
import { copyFileSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { corpusDirectory, installCorpus } from '../../test/support/corpus-install.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus fixture directory (also the working directory of every run). */
export { corpusDirectory };
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

/** Installs the corpus if needed and lays out the annex; idempotent, and never timed. */
export const prepareCorpus = (): void => {
  installCorpus();
  mkdirSync(annexDirectory, { recursive: true });
  copyFileSync(join(corpusDirectory, 'package.json'), join(annexDirectory, 'package.json'));
  copyFileSync(lodashCopy, join(annexDirectory, 'lodash-es.mjs'));
  mkdirSync(join(annexDirectory, 'lib'), { recursive: true });
  copyFileSync(join(corpusDirectory, 'lib/lodash-es-uses.mjs'), join(annexDirectory, 'lib/lodash-es-uses.mjs'));
  // lstat, not exists: a link left dangling must not be made twice.
  if (lstatSync(join(annexDirectory, 'node_modules'), { throwIfNoEntry: false }) === undefined) {
    symlinkSync(join(corpusDirectory, 'node_modules'), join(annexDirectory, 'node_modules'), 'dir');
  }
};
