// Regression tests for the ways compartment code once escaped, or nearly
// escaped, the rewriting evaluator, and for the defences behind the fix.
// After lockdown(), the host's global object carries a canary that no
// compartment may change and a secret whose getter notes every read.
//
// - Module text that hides code from the rewriter with an HTML-like comment
//   (the Module goal has none; the functor is compiled as a Script).
// - Positions found by scanning text by hand (a `//` comment ended only at
//   `\n` in `export default`), which put edits out of order.
// - The other defects found on the way: ASI before a rewrite that starts
//   with `(`, nested direct evals of imports, `export default function`
//   with a line separator, `__proto__` as an export name, sloppy parsing in
//   the acorn fallback, hashbangs, and `__import__` under the evasion.
// - The second line of defence: code that reads differently from what the
//   rewriter wrote is refused before it is compiled, even when a rewriter
//   bug let it through (the very functor text that escaped before).
// - The third: code that names the internal bindings, should all else fail,
//   reaches nothing the compartment's own eval would not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown, Compartment } from '../../../src/ses/index.js';
import { ModuleSource } from '../../../src/module-source/index.js';
import { FERAL_EVAL } from '../../../src/ses/commons.js';
import { getCompartmentFields } from '../../../src/ses/compartment.js';
import { GeneratedCode, applyEdits, insertion, replacement } from '../../../src/ses/generated-code.js';
import { INTERNAL_PREFIX } from '../../../src/ses/internal-names.js';
import { transformModule } from '../../../src/ses/module-transform.js';
import { makeEvalScopeKit, scopeTerminator } from '../../../src/ses/scope-terminator.js';

lockdown();

const host = globalThis as Record<string, unknown>;
host.hostCanary = 'untouched';
let secretReads = 0;
Object.defineProperty(globalThis, 'hostSecret', {
  get() {
    secretReads += 1;
    return 'the host secret';
  },
  configurable: true,
});

/** Asserts that nothing of the host was touched or read, after `attempt` (which may throw). */
const assertContained = async (attempt: () => unknown) => {
  const readsBefore = secretReads;
  let outcome: unknown;
  try {
    outcome = await attempt();
  } catch (error) {
    outcome = error;
  }
  assert.equal(host.hostCanary, 'untouched', 'the host canary was changed');
  assert.equal(secretReads, readsBefore, 'the host secret was read');
  return outcome;
};

/** What escaping code would run: every way it knew to reach the realm's eval. */
const PAYLOAD =
  `try { ${INTERNAL_PREFIX}eval.arm(); } catch {} ` +
  `try { const e = eval; e('globalThis.hostCanary = "ESCAPED"; globalThis.hostSecret'); } catch {} ` +
  `try { (0, eval)('globalThis.hostCanary = "ESCAPED"'); } catch {}`;

const importModule = (text: string, extra: Record<string, string> = {}) => {
  const modules: Record<string, { source: ModuleSource }> = {};
  for (const [name, source] of Object.entries({ main: text, ...extra })) {
    modules[name] = { source: new ModuleSource(source, `file:///${name}.js`) };
  }
  const compartment = new Compartment({ __options__: true, modules, resolveHook: (s: string) => s });
  return compartment.import('main');
};

const isHtmlCommentRejection = (line: number) => (error: unknown) => {
  assert.ok(error instanceof SyntaxError, String(error));
  assert.match(error.message, new RegExp(`file:///main\\.js:${line}\\. \\(SES_HTML_COMMENT_REJECTED\\)$`));
  return true;
};

test('escape 1: an HTML-like comment in module text is refused, with its line, wherever it hides code', async () => {
  const hiding = [
    `export const x = 1;\nz <!--z /*\n${PAYLOAD}\n//*/\n`,
    // after a string continued across lines
    `let z = 0; const s = 'a\\\nb';\nz <!--z /*\n${PAYLOAD}\n//*/\n`,
    // in a template's substitution
    `let z = 0;\nconst t = \`\${z <!--z /*\n${PAYLOAD}\n//*/ }\`;\n`,
    // with top-level await (an async functor)
    `let z = 0; await null;\nz <!--z /*\n${PAYLOAD}\n//*/\n`,
  ];
  for (const text of hiding) {
    const line = text.slice(0, text.indexOf('<!--')).split('\n').length;
    assert.throws(() => new ModuleSource(text, 'file:///main.js'), isHtmlCommentRejection(line), text);
    await assertContained(() => assert.throws(() => transformModule(text, 'file:///main.js'), SyntaxError));
  }
  // Module text that a resolveHook and importHook hand over as a string.
  const compartment = new Compartment({
    __options__: true,
    resolveHook: (s: string) => s,
    importHook: async () => ({ source: hiding[0] }),
  });
  const outcome = await assertContained(() => compartment.import('main'));
  assert.ok(outcome instanceof Error && /SES_HTML_COMMENT_REJECTED/.test(String(outcome.message) + String((outcome as any).errors?.[0]?.message)));
});

