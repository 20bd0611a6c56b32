// The policy file layer: checking untrusted policy JSON, writing policies as
// LavaMoat writes them (compared byte for byte with lavamoat-core), and
// reading and writing a project's policy files on disk.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkPolicy, PolicyFormatError } from '../../src/policy/policy-check.js';
import { stringifyPolicy } from '../../src/policy/policy-stringify.js';
import {
  overridePathFor,
  PolicyFileError,
  readPolicyFile,
  readPolicyFiles,
  resolvePolicyPaths,
  writePolicy,
} from '../../src/policy/policy-files.js';
import { PolicyHierarchyError } from '../../src/policy/policy-merge.js';
import type { LavaMoatPolicy } from '../../src/policy/policy-types.js';
import { runLavamoatCore } from './lavamoat-core-oracle.js';
import { jsonObjectArbitrary, policyArbitrary } from './policy-arbitraries.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/policy-files/', import.meta.url));
const appRoot = join(fixtures, 'app');
const lavamoatMergedPath = join(appRoot, 'lavamoat', 'node', 'policy.json');
const lavamoatOverridePath = join(appRoot, 'lavamoat', 'node', 'policy-override.json');
const lavamoatPlainPath = join(fixtures, 'lavamoat-policy-without-override.json');

/** Every kind of entry LavaMoat accepts, in one file. */
const everyKind = {
  resources: {
    a: {
      globals: { fetch: true, console: false, 'Buffer.from': true, store: 'write', old: 'read' },
      builtin: { 'fs.readFile': true, path: true, child_process: false },
      packages: { 'a>b': true, c: false },
      native: true,
      meta: { origin: 'npm', tags: ['x', 'y'] },
      env: 'unfrozen',
    },
    'a>b': { globals: { process: false, 'process.env.DEBUG': true } },
    // Endo's extensions: attenuated grants and shims.
    c: {
      globals: { fetch: { attenuate: 'endo/attenuators/fetch-origins', params: ['https://a.example'] } },
      builtin: { fs: { attenuate: './my-attenuator.js' } },
    },
  },
  shims: ['core-js/actual/promise/with-resolvers'],
  resolutions: { a: { './x.js': './y.js' } },
  root: { usePolicy: 'a' },
  include: ['a', { name: 'a>b', entry: './lib/index.js' }],
  debugInfo: { 'a:index.js': { globals: {} } },
};

test('checkPolicy accepts every key LavaMoat accepts and returns the value unchanged', () => {
  const copy = structuredClone(everyKind);
  assert.equal(checkPolicy(everyKind, 'policy.json'), everyKind);
  assert.deepEqual(everyKind, copy);
});

test("checkPolicy accepts LavaMoat's own generated and merged files", () => {
  for (const path of [lavamoatPlainPath, lavamoatMergedPath, lavamoatOverridePath]) {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    assert.doesNotThrow(() => checkPolicy(value, path));
  }
});

/** Builds a policy with one resource `pkg` holding `resource`. */
const withResource = (resource: unknown): unknown => ({ resources: { pkg: resource } });

