// The named exports and reexports CjsModuleSource finds, compared with what
// Node 20 itself finds (cjs-module-lexer 2.2.0, the version Node 20.20
// bundles to give an ES module importer of CommonJS its named exports, a
// devDependency here) and with the original @endo/module-source; and
// text that V8 compiles is never refused by the analysis.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CjsModuleSource } from '../../src/module-source/index.js';
import { repoRoot } from './original-module-source.js';

type Shape = { exports: string[]; reexports: string[] } | { error: string };

/** Runs `program` (reading the JSON corpus on stdin, writing JSON shapes) in a child Node process. */
const runChild = (program: string, args: string[], corpus: string[]): Shape[] => {
  const child = spawnSync(process.execPath, [...args, '-e', program], { cwd: repoRoot, input: JSON.stringify(corpus), encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.slice(child.stdout.lastIndexOf('\n@@\n') + 4));
};

/** What Node's own lexer finds (it never lists `default`; every importer gets one). */
const nodeLexerShapes = (corpus: string[]): Shape[] =>
  runChild(
    `const { parse } = require('cjs-module-lexer');
     const corpus = JSON.parse(require('fs').readFileSync(0, 'utf8'));
     const shapes = corpus.map(text => { try { const r = parse(text); return { exports: r.exports, reexports: r.reexports }; }
       catch (error) { return { error: error.message }; } });
     process.stdout.write('\\n@@\\n' + JSON.stringify(shapes));`,
    [],
    corpus,
  );

/** What the original CjsModuleSource lists, in its order. */
const originalShapes = (corpus: string[]): Shape[] =>
  runChild(
    `import('@endo/module-source').then(({ CjsModuleSource }) => {
       const corpus = JSON.parse(require('fs').readFileSync(0, 'utf8'));
       const shapes = corpus.map(text => { try { const s = new CjsModuleSource(text); return { exports: [...s.exports], reexports: [...s.reexports] }; }
         catch (error) { return { error: error.message }; } });
       process.stdout.write('\\n@@\\n' + JSON.stringify(shapes)); });`,
    [],
    corpus,
  );

const ours = (text: string): Shape => {
  try {
    const source = new CjsModuleSource(text);
    return { exports: [...source.exports], reexports: [...source.reexports] };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const babelLoop = (binding: string, guards: string, copy: string) => `
var ${binding} = require("${binding.slice(1)}");
Object.keys(${binding}).forEach(function (key) {
  if (key === "default" || key === "__esModule") return;
  ${guards}
  ${copy}
});`;
const getterCopy = (binding: string, getter = 'get: function () {') => `Object.defineProperty(exports, key, {
    enumerable: true,
    ${getter}
      return ${binding}[key];
    }
  });`;

/** Forms whose named exports and reexports must be Node's. */
const nodeCorpus: string[] = [
  // Object literal keys: a key counts when its value's text starts with a name, and the list goes on past one name followed at once by a comma.
  'module.exports = { even: n => n % 2 === 0 };',
  'module.exports = { a: b, c: d => 1, e };',
  'module.exports = { a: b.c, d };',
  'module.exports = { a: 1, d };',
  'module.exports = { a: function () {}, d };',
  'module.exports = { a: (b), d };',
  'module.exports = { a: true, b: null, c: this, d: x };',
  'module.exports = { a: /* c */ b, [k]: 1, d };',
  'module.exports = { a: (x) => 1, d };',
  'module.exports = { a: async () => 1, d };',
  'module.exports = { a: typeof x, d };',
  'module.exports = { a: x ? y : z, d };',
  'module.exports = { a: `t`, d };',
  'module.exports = { a: b // c\n, d };',
  'module.exports = { a: new X(), b };',
  'module.exports = { a: x++, b };',
  'module.exports = { a: b , d };',
  'module.exports = { a /* x */ : b, d };',
  'module.exports = { a, // c\n d };',
  'module.exports = {\n  a: b,\n  c: d\n};',
  // Getter opt-outs: a descriptor the lexer cannot read hides the name, wherever it is.
  `Object.defineProperty(exports, 'a', { enumerable: true, get: function () { return q.p; } });
   if (false) { Object.defineProperty(exports, 'a', { enumerable: false, get: function () { return dynamic(); } }); }`,
  `exports.b = 1; Object.defineProperty(exports, 'b', { get: () => b });`,
  `Object.defineProperty(exports, 'c', { get() { return c; } }); Object.defineProperty(exports, 'd', { get: function d() { return x['d']; } });`,
  `Object.defineProperty(exports, 'e', { get: function () { return x.y.z; } }); Object.defineProperty(exports, 'f', { get: function () { return f; }, enumerable: true });`,
  `Object.defineProperty(exports, 'g', { configurable: true, value: 1 }); Object.defineProperty(exports, 'h', { enumerable: true, value: 1, get: 2 });`,
  `Object.defineProperty(module.exports, 'i', descriptor); Object.defineProperty(exports, 'j', { value }); exports.k = 1;`,
  `Object.defineProperty(exports, 'l', { get: async function () { return l; } }); Object.defineProperty(exports, 'm', { get: function (x) { return m; } });`,
  // Babel's star-export loops, each variant.
  babelLoop('_loose', '', 'exports[key] = _loose[key];'),
  babelLoop('_getter', '', getterCopy('_getter')),
  babelLoop('_loose712', 'if (key in exports && exports[key] === _loose712[key]) return;', 'exports[key] = _loose712[key];'),
  babelLoop(
    '_names',
    'if (Object.prototype.hasOwnProperty.call(_exportNames, key)) return;\n  if (key in exports && exports[key] === _names[key]) return;',
    getterCopy('_names'),
  ),
  babelLoop('_method', 'if (Object.prototype.hasOwnProperty.call(_exportNames, key)) return;', getterCopy('_method', 'get () {')),
  `var _Accordion = _interopRequireWildcard(require("./Accordion"));
   Object.keys(_Accordion).forEach(function (key) {
     if (key === "default" || key === "__esModule") return;
     Object.defineProperty(exports, key, { enumerable: true, get: function () { return _Accordion[key]; } });
   });`,
  // Rollup's loops, with the guards it writes.
  `const a = require('ra'); Object.keys(a).forEach(function (k) { if (k !== 'default') exports[k] = a[k]; });
   const b = require('rb'); Object.keys(b).forEach(function (k) {
     if (k !== 'default' && !exports.hasOwnProperty(k)) Object.defineProperty(exports, k, { enumerable: true, get: function () { return b[k]; } });
   });
   let c = require('rc'); Object.keys(c).forEach(function (k) { if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) exports[k] = c[k]; });`,
  // Loops that are not star exports: the wrong shape, a block, an arrow, extra statements, no binding.
  `const n1 = require('n1'); Object.keys(n1).forEach(function (x) { if (x === 'default' || x === '__esModule') return; exports[y] = n1[y]; });
   const n2 = require('n2'); Object.keys(n2).forEach(function (x) { if (x !== 'default') return });
   const n3 = require('n3'); Object.keys(n3).forEach(function (x) { if (x === 'default' || x === '__esModule') return; exports[x] = n3[x]; extra; });
   { const n4 = require('n4'); Object.keys(n4).forEach(function (x) { if (x !== 'default') exports[x] = n4[x]; }); }
   const n5 = require('n5'); Object.keys(n5).forEach((x) => { if (x !== 'default') exports[x] = n5[x]; });
   Object.keys(n6).forEach(function (x) { if (x !== 'default') exports[x] = n6[x]; });
   const n7 = require('n7'); Object.keys(n7).forEach(function (x) { if (x !== 'default' && !a().hasOwnProperty(x)) exports[x] = n7[x]; });
   var n8 = require('n8'), n9 = require('n9'); Object.keys(n9).forEach(function (x) { if (x !== 'default') exports[x] = n9[x]; });`,
  // Helpers: only with require() written inside the call.
  `var m = require('m'); __exportStar(m, exports); tslib.__exportStar(require('ts'), exports); __export(require('old'));`,
  // Names that are keywords are exports too (only the strict-mode reserved words are left out, as the original does).
  `exports.delete = 1; exports.new = 2; exports.class = 3; module.exports.if = 4;`,
];

const normalized = (shape: Shape, withDefault: boolean): Shape =>
  'error' in shape
    ? shape
    : { exports: [...new Set([...shape.exports, ...(withDefault ? ['default'] : [])])].sort(), reexports: [...shape.reexports].sort() };

test("exports and reexports are Node's: getter opt-outs, Babel's and Rollup's star-export loops, helpers", () => {
  const node = nodeLexerShapes(nodeCorpus);
  nodeCorpus.forEach((text, i) => assert.deepEqual(normalized(ours(text), false), normalized(node[i], true), text));
});

test('exports are listed in the order the original lists them: default where module.exports is replaced', () => {
  const corpus = [
    `var index_exports = {}; module.exports = __toCommonJS(index_exports);
     0 && (module.exports = { CancelledError, MadeUpValue, ...require("./types.cjs") });`,
    `exports.a = 1; module.exports = function () {}; exports.b = 2;`,
    `exports.z = 1; exports.y = 2; Object.defineProperty(exports, 'x', { value: 3 });`,
    `module.exports = { q, r }; exports.p = 1;`,
  ];
  const original = originalShapes(corpus);
  corpus.forEach((text, i) => assert.deepEqual(ours(text), original[i], text));
  assert.deepEqual(ours(corpus[0]), { exports: ['default', 'CancelledError', 'MadeUpValue'], reexports: ['./types.cjs'] });
});

test('a regular expression body is judged by the engine when the functor compiles, not by the analysis', () => {
  // The original (Babel) and Node's lexer do not check it either.
  const source = new CjsModuleSource("exports.a = 1;\nif (false) { /as)df/; }\n");
  assert.deepEqual([...source.exports], ['a', 'default']);
  assert.throws(() => (0, eval)(source.cjsFunctor), SyntaxError);
  // Invalid flags are still refused, as the original refuses them.
  assert.throws(() => new CjsModuleSource('x = /a/gg;'), SyntaxError);
});

test('division and regular expressions are told apart as V8 tells them', () => {
  const text = `a / 2; '  /  '
    while (false)
      /test'/
    x-/a'/g
    try {}
    finally{}/a'/g
    (x);{f()}/d'export { b }/g
    ;{}/e'/g;
    {}/f'/g
    a / 'b' / c;
    /a'/ - /b'/;
    +{} /g -'/g'
    ('a')/h -'/g'
    if //x
    ('a')/i'/g;
    /asdf/ / /as'df/; // '
    p = \`\${/test/ + 5}\`;
    /regex/ / x;
    function m() {
      return /*asdf8*// 5/;
    }
    exports.after = 1;`;
  assert.doesNotThrow(() => new Function(text)); // V8 compiles it
  assert.deepEqual([...new CjsModuleSource(text).exports], ['after', 'default']);
});

test('a call as an assignment target compiles in V8, so the analysis takes it', () => {
  const text = 'if (false) { f() = 1; g()++; for (h() in o); }\nexports.ok = 1;';
  assert.doesNotThrow(() => new Function(text));
  const source = new CjsModuleSource(text);
  assert.deepEqual([...source.exports], ['ok', 'default']);
  assert.doesNotThrow(() => (0, eval)(source.cjsFunctor));
  // Inside a destructuring pattern a call stays an error, in V8 as here.
  assert.throws(() => new Function('[f()] = [1];'), SyntaxError);
  assert.throws(() => new CjsModuleSource('[f()] = [1];'), /Error transforming CJS source in <unknown>/);
});

test('ES module syntax is refused, in the original words', () => {
  assert.throws(() => new CjsModuleSource("import x from 'x';", 'file:///m.cjs'), {
    name: 'SyntaxError',
    message: /^Error transforming CJS source in "file:\/\/\/m\.cjs": /,
  });
});

test('property: text V8 compiles as a function body is never refused by the analysis', () => {
  const fragments = [
    '/as)df/', 'a / 2', "'  /  '", 'while (false)', '/x/g', 'x-/a/g', 'try {} finally {}', '{}', '(x)', ';', '\n',
    '+{} / 2', "('a')/h", 'if (x)', 'f() = 1', 'g()++', 'return', '`${/t/ + 5}`', '/r/ / x', '/*c*/', '// c\n',
    'exports.a = 1', "Object.defineProperty(exports, 'b', { get: () => b })", "module.exports = require('m')",
    "Object.keys(_m).forEach(function (k) { if (k !== 'default') exports[k] = _m[k]; })", 'var _m = require("m")',
    'a', '++', '/', 'x => x', 'function f() {}', 'class C {}', '[', ']', '(', ')', ',', '.y', '=',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 12 }), fc.constantFrom(' ', '\n', ';'), (parts, joiner) => {
      const text = parts.join(joiner);
      try {
        new Function(text);
      } catch {
        return; // V8 refuses it: the analysis may refuse it too
      }
      // Only the regex body check is left to the engine: the analysis must accept all it accepts.
      new CjsModuleSource(text);
    }),
    { numRuns: 3000 },
  );
});

test('the oracle is the lexer of the running Node', () => {
  // cjs-module-lexer's version must be the one this Node bundles, or the
  // comparisons above compare with another Node's answers.
  const { version: installed } = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'cjs-module-lexer', 'package.json'), 'utf8'));
  assert.equal(installed, process.versions.cjs_module_lexer);
});
