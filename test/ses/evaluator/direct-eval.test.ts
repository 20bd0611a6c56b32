// Direct eval inside confined code: it sees the local scope, like a native
// direct eval, and stays confined; and the ways a program might try to turn
// the realm's own eval (which the rewriting hands to a direct-eval call for
// one lookup) against the compartment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown, Compartment } from '../../../src/ses/index.js';

lockdown();

const ev = 'ev' + 'al'; // keeps this file's own text free of direct-eval-looking calls
const allowDirectEval = { __rejectSomeDirectEvalExpressions__: false };
const run = (source: string, globals: object = {}) => {
  const compartment = new Compartment({ __options__: true, globals });
  return { compartment, value: compartment.evaluate(source, allowDirectEval) };
};

test('a direct eval sees locals, parameters, closures and arguments', () => {
  assert.equal(run(`const local = 40; ${ev}('local + 2')`).value, 42);
  assert.equal(run(`((a, b) => ${ev}('a * b'))(6, 7)`).value, 42);
  assert.equal(run(`(function () { return ${ev}('arguments.length'); })(1, 2, 3)`).value, 3);
  assert.equal(run(`let n = 1; ${ev}('n = 5'); n`).value, 5);
  assert.equal(run(`const f = x => ${ev}('y => x + y'); f(40)(2)`).value, 42);
});

test('a direct eval in a Function body sees its parameters, and is allowed by default there', () => {
  const { compartment } = run('1');
  assert.equal(compartment.evaluate(`Function('x', 'return ${ev}("x + 1")')(1)`), 2);
  assert.equal(compartment.evaluate(`(0, eval)('const local = 1; ${ev}("local")')`), 1);
});

test('direct-eval code reads globals from the compartment, never the host', () => {
  assert.equal(run(`${ev}('endowed')`, { endowed: 'mine' }).value, 'mine');
  assert.equal(run(`${ev}('typeof process')`).value, 'undefined');
  const { compartment, value } = run(`${ev}('globalThis')`);
  assert.equal(value, compartment.globalThis);
  assert.equal(run(`${ev}('${ev}("typeof require")')`).value, 'undefined');
  assert.throws(() => run(`${ev}('undeclared = 1')`), ReferenceError);
});

test('its var and let declarations stay inside the eval (strict code)', () => {
  assert.equal(run(`${ev}('var v = 1'); typeof v`).value, 'undefined');
});

test('the value of eval seen inside is the compartment eval, never the realm eval', () => {
  const { compartment, value } = run(`${ev}('eval')`);
  assert.equal(value, compartment.globalThis.eval);
  assert.equal(run(`${ev}('(0, eval)("typeof process")')`).value, 'undefined');
  assert.equal(run(`${ev}('[eval][0]("globalThis") === globalThis')`).value, true);
});

test('non-string arguments are returned unchanged', () => {
  const box = { source: '1 + 1' };
  assert.equal(run(`${ev}(box)`, { box }).value, box);
  assert.equal(run(`${ev}(5)`).value, 5);
  assert.equal(run(`${ev}()`).value, undefined);
});

test('a replaced global eval is called instead, with the source unchanged', () => {
  assert.equal(run(`globalThis.eval = s => 'called with ' + s; ${ev}('1 + 1')`).value, 'called with 1 + 1');
  assert.throws(() => run(`globalThis.eval = undefined; ${ev}('1')`), /eval is not a function/);
});

test('a program cannot name, shadow or fake the internal bindings', () => {
  const reserved = /The identifier "\$h\u200d_eval" is reserved for rewritten code/;
  assert.throws(() => run('typeof $h\u200d_eval'), reserved);
  assert.throws(() => run(`${ev}('typeof $h\u200d_eval')`), reserved);
  assert.throws(() => run(`let $h\u200d_eval = { direct: () => s => s }; ${ev}('globalThis')`), reserved);
  assert.throws(() => run(`Function('let $h\\u200d_eval = {}; return ${ev}("this")')()`), reserved);
  assert.throws(() => run('(function ($h\u200d_scope) {})'), /"\$h\u200d_scope" is reserved/);
  // A property of that name is no binding: allowed.
  assert.equal(run('({ $h\u200d_eval: 1 }).$h\u200d_eval').value, 1);
});

test('the scope object a direct eval reads its names through is nothing more', () => {
  // const stays constant, the temporal dead zone holds, arguments cannot be assigned.
  assert.throws(() => run(`const c = 1; ${ev}('c = 2')`), TypeError);
  assert.throws(() => run(`${ev}('later'); let later = 1`), ReferenceError);
  assert.throws(() => run(`(function () { ${ev}('arguments = 1') })()`), SyntaxError);
  // A name declared in the eval'd code shadows the caller's, and stays there.
  assert.equal(run(`let a = 1; ${ev}('let a = 2; a') + a`).value, 3);
  // Calls through the scope get no receiver, as calls of plain bindings.
  assert.equal(run(`const f = function () { return this }; ${ev}('f()')`).value, undefined);
  // A direct eval of a direct eval sees the same bindings, live.
  assert.equal(run(`let n = 1; ${ev}('${ev}("n += 1")'); n`).value, 2);
  // In a class field initializer or static block, an outer `arguments` is out of reach, as in the language.
  assert.equal(run(`class A { x = ${ev}('1 + 1'); static { this.y = ${ev}('2'); } } new A().x + A.y`).value, 4);
  assert.equal(run(`(function () { class A { x = (() => ${ev}('3'))() } return new A().x })()`).value, 3);
});

test('an indirect eval is not given the local scope', () => {
  assert.equal(run(`const local = 1; (0, eval)('typeof local')`).value, 'undefined');
  assert.equal(run(`const local = 1; eval?.('typeof local')`).value, 'undefined');
  assert.equal(run(`const local = 1; ${ev}(...['typeof local'])`).value, 'undefined');
});

test('this in direct-eval code is the caller\'s: undefined in a plain call of a Function body', () => {
  const { compartment } = run('1');
  assert.equal(compartment.evaluate(`Function('return ${ev}("this")')()`), undefined);
  assert.equal(compartment.evaluate(`Function('return ${ev}("() => this")()')()`), undefined);
  assert.equal(compartment.evaluate(`${ev}('this')`, allowDirectEval), compartment.globalThis);
  const receiver = {};
  assert.equal(compartment.evaluate(`Function('return ${ev}("this")')`).call(receiver), receiver);
});
