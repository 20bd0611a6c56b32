// The evaluator's name resolution, checked against the engine itself: the
// same strict program runs natively in a fresh `vm` context whose global
// object holds the same names, and through our rewriting evaluator against a
// plain global object. Printed values, completion values and thrown error
// names must agree. Programs are generated (fast-check) from scoping
// constructs over a small pool of names, so shadowing, hoisting, closures,
// TDZ and global writes all mix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import fc from 'fast-check';
import { makeCompartmentEvaluator } from '../../../src/ses/make-evaluator.js';

const NAMES = ['a', 'b', 'c'];

type Outcome = { log: string[]; result: string };

const describe = (value: unknown): string =>
  typeof value === 'function' ? 'function' : typeof value === 'object' && value !== null ? `object` : `${typeof value}:${String(value)}`;

/** Every name in the pool starts out as a global, so no read is of a missing name. */
const initialGlobals = () => ({ a: 1, b: 'two', c: 3 });

const runNative = (program: string): Outcome => {
  const log: string[] = [];
  const sandbox: Record<string, unknown> = { ...initialGlobals(), log: (v: unknown) => log.push(describe(v)) };
  const context = vm.createContext(sandbox);
  try {
    // A strict direct eval, as compartment evaluation is: top-level
    // declarations stay local to the evaluated program.
    const value = vm.runInContext(`(function () { 'use strict'; return eval(${JSON.stringify(`\n${program}`)}); })()`, context);
    return { log, result: `value ${describe(value)} / ${NAMES.map(n => describe(sandbox[n])).join(',')}` };
  } catch (error) {
    return { log, result: `throws ${(error as Error).name}` };
  }
};

const runConfined = (program: string): Outcome => {
  const log: string[] = [];
  const globalObject: Record<string, unknown> = { ...initialGlobals(), log: (v: unknown) => log.push(describe(v)) };
  const evaluate = makeCompartmentEvaluator(globalObject).safeEvaluate;
  try {
    const value = evaluate(`\n${program}`);
    return { log, result: `value ${describe(value)} / ${NAMES.map(n => describe(globalObject[n])).join(',')}` };
  } catch (error) {
    return { log, result: `throws ${(error as Error).name}` };
  }
};

const name = fc.constantFrom(...NAMES);
const expression: fc.Arbitrary<string> = fc.oneof(
  name,
  fc.integer({ min: 0, max: 9 }).map(String),
  fc.tuple(name, name).map(([x, y]) => `${x} === ${y}`),
  name.map(x => `typeof ${x}`),
  name.map(x => `(() => ${x})()`),
  name.map(x => `({ ${x} }).${x}`),
);

const statement: fc.Memo<string> = fc.memo(depth => {
  const simple = fc.oneof(
    fc.tuple(fc.constantFrom('let', 'const', 'var'), name, expression).map(([kind, x, e]) => `${kind} ${x} = ${e};`),
    fc.tuple(name, expression).map(([x, e]) => `${x} = ${e};`),
    fc.tuple(name, expression).map(([x, e]) => `[${x}] = [${e}];`),
    fc.tuple(name, expression).map(([x, e]) => `({ ${x} } = { ${x}: ${e} });`),
    name.map(x => `${x}++;`),
    expression.map(e => `log(${e});`),
    name.map(x => `function ${x}() { return ${x}; } log(typeof ${x});`),
  );
  if (depth <= 1) return simple;
  const block = fc.array(statement(depth - 1), { maxLength: 3 }).map(list => list.join(' '));
  return fc.oneof(
    simple,
    block.map(body => `{ ${body} }`),
    fc.tuple(name, block).map(([p, body]) => `log((function (${p}) { ${body} return ${p}; })(7));`),
    // `for...of` over a const binding: the body cannot loop forever by
    // assigning the loop variable (that throws, in both).
    fc.tuple(name, block).map(([p, body]) => `for (const ${p} of [1, 2]) { ${body} }`),
    fc.tuple(name, block).map(([p, body]) => `try { throw 5; } catch (${p}) { ${body} log(${p}); }`),
    fc.tuple(name, block).map(([p, body]) => `log(new (class ${p} { m() { ${body} return typeof ${p}; } })().m());`),
  );
});

const program = fc.array(statement(3), { minLength: 1, maxLength: 5 }).map(list => list.join('\n'));

test('generated programs resolve names as the engine does natively', () => {
  fc.assert(
    fc.property(program, source => {
      assert.deepEqual(runConfined(source), runNative(source), source);
    }),
    { numRuns: 400 },
  );
});

test('hand-picked scoping cases agree with the engine', () => {
  const cases = [
    'a = 5; a',
    'var x = 1; x + a',
    'log(typeof a); let a2 = a; a2',
    '{ let a = 9; log(a); } a',
    'function f() { return a; } a = 4; f()',
    'let y = () => b; b = "z"; y()',
    'label: { break label; } c',
    'for (a of [7, 8]); a',
    'for (const k in { p: 1 }) log(k); a',
    '({ a = 4 } = {}); a',
    'const { b: [c] = [6] } = {}; c',
    'class K { static s = a; #p = b; get q() { return this.#p; } } [K.s, new K().q]',
    'a = function () {}; typeof a',
    'log(a); log(typeof notThere)',
  ];
  for (const source of cases) assert.deepEqual(runConfined(source), runNative(source), source);
});