const rejected: { name: string; value: unknown; resource?: string; key?: string; says: RegExp }[] = [
  { name: 'a non-object', value: [], says: /a policy must be a JSON object, found an array/ },
  { name: 'null', value: null, says: /found null/ },
  { name: 'an unknown top-level key', value: { resources: {}, policy: {} }, key: 'policy', says: /unknown top-level key/ },
  { name: 'no resources', value: { root: {} }, key: 'resources', says: /is missing/ },
  { name: 'resources as an array', value: { resources: [] }, key: 'resources', says: /must be a JSON object/ },
  { name: 'a resource as a string', value: withResource('all'), resource: 'pkg', says: /a resource must be a JSON object/ },
  {
    name: "Endo's spelling builtins",
    value: withResource({ builtins: {} }),
    resource: 'pkg',
    key: 'builtins',
    says: /unknown key.*LavaMoat spells it "builtin"/,
  },
  {
    name: 'a global as a number',
    value: withResource({ globals: { fetch: 1 } }),
    resource: 'pkg',
    key: 'fetch',
    says: /1 is not a global permission; use true, false, "write" or \{"attenuate": \.\.\.\}/,
  },
  {
    name: 'a global "redefine"',
    value: withResource({ globals: { Object: 'redefine' } }),
    resource: 'pkg',
    key: 'Object',
    says: /"redefine" is not enforced/,
  },
  {
    name: '"write" on a dotted key',
    value: withResource({ globals: { 'process.exitCode': 'write' } }),
    resource: 'pkg',
    key: 'process.exitCode',
    says: /"write" is allowed only on a top-level global; grant "process" as "write"/,
  },
  {
    name: '__proto__ in a global path',
    value: withResource({ globals: { 'Object.__proto__.x': true } }),
    resource: 'pkg',
    key: 'Object.__proto__.x',
    says: /contains "__proto__"/,
  },
  {
    name: '__proto__ in a builtin path',
    value: withResource({ builtin: { 'fs.__proto__': true } }),
    resource: 'pkg',
    key: 'fs.__proto__',
    says: /contains "__proto__"/,
  },
  {
    name: 'an empty path part',
    value: withResource({ globals: { 'Buffer..from': true } }),
    resource: 'pkg',
    key: 'Buffer..from',
    says: /empty part/,
  },
  {
    name: 'a granted member under a granted global',
    value: withResource({ globals: { process: true, 'process.env.X': true } }),
    resource: 'pkg',
    key: 'process.env.X',
    says: /grants "process.env.X" while its ancestor "process" is granted too; .*set "process" to false/,
  },
  {
    name: 'a member under a "write" global',
    value: withResource({ globals: { store: 'write', 'store.x': true } }),
    resource: 'pkg',
    key: 'store.x',
    says: /ancestor "store"/,
  },
  {
    name: 'a granted builtin member under a granted builtin',
    value: withResource({ builtin: { fs: true, 'fs.promises': false, 'fs.promises.readFile': true } }),
    resource: 'pkg',
    key: 'fs.promises.readFile',
    says: /ancestor "fs"/,
  },
  {
    name: 'a builtin as "read"',
    value: withResource({ builtin: { fs: 'read' } }),
    resource: 'pkg',
    key: 'fs',
    says: /is not a builtin permission; use true, false or \{"attenuate": \.\.\.\}/,
  },
  {
    name: 'an attenuated member of a global',
    value: withResource({ globals: { 'process.env': { attenuate: 'x' } } }),
    resource: 'pkg',
    key: 'process.env',
    says: /an attenuator wraps a whole global; name "process", not a member/,
  },
  {
    name: 'an attenuated member of a builtin',
    value: withResource({ builtin: { 'fs.readFile': { attenuate: 'x' } } }),
    resource: 'pkg',
    key: 'fs.readFile',
    says: /an attenuator wraps a whole builtin module; name "fs", not a member/,
  },
  {
    name: 'an attenuated grant without "attenuate"',
    value: withResource({ builtin: { fs: { params: ['./data'] } } }),
    resource: 'pkg',
    key: 'fs',
    says: /needs "attenuate": the attenuator's module specifier/,
  },
  {
    name: 'an attenuated grant with an empty specifier',
    value: withResource({ globals: { fetch: { attenuate: '' } } }),
    resource: 'pkg',
    key: 'fetch',
    says: /"attenuate" must be the attenuator's module specifier, not the string ""/,
  },
  {
    name: 'an attenuated grant whose params are not a list',
    value: withResource({ globals: { fetch: { attenuate: 'x', params: 'https://a.example' } } }),
    resource: 'pkg',
    key: 'fetch',
    says: /"params" must be an array/,
  },
  {
    name: 'an attenuated grant with another key',
    value: withResource({ builtin: { fs: { attenuate: 'x', options: {} } } }),
    resource: 'pkg',
    key: 'fs',
    says: /unknown key "options" in an attenuated grant/,
  },
  { name: 'shims that are not a list', value: { resources: {}, shims: 'core-js' }, key: 'shims', says: /must be a list of module specifiers/ },
  { name: 'a shim that is not a specifier', value: { resources: {}, shims: ['a', 3] }, key: 'shims[1]', says: /must be a module specifier, not 3/ },
  {
    name: 'a package as a string',
    value: withResource({ packages: { lodash: 'yes' } }),
    resource: 'pkg',
    key: 'lodash',
    says: /the string "yes" is not a package permission/,
  },
  {
    name: 'native as a string',
    value: withResource({ native: 'true' }),
    resource: 'pkg',
    key: 'native',
    says: /"native" must be true or false/,
  },
  {
    name: 'env other than unfrozen',
    value: withResource({ env: 'frozen' }),
    resource: 'pkg',
    key: 'env',
    says: /"env" may only be "unfrozen"/,
  },
  {
    name: 'meta holding a number',
    value: withResource({ meta: { size: 3 } }),
    resource: 'pkg',
    key: 'size',
    says: /strings or arrays of strings/,
  },
  { name: 'root with an extra key', value: { resources: {}, root: { trust: true } }, key: 'root.trust', says: /unknown key/ },
  { name: 'root usePolicy not a string', value: { resources: {}, root: { usePolicy: 1 } }, key: 'root.usePolicy', says: /names a resource/ },
  { name: 'include not an array', value: { resources: {}, include: 'a' }, key: 'include', says: /must be an array/ },
  {
    name: 'include object without entry',
    value: { resources: {}, include: [{ name: 'a' }] },
    key: 'include[0]',
    says: /needs both "name" and "entry"/,
  },
  {
    name: 'include object with location (a newer form)',
    value: { resources: {}, include: [{ location: './x', name: 'a', entry: 'y' }] },
    key: 'include[0].location',
    says: /unknown key/,
  },
  {
    name: 'a resolution to a non-string',
    value: { resources: {}, resolutions: { a: { x: true } } },
    key: 'resolutions.a.x',
    says: /maps a specifier to a path string/,
  },
  {
    name: 'a resource named __proto__',
    value: JSON.parse('{"resources": {"__proto__": {"globals": {"fetch": true}}}}'),
    resource: '__proto__',
    says: /"__proto__" is not allowed/,
  },
  {
    name: 'a package named __proto__',
    value: JSON.parse('{"resources": {"pkg": {"packages": {"__proto__": true}}}}'),
    resource: 'pkg',
    key: '__proto__',
    says: /"__proto__" is not allowed/,
  },
];

