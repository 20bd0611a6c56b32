// The errors of the per-package compartment loader: each names the package,
// the file, the specifier and what to do, and keeps Node's `code` where Node
// has one (checked against plain `node` on the same fixture). A malformed
// package.json either behaves as in Node or stops with an error naming that
// package.json, never with a crash of our own ("Cannot read properties of
// undefined"). Fixtures: test/fixtures/mapper-errors/.
//
// importLocation needs lockdown(), once per process, and plain Node must not
// share a process with it; so this file runs itself in child processes
// (selected by ENDO_MAPPER_ERRORS_CHILD): one runs every fixture through
// importLocation, one runs the property test (so a hang is a timeout, not a
// stuck test run), and a plain `node` child is the oracle.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { CjsModuleSource, ModuleSource } from '../../src/module-source/index.js';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';
import { mapNodeModulesSync } from '../../src/compartment-mapper/node-modules.js';
import { makeNodeResolver } from '../../src/compartment-mapper/node-resolve.js';
import { unlinkedReachError } from '../../src/compartment-mapper/resolve-errors.js';
import { compileError, compiling, readCompileMessage } from '../../src/compartment-mapper/syntax-errors.js';

const thisFile = fileURLToPath(import.meta.url);
const fixtures = fileURLToPath(new URL('../../../test/fixtures/mapper-errors/', import.meta.url));
const app = join(fixtures, 'app');
const malformed = join(fixtures, 'malformed');

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; name: string; code: string | undefined; message: string };

const outcomeOfError = (error: unknown): Outcome => {
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    ok: false,
    name: String(name),
    code: typeof code === 'string' ? code : undefined,
    message: String(message),
  };
};

/** Messages that mean our code crashed on a value it did not expect. */
const crashMessage = /Cannot read propert|Cannot convert|is not a function|is not iterable|is not an object|undefined is not|null is not|Maximum call stack/;

// ---------------------------------------------------------------------------
// Child processes

/** Runs each file through importLocation (after lockdown) and prints the outcomes. */
const importLocationChild = async (): Promise<void> => {
  const { lockdown } = await import('../../src/ses/index.js');
  const { importLocation } = await import('../../src/compartment-mapper/import.js');
  lockdown();
  const files = JSON.parse(readFileSync(0, 'utf8')) as string[];
  const outcomes: Outcome[] = [];
  for (const file of files) {
    try {
      const { namespace } = await importLocation(makeSyncReadPowers(), file, { modules: {} });
      outcomes.push({ ok: true, value: (namespace as { default?: unknown }).default });
    } catch (error) {
      outcomes.push(outcomeOfError(error));
    }
  }
  process.stdout.write(JSON.stringify(outcomes));
};

