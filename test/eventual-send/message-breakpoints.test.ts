// makeMessageBreakpointTester against the original's, which runs in a child
// process under @endo/init: the same breakpoint answers for the same
// messages, and the same refusals of malformed breakpoints.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeMessageBreakpointTester } from '../../src/eventual-send/utils.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const OPTION = 'ENDO_DELIVERY_BREAKPOINTS';
const BREAKPOINTS = { Counter: { incr: 2, '*': '*' }, '*': { reset: 0 } };
const MALFORMED = [[], { 'Alleged: Counter': {} }, { Counter: 3 }, { Counter: { incr: -1 } }, { Counter: { incr: 1.5 } }, { Counter: { incr: 'x' } }];

/** The scenario, run on each side with the tester its side made (a function's source, so the child can run it too). */
const scenario = (tester: any, malformed: unknown[]) => {
  const counter = { [Symbol.toStringTag]: 'Alleged: Counter' };
  const other = { [Symbol.toStringTag]: 'DebugName: Other' };
  const answers: unknown[] = [];
  for (const [recipient, method] of [
    [counter, 'incr'], [counter, 'incr'], [counter, 'incr'], [counter, 'incr'],
    [counter, 'get'], [other, 'get'], [other, 'reset'], [counter, 'reset'], [counter, undefined],
  ] as const) {
    answers.push(tester.shouldBreakpoint(recipient, method));
  }
  answers.push(JSON.stringify(tester.getBreakpoints()));
  for (const value of malformed) {
    try {
      tester.setBreakpoints(value);
      answers.push('accepted');
    } catch (error) {
      answers.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  tester.setBreakpoints({ Other: { get: 1 } });
  answers.push(tester.shouldBreakpoint(other, 'get'), tester.shouldBreakpoint(other, 'get'));
  return answers;
};

const original = (env: Record<string, string>): unknown => {
  const program = `import '@endo/init'; const { makeMessageBreakpointTester } = await import('@endo/eventual-send/utils.js');
    const tester = makeMessageBreakpointTester(${JSON.stringify(OPTION)});
    process.stdout.write(JSON.stringify(tester === undefined ? 'none' : (${scenario.toString()})(tester, ${JSON.stringify(MALFORMED)})));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  if (child.status !== 0) throw Error(`the original's child failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
};

test('breakpoints answer and refuse as the original', () => {
  process.env[OPTION] = JSON.stringify(BREAKPOINTS);
  const ours = scenario(makeMessageBreakpointTester(OPTION), MALFORMED);
  assert.deepEqual(ours, original({ [OPTION]: JSON.stringify(BREAKPOINTS) }));
  // Counted down: two incr go by, then each one breaks.
  assert.deepEqual(ours.slice(0, 4), [false, false, true, true]);
});

test('without the environment variable there is no tester', () => {
  delete process.env[OPTION];
  assert.equal(makeMessageBreakpointTester(OPTION), undefined);
  assert.equal(original({}), 'none');
});

test('a recipient without a string tag matches only "*" tags, and never throws (the original throws a TypeError)', () => {
  process.env[OPTION] = JSON.stringify({ undefined: { m: '*' }, '*': { n: '*' } });
  try {
    const tester = makeMessageBreakpointTester(OPTION)!;
    for (const recipient of [{}, Object.create(null), undefined, null, 5, { [Symbol.toStringTag]: 7 }]) {
      assert.equal(tester.shouldBreakpoint(recipient, 'm'), false);
      assert.equal(tester.shouldBreakpoint(recipient, 'n'), true);
    }
    // A tag still matches its own entry.
    assert.equal(tester.shouldBreakpoint({ [Symbol.toStringTag]: 'undefined' }, 'm'), true);
  } finally {
    delete process.env[OPTION];
  }
});
