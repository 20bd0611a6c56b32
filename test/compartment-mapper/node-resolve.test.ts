// Differential tests of Node resolution: every (referrer, specifier) below is
// resolved by our resolver and by Node itself (in child processes), for both
// `import` and `require`, over the hand-written tree in
// test/fixtures/resolution (an app whose node_modules exercises each rule).
// Paths, builtins and error codes must agree, except for the few deviations
// listed with their reasons, where the test also pins what Node does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { makeNodeResolver, type ResolveReadPowers } from '../../src/compartment-mapper/node-resolve.js';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';
import { nodeImportOutcomes, nodeRequireOutcomes, type Outcome } from './node-resolve-oracle.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = join(repositoryRoot, 'test/fixtures/resolution');
const app = join(fixture, 'app');
const nm = join(app, 'node_modules');

// The symlinked package: git keeps the link, but a checkout that turned it
// into a plain file (or lost it) is repaired here.
const linkPath = join(nm, 'linked');
const ensureSymlink = () => {
  const stat = fs.lstatSync(linkPath, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return;
  if (stat !== undefined) fs.rmSync(linkPath, { recursive: true, force: true });
  fs.symlinkSync('../../linked-src', linkPath, 'dir');
};
ensureSymlink();

const appReferrer = join(app, 'src/referrer.js');

/** Specifiers per referrer (relative to the fixture); each is resolved both as an import and as a require. */
const cases: Record<string, string[]> = {
  'app/src/referrer.js': [
    // Relative and absolute paths: exact names for import, extension search and directories for require.
    './sibling.js', './sibling', './sibling.json', './sibling.node', './noext', './both', './both.js',
    './dir', './dir/', './dir/index.js', './json-index', './dir-with-pkg', './bad-main-dir', './bad-main-noindex',
    './missing.js', './missing', '../src/sibling.js', '../../outside.js', './pct%41.js', './pct%2541.js',
    './lib%2Fa.js', './sibling.js?query#hash', './only-json', './shadow', './shadow/', '.', '..', './',
    join(app, 'src/sibling.js'), join(app, 'src/sibling'), pathToFileURL(join(app, 'src/sibling.js')).href,
    'file://host/x.js', 'file:///nonexistent/x.js', '..x', '.hidden',
    // Package imports (#name).
    '#internal', '#lib/a', '#lib/sub/b', '#lib/private/hidden', '#lib/missing', '#cond', '#dep', '#dep/feature',
    '#fs', '#node-fs', '#arr', '#escape', '#nm', '#missing', '#dir', '#dots/../outside', '#dots/./main.js',
    '#dots/main.js', '#abs', '#undefined', '#', '#/x', '#lib/',
    // Self-reference.
    'app', 'app/feature', 'app/missing', 'app/src/main.js',
    // Exports: conditions, nesting, arrays, null, patterns, invalid targets.
    'dual', 'dual/feature', 'dual/package.json', 'dual/lib/one', 'dual/lib/one.js', 'dual/lib/deep/two',
    'dual/lib/private/secret', 'dual/unexported.js', 'dual/missing', 'dual/dir', 'dual/lib/../unexported',
    'nested-cond', 'nested-cond/fallback-only', 'nested-cond/sync',
    'arrays', 'arrays/second', 'arrays/only-invalid', 'arrays/all-null', 'arrays/null-then-good', 'arrays/empty',
    'arrays/missing-first', 'arrays/number', 'arrays/number-in-array',
    'patterns/a', 'patterns/b/c', 'patterns/features/x.js', 'patterns/features/internal/y.js',
    'patterns/assets/logo.svg', 'patterns/exact', 'patterns/folder/exact.js', 'patterns/bad-target',
    'patterns/nm-target', 'patterns/dots-target', 'patterns/abs', 'patterns/no-dot-slash',
    'patterns/dots/../package.json', 'patterns/dots/node_modules/x', 'patterns/dots/a.js', 'patterns/url-target',
    'patterns/subdir/b/index', 'patterns/two-stars/b/c', 'patterns/missing', 'patterns', 'patterns/',
    'patterns/a/', 'patterns/%2e%2e/x', 'patterns/b%2Fc',
    // main, index, extension search, shapes of exports.
    'mainonly', 'mainonly/lib/other', 'mainonly/lib/other.js', 'mainonly/index.js', 'mainless', 'mainless/extra',
    'mainless/extra.js', 'nopkg', 'nopkg/sub.js', 'nopkg/sub', 'maindir', 'main-missing', 'main-missing-noindex',
    'main-json', 'main-wrong-type', 'esm-sugar', 'esm-sugar/other.js', 'cond-sugar', 'mixed-keys', 'numeric-cond',
    'exports-null', 'exports-number', 'exports-empty', 'broken-json', 'broken-json/index.js', 'array-json',
    // Scopes, versions, symlinks, aliases.
    '@scope/pkg', '@scope/pkg/sub', '@scope/pkg/index.js', '@scope/plain', '@scope/plain/extra', '@scope',
    '@scope/', '@scope/missing', 'versioned', 'uses-versioned', 'self-ref', 'self-ref/util', 'linked',
    'linked/more', 'linked/index.js', 'alias', 'real-name', 'type-split/lib/x.js',
    // Builtins, schemes, malformed names.
    'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'node:test', 'test', 'node:nope', 'fs/nope', '_http_agent',
    'data:text/javascript,export default 1', 'https://example.com/x.js', 'missing-package', '', 'bad\\name',
    'bad%name', 'C:\\x',
  ],
  'app/src/nested/deep/ref.js': ['../../main.js', 'dual', '#internal', 'app/feature', '../../../node_modules/dual/esm/index.js', 'versioned'],
  'app/node_modules/self-ref/lib/ref.js': [
    'self-ref', 'self-ref/util', 'self-ref/hidden.js', '#own', '#up', '#missing', '../util.js', 'versioned', 'dual',
  ],
  'app/node_modules/uses-versioned/lib/deep.js': ['versioned', 'dual', '../index.js', 'uses-versioned', 'uses-versioned/lib/deep'],
  'app/node_modules/dual/esm/index.js': ['dual', 'dual/feature', 'versioned', '../cjs/index.cjs', '#x', 'dual/unexported.js'],
  'linked-src/index.js': ['linked/more', 'linked', './more', 'dual', '#x'],
  'app/node_modules/nopkg/index.js': ['#x', 'app', './sub', 'nopkg/sub'],
  'app/node_modules/@scope/pkg/index.js': ['@scope/pkg/sub', '@scope/plain', '../plain/main.js', 'dual'],
};

type Kind = 'import' | 'require';

/**
 * Where we differ from Node on purpose. Each entry pins what Node does (so the
 * test fails if Node changes) and what we do instead.
 */
const deviations: Record<string, { node: Outcome; ours: Outcome; why: string }> = {
  'import app/src/referrer.js data:text/javascript,export default 1': {
    node: { url: 'data:text/javascript,export default 1' },
    ours: { code: 'ERR_UNSUPPORTED_ESM_URL_SCHEME' },
    why: 'a data: module belongs to no package, so no policy can confine it',
  },
  'require app/src/referrer.js broken-json': {
    node: { code: 'NO_CODE' },
    ours: { code: 'ERR_INVALID_PACKAGE_CONFIG' },
    why: "Node's CommonJS loader throws a bare Error for unparsable package.json; we give it a code",
  },
  'require app/src/referrer.js broken-json/index.js': {
    node: { code: 'NO_CODE' },
    ours: { code: 'ERR_INVALID_PACKAGE_CONFIG' },
    why: "Node's CommonJS loader throws a bare Error for unparsable package.json; we give it a code",
  },
};

const resolver = makeNodeResolver(makeSyncReadPowers(fs));

const ourOutcome = (kind: Kind, specifier: string, referrer: string): Outcome => {
  try {
    const result =
      kind === 'import' ? resolver.resolveImport(specifier, referrer) : resolver.resolveRequire(specifier, referrer);
    return result.kind === 'file' ? { path: result.path } : { builtin: result.name };
  } catch (error) {
    assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
    const code = (error as { code?: unknown }).code;
    assert.equal(typeof code, 'string', `error without a code: ${error.stack}`);
    return { code: code as string };
  }
};

const relative = (outcome: Outcome): Outcome =>
  'path' in outcome ? { path: outcome.path.startsWith(fixture) ? outcome.path.slice(fixture.length + 1) : outcome.path } : outcome;

const referrers = Object.keys(cases);
const requireCases = referrers.flatMap(referrer => cases[referrer]!.map(specifier => [join(fixture, referrer), specifier] as const));
const nodeRequire = nodeRequireOutcomes(requireCases);
const nodeImport = new Map(referrers.map(referrer => [referrer, nodeImportOutcomes(join(fixture, referrer), cases[referrer]!)]));

let compared = 0;
for (const referrer of referrers) {
  for (const kind of ['import', 'require'] as const) {
    test(`${kind} from ${referrer} agrees with Node`, () => {
      const specifiers = cases[referrer]!;
      const offset = requireCases.findIndex(([path]) => path === join(fixture, referrer));
      const mismatches: string[] = [];
      specifiers.forEach((specifier, index) => {
        const node = kind === 'import' ? nodeImport.get(referrer)![index]! : nodeRequire[offset + index]!;
        const ours = ourOutcome(kind, specifier, join(fixture, referrer));
        const deviation = deviations[`${kind} ${referrer} ${specifier}`];
        const label = `${kind} ${JSON.stringify(specifier)} from ${referrer}`;
        const differs = (a: Outcome, b: Outcome) => JSON.stringify(relative(a)) !== JSON.stringify(relative(b));
        if (deviation !== undefined) {
          if (differs(node, deviation.node)) mismatches.push(`${label}: Node now gives ${JSON.stringify(node)}; revisit the deviation`);
          if (differs(ours, deviation.ours)) mismatches.push(`${label}: we give ${JSON.stringify(ours)}, meant ${JSON.stringify(deviation.ours)}`);
        } else if (differs(ours, node)) {
          mismatches.push(`${label}: we give ${JSON.stringify(relative(ours))}, Node ${JSON.stringify(relative(node))}`);
        }
        compared += 1;
      });
      assert.deepEqual(mismatches, []);
    });
  }
}

test('the differential covers every case both ways', () => {
  assert.equal(compared, requireCases.length * 2);
  assert.ok(compared > 400, `only ${compared} comparisons`);
});

test('results name the package a file belongs to', () => {
  const at = (kind: Kind, specifier: string, referrer = appReferrer) =>
    kind === 'import' ? resolver.resolveImport(specifier, referrer) : resolver.resolveRequire(specifier, referrer);
  assert.deepEqual(at('import', 'dual'), {
    kind: 'file',
    path: join(nm, 'dual/esm/index.js'),
    packageDirectory: join(nm, 'dual'),
    packageName: 'dual',
  });
  assert.deepEqual(at('require', 'dual'), {
    kind: 'file',
    path: join(nm, 'dual/cjs/index.cjs'),
    packageDirectory: join(nm, 'dual'),
    packageName: 'dual',
  });
  assert.deepEqual(at('import', '@scope/pkg/sub'), {
    kind: 'file',
    path: join(nm, '@scope/pkg/sub.js'),
    packageDirectory: join(nm, '@scope/pkg'),
    packageName: '@scope/pkg',
  });
  // The nested copy wins from inside its dependent.
  const nested = at('require', 'versioned', join(nm, 'uses-versioned/index.js'));
  assert.equal(nested.kind === 'file' && nested.packageDirectory, join(nm, 'uses-versioned/node_modules/versioned'));
  // A symlinked package resolves to its real folder and its package.json name.
  assert.deepEqual(at('import', 'linked/more'), {
    kind: 'file',
    path: join(fixture, 'linked-src/more.js'),
    packageDirectory: join(fixture, 'linked-src'),
    packageName: 'linked',
  });
  // A package.json that only sets "type" does not make a package.
  const split = at('import', 'type-split/lib/x.js');
  assert.equal(split.kind === 'file' && split.packageDirectory, join(nm, 'type-split'));
  // An alias is named by its folder, the name its importers use.
  const alias = at('require', 'alias');
  assert.equal(alias.kind === 'file' && alias.packageName, 'alias');
  // The application's own files belong to the application.
  assert.deepEqual(at('import', './sibling.js'), {
    kind: 'file',
    path: join(app, 'src/sibling.js'),
    packageDirectory: app,
    packageName: 'app',
  });
  assert.deepEqual(at('import', 'node:fs/promises'), { kind: 'builtin', name: 'fs/promises' });
  assert.deepEqual(at('require', 'node:test'), { kind: 'builtin', name: 'test' });
});

test('errors name the specifier, the referrer and the package, and say what to do', () => {
  const messageOf = (thunk: () => unknown) => {
    try {
      thunk();
    } catch (error) {
      return (error as Error).message;
    }
    assert.fail('expected a throw');
  };
  const notExported = messageOf(() => resolver.resolveImport('dual/unexported.js', appReferrer));
  assert.match(notExported, /"\.\/unexported\.js"/);
  assert.match(notExported, /dual\/package\.json/);
  assert.ok(notExported.includes(appReferrer));
  assert.match(notExported, /Import one of the subpaths/);
  const noExtension = messageOf(() => resolver.resolveImport('./sibling', appReferrer));
  assert.match(noExtension, /did you mean "\.\/sibling\.js"\?/);
  const broken = messageOf(() => resolver.resolveRequire('broken-json', appReferrer));
  assert.ok(broken.includes(join(nm, 'broken-json/package.json')));
  assert.match(broken, /not valid JSON/);
  const missing = messageOf(() => resolver.resolveRequire('missing-package', appReferrer));
  assert.match(missing, /"missing-package"/);
  assert.match(missing, /Install the package/);
  const invalid = messageOf(() => resolver.resolveImport('patterns/bad-target', appReferrer));
  assert.match(invalid, /"\.\.\/outside\.js"/);
  assert.match(invalid, /start with "\.\/"/);
});

test('the referrer must be an absolute path', () => {
  assert.throws(() => resolver.resolveImport('./x.js', 'relative/ref.js'), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => resolver.resolveRequire('./x.js', pathToFileURL(appReferrer).href), { code: 'ERR_INVALID_ARG_VALUE' });
});

// Property: over a virtual tree whose package.json files hold arbitrary text
// or arbitrary JSON (exports, imports, main, name of any shape), resolution
// either answers or throws an Error with a string code; nothing else escapes.

/** Read powers over an in-memory tree of files (path → text); folders are implied. */
const memoryPowers = (files: Map<string, string>): ResolveReadPowers => {
  const isDirectory = (path: string) => {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  };
  return {
    readFileText: path => files.get(path),
    isFile: path => files.has(path),
    isDirectory,
    realPath: path => resolve(path),
  };
};

const key = fc.oneof(
  fc.constantFrom('.', './a', './a/*', './*', './*.js', 'import', 'require', 'node', 'default', '0', '#a', '#a/*', '#*', './a/', ''),
  fc.string({ maxLength: 6 }),
);
const target = fc.oneof(
  fc.constantFrom('./a.js', './x/*.js', '../up.js', './node_modules/a.js', '/abs.js', 'dep', 'dep/*', 'node:fs', 'fs', './%2e%2e/a.js', './a/../b.js'),
  fc.string({ maxLength: 8 }),
);
const json: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    target,
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const packageJsonText = fc.oneof(
  fc.record(
    { name: fc.oneof(fc.constantFrom('pkg', 'dep'), json), main: json, exports: json, imports: json },
    { requiredKeys: [] },
  ).map(fields => JSON.stringify(fields)),
  fc.string({ maxLength: 30 }),
  json.map(value => JSON.stringify(value) ?? 'null'),
);

const specifier = fc.oneof(
  fc.constantFrom('pkg', 'pkg/a', 'pkg/a.js', 'pkg/x/y', 'dep', '#a', '#a/b', '#', './a.js', '../a.js', '.', 'node:fs', 'fs', 'pkg/', '@s/p', 'file:///r/a.js'),
  fc.string({ maxLength: 10 }),
);

test('arbitrary package.json files never make the resolver throw anything but a coded Error', () => {
  fc.assert(
    fc.property(packageJsonText, packageJsonText, specifier, fc.boolean(), (pkgText, appText, spec, asImport) => {
      const files = new Map([
        ['/r/package.json', appText],
        ['/r/a.js', ''],
        ['/r/node_modules/pkg/package.json', pkgText],
        ['/r/node_modules/pkg/a.js', ''],
        ['/r/node_modules/pkg/x/y.js', ''],
        ['/r/node_modules/pkg/index.js', ''],
        ['/r/node_modules/dep/package.json', pkgText],
        ['/r/node_modules/dep/index.js', ''],
      ]);
      const virtual = makeNodeResolver(memoryPowers(files));
      try {
        if (asImport) virtual.resolveImport(spec, '/r/a.js');
        else virtual.resolveRequire(spec, '/r/a.js');
      } catch (error) {
        assert.ok(error instanceof Error, `non-Error thrown: ${String(error)}`);
        assert.equal(typeof (error as { code?: unknown }).code, 'string', `no code: ${error.stack}`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('deeply nested conditions are refused with a code, not a stack overflow', () => {
  const depth = 20000;
  const exports = `${'{"node":'.repeat(depth)}"./a.js"${'}'.repeat(depth)}`;
  const files = new Map([
    ['/r/a.js', ''],
    ['/r/node_modules/pkg/package.json', `{"exports":${exports}}`],
    ['/r/node_modules/pkg/a.js', ''],
  ]);
  const virtual = makeNodeResolver(memoryPowers(files));
  assert.throws(() => virtual.resolveImport('pkg', '/r/a.js'), { code: 'ERR_INVALID_PACKAGE_CONFIG' });
});