for (const { name, value, resource, key, says } of rejected) {
  test(`checkPolicy rejects ${name}, naming the file, resource and key`, () => {
    assert.throws(
      () => checkPolicy(value, 'lavamoat/node/policy.json'),
      (error: unknown) => {
        assert.ok(error instanceof PolicyFormatError, String(error));
        assert.equal(error.file, 'lavamoat/node/policy.json');
        assert.equal(error.resource, resource);
        assert.equal(error.key, key);
        assert.match(error.message, /^Invalid policy lavamoat\/node\/policy\.json/);
        if (resource !== undefined) assert.ok(error.message.includes(`resource ${JSON.stringify(resource)}`));
        if (key !== undefined) assert.ok(error.message.includes(`key ${JSON.stringify(key)}`));
        assert.match(error.message, says);
        return true;
      },
    );
  });
}

test('checkPolicy refuses accessors without running them', () => {
  let ran = false;
  const resources = {};
  Object.defineProperty(resources, 'pkg', {
    enumerable: true,
    get() {
      ran = true;
      return {};
    },
  });
  assert.throws(() => checkPolicy({ resources }, 'p.json'), /accessor/);
  assert.equal(ran, false);
});

test('checkPolicy cuts long hostile names short in its messages', () => {
  const name = 'x'.repeat(10_000);
  assert.throws(
    () => checkPolicy({ resources: { [name]: { globals: { fetch: 2 } } } }, 'p.json'),
    (error: Error) => error.message.length < 400,
  );
});

