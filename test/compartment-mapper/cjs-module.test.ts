// CommonJS with Node's semantics in a Compartment (cjs-module.ts), Node as
// the oracle: each fixture under test/fixtures/cjs-semantics runs under
// plain `node` in a child process and through a Compartment (after
// lockdown) whose hooks load the same files through the loader, and the
// printed lines must be the same. The fixtures print only strings and
// JSON, so that Node's console formatting plays no part. A few tests at
// the end check what is ours alone: what require.cache accepts, a builtin
// the compartment was not given, one loader per compartment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path, { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { lockdown, Compartment } from '../../src/ses/index.js';
import { makeCjsLoader, type CjsLoaderOptions } from '../../src/compartment-mapper/cjs-module.js';
import { nodeModulePaths } from '../../src/compartment-mapper/node-module-paths.js';
import { fixtureFormatOf, fixtureResolve } from './fixture-resolver.js';

lockdown();

const fixtures = fileURLToPath(new URL('../../../test/fixtures/cjs-semantics/', import.meta.url));

const runNode = (main: string, nodeFlags: string[] = []): string[] => {
  const child = spawnSync(process.execPath, [...nodeFlags, main], { cwd: path.dirname(main), encoding: 'utf8' });
  assert.equal(child.status, 0, `node ${main} failed:\n${child.stderr}`);
  return child.stdout.split('\n').filter(line => line !== '');
};

const makeFixtureCompartment = (options: Partial<CjsLoaderOptions> = {}) => {
  const lines: string[] = [];
  let pendingTimers = 0;
  const log = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  const trackedSetTimeout = (callback: () => void, delay?: number) => {
    pendingTimers += 1;
    return setTimeout(() => {
      pendingTimers -= 1;
      callback();
    }, delay);
  };
  const loader = makeCjsLoader({
    resolve: fixtureResolve,
    readFile: filename => readFileSync(filename),
    formatOf: fixtureFormatOf,
    modules: { path },
    packageName: 'cjs-semantics-fixture',
    ...options,
  });
  const compartment = new Compartment({
    __options__: true,
    name: 'cjs-semantics',
    globals: { console: { log }, setTimeout: trackedSetTimeout },
    resolveHook: loader.resolveHook,
    importHook: loader.importHook,
    importNowHook: loader.importNowHook,
    noAggregateLoadErrors: true,
  });
  loader.attach(compartment);
  /** Waits until the fixture's timers have fired and its promise jobs are done. */
  const settle = async () => {
    for (let turn = 0; turn < 500 && (turn < 5 || pendingTimers > 0); turn += 1) {
      await new Promise(resolve => setTimeout(resolve, 2));
    }
  };
  return { loader, compartment, lines, settle };
};

const runOurs = async (main: string, options: Partial<CjsLoaderOptions> = {}): Promise<string[]> => {
  const { loader, lines, settle } = makeFixtureCompartment(options);
  await loader.runMain(main);
  await settle();
  return lines;
};

interface Scenario {
  name: string;
  main: string;
  nodeFlags?: string[];
  options?: Partial<CjsLoaderOptions>;
}

const scenarios: Scenario[] = [
  { name: 'the wrapper variables and the module object', main: 'wrapper/main.cjs' },
  { name: 'module.exports reassigned, exports.x, this', main: 'exports-forms/main.cjs' },
  { name: 'cycles see partly filled exports (the semver pattern)', main: 'cycle/main.cjs' },
  { name: 'require.resolve, require.resolve.paths, require.cache', main: 'resolve-cache/main.cjs' },
  { name: 'JSON requires', main: 'json/main.cjs' },
  { name: 'require() of an ES module as the running Node does it', main: 'require-esm/main.cjs' },
  {
    name: 'require() of an ES module with require(esm) off (ERR_REQUIRE_ESM)',
    main: 'require-esm/main.cjs',
    nodeFlags: ['--no-experimental-require-module'],
    options: { requireModule: false },
  },
  { name: 'an ES module importing CommonJS: default and lexer-found names', main: 'esm-imports-cjs/main.mjs' },
  { name: 'a CommonJS module an ES module imports has no parent and no main', main: 'esm-parent/main.mjs' },
  { name: 'files ending in a comment with no newline, hashbang', main: 'trailing-comment/main.cjs' },
  { name: 'global is the global object', main: 'global/main.cjs' },
  { name: 'import() from CommonJS', main: 'dynamic-import/main.cjs' },
  { name: 'a module that throws is not cached and runs again', main: 'throwing/main.cjs' },
  { name: 'builtins from the modules given, for require and import', main: 'builtins/main.cjs' },
  { name: 'a direct eval sees the module scope', main: 'direct-eval/main.cjs' },
  { name: 'import.meta: url, filename, dirname, resolve', main: 'import-meta/main.mjs' },
];

