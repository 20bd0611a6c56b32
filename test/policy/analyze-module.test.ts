// analyzeModule: one probe per form of global, builtin, package, dynamic
// and native use, in CommonJS and as an ES module, each with its exact
// expected result; then the same probes through LavaMoat's own inspector
// (lavamoat-tofu, run as lavamoat-core's generatePolicy runs it), asserting
// per probe either agreement or LavaMoat's documented mistake; then a
// property: no text makes the analyzer crash.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { analyzeModule, type ModuleAnalysis } from '../../src/policy/analyze-module.js';

interface Summary {
  globals: Record<string, 'read' | 'write'>;
  builtins: Record<string, 'whole' | string[]>;
  packages: string[];
  dynamic: { kind: 'require' | 'import'; line: number; column: number }[];
  native: boolean;
}

const summarize = (result: ModuleAnalysis): Summary => ({
  globals: Object.fromEntries([...result.globals].sort(([a], [b]) => (a < b ? -1 : 1))),
  builtins: Object.fromEntries(
    [...result.builtins].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, members]) => [name, members === 'whole' ? 'whole' : [...members].sort()]),
  ),
  packages: [...result.packages].sort(),
  dynamic: result.dynamic,
  native: result.native,
});

const empty: Summary = { globals: {}, builtins: {}, packages: [], dynamic: [], native: false };

/** LavaMoat's globals and builtin keys for a module, as a policy would hold them. */
interface LavaMoatView {
  globals: Record<string, 'read' | 'write' | true>;
  builtin: string[];
}

interface Probe {
  name: string;
  cjs?: string;
  esm?: string;
  expected: Partial<Summary>;
  /** What LavaMoat finds: 'agree', or its result and the documented mistake it shows. */
  lavamoat: 'agree' | { cjs?: LavaMoatView; esm?: LavaMoatView; mistake: string };
}