test('checkPolicy: arbitrary JSON is accepted or refused with a PolicyFormatError, never a crash', () => {
  const anyJson = fc.oneof(
    fc.jsonValue(),
    fc.json().map(text => JSON.parse(text) as unknown),
    // Arbitrary values in the places a policy has, to reach the deep checks.
    fc.record({ resources: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })) }),
    fc.record({
      resources: fc.dictionary(
        fc.string({ maxLength: 3 }),
        fc.record(
          {
            globals: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
            builtin: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
            packages: fc.jsonValue({ maxDepth: 2 }),
            meta: fc.jsonValue({ maxDepth: 2 }),
            native: fc.jsonValue({ maxDepth: 1 }),
          },
          { requiredKeys: [] },
        ),
      ),
      root: fc.jsonValue({ maxDepth: 2 }),
      include: fc.jsonValue({ maxDepth: 2 }),
      resolutions: fc.jsonValue({ maxDepth: 3 }),
    }),
  );
  fc.assert(
    fc.property(anyJson, value => {
      const before = JSON.stringify(value);
      try {
        checkPolicy(value, 'fuzz.json');
      } catch (error) {
        if (!(error instanceof PolicyFormatError)) throw error;
      }
      assert.equal(JSON.stringify(value), before);
    }),
    { numRuns: 2000 },
  );
});

test('checkPolicy accepts every generated LavaMoat-shaped policy free of hierarchy and write mistakes', () => {
  // The generator puts "write" on dotted keys and members beside ancestors;
  // a policy without those must pass.
  const clean = policyArbitrary.filter(policy =>
    Object.values(policy.resources).every(resource => {
      const globals = Object.entries(resource.globals ?? {});
      const builtin = Object.entries(resource.builtin ?? {});
      const grantedUnderGranted = (entries: [string, unknown][]) =>
        entries.some(
          ([path, value]) =>
            value !== false &&
            entries.some(([other, otherValue]) => otherValue !== false && path.startsWith(`${other}.`)),
        );
      return (
        !globals.some(([path, value]) => value === 'write' && path.includes('.')) &&
        !grantedUnderGranted(globals) &&
        !grantedUnderGranted(builtin)
      );
    }),
  );
  fc.assert(
    fc.property(clean, policy => {
      checkPolicy(policy, 'generated.json');
    }),
    { numRuns: 300 },
  );
});

test("stringifyPolicy writes LavaMoat's own policy files byte for byte", () => {
  for (const path of [lavamoatPlainPath, lavamoatMergedPath]) {
    const text = readFileSync(path, 'utf8');
    assert.equal(stringifyPolicy(JSON.parse(text) as object), text);
  }
});

