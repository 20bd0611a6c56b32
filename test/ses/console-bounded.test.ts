// The causal console under errors as large as a peer can make them: an
// AggregateError of 100,000 errors, a cause chain 100,000 deep, a tree of
// 10,000 errors. Each is printed without throwing and without recursion
// (the original throws a RangeError from `apply` past ~65,000 inner errors
// and overflows the stack on deep chains), in bounded output that says
// what was left out. Errors of normal size print exactly as the original's
// console prints them (compared with the original `ses` in a child).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as errors from '../../src/ses/errors/index.js';
import { resetErrorTagNum } from '../../src/ses/errors/internal.js';
import { makeCausalConsole } from '../../src/ses/console/make-causal-console.js';
import { runNormalSizedScenarios } from './console-bounded-scenarios.js';

const { X, q, makeError } = errors;

/** A causal console over memory streams, and what it printed so far. */
const makeCapturingConsole = () => {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _encoding, callback) {
        out[key] += String(chunk);
        callback();
      },
    });
  const base = new Console({ stdout: sink('stdout'), stderr: sink('stderr') });
  // A stack of a realistic size, so that bounds on output mean something.
  const stack = `    at someFunction (file:///app/module.js:10:5)\n`.repeat(5);
  const causal = makeCausalConsole(base, { getStackString: () => stack }) as unknown as Console;
  return { console: causal, out };
};

test('an AggregateError of 100,000 errors prints without throwing, listing 100 and counting the rest', () => {
  const { console, out } = makeCapturingConsole();
  const inner = Array.from({ length: 100_000 }, (_, i) => new Error(`inner ${i}`));
  const aggregate = new AggregateError(inner, 'many');
  console.error('got', aggregate);
  assert.ok(out.stderr.length < 200_000, `printed ${out.stderr.length} characters`);
  assert.match(out.stderr, /AggregateError#\d+ errors: (\(Error#\d+\) ){99}\(Error#\d+\) … and 99900 more errors\n/);
  // Group labels go to stdout, like console.group's.
  assert.match(out.stdout, /Nested 100 errors under AggregateError#\d+/);
  // The listed ones are printed, the first and the hundredth; not the 101st.
  assert.match(out.stderr, /Error#\d+: inner 0\n/);
  assert.match(out.stderr, /Error#\d+: inner 99\n/);
  assert.doesNotMatch(out.stderr, /inner 100\n/);
});

test('an errors property that claims a huge length is read only as far as is listed', () => {
  const { console, out } = makeCapturingConsole();
  const error = new Error('liar');
  let reads = 0;
  const claimed = new Proxy({ length: 2 ** 32 - 1 }, {
    get: (target, key) => {
      if (key !== 'length') reads += 1;
      return key === 'length' ? target.length : new Error(`element ${String(key)}`);
    },
  });
  Object.defineProperty(error, 'errors', { value: claimed });
  console.log(error);
  assert.equal(reads, 100);
  assert.match(out.stdout, /… and 4294967195 more errors/);
});

test('a cause chain 100,000 deep prints without recursion, 64 levels deep and a line saying so', () => {
  const { console, out } = makeCapturingConsole();
  let chain: Error = new Error('bottom');
  for (let i = 0; i < 100_000; i += 1) chain = new Error(`level ${i}`, { cause: chain });
  console.log(chain);
  assert.ok(out.stdout.length < 400_000, `printed ${out.stdout.length} characters`);
  const groups = out.stdout.match(/Nested error under Error#\d+/g) ?? [];
  assert.equal(groups.length, 64);
  assert.match(out.stdout, /\(1 nested errors under Error#\d+ not shown: nesting is limited to 64 levels\)/);
  assert.doesNotMatch(out.stdout, /bottom/);
});

test('a tree of 10,000 errors prints at most 500 of them and counts the rest', () => {
  const { console, out } = makeCapturingConsole();
  const branches = Array.from(
    { length: 100 },
    (_, i) => new AggregateError(Array.from({ length: 100 }, (_, j) => new Error(`leaf ${i}.${j}`)), `branch ${i}`),
  );
  console.warn(new AggregateError(branches, 'root'));
  assert.ok(out.stderr.length < 400_000, `printed ${out.stderr.length} characters`);
  const printed = out.stderr.match(/^\s*(Aggregate)?Error#\d+: /gm) ?? [];
  assert.equal(printed.length, 500);
  // Printed depth first: the root, then branches 0-3 with their 100 leaves
  // each, branch 4 and 94 of its leaves. Counted as not shown: what was
  // waiting, its other 6 leaves and 95 branches (their leaves never looked at).
  assert.match(out.stderr, /\(101 more errors not shown: at most 500 are printed at a time\)\n$/);
});

test('errors with their details and notes print too; the console keeps working after a huge one', () => {
  const { console, out } = makeCapturingConsole();
  const many = Array.from({ length: 70_000 }, (_, i) => makeError(X`detail ${q(i)}`, TypeError));
  console.error(makeError(X`with ${q('details')}`, AggregateError, { errors: many }));
  const afterwards = new RangeError('afterwards');
  console.error('then', afterwards);
  assert.match(out.stderr, /then \(RangeError#\d+\)\nRangeError#\d+: afterwards\n/);
});

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scenariosUrl = new URL('./console-bounded-scenarios.js', import.meta.url).href;

const withoutStacks = (text: string) =>
  text
    .split('\n')
    .filter(line => line.trim() !== '' && !/^\s*at /.test(line))
    .join('\n');

test('errors of normal size print exactly as the original ses console prints them', () => {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import 'ses';
       lockdown();
       const E = await import('@endo/errors');
       const { runNormalSizedScenarios } = await import(${JSON.stringify(scenariosUrl)});
       runNormalSizedScenarios(E, console);`,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  const { console, out } = makeCapturingConsole();
  resetErrorTagNum();
  runNormalSizedScenarios(errors, console);
  assert.ok(child.stdout.includes('Nested 100 errors under AggregateError#'), 'the original listed all 100');
  assert.ok(child.stdout.includes('Nested error under Error#'), 'the original printed the chain');
  assert.equal(withoutStacks(out.stdout), withoutStacks(child.stdout));
  assert.equal(withoutStacks(out.stderr), withoutStacks(child.stderr));
});
