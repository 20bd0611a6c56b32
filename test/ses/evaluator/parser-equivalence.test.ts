// The parser that endo/ses uses (meriyah, through parseSource) must give the
// free-variable analysis exactly what acorn gives it: the analysis is what
// confines code, so one reference seen differently is an escape. For every
// program of a corpus (lodash-es as modules; the attack table and the
// differential programs as scripts; generated programs of both kinds), the
// analysis of both parsers' trees must agree on every reference (name,
// offsets, kind), eval call, `this`, `import(...)`, `import.meta` and top-level
// await; the import and export declarations the module transform reads must
// agree; the comments (HTML comments, `//# sourceURL`) must agree; and a
// program one parser rejects the other must reject, with acorn's message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Parser as AcornParser } from 'acorn';
import { getStrictScriptParser, parseSource, type Comment } from '../../../src/ses/parse-source.js';
import { strictModeBindingError } from '../../../src/ses/source-rejections.js';
import { analyzeScript, type EsNode, type FreeReference, type ScriptAnalysis } from '../../../src/ses/scope-analysis.js';
import { attacks } from '../confinement/attack-table.js';
import { programs } from '../differential/programs.js';

type SourceType = 'script' | 'module';

/**
 * acorn as it comes for modules; for scripts, the acorn parser the
 * evaluator falls back on: strict, and taking a call as the whole target of
 * an assignment as V8 does (compared with V8 itself in rewriter-vs-v8).
 */
type AcornClass = new (options: object, input: string) => { strict: boolean; parse(): unknown };
const StrictAcorn = getStrictScriptParser() as unknown as AcornClass;

const acornParse = (source: string, sourceType: SourceType, comments: Comment[]): EsNode => {
  const Parser = sourceType === 'script' ? StrictAcorn : (AcornParser as unknown as AcornClass);
  const options = {
    ecmaVersion: 'latest',
    sourceType,
    allowHashBang: sourceType === 'module',
    onComment: (block: boolean, text: string, start: number, end: number) => {
      comments.push({ block, text, start, end });
    },
  };
  return new Parser(options, source).parse() as EsNode;
};

// --- what is compared ----------------------------------------------------

const span = (node: EsNode | null | undefined) => (node ? `${node.type}@${node.start}-${node.end}` : null);
const references = (list: FreeReference[]) =>
  list.map(({ node, name, kind, shorthandKey, isCallee }) => ({ at: span(node), name, kind, shorthandKey, isCallee: isCallee ?? false }));

/** Everything the evaluator and the module transform take from an analysis, by offsets. */
const analysisSummary = (analysis: ScriptAnalysis) => ({
  free: references(analysis.free),
  topLevelReferences: references(analysis.topLevelReferences),
  evalCalls: analysis.evalCalls.map(span),
  directEvalCalls: analysis.directEvalCalls.map(call => ({
    at: span(call.node),
    visible: call.visible,
  })),
  thisExpressions: analysis.thisExpressions.map(({ node, owner }) => ({ at: span(node), owner: span(owner) })),
  importExpressions: analysis.importExpressions.map(span),
  importMetas: analysis.importMetas.map(span),
  hasTopLevelAwait: analysis.hasTopLevelAwait,
  bindsGlobalThis: analysis.bindsGlobalThis,
  topLevelNames: [...analysis.topLevelNames],
});

/** An import or export name as module-transform.ts reads it. */
const moduleName = (node: EsNode | null | undefined) =>
  node ? { type: node.type, name: node.type === 'Identifier' ? node.name : String(node.value), at: span(node) } : null;

/** The parts of import and export declarations that module-transform.ts reads. */
const declarationsSummary = (program: EsNode) =>
  (program.body as EsNode[])
    .filter(statement => statement.type.startsWith('Import') || statement.type.startsWith('Export'))
    .map(statement => ({
      at: span(statement),
      source: statement.source?.value ?? null,
      exported: moduleName(statement.exported),
      declaration: span(statement.declaration),
      declarationId: statement.declaration?.id?.name ?? null,
      specifiers: (statement.specifiers ?? []).map((specifier: EsNode) => ({
        type: specifier.type,
        local: moduleName(specifier.local),
        imported: moduleName(specifier.imported),
        exported: moduleName(specifier.exported),
      })),
    }));

/**
 * How many programs our side parsed with meriyah rather than acorn (acorn's
 * nodes are instances of its Node class, meriyah's plain objects): the
 * comparison means something only where meriyah made the tree.
 */
const madeByMeriyah = { count: 0 };

