// mapNodeModules: the package graph and the compartment map of an
// application, on npm (hoisted, nested duplicates), workspace (symlinked) and
// pnpm (symlinked store) layouts, compared with @endo/compartment-mapper
// 2.4's mapNodeModules run in a child process under the original ses.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { comparePaths } from '../../src/compartment-mapper/canonical-names.js';
import { makeSyncReadPowers, type GraphReadPowers } from '../../src/compartment-mapper/read-powers.js';
import {
  mapNodeModules,
  mapNodeModulesSync,
  type MapNodeModulesOptions,
} from '../../src/compartment-mapper/node-modules.js';
import type { PackageCompartmentMap } from '../../src/compartment-mapper/compartment-map-types.js';
import type { UndeclaredReach } from '../../src/compartment-mapper/package-graph.js';
import { runUnderOriginalSes } from '../support/run-original-ses.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/graph/', import.meta.url));

// The fixtures are copied to a temporary folder, where the symlinks are made.
const work = realpathSync(mkdtempSync(join(tmpdir(), 'endo-graph-')));
after(() => rmSync(work, { recursive: true, force: true }));
cpSync(fixtures, work, { recursive: true });

const link = (target: string, at: string) => {
  mkdirSync(dirname(join(work, at)), { recursive: true });
  symlinkSync(target, join(work, at), 'dir');
};
link('../packages/lib', 'workspace/node_modules/lib');
const pnpmModules = 'pnpm/app/node_modules';
link('.pnpm/a@1.0.0/node_modules/a', `${pnpmModules}/a`);
link('../.pnpm/@s+b@2.0.0/node_modules/@s/b', `${pnpmModules}/@s/b`);
link('.pnpm/x@1000.0.0/node_modules/x', `${pnpmModules}/x`);
link('.pnpm/yy@1.0.0/node_modules/yy', `${pnpmModules}/yy`);
link('../../../@s+b@2.0.0/node_modules/@s/b', `${pnpmModules}/.pnpm/a@1.0.0/node_modules/@s/b`);
link('../../c@1.0.0/node_modules/c', `${pnpmModules}/.pnpm/@s+b@2.0.0/node_modules/c`);
link('../../t@1.0.0/node_modules/t', `${pnpmModules}/.pnpm/x@1000.0.0/node_modules/t`);
link('../../t@1.0.0/node_modules/t', `${pnpmModules}/.pnpm/yy@1.0.0/node_modules/t`);
// pnpm's hidden hoisting folder: reachable by every package in the store, declared by none.
link('../c@1.0.0/node_modules/c', `${pnpmModules}/.pnpm/node_modules/c`);

const powers = makeSyncReadPowers();
const at = (path: string) => pathToFileURL(join(work, path)).href;
const locationOf = (path: string) => `${at(path)}/`.replace(/\/\/$/, '/');

const repositoryEntry = pathToFileURL(
  join(realpathSync(fileURLToPath(new URL('../../../', import.meta.url))), 'index.js'),
).href;

const entries = {
  npm: at('npm-hoisted/app/index.js'),
  workspace: at('workspace/main.js'),
  pnpm: at('pnpm/app/index.js'),
};

/** Canonical name of each compartment, by location relative to `base`. */
const labelsOf = (map: PackageCompartmentMap, base: string): Record<string, string> =>
  Object.fromEntries(
    Object.values(map.compartments).map(c => [c.location.slice(locationOf(base).length), c.label]),
  );

/** The compartments each compartment links to through its modules (itself excluded). */
const edgesOf = (map: { compartments: Record<string, { label: string; location: string; modules: object }> }) =>
  Object.fromEntries(
    Object.values(map.compartments).map(c => {
      const targets = new Set<string>();
      for (const link of Object.values(c.modules) as { compartment?: string }[]) {
        if (link.compartment !== undefined && link.compartment !== c.location) {
          targets.add(map.compartments[link.compartment].label);
        }
      }
      return [c.label, [...targets].sort()];
    }),
  );