test('escape 1: only what a Script would read as a comment is refused', async () => {
  // In strings, templates, regular expressions and comments, and `-->` after code on its line.
  const { namespace } = (await importModule(
    "export const a = '<!--', b = `-->${1}<!--`, c = /<!--/.source, d = 2; // <!-- -->\n/* <!--\n--> */ let x = 3; export const e = x-->2;\n",
  )) as any;
  assert.deepEqual([namespace.a, namespace.b, namespace.c, namespace.e], ['<!--', '-->1<!--', '<!--', true]);
  assert.throws(() => new ModuleSource('let x = 1;\nx = x <!--x\n;', 'file:///main.js'), isHtmlCommentRejection(2));
});

test('escape 2: export default after a comment ended by \\r, U+2028 or U+2029 keeps every edit in order', async () => {
  for (const terminator of ['\r', '\u2028', '\u2029', '\r\n']) {
    const text =
      `export default // a comment${terminator} 40 + 2;\n` +
      `export const t = \`}); ${PAYLOAD}; (function* () {\`;\n`;
    const { namespace } = (await assertContained(() => importModule(text))) as any;
    assert.equal(namespace.default, 42, JSON.stringify(terminator));
    assert.ok(namespace.t.startsWith('}); try'), JSON.stringify(terminator));
    // A parenthesized default with comments around it.
    const parenthesized = (await importModule(`export default /* ( */ //${terminator}(/* ) */ 1, 2) // )\n;`)) as any;
    assert.equal(parenthesized.namespace.default, 2);
  }
});

test('export default function with a line separator before its parameters compiles, named default', async () => {
  for (const text of ['export default function //\u2028 () { return 7 }', 'export default async function /*\u2029*/ * //\r () {}']) {
    const { namespace } = (await importModule(text)) as any;
    assert.equal(typeof namespace.default, 'function');
    assert.equal(namespace.default.name, 'default');
  }
});

test('applyEdits refuses overlapping edits and two insertions at one offset', () => {
  assert.throws(() => applyEdits('abcdef', [replacement({ start: 0, end: 3 }, 'x'), replacement({ start: 2, end: 4 }, 'y')]), /overlapping/);
  assert.throws(() => applyEdits('abcdef', [insertion(2, 'x'), insertion(2, 'y')]), /two insertions/);
  assert.throws(() => applyEdits('abc', [replacement({ start: 2, end: 9 }, 'x')]), /does not fit/);
  assert.equal(applyEdits('abcdef', [replacement({ start: 2, end: 4 }, 'X'), insertion(2, '<'), insertion(4, '>')]).text, 'ab<X>ef');
});

test('ASI: a rewrite that starts with ( never continues the line before', async () => {
  const calls: unknown[][] = [];
  const f = (...args: unknown[]) => {
    calls.push(args);
    return {};
  };
  const compartment = new Compartment({ __options__: true, globals: { f, x: 0 } });
  compartment.evaluate('let a = f\nx = 1');
  assert.equal(compartment.globalThis.x, 1);
  compartment.evaluate('let b = f\nx++');
  assert.equal(compartment.globalThis.x, 2);
  // this in a Function body, and a direct eval
  assert.equal(compartment.evaluate("Function('f', 'let a = f\\nthis.y = 3; return this.y').call({}, globalThis.f)"), 3);
  compartment.evaluate("let c = f\neval('x = 10')", { __rejectSomeDirectEvalExpressions__: false });
  assert.equal(compartment.globalThis.x, 10);
  // a called import at the start of a statement
  const { namespace } = (await importModule(
    "import { g, called } from 'dep';\nlet calls = 0; const h = () => { calls += 1; return () => 0; };\nlet a = h\ng()\nexport const r = [calls, called()];",
    { dep: 'let n = 0; export const g = () => { n += 1; }; export const called = () => n;' },
  )) as any;
  assert.deepEqual(namespace.r, [0, 1]);
  assert.deepEqual(calls, [], 'f was called');
});