for (const { name, main, nodeFlags, options } of scenarios) {
  test(`as in Node: ${name}`, async () => {
    const file = join(fixtures, main);
    const expected = runNode(file, nodeFlags);
    assert.ok(expected.length > 0, 'the fixture printed nothing under node');
    assert.deepEqual(await runOurs(file, options), expected);
  });
}

test('the running Node and the loader agree on whether require(esm) works', async () => {
  const file = join(fixtures, 'require-esm/main.cjs');
  const ours = await runOurs(file);
  const first = JSON.parse(ours[0].slice('with default '.length));
  assert.equal('code' in first, process.features.require_module !== true);
});

test('require.cache ignores objects the loader did not make (Node would return them)', async () => {
  const file = join(fixtures, 'ours-only/inject.cjs');
  const child = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(file)})`], { encoding: 'utf8' });
  assert.equal(child.stdout.trim(), 'injected');
  const { loader } = makeFixtureCompartment();
  await loader.runMain(file);
  assert.equal(loader.cache[file]?.exports, 'the real file');
});

test('a module object of another loader in require.cache is ignored too', async () => {
  const victim = join(fixtures, 'ours-only/victim.cjs');
  const other = makeFixtureCompartment();
  await other.loader.runMain(victim);
  const foreign = other.loader.cache[victim];
  foreign.exports = 'from another compartment';
  const { loader } = makeFixtureCompartment();
  loader.cache[victim] = foreign;
  await loader.runMain(join(fixtures, 'ours-only/requires-victim.cjs'));
  assert.equal(loader.cache[join(fixtures, 'ours-only/requires-victim.cjs')].exports, 'the real file');
  assert.notEqual(loader.cache[victim], foreign);
});

test('deleting a cache entry reloads the same file through the same reader and resolver', async () => {
  const reads: string[] = [];
  const { loader } = makeFixtureCompartment({
    readFile: filename => {
      reads.push(filename);
      return readFileSync(filename);
    },
  });
  await loader.runMain(join(fixtures, 'resolve-cache/main.cjs'));
  const counter = join(fixtures, 'resolve-cache/counter.js');
  assert.equal(reads.filter(file => file === counter).length, 2);
  assert.ok(reads.every(file => file.startsWith(fixtures) || file.endsWith('package.json')), reads.join('\n'));
});

test('a builtin the compartment was not given: an error naming the package, the file and the specifier', async () => {
  const file = join(fixtures, 'ours-only/denied-builtin.cjs');
  const { loader } = makeFixtureCompartment();
  await assert.rejects(loader.runMain(file), (error: Error) => {
    assert.match(error.message, /"cjs-semantics-fixture"/);
    assert.match(error.message, /"node:child_process"/);
    assert.ok(error.message.includes(file), error.message);
    return true;
  });
  assert.equal(loader.cache[file], undefined);
});

test('an ES module importing a builtin that was not given fails to load, naming it', async () => {
  const { compartment } = makeFixtureCompartment({ modules: {} });
  await assert.rejects(
    (compartment as unknown as { import(specifier: string): Promise<unknown> }).import(join(fixtures, 'builtins/esm-path.mjs')),
    /may not use builtin module "path"/,
  );
});

test('one loader serves one compartment', () => {
  const { loader } = makeFixtureCompartment();
  assert.throws(() => loader.attach(new Compartment()), /serves one compartment only/);
});

test('a loader not yet attached says so', async () => {
  const loader = makeCjsLoader({ resolve: fixtureResolve, readFile: filename => readFileSync(filename), formatOf: fixtureFormatOf });
  await assert.rejects(loader.runMain(join(fixtures, 'wrapper/child.cjs')), /not attached to a compartment yet/);
});

test('require.resolve(request, { paths }) throws', async () => {
  const { loader, lines } = makeFixtureCompartment();
  const main = join(fixtures, 'ours-only/resolve-paths-option.cjs');
  await loader.runMain(main);
  assert.deepEqual(lines, ['TypeError', 'true']);
});

test('nodeModulePaths is Node’s Module._nodeModulePaths', () => {
  const Module = createRequire(import.meta.url)('node:module') as { _nodeModulePaths(from: string): string[] };
  const segment = fc.constantFrom('a', 'node_modules', 'b c', '@scope', 'x.y', 'node_modulesx');
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 6 }), segments => {
      const directory = `/${segments.join('/')}`;
      assert.deepEqual(nodeModulePaths(directory), Module._nodeModulePaths(directory));
    }),
  );
});

test('an ES module importing a builtin that is a function (stream, module) gets its named exports, as in Node', () => {
  const stream = Object.assign(function Stream() {}, { Readable: class Readable {}, finished: () => {} });
  const loader = makeCjsLoader({ resolve: fixtureResolve, readFile: filename => readFileSync(filename), formatOf: fixtureFormatOf, modules: { stream } });
  const { source } = loader.importNowHook('stream') as { source: { exports: readonly string[] } };
  assert.deepEqual([...source.exports].sort(), ['Readable', 'default', 'finished']);
});