test('npm layout: one compartment per package directory, nested duplicates apart, canonical names', () => {
  const map = mapNodeModulesSync(powers, entries.npm);
  assert.deepEqual(labelsOf(map, 'npm-hoisted/app'), {
    '': '$root$',
    'node_modules/@scope/c/': '@scope/c',
    'node_modules/a/': 'a',
    'node_modules/a/node_modules/shared/': 'a>shared',
    'node_modules/b/': 'b',
    'node_modules/b/node_modules/d/': 'b>d',
    // Reached as a>d and @scope/c>d: the shorter location wins.
    'node_modules/d/': 'a>d',
    'node_modules/e/': 'b>e',
    'node_modules/peer-p/': 'peer-p',
    'node_modules/present-opt/': 'present-opt',
    'node_modules/shared/': 'b>shared',
  });
  assert.deepEqual(map.entry, { compartment: locationOf('npm-hoisted/app'), module: './index.js' });
  assert.deepEqual(map.tags, []);
  assert.deepEqual(edgesOf(map), {
    $root$: ['@scope/c', 'a', 'b', 'peer-p', 'present-opt'],
    '@scope/c': ['a>d'],
    a: ['a>d', 'a>shared'],
    'a>shared': [],
    b: ['b>d', 'b>e', 'b>shared'],
    'b>d': [],
    'a>d': [],
    'b>e': [],
    'peer-p': [],
    'present-opt': [],
    'b>shared': [],
  });

  const a = map.compartments[locationOf('npm-hoisted/app/node_modules/a')];
  assert.equal(a.name, 'a');
  assert.equal(a.version, '1.0.0');
  assert.equal(a.sourceDirname, 'a');
  assert.deepEqual({ ...a.modules.a }, { compartment: a.location, module: './lib/a.js' });
  assert.deepEqual({ ...a.modules.shared }, {
    compartment: locationOf('npm-hoisted/app/node_modules/a/node_modules/shared'),
    module: './index.js',
  });
  // Packages without "exports" are open: any module under their name.
  assert.deepEqual(Object.keys(a.scopes).sort(), ['a', 'd', 'shared']);
  assert.equal(a.parsers.js, 'cjs');

  const root = map.compartments[map.entry.compartment];
  assert.equal(root.name, 'app');
  assert.equal(root.parsers.js, 'mjs');
  assert.deepEqual({ ...root.modules['#config'] }, { compartment: root.location, module: './config.js' });
  // b's export map: the "import" condition, the subpath pattern, and no scope.
  assert.deepEqual({ ...root.modules.b }, { compartment: locationOf('npm-hoisted/app/node_modules/b'), module: './b.mjs' });
  assert.equal(root.scopes.b, undefined);
  assert.deepEqual(
    root.patterns?.filter(p => p.from.startsWith('b/')),
    [
      { from: 'b/features/*', to: './src/features/*.js', compartment: locationOf('npm-hoisted/app/node_modules/b') },
      { from: 'b/features/private/*', to: null, compartment: locationOf('npm-hoisted/app/node_modules/b') },
    ],
  );
  // A sub-folder package.json with "type": "module" types what it holds.
  const shared = map.compartments[locationOf('npm-hoisted/app/node_modules/shared')];
  assert.equal(shared.types['./esm/util.js'], 'mjs');
  // "module" wins over "main" and marks its target as an ES module.
  const d = map.compartments[locationOf('npm-hoisted/app/node_modules/d')];
  assert.equal(d.modules.d.module, './esm/index.js');
  assert.equal(d.types['./esm/index.js'], 'mjs');
});