test('a direct eval of a direct eval in a module reads the import, not an internal object', async () => {
  const ev = 'ev' + 'al';
  const { namespace } = (await importModule(`import { a } from 'dep';\nexport const r = ${ev}(${ev}('"a"'));\nexport const s = ${ev}('${ev}("a")');`, {
    dep: 'export const a = "the import";',
  })) as any;
  assert.equal(namespace.r, 'the import');
  assert.equal(namespace.s, 'the import');
});

test('export { x as "__proto__" } is an ordinary export; the namespace keeps its shape', async () => {
  const { namespace } = (await importModule('const x = { evil: true }; export { x as "__proto__", x as y };')) as any;
  assert.equal(Object.getPrototypeOf(namespace), null);
  assert.deepEqual(Object.keys(namespace), ['__proto__', 'y']);
  assert.equal(Object.getOwnPropertyDescriptor(namespace, '__proto__')?.value, namespace.y);
  assert.equal(namespace[Symbol.toStringTag], 'Module');
  assert.equal(namespace.evil, undefined);
});

test("strict mode's early errors are syntax errors, whichever parser reads the program", () => {
  const compartment = new Compartment({ __options__: true, globals: { x: 1 } });
  // The regular expression sends the program to the acorn fallback (meriyah refuses the syntax).
  for (const tail of ['', '; /(?i:a)/']) {
    for (const source of ['delete x', 'eval = 1', 'arguments = 1', 'var implements = 1', 'var { eval, a: {} } = {}', '010', 'with ({}) {}']) {
      assert.throws(() => compartment.evaluate(source + tail), SyntaxError, source + tail);
    }
  }
  assert.equal(compartment.globalThis.x, 1);
});

test('a leading #! line is a comment in evaluate and eval, not in a Function body', () => {
  const compartment = new Compartment({ __options__: true });
  assert.equal(compartment.evaluate('#!/usr/bin/env node\n1 + 1'), 2);
  assert.equal(compartment.evaluate("(0, eval)('#!x\\n3')"), 3);
  assert.throws(() => compartment.evaluate("Function('#!x\\nreturn 1')"), SyntaxError);
});

test('under __evadeImportExpressionTest__, import( calls the __import__ in scope: local, else the global', () => {
  const compartment = new Compartment({ __options__: true, globals: { __import__: (s: string) => `global ${s}` } });
  const evade = { __evadeImportExpressionTest__: true };
  assert.equal(compartment.evaluate("import('a')", evade), 'global a');
  assert.equal(compartment.evaluate("const __import__ = s => `local ${s}`; import('b')", evade), 'local b');
});

// --- the second line of defence --------------------------------------------

/** The functor text that the earlier module transform made of the first escape's module. */
const escapedFunctor = (payload: string) =>
  `(function* (${INTERNAL_PREFIX}namespaces, ${INTERNAL_PREFIX}setReaders, ${INTERNAL_PREFIX}meta, ${INTERNAL_PREFIX}dynamicImport, ${INTERNAL_PREFIX}views) {  ` +
  `${INTERNAL_PREFIX}setReaders({ "x": () => x }); yield; const x = 1;\n` +
  `globalThis.z <!--("z" in globalThis ? globalThis : ${INTERNAL_PREFIX}unbound).z /*\n${payload}\n//*/\n\n})\n//# sourceURL=file:///m.js\n`;

/** The offsets of the internal names outside `hidden`: those the rewriter wrote. */
const writtenInternals = (text: string, hidden: string): number[] => {
  const hiddenStart = text.indexOf(hidden);
  const offsets: number[] = [];
  for (let at = text.indexOf(INTERNAL_PREFIX); at !== -1; at = text.indexOf(INTERNAL_PREFIX, at + 1)) {
    if (at < hiddenStart || at >= hiddenStart + hidden.length) offsets.push(at);
  }
  return offsets;
};

test('code that V8 would read differently from the rewriter is refused before it is compiled', async () => {
  const { evaluateModuleFunctor } = getCompartmentFields(new Compartment({ __options__: true }));
  // As a rewriter with the first escape's bug made it, with the internal names it wrote.
  const text = escapedFunctor(PAYLOAD);
  const escaped = new GeneratedCode({ text, internals: writtenInternals(text, PAYLOAD) }, 'file:///m.js');
  const outcome = await assertContained(() => evaluateModuleFunctor(escaped));
  assert.ok(outcome instanceof SyntaxError && /ENDO_REWRITE_MISMATCH/.test(outcome.message), String(outcome));
  // What V8 would see and the rewriter did not: the free `eval`, and `$h\u200d_eval` where nothing was written.
  assert.match((outcome as Error).message, /the name "eval" is free|an internal name at offset \d+ that the rewriter did not write/);
  // Hidden code that names only the internal bindings: seen by their offsets, and by the one the comment swallowed.
  const onlyInternal = `${INTERNAL_PREFIX}eval.direct(() => 0, [])('1');`;
  const text2 = escapedFunctor(onlyInternal);
  const internals2 = writtenInternals(text2, onlyInternal);
  assert.throws(
    () => evaluateModuleFunctor(new GeneratedCode({ text: text2, internals: internals2 }, 'file:///m.js')),
    /the internal name written at offset \d+ is not there|an internal name at offset \d+ that the rewriter did not write/,
  );
});