/** Parses with both parsers; the outcome of each, for deepEqual. */
const outcomes = (source: string, sourceType: SourceType) => {
  const implicitNames = sourceType === 'script' ? ['arguments'] : [];
  const summarize = (parse: (comments: Comment[]) => EsNode) => {
    const comments: Comment[] = [];
    let program: EsNode;
    try {
      program = parse(comments);
    } catch (error) {
      return { rejected: (error as Error).message };
    }
    const analysis = analyzeScript(program, { implicitNames });
    // A strict mode error that meriyah leaves to the analysis (see ScriptAnalysis.strictModeBindings).
    if (analysis.strictModeBindings.length > 0) return { rejected: strictModeBindingError(analysis.strictModeBindings[0], source, 'here').message };
    return {
      comments,
      analysis: analysisSummary(analysis),
      declarations: declarationsSummary(program),
    };
  };
  const ours = summarize(comments => {
    const program = parseSource(source, sourceType, comments, () => 'here');
    if (Object.getPrototypeOf(program) === Object.prototype) madeByMeriyah.count += 1;
    return program;
  });
  const acorns = summarize(comments => acornParse(source, sourceType, comments));
  if ('rejected' in acorns) {
    // acorn says "message (line:column)", column 0-based; ours "message at here:line:column", 1-based.
    acorns.rejected = acorns.rejected!.replace(/ \((\d+):(\d+)\)$/, (_, line, column) => ` at here:${line}:${Number(column) + 1}`);
  }
  return { ours, acorns };
};

/** Asserts both parsers agree on `source`; returns whether it parsed. */
const assertEquivalent = (source: string, sourceType: SourceType, label: string): boolean => {
  const { ours, acorns } = outcomes(source, sourceType);
  assert.deepEqual(ours, acorns, `${label} (${sourceType}): ${source}`);
  return !('rejected' in acorns);
};

// --- the corpus ----------------------------------------------------------

const require = createRequire(import.meta.url);
const lodashDirectory = require.resolve('lodash-es/lodash.js').replace(/lodash\.js$/, '');

test('lodash-es, every file as a module', () => {
  const files = readdirSync(lodashDirectory).filter(name => name.endsWith('.js'));
  assert.ok(files.length > 600);
  madeByMeriyah.count = 0;
  for (const file of files) {
    assert.ok(assertEquivalent(readFileSync(`${lodashDirectory}${file}`, 'utf8'), 'module', file), `${file} parses`);
  }
  assert.equal(madeByMeriyah.count, files.length);
});

test('the attack table, as scripts', () => {
  let parsed = 0;
  for (const attack of attacks) if (assertEquivalent(attack.source, 'script', attack.name)) parsed += 1;
  assert.ok(parsed > attacks.length / 2);
});

test('the differential programs, as scripts', () => {
  let parsed = 0;
  for (const program of programs) {
    if (program.source !== undefined && assertEquivalent(program.source, 'script', program.name)) parsed += 1;
  }
  assert.ok(parsed > 100);
});

test('hand-picked syntax of every kind, as scripts', () => {
  const sources = [
    'a?.b?.(c)?.[d]; (a?.b).c; a?.b.c(); new (a?.b)(); x = (1, 2); ((y)) = 3; [(z)] = [1]; ({ a: (w) } = {});',
    'class A extends (B, C) { #p = 1; static #q; static { this.x = 1; var v = this; } get [k]() { return this.#p } set y(v) {} static async *m() { yield* o; await 1; } #m() { return #p in this } x = this; "s" = 1; 42 = 2; [c] = d; }',
    'label: for (const [a, { b = c, ...r }] of d) { continue label; } for (var i in o) break; for (x.y of z); for (let i = 0, j; i < n; i++) {}',
    'async function f(a = b, ...c) { for await (const x of y) {} await z; return () => this; } function* g() { yield; yield a; }',
    'const o = { a, b: c, [d]: e, f() {}, get g() { return 1 }, set h(v) {}, async *i() {}, ...s, "q": 1, 2: 3, __proto__: null };',
    'try { throw e } catch ({ message }) { m = message } finally {} try {} catch {} switch (x) { case 1: function sf() {} let q; default: class SC {} }',
    'tag`a${b}c${d}`; `x${y}`; 1n; 0x10; 1_000; "\\u0041"; /re/gu; null; void 0; typeof t; delete o.p; x ** 2; x ??= 1; x ||= y; x &&= z; a ?? b;',
    'eval("x"); eval?.("y"); (0, eval)("z"); eval(...args); w.eval("w"); import("m"); import("m", { with: { type: "json" } }); function nt() { return new.target }',
    'var { a = 1, b: { c }, ...d } = e; let [f, , g = h, ...i] = j; [k.l, m[n]] = o; ({ p: q.r = s } = t);',
    '(function () { "use strict"; arguments; return this })(); (() => arguments); (a, b) => a + b; async x => await x;',
    'if (a) b; else if (c) d; else { e } while (f) g; do h; while (i) with (obj) { prop } debugger; ;',
    'x <!-- y\n--> z\n<!-- only',
    '/* block */ // line\n//# sourceURL=foo.js\n',
    'a = b\n(c)\n[d]\n`e`\n++f',
    'var \\u0061bc = 1; \\u{62}cd; $_; _$; await; yield; let; async; of; get; set; static;',
    'x = function fn() { return fn }; y = class Cn { m() { return Cn } }; var eval; eval(1);',
    'function d(a, b = () => a, { c } = {}, [e] = []) { var a; function a() {} let z = arguments; eval(z) }',
    'if (a) function annexB() {} lbl: function labelled() {} "\\08"; 010; /{/; /\\c/;',
    '#!/usr/bin/env node\n1',
    'let a; var a;',
    'class P { #x; #x }',
    'x = /(?<a>.)\\k<b>/;',
    'let let = 1',
    '"use strict"; with (o) {}',
    // acorn takes these (the engine does not), meriyah does not.
    'x = class arguments {}',
    'x = class eval {}',
    // Annex B takes these (the engine too), acorn does not.
    'a() = 1; a() += 1; a()++; for (a() in b);',
  ];
  for (const source of sources) assertEquivalent(source, 'script', 'hand-picked');
});

