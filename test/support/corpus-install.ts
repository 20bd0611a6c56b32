// The corpus fixture (test/fixtures/corpus): its directory, and its
// node_modules installed with `npm ci` when what is there is not what
// package-lock.json pins (npm's hidden lockfile lists the installed tree).
// Used by the corpus tests and by the benchmarks that run its programs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusDirectory = fileURLToPath(new URL('../../../test/fixtures/corpus/', import.meta.url));

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

/** Installs the corpus's packages unless they are installed as pinned; throws with npm's words when npm ci fails. */
export const installCorpus = (): void => {
  if (installedUpToDate()) return;
  const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: corpusDirectory, encoding: 'utf8' });
  if (install.status !== 0) throw Error(`npm ci in ${corpusDirectory} failed:\n${install.stderr}`);
};
