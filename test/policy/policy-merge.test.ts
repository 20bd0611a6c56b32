// The override merge: LavaMoat's rules on examples a person would write, and
// the same result (or the same failure) as lavamoat-core's mergePolicy on
// hand-picked and generated pairs of policies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergePolicy, PolicyHierarchyError } from '../../src/policy/policy-merge.js';
import type { LavaMoatPolicy } from '../../src/policy/policy-types.js';
import { runLavamoatCore } from './lavamoat-core-oracle.js';
import { policyArbitrary } from './policy-arbitraries.js';

const merged = (generated: LavaMoatPolicy, override: LavaMoatPolicy): LavaMoatPolicy =>
  mergePolicy(generated, override).policy;

test('without an override the generated policy is the result, unchanged', () => {
  const generated: LavaMoatPolicy = { resources: { a: { globals: { fetch: true } } } };
  assert.deepEqual(mergePolicy(generated), { policy: generated, warnings: [] });
});

test('per resource, keys merge one by one and the override wins', () => {
  const result = merged(
    {
      resources: {
        a: {
          globals: { fetch: true, setTimeout: true },
          builtin: { fs: true },
          packages: { b: true },
          meta: { origin: 'npm' },
        },
      },
    },
    { resources: { a: { globals: { fetch: false }, packages: { c: true }, meta: { note: 'x' } } } },
  );
  assert.deepEqual(result, {
    resources: {
      a: {
        globals: { fetch: false, setTimeout: true },
        builtin: { fs: true },
        packages: { b: true, c: true },
        meta: { origin: 'npm', note: 'x' },
      },
    },
  });
});

test('native and env come from the override when it has them', () => {
  assert.deepEqual(merged({ resources: { a: { native: true } } }, { resources: { a: { native: false } } }), {
    resources: { a: { native: false } },
  });
  assert.deepEqual(merged({ resources: { a: { native: true, env: 'unfrozen' } } }, { resources: { a: {} } }), {
    resources: { a: { native: true, env: 'unfrozen' } },
  });
});

test('an override ban of a global erases the generated members under it', () => {
  const result = merged(
    { resources: { a: { globals: { 'console.log': true, 'console.warn': true, fetch: true } } } },
    { resources: { a: { globals: { console: false } } } },
  );
  assert.deepEqual(result.resources.a?.globals, { console: false, fetch: true });
});

test("an override's members under its own ban come back", () => {
  const result = merged(
    { resources: { a: { globals: { process: true }, builtin: { 'fs.readFile': true, 'fs.writeFile': true } } } },
    {
      resources: {
        a: { globals: { process: false, 'process.env.DEBUG': true }, builtin: { fs: false, 'fs.readFile': true } },
      },
    },
  );
  assert.deepEqual(result.resources.a, {
    globals: { process: false, 'process.env.DEBUG': true },
    builtin: { fs: false, 'fs.readFile': true },
  });
});

test('a whole builtin in the override replaces the generated members', () => {
  const result = merged(
    { resources: { a: { builtin: { 'path.join': true, 'path.resolve': true } } } },
    { resources: { a: { builtin: { path: true } } } },
  );
  assert.deepEqual(result.resources.a?.builtin, { path: true });
});

test("an override's attenuated builtin or global replaces the generated grants under it", () => {
  const fs = { attenuate: 'endo/attenuators/fs-directory', params: ['./data'] };
  const fetch = { attenuate: 'endo/attenuators/fetch-origins', params: ['https://a.example'] };
  const generated: LavaMoatPolicy = {
    resources: { a: { builtin: { 'fs.readFileSync': true, 'fs.writeFile': true, path: true }, globals: { fetch: true } } },
  };
  const { policy } = mergePolicy(generated, { resources: { a: { builtin: { fs }, globals: { fetch } } } });
  assert.deepEqual(policy.resources.a, { builtin: { path: true, fs }, globals: { fetch } });
});

test("shims: the policy's first, then the override's, each once", () => {
  const { policy } = mergePolicy({ resources: {}, shims: ['a', 'b'] }, { resources: {}, shims: ['b', 'c'] });
  assert.deepEqual(policy.shims, ['a', 'b', 'c']);
  assert.equal(mergePolicy({ resources: {} }, { resources: {} }).policy.shims, undefined);
});

test('an override member under a granted generated global fails, naming the resource and both keys', () => {
  assert.throws(
    () =>
      mergePolicy(
        { resources: { 'a>b': { globals: { process: true } } } },
        { resources: { 'a>b': { globals: { 'process.env.X': true } } } },
        { overrideFile: 'lavamoat/node/policy-override.json' },
      ),
    (error: unknown) => {
      assert.ok(error instanceof PolicyHierarchyError);
      assert.equal(error.resource, 'a>b');
      assert.deepEqual(error.violations, [{ path: 'process.env.X', parent: 'process' }]);
      assert.match(error.message, /resource "a>b" \(globals, after merging lavamoat\/node\/policy-override\.json\)/);
      assert.match(error.message, /Set the parent "process" to false/);
      return true;
    },
  );
});

test('include is concatenated without duplicates; root merges shallowly', () => {
  const result = merged(
    { resources: {}, include: ['a', { name: 'b', entry: './x.js' }], root: { usePolicy: 'a' } },
    { resources: {}, include: ['a', 'c', { name: 'b', entry: './x.js' }, { name: 'b', entry: './y.js' }], root: {} },
  );
  assert.deepEqual(result.include, ['a', { name: 'b', entry: './x.js' }, 'c', { name: 'b', entry: './y.js' }]);
  assert.deepEqual(result.root, { usePolicy: 'a' });
});