const nodeOracle = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const outcomes = [];
for (const file of JSON.parse(readFileSync(0, 'utf8'))) {
  try {
    const namespace = await import(pathToFileURL(file).href);
    outcomes.push({ ok: true, value: namespace.default });
  } catch (error) {
    outcomes.push({ ok: false, name: String(error?.name), code: typeof error?.code === 'string' ? error.code : undefined, message: String(error?.message) });
  }
}
process.stdout.write(JSON.stringify(outcomes));
`;

const runChild = (args: string[], files: string[], env: Record<string, string> = {}): Outcome[] => {
  const child = spawnSync(process.execPath, args, {
    input: JSON.stringify(files),
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(child.status, 0, `child failed: ${child.error ?? ''}\n${child.stderr}`);
  return JSON.parse(child.stdout) as Outcome[];
};

/** Outcomes of importLocation and of plain node, per file, each computed once. */
const makeOutcomes = (files: string[]) => {
  let ours: Map<string, Outcome> | undefined;
  let node: Map<string, Outcome> | undefined;
  const zip = (outcomes: Outcome[]) => new Map(files.map((file, index) => [file, outcomes[index]!]));
  return {
    ours: (file: string): Outcome => {
      ours ??= zip(runChild([thisFile], files, { ENDO_MAPPER_ERRORS_CHILD: 'importLocation' }));
      return ours.get(file)!;
    },
    node: (file: string): Outcome => {
      node ??= zip(runChild(['--input-type=module', '-e', nodeOracle], files));
      return node.get(file)!;
    },
  };
};

// ---------------------------------------------------------------------------
// The property: random and mutated package.json texts

/** Values Node gives meaning to in `exports` and `imports`, mixed with nonsense. */
const keyArbitrary = fc.constantFrom('.', './x', './lib/*', './lib/', 'import', 'require', 'default', 'node', '#x', '#x/*', '..', './../up', '', '__proto__');
const targetArbitrary = fc.constantFrom<unknown>(
  './index.js',
  './lib/x.js',
  './lib/*',
  './lib/*.js',
  '../escape.js',
  './nope.js',
  'dep',
  'node:fs',
  '/absolute.js',
  './lib/',
  './node_modules/x.js',
  null,
  5,
  true,
  [],
);
const conditionalArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    targetArbitrary,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyArbitrary, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const fieldValueArbitrary = fc.oneof(conditionalArbitrary, fc.jsonValue({ maxDepth: 3 }));
const fieldNames = ['exports', 'imports', 'main', 'type', 'dependencies'] as const;

/** A package.json object: a good name and random values at the fields resolution and the graph read. */
const packageObjectArbitrary = (name: string) =>
  fc.record(
    Object.fromEntries(fieldNames.map(field => [field, fieldValueArbitrary])) as Record<(typeof fieldNames)[number], fc.Arbitrary<unknown>>,
    { requiredKeys: [] },
  ).map(fields => ({ name, ...fields }));

/** Text of a package.json: JSON of such an object, or a mutation of it, or another JSON value, or noise. */
const packageTextArbitrary = (name: string) =>
  fc.oneof(
    packageObjectArbitrary(name).map(value => JSON.stringify(value)),
    fc.tuple(packageObjectArbitrary(name), fc.nat(), fc.string({ maxLength: 3 })).map(([value, at, inserted]) => {
      const text = JSON.stringify(value);
      const cut = at % (text.length + 1);
      return text.slice(0, cut) + inserted + text.slice(cut + (at % 3));
    }),
    packageObjectArbitrary(name).map(value => `\uFEFF${JSON.stringify(value)}`),
    fc.jsonValue({ maxDepth: 2 }).map(value => JSON.stringify(value) ?? 'null'),
    fc.string({ maxLength: 20 }),
  );

interface TreeCase {
  /** Which package.json is random: the dependency's or the application's. */
  readonly which: 'dep' | 'app';
  readonly text: string;
}

/** Writes the application and its dependency "dep" under `root`, one package.json random. */
const writeTree = (root: string, { which, text }: TreeCase) => {
  const write = (path: string, content: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };
  const appJson = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { dep: '*' } });
  write(join(root, 'package.json'), which === 'app' ? text : appJson);
  write(join(root, 'main.cjs'), "module.exports = require('dep');\n");
  write(join(root, 'main.mjs'), "export { default } from 'dep';\n");
  const dep = join(root, 'node_modules', 'dep');
  write(join(dep, 'package.json'), which === 'dep' ? text : JSON.stringify({ name: 'dep', version: '1.0.0' }));
  write(join(dep, 'index.js'), "module.exports = 'dep';\n");
  write(join(dep, 'lib', 'x.js'), "module.exports = 'x';\n");
};

/** A resolution code whose message names the file or package it failed on (not a package.json). */
const resolutionCodes = new Set([
  'ERR_MODULE_NOT_FOUND',
  'MODULE_NOT_FOUND',
  'ERR_PACKAGE_PATH_NOT_EXPORTED',
  'ERR_PACKAGE_IMPORT_NOT_DEFINED',
  'ERR_INVALID_PACKAGE_TARGET',
  'ERR_INVALID_MODULE_SPECIFIER',
  'ERR_UNSUPPORTED_DIR_IMPORT',
  'ERR_INVALID_URL_SCHEME',
  'ERR_UNSUPPORTED_ESM_URL_SCHEME',
]);

/**
 * Our clear errors: never a crash; a complaint about the package.json (code
 * ERR_INVALID_PACKAGE_CONFIG, or no code) names it; a resolution failure
 * names the tree's file it failed on and the specifier.
 */
const assertClearError = (error: unknown, packageJsonPath: string, root: string, specifier: string | undefined) => {
  assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
  assert.doesNotMatch(error.message, crashMessage);
  const { code } = error as { code?: unknown };
  const namesPackageJson = error.message.includes(packageJsonPath) || error.message.includes(pathToFileURL(packageJsonPath).href);
  if (typeof code === 'string' && resolutionCodes.has(code)) {
    assert.ok(error.message.includes(root), `a ${code} that names no file of the tree: ${error.message}`);
    if (specifier !== undefined) assert.ok(error.message.includes(JSON.stringify(specifier)), error.message);
    return;
  }
  assert.ok(code === undefined || code === 'ERR_INVALID_PACKAGE_CONFIG', `unexpected code ${String(code)}: ${error.message}`);
  assert.ok(namesPackageJson, `does not name ${packageJsonPath}: ${error.message}`);
};

/** Runs the graph builder and the resolver over random trees; prints { ok } or the counterexample. */
const propertyChild = (): void => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'mapper-errors-')));
  let counter = 0;
  const property = fc.property(
    fc.constantFrom<'dep' | 'app'>('dep', 'dep', 'app'),
    fc.constantFrom('dep', 'app').chain(name => packageTextArbitrary(name)),
    (which, text) => {
      counter += 1;
      const root = join(base, String(counter));
      writeTree(root, { which, text });
      const packageJsonPath = which === 'app' ? join(root, 'package.json') : join(root, 'node_modules', 'dep', 'package.json');
      const mainCjs = join(root, 'main.cjs');
      const mainMjs = join(root, 'main.mjs');
      const depIndex = join(root, 'node_modules', 'dep', 'index.js');
      const powers = makeSyncReadPowers();
      const started = Date.now();
      const attempt = (specifier: string | undefined, run: () => unknown) => {
        try {
          run();
        } catch (error) {
          assertClearError(error, packageJsonPath, root, specifier);
        }
      };
      try {
        attempt(undefined, () => mapNodeModulesSync(powers, mainCjs));
        attempt(undefined, () => mapNodeModulesSync(powers, mainMjs, { conditions: ['node', 'development'] }));
        const resolver = makeNodeResolver(powers);
        for (const specifier of ['dep', 'dep/lib/x.js', 'dep/x', 'dep/package.json', 'app']) {
          attempt(specifier, () => resolver.resolveRequire(specifier, mainCjs));
          attempt(specifier, () => resolver.resolveImport(specifier, mainMjs));
        }
        for (const specifier of ['#x', '#x/y', './lib/x.js', 'dep']) {
          attempt(specifier, () => resolver.resolveRequire(specifier, depIndex));
          attempt(specifier, () => resolver.resolveImport(specifier, depIndex));
        }
        attempt(undefined, () => resolver.moduleFormatOf(depIndex));
        attempt(undefined, () => resolver.moduleFormatOf(mainCjs));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
      // No loop: one tree is mapped and resolved in well under this.
      assert.ok(Date.now() - started < 5_000, 'took too long');
    },
  );
  try {
    fc.assert(property, { numRuns: Number(process.env.ENDO_MAPPER_ERRORS_RUNS ?? 200) });
    process.stdout.write(JSON.stringify({ ok: true, runs: counter }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, report: String((error as Error).message) }));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
};

// ---------------------------------------------------------------------------
// The tests

interface ErrorCase {
  readonly file: string;
  /** The package the message must name (its label or its name). */
  readonly packageName: string;
  /** The file the message must name. */
  readonly named: string;
  readonly specifier: string;
  readonly advice: RegExp;
  /** Node's code for the same failure; undefined when Node has none or loads the file. */
  readonly code?: string;
  /** What plain node does: 'code' (fails with `code`), 'loads', or 'SyntaxError'. */
  readonly node: 'code' | 'loads' | 'SyntaxError';
  /** Set while the error needs a change in a file of another engineer (see the report of issue 15, item 6). */
  readonly todo?: string;
}

const atApp = (path: string) => join(app, path);

const errorCases: ErrorCase[] = [
  { file: 'missing-file.cjs', packageName: '"app"', named: atApp('missing-file.cjs'), specifier: './missing.js', advice: /Correct the path/, code: 'MODULE_NOT_FOUND', node: 'code' },
  { file: 'missing-file.mjs', packageName: '"app"', named: atApp('missing-file.mjs'), specifier: './missing.js', advice: /Check the spelling/, code: 'ERR_MODULE_NOT_FOUND', node: 'code' },
  { file: 'dep-missing-file.cjs', packageName: '"dep"', named: atApp('node_modules/dep/broken.js'), specifier: './gone', advice: /Correct the path/, code: 'MODULE_NOT_FOUND', node: 'code' },
  { file: 'missing-package.cjs', packageName: '"app"', named: atApp('missing-package.cjs'), specifier: 'absent-package', advice: /Install the package/, code: 'MODULE_NOT_FOUND', node: 'code' },
  { file: 'missing-package.mjs', packageName: '"app"', named: atApp('missing-package.mjs'), specifier: 'absent-package', advice: /Install it/, code: 'ERR_MODULE_NOT_FOUND', node: 'code' },
  { file: 'not-exported.cjs', packageName: '"app"', named: atApp('not-exported.cjs'), specifier: 'gated/secret.js', advice: /Import one of the subpaths that the package exports/, code: 'ERR_PACKAGE_PATH_NOT_EXPORTED', node: 'code' },
  { file: 'not-exported.mjs', packageName: '"app"', named: atApp('not-exported.mjs'), specifier: 'gated/secret.js', advice: /Import one of the subpaths that the package exports/, code: 'ERR_PACKAGE_PATH_NOT_EXPORTED', node: 'code' },
  { file: 'builtin.cjs', packageName: '"$root$"', named: atApp('builtin.cjs'), specifier: 'node:fs', advice: /Grant it to this package in the policy/, node: 'loads' },
  { file: 'builtin.mjs', packageName: '"$root$"', named: atApp('builtin.mjs'), specifier: 'fs', advice: /Grant it to this package in the policy/, node: 'loads' },
  { file: 'undeclared.cjs', packageName: '"$root$"', named: atApp('undeclared.cjs'), specifier: 'hidden', advice: new RegExp(`add "hidden" to the "dependencies" of ${atApp('package.json')}`), node: 'loads' },
  { file: 'undeclared.mjs', packageName: '"$root$"', named: atApp('undeclared.mjs'), specifier: 'hidden', advice: new RegExp(`add "hidden" to the "dependencies" of ${atApp('package.json')}`), node: 'loads' },
  { file: 'syntax-esm.mjs', packageName: '"bad-esm"', named: atApp('node_modules/bad-esm/index.js'), specifier: '', advice: /line 3, column 23: Unexpected token\. Fix the file/, node: 'SyntaxError' },
  { file: 'syntax-cjs.cjs', packageName: '"bad-cjs"', named: atApp('node_modules/bad-cjs/index.js'), specifier: '', advice: /line 4, column 8: Unexpected token\. Fix the file/, node: 'SyntaxError' },
];

/** Every main.cjs and main.mjs of the malformed package.json fixtures. */
const malformedCases = readdirSync(malformed)
  .sort()
  .flatMap(name => ['main.cjs', 'main.mjs'].map(main => join(malformed, name, main)));

const childMode = process.env.ENDO_MAPPER_ERRORS_CHILD;
if (childMode === 'importLocation') {
  await importLocationChild();
} else if (childMode === 'property') {
  propertyChild();
} else {
  const outcomes = makeOutcomes([...errorCases.map(({ file }) => atApp(file)), ...malformedCases]);

  for (const errorCase of errorCases) {
    const { file, packageName, named, specifier, advice, code, node, todo } = errorCase;
    test(`${file}: the error names the package, the file, the specifier and what to do`, { todo }, () => {
      const ours = outcomes.ours(atApp(file));
      assert.equal(ours.ok, false, `importLocation loaded ${file}`);
      if (ours.ok) return;
      assert.ok(ours.message.includes(packageName), `no package ${packageName} in: ${ours.message}`);
      assert.ok(ours.message.includes(named), `no ${named} in: ${ours.message}`);
      if (specifier !== '') assert.ok(ours.message.includes(JSON.stringify(specifier)), `no ${JSON.stringify(specifier)} in: ${ours.message}`);
      assert.match(ours.message, advice);
      assert.doesNotMatch(ours.message, crashMessage);
      assert.equal(ours.code, code);

      const theirs = outcomes.node(atApp(file));
      if (node === 'loads') assert.equal(theirs.ok, true, 'plain node fails too');
      else if (node === 'SyntaxError') assert.deepEqual([theirs.ok, !theirs.ok && theirs.name, ours.name], [false, 'SyntaxError', 'SyntaxError']);
      else assert.equal(theirs.ok ? 'loads' : theirs.code, code, 'plain node gives another code');
    });
  }

  for (const main of malformedCases) {
    const caseName = main.slice(malformed.length + 1);
    const caseFolder = dirname(main);
    test(`malformed package.json, ${caseName}: loads as in Node, or an error naming the package.json`, () => {
      const ours = outcomes.ours(main);
      const theirs = outcomes.node(main);
      if (ours.ok) {
        assert.deepEqual(theirs, ours, 'we load it and plain node does not, or not the same');
        return;
      }
      assert.doesNotMatch(ours.message, crashMessage);
      const blamed = [join(caseFolder, 'node_modules/weird/package.json'), join(caseFolder, 'package.json')].find(
        path => ours.message.includes(path),
      );
      assert.ok(blamed !== undefined, `names no package.json: ${ours.message}`);
      assert.match(ours.message, /Fix that package\.json|consider naming it after the parent directory/);
      // Where Node gives the code for a package.json it cannot use, we give it too.
      if (!theirs.ok && theirs.code === 'ERR_INVALID_PACKAGE_CONFIG') assert.equal(ours.code, 'ERR_INVALID_PACKAGE_CONFIG');
      assert.equal(ours.code, 'ERR_INVALID_PACKAGE_CONFIG', 'a package.json we refuse has Node\'s code for one');
    });
  }

  test('a byte-order mark before a package.json is skipped by the resolver as by Node', () => {
    const bom = join(malformed, 'bom');
    const resolver = makeNodeResolver(makeSyncReadPowers());
    const resolved = resolver.resolveImport('weird', join(bom, 'main.mjs'));
    assert.deepEqual(resolved, { kind: 'file', path: join(bom, 'node_modules/weird/index.js'), packageDirectory: join(bom, 'node_modules/weird'), packageName: 'weird' });
    assert.deepEqual(outcomes.node(join(bom, 'main.mjs')), { ok: true, value: 'weird' });
  });

  test('resolution errors name the package that asked, and keep the original as cause', () => {
    const resolver = makeNodeResolver(makeSyncReadPowers());
    const referrer = join(app, 'node_modules/dep/broken.js');
    assert.throws(
      () => resolver.resolveRequire('./gone', referrer),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'MODULE_NOT_FOUND');
        assert.ok(error.message.startsWith(`In package "dep" (${join(app, 'node_modules/dep')}): Cannot find module "./gone" required from ${referrer}`), error.message);
        assert.equal((error.cause as { code?: string }).code, 'MODULE_NOT_FOUND');
        return true;
      },
    );
    // A bare name missing is a package to install; a path missing, a path to correct.
    assert.throws(() => resolver.resolveRequire('nowhere', referrer), /Install the package/);
    assert.throws(() => resolver.resolveRequire('/nowhere/at/all.js', referrer), /Correct the path\.$/);
  });

  test('compileError: package, file, 1-based line and column, reason and advice, for ES modules and CommonJS', () => {
    const cases = [
      { Source: ModuleSource, file: 'node_modules/bad-esm/index.js', where: 'line 3, column 23' },
      { Source: CjsModuleSource, file: 'node_modules/bad-cjs/index.js', where: 'line 4, column 8' },
    ];
    for (const { Source, file, where } of cases) {
      const filename = atApp(file);
      let original: unknown;
      try {
        new Source(readFileSync(filename, 'utf8'), pathToFileURL(filename).href);
      } catch (error) {
        original = error;
      }
      assert.ok(original instanceof SyntaxError, `${file} compiled`);
      const error = compileError(original, { packageLabel: 'app>bad', filename });
      assert.equal(error.name, 'SyntaxError');
      assert.equal(error.cause, original);
      assert.equal(
        error.message,
        `Package "app>bad" cannot load ${filename}: syntax error at ${where}: Unexpected token. ` +
          'Fix the file (or use a version of the package that parses), and check that its module format ' +
          '(its extension, or "type" in its package.json) is the one it is written in.',
      );
    }
    // The line and column are where Node's own parser points: the caret's line and column.
    const node = spawnSync(process.execPath, [atApp('node_modules/bad-cjs/index.js')], { encoding: 'utf8' });
    assert.match(node.stderr, /index\.js:4\n {2}c: 2,,\n {7}\^/);
  });

  test('readCompileMessage reads both parsers\' positions, a line alone, or none', () => {
    assert.deepEqual(readCompileMessage('Unexpected token at file:///p/x.js:3:23'), { reason: 'Unexpected token', position: { line: 3, column: 23 } });
    assert.deepEqual(readCompileMessage('Error transforming CJS source in "file:///p/a \\"b\\".js": Unexpected token (3:7)'), {
      reason: 'Unexpected token',
      position: { line: 3, column: 8 },
    });
    assert.deepEqual(readCompileMessage('Possible HTML comment rejected at file:///p/x.js:12'), {
      reason: 'Possible HTML comment rejected',
      position: { line: 12, column: undefined },
    });
    assert.deepEqual(readCompileMessage('Error transforming source in "file:///p/x.js": Illegal identifier $h\u200d_x'), {
      reason: 'Illegal identifier $h\u200d_x',
      position: undefined,
    });
    const site = { packageLabel: '$root$', filename: '/p/x.js' };
    const notSyntax = compileError(RangeError('too deep'), site);
    assert.equal(notSyntax.name, 'Error');
    assert.match(notSyntax.message, /^Package "\$root\$" cannot load \/p\/x\.js: syntax error: too deep\. Fix the file/);
    // compiling() explains syntax errors only: a file that cannot be read is not one.
    const unreadable = Object.assign(Error('ENOENT: no such file'), { code: 'ENOENT' });
    assert.throws(() => compiling(site, () => { throw unreadable; }), error => error === unreadable);
    assert.throws(() => compiling(site, () => new ModuleSource('export default (;', 'file:///p/x.js')), {
      name: 'SyntaxError',
      message: /^Package "\$root\$" cannot load \/p\/x\.js: syntax error at line 1, column 17: Unexpected token\. /,
    });
    assert.equal(compiling(site, () => 42), 42);
  });

  test('unlinkedReachError names the package, the file, the specifier, and the package.json to add the dependency to', () => {
    const from = { label: '$root$', name: 'app', location: pathToFileURL(app).href + '/' };
    const referrer = atApp('undeclared.cjs');
    const target = atApp('node_modules/hidden/index.js');
    const outside = unlinkedReachError(from, referrer, 'hidden', 'cjs', target, undefined, atApp('node_modules/hidden'));
    assert.equal(
      outside.message,
      `Package "$root$" may not reach ${atApp('node_modules/hidden')}, which is not a package of the compartment map: ` +
        `${referrer} requires "hidden", which resolves to ${target}. A package may load only the packages its package.json ` +
        `declares (Node finds this one only because it is installed nearby): add "hidden" to the "dependencies" of ${atApp('package.json')}, or stop using it.`,
    );
    const hidden = { label: 'dep>hidden', name: 'hidden', location: pathToFileURL(atApp('node_modules/hidden')).href + '/' };
    const mapped = unlinkedReachError(from, atApp('undeclared.mjs'), '@scope/hidden/x.js', 'esm', target, hidden, undefined);
    assert.match(mapped.message, /^Package "\$root\$" may not reach package "dep>hidden": .*undeclared\.mjs imports "@scope\/hidden\/x\.js", which resolves to /);
    assert.match(mapped.message, /"hidden" is not among the dependencies of "\$root\$"\. .*add "hidden" to the "dependencies"/);
    const byPath = unlinkedReachError(from, referrer, '../elsewhere/x.js', 'esm', '/elsewhere/x.js', undefined, undefined);
    assert.match(byPath.message, /may not reach \/elsewhere\/x\.js, which is not a package of the compartment map: .*import that module by its package name/);
  });

  test('property: random package.json texts never crash the graph builder or the resolver, nor hang them', () => {
    const child = spawnSync(process.execPath, [thisFile], {
      encoding: 'utf8',
      env: { ...process.env, ENDO_MAPPER_ERRORS_CHILD: 'property' },
      timeout: 240_000,
    });
    assert.equal(child.error, undefined, 'the property run hung (timed out)');
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as { ok: boolean; runs?: number; report?: string };
    assert.ok(result.ok, result.report);
    assert.ok(result.runs! >= 100, `only ${result.runs} runs`);
  });
}
