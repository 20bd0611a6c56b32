// Runs every compiled test file under dist/test with Node's built-in test
// runner. Each file gets its own process (the runner's default), which the
// hardened-JavaScript tests rely on: lockdown() happens once per realm.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const testRoot = join(repoRoot, 'dist', 'test');

/** Lists `*.test.js` files below `dir`, sorted, skipping fixtures. */
const findTestFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === 'fixtures' ? [] : findTestFiles(path);
      }
      return entry.name.endsWith('.test.js') ? [path] : [];
    })
    .sort();

// `npm test -- name` runs only the files whose path contains `name`.
const filters = process.argv.slice(2);
const files = findTestFiles(testRoot).filter(
  file => filters.length === 0 || filters.some(f => file.includes(f)),
);
if (files.length === 0) {
  console.error(`No test files found under ${relative(repoRoot, testRoot)}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', ...files.map(f => relative(repoRoot, f))],
  { cwd: repoRoot, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