test('hand-picked syntax of every kind, as modules', () => {
  const sources = [
    'import a, { b as c, "d-e" as f, default as g } from "m"; import * as ns from "n"; import "side"; import j from "./x.json" with { type: "json" }; a(c, f, g, ns, j);',
    'export { a as b, c, d as "e f", g as default }; let a, c, d, g; export * from "m"; export * as ns from "n"; export * as "x y" from "o"; export { p as q, "r s" as t, default as u } from "v";',
    'export default function () {} export function named() {} export class K {} export const [x1, { y1 }] = [1, {}], z1 = 2;',
    'export default (1, 2);',
    'export default class {}',
    'export default async function* () {}',
    'export default ((x));',
    'await import.meta.resolve("x"); const m = import.meta; for await (const x of y) {} export let tla = await 1;',
    'import { x } from "m"; export { x }; export { x as y }; x(); ({ x }); x.p = 1; eval("x");',
    '#!/usr/bin/env node\nexport const h = 1;',
    'export { undeclared };',
    'export const a = 1;\nexport { a };',
    'import { a } from "./a.js";\nimport { a } from "./b.js";',
    'x <!-- y',
    'with (o) {}',
    'export const k = 1;\n(class arguments {});',
  ];
  for (const source of sources) assertEquivalent(source, 'module', 'hand-picked');
});

// --- generated programs --------------------------------------------------

