// Every ```js block of README.md runs as written, each in its own Node
// process (lockdown happens once per realm), from a file inside the package
// so that `endo/...` resolves to this package. A block that states a result
// asserts it, so a wrong statement fails here. Also: the README names every
// subpath that package.json exports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractCodeBlocks, isRunnable, runModule } from './code-blocks.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = extractCodeBlocks(readme);
const runnable = blocks.filter(isRunnable);

// dist/ is build output, ignored by git; each block gets its own folder here.
const scratchParent = join(repoRoot, 'dist', 'readme-blocks');
mkdirSync(scratchParent, { recursive: true });
test.after(() => rmSync(scratchParent, { recursive: true, force: true }));

const describeFailure = (line: number, result: { status: number | null; signal: string | null; stderr: string }): string =>
  `README.md block at line ${line} exited with ${result.signal ?? `status ${result.status}`}:\n${result.stderr}`;

test('the README has runnable blocks, and only the few fragments are skipped', () => {
  assert.ok(runnable.length >= 10, `${runnable.length} runnable blocks`);
  const skippedJs = blocks.filter(block => /^js\b/.test(block.info) && !isRunnable(block));
  assert.ok(skippedJs.length <= 3, `fragments at lines ${skippedJs.map(b => b.line).join(', ')}`);
});

for (const block of runnable) {
  test(`README.md block at line ${block.line} runs`, async () => {
    const result = await runModule(block.code, scratchParent);
    assert.equal(result.status, 0, describeFailure(block.line, result));
  });
}

test('the README names every subpath that package.json exports', () => {
  const { exports } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const missing = Object.keys(exports)
    .filter(key => key !== './package.json')
    .map(key => `endo${key.slice(1)}`)
    .filter(specifier => !readme.includes(`\`${specifier}\``));
  assert.deepEqual(missing, []);
});

// The runner can fail: a block whose stated result is wrong exits non-zero,
// and the report carries its line and what it printed.
test('a block that asserts a wrong result fails, with its line and stderr', async () => {
  const markdown = [
    'Text.',
    '```js',
    "import assert from 'node:assert/strict';",
    'assert.equal(1 + 1, 3); // a wrong statement',
    '```',
    '```js fragment',
    'notRun(',
    '```',
    '```sh',
    'npm test',
    '```',
  ].join('\n');
  const found = extractCodeBlocks(markdown);
  assert.deepEqual(found.map(b => [b.line, b.info]), [[2, 'js'], [6, 'js fragment'], [9, 'sh']]);
  const [wrong] = found.filter(isRunnable);
  const result = await runModule(wrong.code, scratchParent);
  assert.notEqual(result.status, 0);
  const report = describeFailure(wrong.line, result);
  assert.match(report, /line 2 exited with status 1/);
  assert.match(report, /AssertionError/);
});

test('an unclosed fence is reported with its line', () => {
  assert.throws(() => extractCodeBlocks('a\n```js\nx\n'), /opened at line 2 is never closed/);
});
