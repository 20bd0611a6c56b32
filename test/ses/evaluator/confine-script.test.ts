// The rewriting of free names and the token-based source rejections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confineScript } from '../../../src/ses/confine-script.js';
import {
  DIRECT_EVAL_BINDING as E,
  GLOBAL_BINDING as G,
  SCOPE_BINDING as S,
  VALUE_BINDING as V,
} from '../../../src/ses/internal-names.js';

const defaults = { rejectDirectEval: false };
const confined = (source: string, options = {}) => confineScript(source, { ...defaults, ...options }).code.text;
/** The rewrite with the global object's binding, readable or hidden, spelled G (and the other internal names by one letter). */
const rewrite = (source: string, options = {}) =>
  confined(source, options)
    .replaceAll(G, 'G')
    .replaceAll('globalThis', 'G')
    .replaceAll(E, 'E')
    .replaceAll(S, 'S')
    .replaceAll(V, 'V');

test('free reads become property reads of the global object', () => {
  assert.equal(rewrite('a + b'), 'G.a + G.b');
  assert.equal(rewrite('typeof a'), 'typeof G.a');
  assert.equal(rewrite('f(x)'), 'G.f(G.x)');
  assert.equal(rewrite('new C()'), 'new G.C()');
  assert.equal(rewrite('t`x${y}`'), 'G.t`x${G.y}`');
});

test('declared names are left alone, in every kind of scope', () => {
  assert.equal(rewrite('let a = 1; a'), 'let a = 1; a');
  assert.equal(rewrite('a; var a'), 'a; var a');
  assert.equal(rewrite('f(); function f() { return arguments }'), 'f(); function f() { return arguments }');
  assert.equal(rewrite('(function g() { return g })'), '(function g() { return g })');
  assert.equal(rewrite('try {} catch ({ e }) { e }'), 'try {} catch ({ e }) { e }');
  assert.equal(rewrite('for (const k of ks) k'), 'for (const k of G.ks) k');
  assert.equal(rewrite('class A { m() { return A } }'), 'class A { m() { return A } }');
  assert.equal(rewrite('(x => x)'), '(x => x)');
  assert.equal(rewrite('{ let b; } b'), '{ let b; } G.b');
  assert.equal(rewrite('label: for (;;) break label'), 'label: for (;;) break label');
});

test('a block-scoped declaration does not hide the name outside its block', () => {
  assert.equal(rewrite('{ function h() {} } h'), '{ function h() {} } G.h');
  assert.equal(rewrite('switch (1) { case 1: let s; } s'), 'switch (1) { case 1: let s; } G.s');
});

test('a parameter default does not see the function body', () => {
  assert.equal(rewrite('(function (p = v) { var v })'), '(function (p = G.v) { var v })');
});

test('property names, keys and labels are not references', () => {
  assert.equal(rewrite('o.p; ({ p: 1, [k]: 2 }); class C { p = 1; [k2]() {} }'), 'G.o.p; ({ p: 1, [G.k]: 2 }); class C { p = 1; [G.k2]() {} }');
});

test('shorthand properties keep their key', () => {
  assert.equal(rewrite('({ a })'), '({ a: G.a })');
  // An own property named __proto__, as the shorthand makes, not the prototype.
  assert.equal(rewrite('({ __proto__, __proto__: 1 })'), '({ ["__proto__"]: G.__proto__, __proto__: 1 })');
  assert.equal(rewrite('({ a, b = 1 } = o)'), '({ a: ("a" in G ? G : $h\u200d_unbound).a, b: ("b" in G ? G : $h\u200d_unbound).b = 1 } = G.o)');
});

test('assignment targets check presence so that missing names throw', () => {
  const w = (n: string) => `("${n}" in G ? G : $h\u200d_unbound).${n}`;
  // At the start of a statement, behind `void 0, ` (see the ASI test below).
  assert.equal(rewrite('a = 1'), `void 0, ${w('a')} = 1`);
  assert.equal(rewrite('a += 1; a++'), `void 0, ${w('a')} += 1; void 0, ${w('a')}++`);
  assert.equal(rewrite('x = (a = 1)'), `void 0, ${w('x')} = (${w('a')} = 1)`);
  assert.equal(rewrite('[a, ...b] = c'), `[${w('a')}, ...${w('b')}] = G.c`);
  assert.equal(rewrite('for (a in o);'), `for (${w('a')} in G.o);`);
});

test('line numbers are preserved', () => {
  const out = rewrite('a\n+\nb');
  assert.equal(out.split('\n').length, 3);
});

const rejects = (source: string, code: string, line: number, options = {}) =>
  assert.throws(() => rewrite(source, options), (error: unknown) => {
    assert.ok(error instanceof SyntaxError);
    assert.match(error.message, new RegExp(`at <unknown>:${line}\\. \\(${code}\\)$`));
    return true;
  });