test('npm layout: devDependencies of the application only when asked, and conditions choose exports', () => {
  const plain = mapNodeModulesSync(powers, entries.npm);
  assert.ok(!Object.values(plain.compartments).some(c => c.name === 'devtool'));
  for (const options of [{ dev: true }, { conditions: ['development'] }] as MapNodeModulesOptions[]) {
    const map = mapNodeModulesSync(powers, entries.npm, options);
    assert.equal(map.compartments[locationOf('npm-hoisted/app/node_modules/devtool')]?.label, 'devtool');
    // devtool>e ties b>e on steps; the shorter location of b wins.
    assert.equal(map.compartments[locationOf('npm-hoisted/app/node_modules/e')].label, 'b>e');
  }
  const node = mapNodeModulesSync(powers, entries.npm, { conditions: ['node'] });
  assert.deepEqual(node.tags, ['node']);
  const c = node.compartments[locationOf('npm-hoisted/app/node_modules/@scope/c')];
  assert.equal(c.modules['@scope/c'].module, './node.js');
  assert.equal(c.modules['#cond'].module, './node-only.js');
  const cDefault = plain.compartments[locationOf('npm-hoisted/app/node_modules/@scope/c')];
  assert.equal(cDefault.modules['@scope/c'].module, './c.js');
  assert.equal(cDefault.modules['#cond'].module, './any.js');
});

test('npm layout: hoisted packages a package could load without declaring them are reported, not linked', () => {
  let reported: UndeclaredReach[] = [];
  const map = mapNodeModulesSync(powers, entries.npm, { undeclaredReachHook: list => (reported = list) });
  const app = locationOf('npm-hoisted/app');
  // devtool is declared (devDependencies); gone-opt is declared and absent.
  assert.deepEqual(
    reported.filter(r => r.from === app).map(r => r.name),
    ['d', 'e', 'shared'],
  );
  const fromA = reported.filter(r => r.from === locationOf('npm-hoisted/app/node_modules/a')).map(r => r.name);
  assert.deepEqual(fromA, ['@scope/c', 'b', 'devtool', 'e', 'peer-p', 'present-opt']);
  // What b reaches as "d" is its own nested copy, which it declares; nothing about d.
  assert.ok(!reported.some(r => r.from === locationOf('npm-hoisted/app/node_modules/b') && r.name === 'd'));
  assert.ok(!reported.some(r => r.name === 'not-a-package'));
  for (const { from, name } of reported) {
    assert.equal(map.compartments[from].modules[name], undefined, `${name} must not be linked into ${from}`);
  }
});

test('a missing dependency is left out, or refused with strict', async () => {
  const dir = join(work, 'missing');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'm', dependencies: { absent: '1' } }));
  const map = await mapNodeModules(powers, pathToFileURL(join(dir, 'index.js')).href);
  assert.deepEqual(Object.keys(map.compartments), [locationOf('missing')]);
  await assert.rejects(mapNodeModules(powers, pathToFileURL(join(dir, 'index.js')).href, { strict: true }), {
    message: `Cannot find dependency absent for ${locationOf('missing')}`,
  });
});

test('workspace: a symlinked package is one compartment at its real path, and finds its own dependencies from there', () => {
  let reported: UndeclaredReach[] = [];
  const map = mapNodeModulesSync(powers, entries.workspace, { undeclaredReachHook: list => (reported = list) });
  assert.deepEqual(labelsOf(map, 'workspace'), {
    '': '$root$',
    'node_modules/tool/': 'tool',
    'node_modules/ws-shared/': 'lib>ws-shared',
    'packages/lib/': 'lib',
  });
  assert.deepEqual(edgesOf(map), { $root$: ['lib', 'tool'], lib: ['lib>ws-shared'], tool: ['lib'], 'lib>ws-shared': [] });
  // Outside node_modules: the workspace tables of parsers apply.
  const lib = map.compartments[locationOf('workspace/packages/lib')];
  assert.equal(lib.parsers.js, 'mjs');
  assert.deepEqual(
    reported.map(r => [r.from.slice(locationOf('workspace').length), r.name]),
    [
      ['', 'ws-shared'],
      ['node_modules/tool/', 'ws-shared'],
      ['node_modules/ws-shared/', 'lib'],
      ['node_modules/ws-shared/', 'tool'],
      // lib finds itself in node_modules (its own link): not reported.
      ['packages/lib/', 'tool'],
    ],
  );
});