test('the override naming resources the generated policy lacks gives one warning each, not console output', () => {
  const { warnings } = mergePolicy(
    { resources: { a: {} } },
    { resources: { a: {}, b: { native: true }, constructor: {} } },
  );
  assert.deepEqual(
    warnings.map(warning => warning.resource),
    ['b', 'constructor'],
  );
});

test('the inputs are not changed', () => {
  const generated: LavaMoatPolicy = {
    resources: { a: { globals: { 'console.log': true }, builtin: { 'fs.readFile': true } } },
    include: ['a'],
  };
  const override: LavaMoatPolicy = { resources: { a: { globals: { console: false } } }, include: ['b'] };
  const before = structuredClone([generated, override]);
  merged(generated, override);
  assert.deepEqual([generated, override], before);
});

test('a package named __proto__ in packages stays a plain key', () => {
  const generated = JSON.parse('{"resources": {"a": {"packages": {"__proto__": true}}}}') as LavaMoatPolicy;
  const result = merged(generated, { resources: { a: { packages: { b: true } } } });
  const packages = result.resources.a?.packages ?? {};
  assert.equal(Object.getPrototypeOf(packages), Object.prototype);
  assert.deepEqual(Object.keys(packages), ['__proto__', 'b']);
});

/** Hand-picked pairs on the edges of the rules. */
const edgeCases: [LavaMoatPolicy, LavaMoatPolicy][] = [
  [{ resources: { a: { globals: { a: false, 'a.b': true } } } }, { resources: {} }],
  [{ resources: { a: { globals: { a: true, 'a.b': true, 'a.b.c': false } } } }, { resources: { b: {} } }],
  [{ resources: {} }, { resources: { a: { globals: { a: true, 'a.b': true } } } }],
  [{ resources: {} }, { resources: { a: { globals: { a: false, 'a.b': true, 'a.b.c': true } } } }],
  [{ resources: { a: { globals: { a: true } } } }, { resources: { a: { globals: { 'a.b': false } } } }],
  [{ resources: { a: { globals: { a: 'write' } } } }, { resources: { a: { globals: { 'a.b': 'read' } } } }],
  [{ resources: { a: { builtin: { fs: true } } } }, { resources: { a: { builtin: { 'fs.promises.readFile': true } } } }],
  [{ resources: { a: { native: true } } }, { resources: { a: { globals: {} } } }],
  [
    { resources: { toString: { globals: { x: true } } } },
    { resources: { constructor: { globals: { 'x.y': true } }, toString: { native: false } } },
  ],
  [{ resources: {}, resolutions: { a: { x: './1.js' } } }, { resources: {}, resolutions: { a: { y: './2.js' }, b: {} } }],
  [{ resources: {}, debugInfo: { m: { globals: {} } } }, { resources: {} }],
  [
    { resources: { a: { globals: { 'b.c': true, b: true } }, b: { globals: { 'x.y': true } } } },
    { resources: { b: { globals: { x: true, 'x.y': true } } } },
  ],
];

/** Resource name and violated pairs out of lavamoat-core's hierarchy message. */
const parseLavamoatHierarchyFailure = (message: string) => {
  const resource = /failed for resource "(.*)"\n/.exec(message)?.[1];
  const violations = [...message.matchAll(/"([^"\n]*)" is invalid when "([^"\n]*)" is also present/g)].map(
    ([, path, parent]) => ({ path, parent }),
  );
  return { resource, violations };
};

const compareWithLavamoat = (pairs: [LavaMoatPolicy, LavaMoatPolicy][]): { failures: number } => {
  const outcomes = runLavamoatCore('merge', pairs);
  let failures = 0;
  pairs.forEach(([generated, override], index) => {
    const expected = outcomes[index];
    const label = `generated ${JSON.stringify(generated)}\noverride ${JSON.stringify(override)}`;
    assert.ok(expected !== undefined);
    let ours: LavaMoatPolicy | PolicyHierarchyError;
    try {
      ours = mergePolicy(generated, override).policy;
    } catch (error) {
      assert.ok(error instanceof PolicyHierarchyError, `${label}\n${String(error)}`);
      ours = error;
    }
    if (expected.ok) {
      assert.ok(!(ours instanceof Error), `${label}\nours failed: ${String(ours)}`);
      assert.deepEqual(JSON.parse(JSON.stringify(ours)), expected.value, label);
    } else {
      failures += 1;
      assert.ok(ours instanceof PolicyHierarchyError, `${label}\nLavaMoat failed: ${expected.message}`);
      const theirs = parseLavamoatHierarchyFailure(expected.message);
      assert.equal(ours.resource, theirs.resource, label);
      assert.deepEqual(ours.violations, theirs.violations, label);
    }
  });
  return { failures };
};

test("edge cases merge as lavamoat-core's mergePolicy merges them, or fail alike", () => {
  const { failures } = compareWithLavamoat(edgeCases);
  assert.ok(failures >= 3, 'some edge cases are hierarchy failures');
});

test("generated pairs merge as lavamoat-core's mergePolicy merges them, or fail alike", () => {
  const pairs = fc.sample(fc.tuple(policyArbitrary, policyArbitrary), { numRuns: 1500, seed: 1616 }) as [
    LavaMoatPolicy,
    LavaMoatPolicy,
  ][];
  const { failures } = compareWithLavamoat(pairs);
  // Both outcomes must be well represented for the comparison to mean anything.
  assert.ok(failures > 50 && failures < pairs.length - 300, `${failures} failures of ${pairs.length}`);
});