const probes: Probe[] = [
  // Globals.
  {
    name: 'a member chain of a free global',
    cjs: `Buffer.from('a'); console.log('b');`,
    esm: `Buffer.from('a'); console.log('b');`,
    expected: { globals: { 'Buffer.from': 'read', 'console.log': 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'globalThis and global name the global object',
    cjs: `globalThis.fetch('u'); global.setTimeout(() => {});`,
    esm: `globalThis.fetch('u'); global.setTimeout(() => {});`,
    expected: { globals: { fetch: 'read', setTimeout: 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'window is a free name in Node code, not the global object',
    cjs: `if (typeof window !== 'undefined') window.fetch('u');`,
    esm: `if (typeof window !== 'undefined') window.fetch('u');`,
    expected: { globals: { 'window.fetch': 'read' } },
    lavamoat: { cjs: { globals: { fetch: 'read' }, builtin: [] }, esm: { globals: { fetch: 'read' }, builtin: [] }, mistake: 'window.x taken as the global x in Node code' },
  },
  {
    name: 'an alias of the global object is followed',
    cjs: `const g = globalThis; g.fetch('u');`,
    esm: `const g = globalThis; g.fetch('u');`,
    expected: { globals: { fetch: 'read' } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, esm: { globals: {}, builtin: [] }, mistake: 'aliases not followed' },
  },
  {
    name: 'the UMD global-object idiom is followed through both branches',
    cjs: `var root = typeof globalThis === 'object' ? globalThis : global; root.setImmediate(() => {});`,
    esm: `var root = typeof globalThis === 'object' ? globalThis : global; root.setImmediate(() => {});`,
    expected: { globals: { setImmediate: 'read' } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, esm: { globals: {}, builtin: [] }, mistake: 'aliases not followed' },
  },
  {
    name: 'an alias of a global is followed',
    cjs: `const p = process; p.env.HOME;`,
    esm: `const p = process; p.env.HOME;`,
    expected: { globals: { 'process.env.HOME': 'read' } },
    lavamoat: { cjs: { globals: { process: 'read' }, builtin: [] }, esm: { globals: { process: 'read' }, builtin: [] }, mistake: 'aliases not followed (the whole global granted)' },
  },
  {
    name: 'destructuring a global gives one path per name',
    cjs: `const { env: { HOME }, argv } = process; [HOME, argv];`,
    esm: `const { env: { HOME }, argv } = process; [HOME, argv];`,
    expected: { globals: { 'process.argv': 'read', 'process.env.HOME': 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'a method call on a path stops the path before it',
    cjs: `process.env.DEBUG.split(','); process.env.NODE_ENV.length;`,
    esm: `process.env.DEBUG.split(','); process.env.NODE_ENV.length;`,
    expected: { globals: { 'process.env.DEBUG': 'read', 'process.env.NODE_ENV': 'read' } },
    lavamoat: {
      cjs: { globals: { 'process.env.DEBUG.split': 'read', 'process.env.NODE_ENV.length': 'read' }, builtin: [] },
      esm: { globals: { 'process.env.DEBUG.split': 'read', 'process.env.NODE_ENV.length': 'read' }, builtin: [] },
      mistake: 'a method call (and a string property) kept in the env path',
    },
  },
  {
    name: 'a computed access cuts the path',
    cjs: `const k = 'A'; process.env[k]; globalThis[k];`,
    esm: `const k = 'A'; process.env[k]; globalThis[k];`,
    expected: { globals: { 'process.env': 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'a name seen only in a typeof test adds nothing',
    cjs: `if (typeof fetch === 'function') {} typeof Deno;`,
    esm: `if (typeof fetch === 'function') {} typeof Deno;`,
    expected: {},
    lavamoat: { cjs: { globals: { Deno: 'read', fetch: 'read' }, builtin: [] }, esm: { globals: { Deno: 'read', fetch: 'read' }, builtin: [] }, mistake: 'typeof-only names granted' },
  },
  {
    name: 'the CommonJS wrapper names are not globals',
    cjs: `module.exports = __dirname + __filename; exports.a = require.resolve('./x'); arguments.length;`,
    expected: {},
    lavamoat: { cjs: { globals: { __dirname: 'read', __filename: 'read' }, builtin: [] }, mistake: '__dirname and __filename taken as globals' },
  },
  {
    name: 'what a compartment already has adds nothing',
    cjs: `JSON.parse('1'); Object.keys({}); new Map(); Promise.resolve(); Math.floor(1.5); new Date(0); Date.UTC(1); TextEncoder; Symbol.iterator;`,
    esm: `JSON.parse('1'); Object.keys({}); new Map(); Promise.resolve(); Math.floor(1.5); new Date(0); Date.UTC(1); TextEncoder; Symbol.iterator;`,
    expected: {},
    lavamoat: {
      cjs: { globals: { TextEncoder: 'read' }, builtin: [] },
      esm: { globals: { TextEncoder: 'read' }, builtin: [] },
      mistake: 'not a mistake: TextEncoder is a host global to LavaMoat, our compartments share it',
    },
  },
  {
    name: 'the clock and randomness, which compartments lack, are globals',
    cjs: `Date.now(); Math.random();`,
    esm: `Date.now(); Math.random();`,
    expected: { globals: { 'Date.now': 'read', 'Math.random': 'read' } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, esm: { globals: {}, builtin: [] }, mistake: 'time and randomness not granted (Date and Math are intrinsics to it)' },
  },
  {
    name: 'a Date made with no arguments reads the clock',
    cjs: `new Date(); Date();`,
    esm: `new Date(); Date();`,
    expected: { globals: { Date: 'read' } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, esm: { globals: {}, builtin: [] }, mistake: 'time not granted' },
  },
  {
    name: 'Float64Array is not shared by compartments',
    cjs: `new Float64Array(1);`,
    esm: `new Float64Array(1);`,
    expected: { globals: { Float64Array: 'read' } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, esm: { globals: {}, builtin: [] }, mistake: 'not a difference of LavaMoat: its compartments share Float64Array' },
  },
  {
    name: 'a top-level write',
    cjs: `counter = 1; globalThis.shared = 2; delete global.old;`,
    esm: `counter = 1; globalThis.shared = 2; delete global.old;`,
    expected: { globals: { counter: 'write', old: 'write', shared: 'write' } },
    lavamoat: { cjs: { globals: { counter: 'write', old: 'read', shared: 'write' }, builtin: [] }, esm: { globals: { counter: 'write', old: 'read', shared: 'write' }, builtin: [] }, mistake: 'delete not taken as a write' },
  },
  {
    name: 'a nested write records its path',
    cjs: `process.exitCode = 1;`,
    esm: `process.exitCode = 1;`,
    expected: { globals: { 'process.exitCode': 'write' } },
    lavamoat: { cjs: { globals: { process: true }, builtin: [] }, esm: { globals: { process: true }, builtin: [] }, mistake: 'a nested write turned into all of process (#1551)' },
  },
  {
    name: 'x and x.y both used keep x',
    cjs: `const f = () => {}; process.on('exit', f); console.log(process);`,
    esm: `const f = () => {}; process.on('exit', f); console.log(process);`,
    expected: { globals: { 'console.log': 'read', process: 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'a write wins over a read of the same name',
    cjs: `counter; counter = 1;`,
    esm: `counter; counter = 1;`,
    expected: { globals: { counter: 'write' } },
    lavamoat: 'agree',
  },
  {
    name: 'bound names are not globals: parameters, hoisting, catch, classes, blocks',
    cjs: `function f(process) { return process.x } f(); later(); function later() {} try {} catch (URL) { URL.x } class Buffer {} Buffer.from; { let fetch = 1; fetch; } var setTimeout; setTimeout; (function console() { console.log })();`,
    esm: `function f(process) { return process.x } f(); later(); function later() {} try {} catch (URL) { URL.x } class Buffer {} Buffer.from; { let fetch = 1; fetch; } var setTimeout; setTimeout; (function console() { console.log })();`,
    expected: {},
    lavamoat: 'agree',
  },
  {
    name: 'a block-scoped name does not hide the global outside its block',
    cjs: `{ let fetch = 1; fetch; } fetch('u');`,
    esm: `{ let fetch = 1; fetch; } fetch('u');`,
    expected: { globals: { fetch: 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'an import binds its name',
    esm: `import { fetch } from 'undici'; fetch('u');`,
    expected: { packages: ['undici'] },
    lavamoat: 'agree',
  },
  // Builtins.
  {
    name: 'a builtin member',
    cjs: `require('fs').readFileSync('f');`,
    esm: `import { readFileSync } from 'fs'; readFileSync('f');`,
    expected: { builtins: { fs: ['readFileSync'] } },
    lavamoat: 'agree',
  },
  {
    name: 'the node: prefix names the same builtin',
    cjs: `require('node:fs').readFileSync('f');`,
    esm: `import { readFileSync } from 'node:fs'; readFileSync('f');`,
    expected: { builtins: { fs: ['readFileSync'] } },
    lavamoat: { cjs: { globals: {}, builtin: ['node:fs.readFileSync'] }, esm: { globals: {}, builtin: ['node:fs.readFileSync'] }, mistake: 'node:fs and fs are different names (#652)' },
  },
  {
    name: 'destructuring a builtin, nested',
    cjs: `const { readFile, promises: { stat } } = require('fs'); readFile(); stat();`,
    esm: `import fs from 'fs'; const { readFile, promises: { stat } } = fs; readFile(); stat();`,
    expected: { builtins: { fs: ['promises.stat', 'readFile'] } },
    lavamoat: { esm: { globals: {}, builtin: ['fs'] }, mistake: 'ES module imports not followed' },
  },
  {
    name: 'the member uses of a bound builtin',
    cjs: `const fs = require('fs'); fs.readFile('a', () => {}); fs.promises.stat('b');`,
    esm: `import fs from 'fs'; fs.readFile('a', () => {}); fs.promises.stat('b');`,
    expected: { builtins: { fs: ['promises.stat', 'readFile'] } },
    lavamoat: { esm: { globals: {}, builtin: ['fs'] }, mistake: 'ES module imports not followed' },
  },
  {
    name: 'a namespace import is followed',
    esm: `import * as path from 'node:path'; path.join('a', 'b');`,
    expected: { builtins: { path: ['join'] } },
    lavamoat: { esm: { globals: {}, builtin: ['node:path'] }, mistake: 'ES module imports not followed' },
  },
  {
    name: 'a builtin passed on is used whole',
    cjs: `const fs = require('fs'); module.exports = fs;`,
    esm: `import fs from 'fs'; export default fs;`,
    expected: { builtins: { fs: 'whole' } },
    lavamoat: 'agree',
  },
  {
    name: 'import() of a builtin is the whole builtin',
    cjs: `import('fs').then((fs) => fs);`,
    esm: `await import('fs');`,
    expected: { builtins: { fs: 'whole' } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, esm: { globals: {}, builtin: [] }, mistake: 'import() not seen' },
  },
  {
    name: 'a builtin loaded for nothing has no members',
    cjs: `require('fs');`,
    esm: `import 'fs';`,
    expected: { builtins: { fs: [] } },
    // An empty member set reads as the bare name in LavaMoat's terms (asLavaMoatView).
    lavamoat: 'agree',
  },
  {
    name: 'a call on a member stops the builtin path',
    cjs: `require('fs').readFileSync('f').toString();`,
    esm: `import { readFileSync } from 'fs'; readFileSync('f').toString();`,
    expected: { builtins: { fs: ['readFileSync'] } },
    lavamoat: 'agree',
  },
  {
    name: 're-exports of builtins',
    esm: `export { readFile } from 'fs'; export * from 'path';`,
    expected: { builtins: { fs: ['readFile'], path: 'whole' } },
    lavamoat: 'agree',
  },
  {
    name: 'process.binding is a global, not a builtin',
    cjs: `process.binding('fs');`,
    esm: `process.binding('fs');`,
    expected: { globals: { 'process.binding': 'read' } },
    lavamoat: 'agree',
  },
  {
    name: 'require made by createRequire in an ES module',
    esm: `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); require('os').cpus(); require('ws');`,
    expected: { builtins: { module: ['createRequire'], os: ['cpus'] }, packages: ['ws'] },
    lavamoat: { esm: { globals: {}, builtin: ['node:module.createRequire'] }, mistake: 'no ES module require followed (and node: kept)' },
  },
  {
    name: 'an alias of require',
    cjs: `const load = require; load('os').cpus();`,
    expected: { builtins: { os: ['cpus'] } },
    lavamoat: { cjs: { globals: {}, builtin: [] }, mistake: 'aliases not followed' },
  },
  // Packages, dynamic requests, native code.
  {
    name: 'bare specifiers are packages',
    cjs: `require('lodash/fp'); require('./local'); require('@scope/pkg'); require('#internal'); require('fs'); require('/abs');`,
    esm: `import 'lodash/fp'; import './local.js'; import '@scope/pkg'; import '#internal'; import 'fs'; import 'file:///abs.js';`,
    expected: { builtins: { fs: [] }, packages: ['@scope/pkg', 'lodash/fp'] },
    // An empty member set reads as the bare name in LavaMoat's terms (asLavaMoatView).
    lavamoat: 'agree',
  },
  {
    name: 'computed specifiers are listed with their place',
    cjs: `const name = 'x';\nrequire(name);\n  import(name);`,
    esm: `const name = 'x';\nimport(name);\n  import(\`\${name}\`);`,
    expected: {},
    lavamoat: 'agree',
  },
  {
    name: 'a .node file is native code',
    cjs: `require('./build/Release/addon.node');`,
    esm: `import { createRequire } from 'module'; createRequire(import.meta.url)('./addon.node');`,
    expected: { native: true },
    lavamoat: 'agree',
  },
  {
    name: 'bindings and node-gyp-build load native code',
    cjs: `require('bindings')('addon'); require('node-gyp-build')(__dirname);`,
    esm: `import bindings from 'bindings'; bindings('addon');`,
    expected: { native: true },
    lavamoat: { cjs: { globals: { __dirname: 'read' }, builtin: [] }, mistake: '__dirname taken as a global' },
  },
];

// The expectations that differ between the forms of one probe.
const formSpecific: Record<string, { cjs?: Partial<Summary>; esm?: Partial<Summary> }> = {
  'computed specifiers are listed with their place': {
    cjs: { dynamic: [{ kind: 'require', line: 2, column: 1 }, { kind: 'import', line: 3, column: 3 }] },
    esm: { dynamic: [{ kind: 'import', line: 2, column: 1 }, { kind: 'import', line: 3, column: 3 }] },
  },
  'a .node file is native code': { esm: { builtins: { module: ['createRequire'] } } },
  'bindings and node-gyp-build load native code': { cjs: { packages: ['bindings', 'node-gyp-build'] }, esm: { packages: ['bindings'] } },
};

const forms = (probe: Probe): ['cjs' | 'esm', string][] =>
  (['cjs', 'esm'] as const).filter((kind) => probe[kind] !== undefined).map((kind) => [kind, probe[kind]!]);

for (const probe of probes) {
  for (const [kind, source] of forms(probe)) {
    test(`${kind}: ${probe.name}`, () => {
      const expected = { ...empty, ...probe.expected, ...formSpecific[probe.name]?.[kind] };
      assert.deepEqual(summarize(analyzeModule(source, { kind, filename: `probe.${kind === 'cjs' ? 'cjs' : 'mjs'}` })), expected);
    });
  }
}

test('cjs: a hashbang and a top-level return', () => {
  const result = analyzeModule('#!/usr/bin/env node\nif (process.argv.length < 3) return;\nprocess.exit(1);', { kind: 'cjs', filename: 'bin.js' });
  assert.deepEqual(summarize(result), { ...empty, globals: { 'process.argv': 'read', 'process.exit': 'read' } });
});

test('a syntax error names the file, line and column', () => {
  assert.throws(() => analyzeModule('const a = 1;\nlet x = ;', { kind: 'cjs', filename: 'lib/bad.js' }), {
    name: 'SyntaxError',
    message: /^Cannot analyze lib\/bad\.js:2:9 \(CommonJS\): /,
  });
  assert.throws(() => analyzeModule('return 1;', { kind: 'esm', filename: 'lib/bad.mjs' }), {
    name: 'SyntaxError',
    message: /^Cannot analyze lib\/bad\.mjs:1:\d+ \(ES module\): /,
  });
});

// LavaMoat's inspector, run as lavamoat-core's generatePolicy runs it.
const requireHere = createRequire(import.meta.url);
const tofuPath = requireHere.resolve('lavamoat-tofu');
const tofu = requireHere(tofuPath);
const { parse: babelParse } = createRequire(tofuPath)('@babel/parser');

const inspectWithLavaMoat = (source: string): LavaMoatView => {
  const ast = babelParse(source, { sourceType: 'unambiguous', allowReturnOutsideFunction: true, errorRecovery: true });
  const moduleRefs = ast.program.sourceType === 'module' ? ['arguments', 'import', 'export'] : ['arguments', 'require', 'module', 'exports'];
  const found: Map<string, 'read' | 'write'> = tofu.inspectGlobals(ast, {
    ignoredRefs: [...moduleRefs, ...Object.getOwnPropertyNames(Object.prototype)],
    globalRefs: ['window', 'self', 'global', 'globalThis', 'top', 'frames', 'parent'],
  });
  // generatePolicy turns a nested write into the whole top-level global (LavaMoat#1554).
  const globals: Record<string, 'read' | 'write' | true> = {};
  for (const [path, use] of found) {
    const [top] = path.split('.');
    if (path !== top && use === 'write') globals[top] = true;
  }
  for (const [path, use] of found) if (!(path.split('.')[0] in globals && globals[path.split('.')[0]] === true)) globals[path] = use;
  // Only builtin specifiers are inspected for members (its importMap filter).
  const isBuiltinSpecifier = (specifier: string): boolean => requireHere('node:module').isBuiltin(specifier);
  const requested = new Set<string>();
  for (const call of tofu.inspectRequires(ast, undefined, false).cjsImports as string[]) requested.add(call);
  for (const name of tofu.inspectEsmImports(ast, undefined, false) as string[]) requested.add(name);
  const builtinSpecifiers = [...requested].filter(isBuiltinSpecifier);
  const builtin = [...new Set([...tofu.inspectRequires(ast, builtinSpecifiers).cjsImports, ...tofu.inspectEsmImports(ast, builtinSpecifiers)])].sort();
  return { globals: Object.fromEntries(Object.entries(globals).sort(([a], [b]) => (a < b ? -1 : 1))), builtin };
};

/** Our result in LavaMoat's terms: dotted builtin keys, a builtin with no members used as its bare name. */
const asLavaMoatView = (result: ModuleAnalysis): LavaMoatView => ({
  globals: Object.fromEntries([...result.globals].sort(([a], [b]) => (a < b ? -1 : 1))),
  builtin: [...result.builtins]
    .flatMap(([name, members]) => (members === 'whole' || members.size === 0 ? [name] : [...members].map((member) => `${name}.${member}`)))
    .sort(),
});

test('comparison with LavaMoat: agreement or the documented mistake, per probe', () => {
  const table: string[] = [];
  for (const probe of probes) {
    for (const [kind, source] of forms(probe)) {
      const ours = asLavaMoatView(analyzeModule(source, { kind, filename: 'probe' }));
      const theirs = inspectWithLavaMoat(source);
      if (probe.lavamoat === 'agree' || probe.lavamoat[kind] === undefined) {
        assert.deepEqual(theirs, ours, `${kind}: ${probe.name}: LavaMoat should agree`);
        table.push(`${kind} | ${probe.name} | agree`);
      } else {
        assert.deepEqual(theirs, probe.lavamoat[kind], `${kind}: ${probe.name}: LavaMoat's documented result`);
        assert.notDeepEqual(theirs, ours, `${kind}: ${probe.name}: documented as a difference`);
        table.push(`${kind} | ${probe.name} | differs: ${probe.lavamoat.mistake}`);
      }
    }
  }
  assert.ok(table.length > 60);
});

// Property: any text, and any mutation of a probe, is analysed or refused
// with a SyntaxError that names the file and place; nothing else escapes.
const probeSources = probes.flatMap((probe) => forms(probe).map(([, source]) => source));

const analyzeOrSyntaxError = (text: string, kind: 'cjs' | 'esm'): void => {
  try {
    const result = analyzeModule(text, { kind, filename: 'fuzz.js' });
    assert.ok(result.globals instanceof Map && result.builtins instanceof Map);
  } catch (error) {
    assert.ok(error instanceof SyntaxError, `not a SyntaxError: ${String(error)}`);
    assert.match(error.message, /^Cannot analyze fuzz\.js:(\d+:\d+|\?) /);
  }
};

test('property: mutated probes never crash the analyzer', () => {
  const mutation = fc.record({
    source: fc.constantFrom(...probeSources),
    at: fc.nat(),
    cut: fc.nat({ max: 8 }),
    insert: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('(', ')', '{', '}', '=', '.', '?.', '[', ']', 'require(', 'globalThis.', 'typeof ', 'delete ', 'const ', '`${', '...')),
    kind: fc.constantFrom('cjs' as const, 'esm' as const),
  });
  fc.assert(
    fc.property(mutation, ({ source, at, cut, insert, kind }) => {
      const place = at % (source.length + 1);
      analyzeOrSyntaxError(source.slice(0, place) + insert + source.slice(place + cut), kind);
    }),
    { numRuns: 1500 },
  );
});

test('property: arbitrary text never crashes the analyzer', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('cjs' as const, 'esm' as const), (text, kind) => analyzeOrSyntaxError(text, kind)),
    { numRuns: 1000 },
  );
});

test('paths stop before methods of the value reached (arrays, strings) below the root, and at a prototype; a module or global of its own keeps such names', () => {
  const builtinsOf = (text: string) =>
    Object.fromEntries([...analyzeModule(text, { kind: 'cjs', filename: 'probe.js' }).builtins].map(([name, members]) => [name, members === 'whole' ? members : [...members].sort()]));
  const globalsOf = (text: string) => Object.fromEntries(analyzeModule(text, { kind: 'cjs', filename: 'probe.js' }).globals);
  assert.deepEqual(builtinsOf("const path = require('path'); path.join('a'); path.normalize('b');"), { path: ['join', 'normalize'] });
  assert.deepEqual(builtinsOf("const http = require('http'); http.METHODS.map(x => x);"), { http: ['METHODS'] });
  assert.deepEqual(builtinsOf("const { METHODS } = require('http'); METHODS.map(x => x);"), { http: ['METHODS'] });
  assert.deepEqual(builtinsOf("const { EventEmitter } = require('events'); EventEmitter.prototype.emit.call(this);"), { events: ['EventEmitter'] });
  assert.deepEqual(globalsOf("Buffer.concat([]); globalThis.Buffer.concat([]); process.env.DEBUG.split(',');"), { 'Buffer.concat': 'read', 'process.env.DEBUG': 'read' });
});