test('an application reached through a symlink is mapped at its real path', () => {
  link('npm-hoisted/app', 'linked-app');
  const map = mapNodeModulesSync(powers, at('linked-app/index.js'));
  assert.equal(map.entry.compartment, locationOf('npm-hoisted/app'));
  assert.equal(map.entry.module, './index.js');
});

test('pnpm layout: every link to a stored package is one compartment; the hidden hoisting folder is reported', () => {
  let reported: UndeclaredReach[] = [];
  const map = mapNodeModulesSync(powers, entries.pnpm, { undeclaredReachHook: list => (reported = list) });
  const store = 'node_modules/.pnpm/';
  assert.deepEqual(labelsOf(map, 'pnpm/app'), {
    '': '$root$',
    [`${store}a@1.0.0/node_modules/a/`]: 'a',
    [`${store}@s+b@2.0.0/node_modules/@s/b/`]: '@s/b',
    [`${store}c@1.0.0/node_modules/c/`]: '@s/b>c',
    // By names "x>t" would be shorter; by locations (the original's rule) yy's is.
    [`${store}t@1.0.0/node_modules/t/`]: 'yy>t',
    [`${store}x@1000.0.0/node_modules/x/`]: 'x',
    [`${store}yy@1.0.0/node_modules/yy/`]: 'yy',
  });
  assert.deepEqual(edgesOf(map).a, ['@s/b']);
  const fromA = reported.filter(r => r.from === locationOf(`pnpm/app/${store}a@1.0.0/node_modules/a`));
  // The store lies inside the application's node_modules, so Node also lets a
  // reach the application's direct dependencies.
  assert.deepEqual(
    fromA.map(r => [r.name, r.location]),
    [
      ['c', locationOf(`pnpm/app/${store}c@1.0.0/node_modules/c`)],
      ['x', locationOf(`pnpm/app/${store}x@1000.0.0/node_modules/x`)],
      ['yy', locationOf(`pnpm/app/${store}yy@1.0.0/node_modules/yy`)],
    ],
  );
});

test('canonical-name order is @endo/path-compare: steps, then total length, then element order', () => {
  assert.ok(comparePaths(['zzzzzz'], ['a', 'b']) < 0);
  // Total length before element order: "b" beats "aa".
  assert.ok(comparePaths(['b'], ['aa']) < 0);
  assert.ok(comparePaths(['x', 'b'], ['x', 'aa']) < 0);
  assert.ok(comparePaths(['ab', 'c'], ['a', 'cc']) > 0);
  assert.ok(comparePaths(['a', 'cc'], ['ab', 'c']) < 0);
  assert.ok(comparePaths(['b', 'a'], ['a', 'b']) > 0);
  assert.equal(comparePaths(['a', 'b'], ['a', 'b']), 0);
});

test('only package.json files are read, through the powers given', () => {
  const read: string[] = [];
  const counting: GraphReadPowers = {
    ...powers,
    readFileText: path => {
      read.push(path);
      return powers.readFileText(path);
    },
  };
  mapNodeModulesSync(counting, entries.npm);
  assert.ok(read.length > 0);
  assert.deepEqual(read.filter(path => !path.endsWith('/package.json')), []);
});

// ---- Differential: the original's mapNodeModules on the same trees ----

interface OriginalRun {
  entry: string;
  options: { dev?: boolean; conditions?: string[] };
}

/** The original's compartment maps, all runs in one child. */
const originalMaps = (runs: OriginalRun[]): PackageCompartmentMap[] =>
  runUnderOriginalSes(
    `
    import fs from 'node:fs';
    import url from 'node:url';
    import crypto from 'node:crypto';
    const { mapNodeModules } = await import('@endo/compartment-mapper/node-modules.js');
    const { makeReadPowers } = await import('@endo/compartment-mapper/node-powers.js');
    const readPowers = makeReadPowers({ fs, url, crypto });
    const results = [];
    for (const { entry, options } of ${JSON.stringify(runs)}) {
      const { conditions, ...rest } = options;
      const map = await mapNodeModules(readPowers, entry, {
        ...rest,
        ...(conditions ? { conditions: new Set(conditions) } : {}),
      });
      results.push(map);
    }
    report(results);
    `,
  ) as PackageCompartmentMap[];

