// Without the override-mistake fix, freezing the intrinsics breaks every
// library pattern in library-patterns.ts: this shows each snippet really
// meets the mistake, so the per-level files test something. (It runs the
// snippets in a child process: with nothing enabled, even Node's own
// internals trip over the frozen intrinsics, `new AbortError()` among them,
// which would bring down the test runner.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { overridePatterns } from './library-patterns.js';

const helpersUrl = (name: string) => new URL(`./${name}.js`, import.meta.url).href;

const childSource = `
  import { overridePatterns } from ${JSON.stringify(helpersUrl('library-patterns'))};
  import { collectOverrideIntrinsics, freezeIntrinsics } from ${JSON.stringify(helpersUrl('test-intrinsics'))};
  freezeIntrinsics(collectOverrideIntrinsics());
  const outcomes = overridePatterns.map(pattern => {
    try {
      pattern.run();
      return 'worked';
    } catch (error) {
      return error instanceof TypeError ? 'TypeError' : 'other: ' + error.message;
    }
  });
  process.stdout.write(JSON.stringify(outcomes));
`;

test('with no enablement, every library pattern throws a TypeError once the intrinsics are frozen', () => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', childSource], { encoding: 'utf8' });
  assert.equal(child.stderr, '');
  const outcomes = JSON.parse(child.stdout) as string[];
  assert.equal(outcomes.length, overridePatterns.length);
  overridePatterns.forEach((pattern, index) => {
    assert.equal(outcomes[index], 'TypeError', `${pattern.library}: ${pattern.assignment}`);
  });
});