test('stringifyPolicy sorts canonical names by their reversed path and writes empty objects on two lines', () => {
  const text = stringifyPolicy({ resources: { gamma: {}, 'beta>gamma': { packages: {} }, alpha: { x: [] }, 'beta>gamma>delta': {} } });
  assert.equal(
    text,
    [
      '{',
      '  "resources": {',
      '    "alpha": {',
      '      "x": [',
      '      ]',
      '    },',
      '    "beta>gamma>delta": {',
      '    },',
      '    "gamma": {',
      '    },',
      '    "beta>gamma": {',
      '      "packages": {',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  );
});

test('stringifyPolicy equals lavamoat-core on generated policies and awkward JSON', () => {
  const policies = fc.sample(policyArbitrary, { numRuns: 300, seed: 16 });
  const objects = fc.sample(jsonObjectArbitrary, { numRuns: 300, seed: 61 });
  const inputs: object[] = [...policies, ...objects];
  const outcomes = runLavamoatCore(
    'stringify',
    inputs.map(input => [input]),
  );
  inputs.forEach((input, index) => {
    const outcome = outcomes[index];
    assert.ok(outcome?.ok, `lavamoat-core failed on ${JSON.stringify(input)}`);
    assert.equal(stringifyPolicy(input), outcome.value, `input ${JSON.stringify(input)}`);
  });
});

/** A fresh project directory, removed after the test. */
const tempProject = (t: { after: (fn: () => void) => void }): string => {
  const root = mkdtempSync(join(tmpdir(), 'endo-policy-files-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
};

const writeJson = (path: string, value: unknown): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
};

test('resolvePolicyPaths: LavaMoat default places, and the override beside a given policy', () => {
  const root = '/project';
  assert.deepEqual(resolvePolicyPaths({ projectRoot: root }), {
    policyPath: '/project/lavamoat/node/policy.json',
    overridePath: '/project/lavamoat/node/policy-override.json',
    overrideRequired: false,
  });
  assert.deepEqual(resolvePolicyPaths({ projectRoot: root, policyPath: 'policies/app.json' }), {
    policyPath: '/project/policies/app.json',
    overridePath: '/project/policies/app-override.json',
    overrideRequired: false,
  });
  assert.deepEqual(resolvePolicyPaths({ projectRoot: root, overridePath: '/elsewhere/o.json' }), {
    policyPath: '/project/lavamoat/node/policy.json',
    overridePath: '/elsewhere/o.json',
    overrideRequired: true,
  });
  assert.equal(overridePathFor('/p/policy'), '/p/policy-override.json');
});

test("readPolicyFiles merges the fixture's override as LavaMoat did when it generated", t => {
  const root = tempProject(t);
  mkdirSync(join(root, 'lavamoat', 'node'), { recursive: true });
  writeFileSync(join(root, 'lavamoat', 'node', 'policy.json'), readFileSync(lavamoatPlainPath));
  writeFileSync(join(root, 'lavamoat', 'node', 'policy-override.json'), readFileSync(lavamoatOverridePath));
  const files = readPolicyFiles({ projectRoot: root });
  assert.equal(files.paths.policyPath, join(root, 'lavamoat', 'node', 'policy.json'));
  assert.deepEqual(files.generated, JSON.parse(readFileSync(lavamoatPlainPath, 'utf8')));
  assert.deepEqual(files.override, JSON.parse(readFileSync(lavamoatOverridePath, 'utf8')));
  assert.equal(stringifyPolicy(files.merged), readFileSync(lavamoatMergedPath, 'utf8'));
  assert.deepEqual(
    files.warnings.map(warning => warning.resource),
    ['epsilon'],
  );
  assert.match(files.warnings[0]?.message ?? '', /"epsilon", which the generated policy lacks/);
});

test('readPolicyFiles: no override file at the default place means no override', t => {
  const root = tempProject(t);
  writeJson(join(root, 'lavamoat', 'node', 'policy.json'), { resources: { a: { globals: { fetch: true } } } });
  const files = readPolicyFiles({ projectRoot: root });
  assert.equal(files.override, undefined);
  assert.deepEqual(files.merged, { resources: { a: { globals: { fetch: true } } } });
  assert.deepEqual(files.warnings, []);
});

test('readPolicyFiles: a missing policy says what to run', t => {
  const root = tempProject(t);
  assert.throws(
    () => readPolicyFiles({ projectRoot: root }),
    (error: unknown) =>
      error instanceof PolicyFileError &&
      error.code === 'POLICY_MISSING' &&
      error.file === join(root, 'lavamoat', 'node', 'policy.json') &&
      error.message.includes(join(root, 'lavamoat', 'node', 'policy.json')) &&
      /endo policy <entry>/.test(error.message),
  );
});

test('readPolicyFiles: an override path given but absent is an error', t => {
  const root = tempProject(t);
  writeJson(join(root, 'lavamoat', 'node', 'policy.json'), { resources: {} });
  assert.throws(
    () => readPolicyFiles({ projectRoot: root, overridePath: 'custom-override.json' }),
    (error: unknown) =>
      error instanceof PolicyFileError &&
      error.code === 'POLICY_MISSING' &&
      error.file === join(root, 'custom-override.json'),
  );
});

test('readPolicyFiles: bad JSON and bad policies name their file', t => {
  const root = tempProject(t);
  const policyPath = join(root, 'lavamoat', 'node', 'policy.json');
  const overridePath = join(root, 'lavamoat', 'node', 'policy-override.json');
  writeJson(policyPath, { resources: {} });
  writeFileSync(overridePath, '{ "resources": { ');
  assert.throws(
    () => readPolicyFiles({ projectRoot: root }),
    (error: unknown) =>
      error instanceof PolicyFileError && error.code === 'POLICY_JSON' && error.message.includes(overridePath),
  );
  writeJson(overridePath, { resources: { lodash: { globals: { 'process.env': 'write' } } } });
  assert.throws(
    () => readPolicyFiles({ projectRoot: root }),
    (error: unknown) =>
      error instanceof PolicyFormatError &&
      error.file === overridePath &&
      error.resource === 'lodash' &&
      error.key === 'process.env',
  );
});

test('readPolicyFiles: a byte order mark at the start is tolerated', t => {
  const root = tempProject(t);
  const policyPath = join(root, 'p.json');
  writeFileSync(policyPath, '\uFEFF{"resources": {}}');
  assert.deepEqual(readPolicyFile(policyPath), { resources: {} });
});

test('readPolicyFiles: a merge that grants a member under a granted global names the resource and the override', t => {
  const root = tempProject(t);
  writeJson(join(root, 'lavamoat', 'node', 'policy.json'), { resources: { a: { globals: { process: true } } } });
  const overridePath = join(root, 'lavamoat', 'node', 'policy-override.json');
  writeJson(overridePath, { resources: { a: { globals: { 'process.env.X': true } } } });
  assert.throws(
    () => readPolicyFiles({ projectRoot: root }),
    (error: unknown) =>
      error instanceof PolicyHierarchyError &&
      error.resource === 'a' &&
      error.message.includes(overridePath) &&
      error.message.includes('"process.env.X" is granted under "process"'),
  );
});

test('writePolicy writes LavaMoat text atomically, creating the directory and leaving no temporary file', t => {
  const root = tempProject(t);
  const target = join(root, 'lavamoat', 'node', 'policy.json');
  const policy = JSON.parse(readFileSync(lavamoatMergedPath, 'utf8')) as LavaMoatPolicy;
  writePolicy(target, policy);
  assert.equal(readFileSync(target, 'utf8'), readFileSync(lavamoatMergedPath, 'utf8'));
  writePolicy(target, { resources: { a: {} } });
  assert.equal(readFileSync(target, 'utf8'), stringifyPolicy({ resources: { a: {} } }));
  assert.deepEqual(readdirSync(join(root, 'lavamoat', 'node')), ['policy.json']);
});

test('writePolicy refuses an invalid policy and leaves the old file', t => {
  const root = tempProject(t);
  const target = join(root, 'policy.json');
  writePolicy(target, { resources: {} });
  const bad = { resources: { a: { globals: { fetch: 'yes' } } } } as unknown as LavaMoatPolicy;
  assert.throws(() => writePolicy(target, bad), PolicyFormatError);
  assert.equal(readFileSync(target, 'utf8'), stringifyPolicy({ resources: {} }));
  assert.deepEqual(readdirSync(root), ['policy.json']);
});

test('writePolicy never writes an override file: by name, by the given path, or through a link', t => {
  const root = tempProject(t);
  const overridePath = join(root, 'lavamoat', 'node', 'policy-override.json');
  const overrideText = '{"resources": {"a": {"globals": {"fetch": false}}}}';
  writeJson(overridePath, {});
  writeFileSync(overridePath, overrideText);
  const refused = (path: string, options?: { overridePath: string }) =>
    assert.throws(
      () => writePolicy(path, { resources: {} }, options),
      (error: unknown) =>
        error instanceof PolicyFileError && error.code === 'POLICY_OVERRIDE_WRITE' && /only people edit/.test(error.message),
    );
  refused(overridePath);
  refused(join(root, 'somewhere', 'app-override.json'));
  const customOverride = join(root, 'my-rules.json');
  writeFileSync(customOverride, overrideText);
  refused(customOverride, { overridePath: customOverride });
  refused(join(root, '.', 'my-rules.json'), { overridePath: customOverride });
  const link = join(root, 'policy.json');
  symlinkSync(customOverride, link);
  refused(link, { overridePath: customOverride });
  const linkedDirectory = join(root, 'linked');
  symlinkSync(root, linkedDirectory);
  refused(join(linkedDirectory, 'my-rules.json'), { overridePath: customOverride });
  assert.equal(readFileSync(overridePath, 'utf8'), overrideText);
  assert.equal(readFileSync(customOverride, 'utf8'), overrideText);
  // The guard is about the override only: the policy beside it is written.
  writePolicy(join(root, 'lavamoat', 'node', 'policy.json'), { resources: {} }, { overridePath });
});