test('differential: the same compartments, labels, locations, links and tables as the original', () => {
  const runs: OriginalRun[] = [
    { entry: entries.npm, options: {} },
    { entry: entries.npm, options: { dev: true, conditions: ['node'] } },
    { entry: entries.workspace, options: {} },
    { entry: entries.pnpm, options: {} },
    // This repository's own installed tree: about sixty real packages and their export maps.
    { entry: repositoryEntry, options: { dev: true, conditions: ['node'] } },
  ];
  const theirs = originalMaps(runs);
  runs.forEach(({ entry, options }, index) => {
    const ours = JSON.parse(JSON.stringify(mapNodeModulesSync(powers, entry, options))) as PackageCompartmentMap;
    const original = theirs[index];
    const what = `${entry} ${JSON.stringify(options)}`;
    assert.deepEqual(ours.tags, original.tags, what);
    assert.deepEqual(ours.entry, original.entry, what);
    assert.deepEqual(Object.keys(ours.compartments), Object.keys(original.compartments), what);
    assert.deepEqual(edgesOf(ours), edgesOf(original), what);
    for (const [location, compartment] of Object.entries(original.compartments)) {
      // The original writes `policy: undefined`, which JSON drops; no other key differs.
      assert.deepEqual(ours.compartments[location], compartment, `${what} ${location}`);
    }
  });
});

// ---- Malformed package.json files: a clear error that names the file ----

/** Read powers over an in-memory tree of files (no symlinks). */
const memoryPowers = (files: Record<string, string>): GraphReadPowers => {
  const directories = new Set<string>();
  for (const path of Object.keys(files)) {
    for (let dir = dirname(path); !directories.has(dir); dir = dirname(dir)) {
      directories.add(dir);
      if (dir === dirname(dir)) break;
    }
  }
  const children = (dir: string) => {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const path of [...Object.keys(files), ...directories]) {
      if (path.startsWith(prefix) && path.length > prefix.length) names.add(path.slice(prefix.length).split('/')[0]);
    }
    return [...names];
  };
  return {
    readFileText: path => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined),
    isDirectory: path => directories.has(path),
    realPath: path => (directories.has(path) || path in files ? path : undefined),
    readDirectory: path => (directories.has(path) ? children(path) : undefined),
  };
};

const appFile = '/virtual/app/package.json';
const depFile = '/virtual/app/node_modules/dep/package.json';
const appJson = JSON.stringify({ name: 'app', dependencies: { dep: '1' } });
const mapTree = (app: string, dep: string) =>
  mapNodeModulesSync(memoryPowers({ [appFile]: app, [depFile]: dep }), '/virtual/app/index.js');
const urlOf = (path: string) => pathToFileURL(path).href;

test('"main": false (published by math-intrinsics) maps the package root to ".", as the original does', () => {
  const map = mapTree(appJson, '{ "name": "dep", "main": false }');
  const app = map.compartments[urlOf('/virtual/app/')];
  assert.deepEqual(app.modules.dep, { compartment: urlOf('/virtual/app/node_modules/dep/'), module: '.' });
});