/** A small deterministic generator of programs rich in scopes, names and patterns. */
const makeGenerator = (seed: number, strict: boolean) => {
  let state = seed;
  const below = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const pick = <T>(items: readonly T[]): T => items[below(items.length)];
  // Strict code (modules) can bind neither `eval` nor `arguments`.
  const names = strict ? ['a', 'b', 'x', 'f', 'C', 'y', 'globalThis', 'undefined'] : ['a', 'b', 'x', 'f', 'C', 'eval', 'arguments', 'globalThis', 'undefined'];
  const name = () => pick(names);
  const list = <T>(make: () => T, max: number): T[] => Array.from({ length: below(max + 1) }, make);

  const pattern = (depth: number): string =>
    depth <= 0 || below(3) > 0
      ? name()
      : pick([
          () => `[${list(() => pattern(depth - 1), 2).join(', ')}${below(2) ? `, ...${name()}` : ''}]`,
          () => `{ ${list(() => (below(2) ? name() : `p${below(3)}: ${pattern(depth - 1)}`), 2).join(', ')} }`,
          () => `${name()} = ${expression(depth - 1)}`,
        ])();
  const params = (depth: number) => list(() => pattern(depth), 2).join(', ');
  const body = (depth: number) => `{ ${list(() => statement(depth - 1), 3).join(' ')} }`;

  const expression = (depth: number): string => {
    if (depth <= 0) return pick([name, () => 'this', () => '1', () => '"s"', () => '`t`', () => '/r/g', () => '2n', () => 'null'])();
    const e = () => expression(depth - 1);
    return pick([
      name,
      () => 'this',
      () => `${e()}.p`,
      () => `${e()}[${e()}]`,
      () => `${e()}?.p`,
      () => `${e()}?.[${e()}]`,
      () => `${name()}(${e()}, ...${e()})`,
      () => `${name()}?.(${e()})`,
      () => `new ${name()}(${e()})`,
      () => `eval(${e()})`,
      () => `eval?.(${e()})`,
      () => `(0, eval)(${e()})`,
      () => `${name()} = ${e()}`,
      () => `${name()} += ${e()}`,
      () => `[${name()}, ${name()} = ${e()}] = ${e()}`,
      () => `({ ${name()}, p: ${name()}, ...${name()} } = ${e()})`,
      () => `${name()}++`,
      () => `(${e()}) ? ${e()} : ${e()}`,
      () => `${e()} ?? ${name()}`,
      () => `(${e()}, ${e()})`,
      () => `typeof ${name()}`,
      () => `delete ${name()}.p`,
      () => `function ${below(2) ? name() : ''}(${params(depth - 1)}) ${body(depth)}`,
      () => `(${params(depth - 1)}) => ${e()}`,
      () => `async (${params(depth - 1)}) => { await ${e()}; }`,
      () => `function* () { yield ${e()}; }`,
      () =>
        `class ${below(2) ? name() : ''} ${below(2) ? `extends ${name()} ` : ''}{ m(${params(depth - 1)}) ${body(depth)} static { ${statement(depth - 1)} } #q = ${e()}; [${e()}] = ${e()}; static s = this; get g() { return this.#q; } }`,
      () => `{ ${name()}, p: ${e()}, [${e()}]: ${e()}, m() ${body(depth)}, ...${e()} }`,
      () => `${name()}\`x\${${e()}}\``,
      () => `import(${e()})`,
      () => `((${name()})) = ${e()}`,
      () => `async function () { for await (const ${name()} of ${e()}) ; }`,
      () => `function () { return new.target; }`,
    ])();
  };

  const statement = (depth: number): string => {
    const e = () => expression(Math.max(depth - 1, 0));
    if (depth <= 0) return `${e()};`;
    return pick([
      () => `${e()};`,
      () => `var ${pattern(depth - 1)} = ${e()};`,
      () => `let ${pattern(depth - 1)} = ${e()};`,
      () => `const ${pattern(depth - 1)} = ${e()};`,
      () => `function ${name()}(${params(depth - 1)}) ${body(depth)}`,
      () => `class ${name()} { m() ${body(depth)} }`,
      () => `if (${e()}) ${statement(depth - 1)} else ${statement(depth - 1)}`,
      () => `for (let ${name()} = 0; ${e()}; ${e()}) ${statement(depth - 1)}`,
      () => `for (const ${pattern(depth - 1)} of ${e()}) ${statement(depth - 1)}`,
      () => `for (${name()} in ${e()}) ${statement(depth - 1)}`,
      () => `while (${e()}) ${statement(depth - 1)}`,
      () => `lbl: do ${statement(depth - 1)} while (${e()});`,
      () => body(depth),
      () => `try ${body(depth)} catch (${pattern(depth - 1)}) ${body(depth)} finally ${body(depth)}`,
      () => `try ${body(depth)} catch ${body(depth)}`,
      () => `switch (${e()}) { case ${e()}: ${statement(depth - 1)} default: ${statement(depth - 1)} }`,
      () => (strict ? `${e()};` : `with (${e()}) ${statement(depth - 1)}`),
      () => `throw ${e()};`,
    ])();
  };

  const script = () => list(() => statement(3), 4).join('\n');
  const module = () => {
    const imports = list(() => pick([`import ${name()} from "m";`, `import { ${name()} as ${name()} } from "m";`, `import * as ${name()} from "n";`]), 2);
    const exports = list(
      () => pick([`export { ${name()} };`, `export { ${name()} as "q r" };`, `export const ${name()} = ${expression(2)};`, 'export default ' + expression(2) + ';', 'export * from "o";']),
      2,
    );
    const awaits = below(3) === 0 ? [`await ${expression(1)};`, 'import.meta.url;'] : [];
    return [...imports, ...list(() => statement(3), 3), ...awaits, ...exports].join('\n');
  };
  return { script, module };
};

test('generated scripts and modules', () => {
  const sloppy = makeGenerator(20240611, false);
  const strict = makeGenerator(4242, true);
  const parsed = { script: 0, module: 0 };
  madeByMeriyah.count = 0;
  for (let i = 0; i < 1500; i += 1) {
    const sourceType: SourceType = i % 3 === 2 ? 'module' : 'script';
    // Scripts are read as strict code: the sloppy generator's mostly test that both refuse alike.
    const source = sourceType === 'module' ? strict.module() : i % 3 === 0 ? sloppy.script() : strict.script();
    if (assertEquivalent(source, sourceType, `generated #${i}`)) parsed[sourceType] += 1;
  }
  // Enough of both kinds are valid for the comparison to mean something.
  assert.ok(parsed.script > 300, `${parsed.script} scripts parsed`);
  assert.ok(parsed.module > 100, `${parsed.module} modules parsed`);
  // Sloppy-only scripts go to acorn (which refuses them); the strict ones, most modules, to meriyah.
  assert.ok(madeByMeriyah.count > 300, `${madeByMeriyah.count} parsed by meriyah`);
});