test('HTML comments are rejected with their code and line', () => {
  rejects('x = 1;\n<!-- comment', 'SES_HTML_COMMENT_REJECTED', 2);
  rejects('1\n\n--> comment', 'SES_HTML_COMMENT_REJECTED', 3);
});

test('import expressions are rejected, import.meta and mentions are not', () => {
  rejects('\nimport("x")', 'SES_IMPORT_REJECTED', 2);
  rejects('import (\n"x")', 'SES_IMPORT_REJECTED', 1);
});

test('direct eval calls are rejected only when asked', () => {
  rejects('eval("1")', 'SES_EVAL_REJECTED', 1, { rejectDirectEval: true });
  assert.equal(rewrite('o.eval("1"); (0, eval)("1")', { rejectDirectEval: true }), 'G.o.eval("1"); (0, G.eval)("1")');
});

test('the global object is spelled globalThis unless the program binds that name', () => {
  assert.equal(confined('f(a)'), 'globalThis.f(globalThis.a)');
  assert.equal(confined('globalThis'), 'globalThis.globalThis');
  assert.equal(confined('let globalThis; a'), `let globalThis; ${G}.a`);
  assert.equal(confined('(function (globalThis) {}); a'), `(function (globalThis) {}); ${G}.a`);
  // In a direct eval's source, an enclosing globalThis is read through the scope object.
  assert.equal(confined('a', { enclosingNames: ['x'] }), 'globalThis.a');
  assert.equal(confined('globalThis', { enclosingNames: ['globalThis'] }), `${S}.globalThis`);
});

const ARGUMENTS = '"arguments", () => arguments, 0';
test('a direct eval calls the kit with an accessor pair for each name bound at the call', () => {
  assert.equal(rewrite('eval("1")'), `E.direct(() => this, [${ARGUMENTS}])("1")`);
  assert.equal(rewrite('eval()'), `E.direct(() => this, [${ARGUMENTS}])()`);
  assert.equal(rewrite('eval(s, t)'), `E.direct(() => this, [${ARGUMENTS}])(G.s, G.t)`);
  assert.equal(rewrite('(eval)(s)'), `(E.direct(() => this, [${ARGUMENTS}]))(G.s)`);
  assert.equal(
    rewrite('let a; (b => eval(a))'),
    `let a; (b => E.direct(() => this, ["b", () => b, (V) => b = V, ${ARGUMENTS}, "a", () => a, (V) => a = V])(a))`,
  );
  assert.equal(
    rewrite('eval(eval(x))'),
    `E.direct(() => this, [${ARGUMENTS}])(E.direct(() => this, [${ARGUMENTS}])(G.x))`,
  );
});

test('calls that are not direct evals read eval from the global object', () => {
  assert.equal(rewrite('eval?.("1")'), 'G.eval?.("1")');
  assert.equal(rewrite('eval(...a)'), 'G.eval(...G.a)'); // V8 makes this one indirect
  assert.equal(rewrite('eval`1`; new eval(1); [eval]'), 'G.eval`1`; new G.eval(1); [G.eval]');
});

test('direct-eval source reads the enclosing names through the scope object', () => {
  assert.equal(rewrite('a + b; a = 1; a(); ({ a })', { enclosingNames: ['a'] }), 'S.a + G.b; S.a = 1; void 0, (0, S.a)(); ({ a: S.a })');
  assert.equal(rewrite('let a; a', { enclosingNames: ['a'] }), 'let a; a');
  assert.equal(rewrite('eval(c)', { enclosingNames: ['a'] }), 'E.direct(() => this, ["a", () => S.a, (V) => S.a = V])(G.c)');
});

test('this stays as written, in a Function body too (strict code, as in ses)', () => {
  const body = '(function anonymous(x = this\n) {\nreturn [this, () => this, function () { return this }]\n})';
  assert.equal(rewrite(body, { functionBody: true }), body);
  assert.equal(rewrite('this'), 'this');
  assert.equal(rewrite('(function () { eval("this") })', { functionBody: true }), '(function () { E.direct(() => this, ["arguments", () => arguments, 0])("this") })');
});

test('mere mentions in comments and strings are accepted (the original rejects them)', () => {
  for (const source of ['// import(x)', '/* <!-- */ 1', '"-->"', "'import(x)'", '`eval(1)`', '/** @type {import("x").T} */ 1', 'a --> b']) {
    assert.doesNotThrow(() => rewrite(source, { rejectDirectEval: true }), source);
  }
});

test('the sourceURL comment names the source in locations', () => {
  assert.throws(() => rewrite('<!-- x\n//# sourceURL=my-file.js'), /at my-file\.js:1\./);
});

test('syntax errors name the location', () => {
  assert.throws(() => rewrite('let = ;'), (error: unknown) => error instanceof SyntaxError && /at <unknown>:1:\d+$/.test(error.message));
});