test('malformed package.json files are refused with the file named', () => {
  const depCases: [string, RegExp][] = [
    ['{ "name": "dep", ', /^Cannot parse JSON from file:\/\/\/virtual\/app\/node_modules\/dep\/package\.json, SyntaxError/],
    ['[1, 2]', /must hold a JSON object, got \[1,2\]/],
    ['"dep"', /must hold a JSON object/],
    ['{}', /must have a "name" field/],
    ['{ "name": 7 }', /invalid "name" field: expected a string, got 7/],
    ['{ "name": "dep", "dependencies": "x" }', /invalid "dependencies" field/],
    ['{ "name": "dep", "dependencies": { "../../etc": "1" } }', /names "..\/..\/etc" in "dependencies", which is not a package name/],
    ['{ "name": "dep", "exports": 5 }', /invalid "exports" field/],
    ['{ "name": "dep", "exports": "../outside.js" }', /must not traverse behind an empty path/],
    ['{ "name": "dep", "exports": { "./../up": "./x.js" } }', /must not refer to a module outside of the base/],
    ['{ "name": "dep", "main": ["x"] }', /invalid "main" field/],
    ['{ "name": "dep", "type": "wasm" }', /invalid "type" field: expected "module" or "commonjs"/],
    ['{ "name": "dep", "parsers": { "js": "coffee" } }', /"parsers" naming unknown languages \["coffee"\]/],
    ['{ "name": "dep", "imports": [] }', /invalid "imports" field/],
    ['{ "name": "dep", "version": 1 }', /invalid "version" field/],
  ];
  for (const [text, message] of depCases) {
    assert.throws(() => mapTree(appJson, text), (error: Error) => {
      assert.ok(error.message.includes(urlOf(depFile)), `${text}: ${error.message}`);
      assert.match(error.message, message, text);
      return true;
    });
  }
  assert.throws(() => mapTree('{', '{}'), { name: 'SyntaxError', message: new RegExp(`^Cannot parse JSON from ${urlOf(appFile)}`) });
  assert.throws(() => mapTree('{"version":"1.0.0"}', '{}'), {
    message: `package.json at ${JSON.stringify(urlOf(appFile))} must have a "name" field; consider naming it after the parent directory`,
  });
  // A "__proto__" key is data, not a prototype.
  const map = mapTree(appJson, '{ "name": "dep", "exports": { "__proto__": "./x.js", "./__proto__": "./y.js" } }');
  assert.equal(map.compartments['file:///virtual/app/']!.modules['dep/__proto__'].module, './y.js');
});

/** Values a package.json field might hold, well-formed or not. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('./x.js', '../x.js', '/abs.js', 'x', '*', './*', './a/*.js', '#x', 'module', 'commonjs'),
  fc.dictionary(
    fc.constantFrom('.', './', './sub', './a/*', '#x', 'import', 'require', 'node', 'default', 'browser', '__proto__', '../up', 'dep'),
    fc.oneof(fc.constantFrom('./x.js', '../x.js', './y/*.js', null, false), fc.jsonValue({ maxDepth: 2 })),
    { maxKeys: 4 },
  ),
);
const fieldName = fc.constantFrom(
  'name',
  'version',
  'type',
  'main',
  'module',
  'exports',
  'imports',
  'browser',
  'parsers',
  'dependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'optionalDependencies',
  'bundleDependencies',
  'devDependencies',
);
const packageJsonText = fc.oneof(
  fc.string(),
  fc.jsonValue().map(value => JSON.stringify(value)),
  fc.dictionary(fieldName, fieldValue, { maxKeys: 6 }).map(fields => JSON.stringify({ name: 'dep', ...fields })),
  fc.dictionary(fieldName, fieldValue, { maxKeys: 6 }).map(fields => JSON.stringify(fields)),
);

/** Holds when mapping succeeds, or fails with an Error that names `file`. */
const failsOnlyNaming = (run: () => unknown, file: string) => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
    assert.ok(error.message.includes(urlOf(file)), `the message does not name ${file}: ${error.message}`);
    assert.doesNotMatch(error.message, /Cannot read propert|is not a function|is not iterable|Maximum call stack/);
  }
};

test('property: any package.json text maps, or is refused with its file named (a dependency)', () => {
  fc.assert(
    fc.property(packageJsonText, text => failsOnlyNaming(() => mapTree(appJson, text), depFile)),
    { numRuns: 400 },
  );
});

test('property: any package.json text maps, or is refused with its file named (the application)', () => {
  fc.assert(
    fc.property(packageJsonText, text => failsOnlyNaming(() => mapTree(text, '{"name":"dep"}'), appFile)),
    { numRuns: 400 },
  );
});