test('the verification refuses free names, misplaced internal names, direct evals and imports', () => {
  const { evaluateModuleFunctor } = getCompartmentFields(new Compartment({ __options__: true }));
  const refuses = (text: string, internals: number[], problem: RegExp) =>
    assert.throws(() => evaluateModuleFunctor(new GeneratedCode({ text, internals }, 'test')), (error: Error) => {
      assert.match(error.message, /ENDO_REWRITE_MISMATCH/);
      assert.match(error.message, problem);
      return true;
    });
  const E = `${INTERNAL_PREFIX}eval`;
  refuses('process', [], /the name "process" is free/);
  refuses(`${E}; ${E}`, [0], /an internal name at offset \d+ that the rewriter did not write/);
  refuses(`${E}`, [0, 10], /the internal name written at offset 10 is not there/);
  refuses(`"${E}"`, [1], /the internal name written at offset 1 is not there/);
  refuses('eval("1")', [], /(free|direct eval)/);
  refuses('(function () { eval("1") })', [], /direct eval/);
  refuses('import("node:fs")', [], /import expression/);
  refuses('x = <!-- y\n1', [], /free|does not parse/);
  refuses('var { eval, a: {} } = {}', [], /declaration of eval/);
  // What the evaluator binds is allowed, and properties are no names.
  const allowed = `(() => [globalThis, ${E}, arguments, ({}).${E}])`;
  assert.equal(typeof evaluateModuleFunctor(new GeneratedCode({ text: allowed, internals: [allowed.indexOf(E)] }, 'test')), 'function');
});

// --- the third line: internal bindings are worth nothing ---------------------

test('code that names the internal bindings reaches nothing more than the compartment', async () => {
  const compartment = new Compartment({ __options__: true });
  const { evaluateModuleFunctor } = getCompartmentFields(compartment);
  const G = `${INTERNAL_PREFIX}global`;
  const U = `${INTERNAL_PREFIX}unbound`;
  const E = `${INTERNAL_PREFIX}eval`;
  // As if the rewriter had written every one of these names: the verification lets them by.
  const body =
    `(function () { const out = [];` +
    ` out.push(globalThis.Object.getOwnPropertyNames(${E}).join());` +
    ` out.push(${E}.direct(() => this, [])('typeof process'));` +
    ` out.push(${E}.direct(() => this, [])('globalThis') === ${G});` +
    ` try { ${E}.direct(() => this, ['a; globalThis', () => 1, 0])('1'); } catch (e) { out.push(e.name); }` +
    ` try { ${U}.process = 1; } catch (e) { out.push(e.name); }` +
    ` return out; })`;
  const internals = writtenInternals(body, '\u0000');
  const run = evaluateModuleFunctor(new GeneratedCode({ text: body, internals }, 'test')) as () => unknown;
  const outcome = await assertContained(run);
  assert.deepEqual(outcome, ['direct', 'undefined', true, 'TypeError', 'ReferenceError']);
  assert.equal(compartment.globalThis.process, undefined);
});

test('an unrewritten lookup finds the realm eval nowhere: the eval scope answers only once armed, the terminator never', () => {
  const kit = makeEvalScopeKit();
  const evalScope = kit.evalScope as { eval?: unknown };
  assert.equal(evalScope.eval, undefined);
  kit.allowNextEvalToBeUnsafe();
  assert.equal(evalScope.eval, FERAL_EVAL);
  assert.equal(evalScope.eval, undefined, 'armed for one lookup only');
  kit.allowNextEvalToBeUnsafe();
  kit.revokeEval();
  assert.equal(evalScope.eval, undefined);
  const terminator = scopeTerminator as Record<string, unknown>;
  assert.equal('eval' in terminator && 'process' in terminator, true);
  assert.equal(terminator.eval, undefined);
  assert.throws(() => {
    terminator.process = 1;
  }, ReferenceError);
});
