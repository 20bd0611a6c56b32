// The programs of the differential test, and the function that runs them
// with a given Compartment constructor. The same module runs in the test
// process against our endo/ses and in a child process against the original
// `ses` 2.3.0 (both after lockdown()), so it imports nothing at run time but
// the attack table and the outcome recorder, neither of which loads any of
// our src/ses.
//
// A program is a script evaluated in a fresh compartment, or a `run`
// function given the Compartment constructor for what a script cannot
// express (constructor arguments, options, the compartment's own surface).

import { attacks, type Expectation } from '../confinement/attack-table.js';
import { captureOutcome, describeValue, type Outcome, type ValueDescription } from '../../support/outcome.js';

/**
 * What to compare of a thrown error: its constructor name; its message too;
 * or its message's beginning (ours may add detail after the original's text).
 */
export type Compare = 'name' | 'message' | 'prefix';

export interface Program {
  name: string;
  source?: string;
  /** Options for `new Compartment({ __options__: true, ...options })`, made fresh per run. */
  compartmentOptions?: () => Record<string, unknown>;
  /** The options argument of evaluate(), made fresh per run. */
  evaluateOptions?: () => Record<string, unknown>;
  /** Instead of evaluating `source`: anything else done with the constructor. */
  run?: (Compartment: any) => unknown;
  /** Default 'name': error messages of the engine or the parser may differ. */
  compare?: Compare;
  /**
   * Where we intentionally differ from the original (the spec's "known
   * weaknesses"): why, and the outcome we produce instead.
   */
  knownDifference?: { reason: string; ours: Outcome };
}

/**
 * Globals are read as properties of the global object, so V8's messages
 * name them `globalThis.x` where the original's scope proxy gives `x`.
 */
const readableGlobalMessage = (message: string): { reason: string; ours: Outcome } => ({
  reason: 'design: globals are read as properties of globalThis (fast reads); V8 names the callee as written',
  ours: { kind: 'throws', name: 'TypeError', message },
});

const COMPARTMENT_GLOBAL = '<the compartment globalThis>';
const HOST_GLOBAL = '<the HOST globalThis>';

/** The outcome an attack-table expectation stands for, when it names exactly one. */
const outcomeOfExpectation = (expectation: Expectation): Outcome => {
  if ('value' in expectation) return { kind: 'value', ...describeValue(expectation.value) };
  if ('compartmentGlobal' in expectation) return { kind: 'value', type: 'object', repr: COMPARTMENT_GLOBAL };
  throw Error('a known difference needs an attack expectation of one value');
};

const fromAttacks: Program[] = attacks.map(attack => ({
  name: `attack: ${attack.name}`,
  source: attack.source,
  compartmentOptions: attack.globals && (() => ({ globals: attack.globals!() })),
  knownDifference: attack.knownDifference
    ? { reason: attack.knownDifference, ours: outcomeOfExpectation(attack.expect) }
    : undefined,
}));

const ordinary: Program[] = [
  // Arithmetic and primitives
  { name: 'arithmetic', source: '1 + 2 * 3 - 4 / 2' },
  { name: 'exponent', source: '2 ** 10' },
  { name: 'float sum', source: '0.1 + 0.2' },
  { name: 'negative zero', source: '-0' },
  { name: 'infinity', source: '1 / 0' },
  { name: 'NaN global', source: 'NaN' },
  { name: 'bigint', source: '10n ** 20n' },
  { name: 'string methods', source: "'abc'.toUpperCase() + 'x'.repeat(3)" },
  { name: 'template literal', source: 'const n = 3; `n=${n} twice=${n * 2}`' },
  { name: 'split', source: "'a-b-c'.split('-')" },
  { name: 'undefined is not writable', source: 'undefined = 1', compare: 'name' },
  { name: 'number formatting', source: '(1234.5678).toFixed(2)' },
  // Scoping
  { name: 'closure counter', source: 'const make = () => { let n = 0; return () => ++n; }; const c = make(); c(); c(); c()' },
  { name: 'var stays local', source: 'var v = 1; typeof globalThis.v' },
  { name: 'function declaration stays local', source: 'function f() { return 1; } [f(), typeof globalThis.f]' },
  { name: 'shadow a global', source: 'const Array = 1; Array' },
  { name: 'global assignment through globalThis', source: 'globalThis.y = 1; y + 1' },
  { name: 'destructuring with rest', source: 'const { a, ...rest } = { a: 1, b: 2, c: 3 }; [a, rest]' },
  { name: 'typeof arguments at top level', source: 'typeof arguments' },
  { name: 'completion value of a block', source: 'if (true) { 5; } else { 6; }' },
  { name: 'TDZ', source: '(() => { try { x; } catch (e) { return e.constructor.name; } let x = 1; })()' },
  // Classes
  {
    name: 'class with private field and static',
    source: 'class A { #x = 1; static s = 2; get x() { return this.#x; } inc() { this.#x += 1; return this; } } [new A().inc().x, A.s]',
  },
  {
    name: 'class inheritance',
    source: "class A { hi() { return 'A'; } } class B extends A { hi() { return super.hi() + 'B'; } } [new B().hi(), new B() instanceof A]",
  },
  { name: 'class name', source: 'class Named {} Named.name' },
  { name: 'error subclass', source: "class MyError extends Error {} const e = new MyError('m'); [e instanceof Error, e.message, e.name]" },
  // Generators and async
  { name: 'generator', source: 'function* g() { yield 1; yield 2; return 3; } [...g()]' },
  { name: 'async function', source: '(async () => { await null; return 7; })()' },
  { name: 'promise chain', source: 'new Promise(resolve => resolve(1)).then(x => x + 1)' },
  { name: 'promise rejection', source: "Promise.reject(new RangeError('r'))", compare: 'message' },
  {
    name: 'async generator',
    source: '(async () => { const out = []; for await (const x of (async function* () { yield 1; yield 2; })()) out.push(x); return out; })()',
  },
  { name: 'Promise.all', source: 'Promise.all([1, Promise.resolve(2)])' },
  // JSON, RegExp, Symbol
  { name: 'JSON round trip', source: "JSON.parse(JSON.stringify({ a: [1, 'two', null], b: { c: true } }))" },
  { name: 'JSON.stringify spacing', source: 'JSON.stringify({ a: 1, b: [2] }, null, 2)' },
  { name: 'JSON.parse error', source: "JSON.parse('{')", compare: 'name' },
  { name: 'regexp exec', source: "/(\\d+)-(\\d+)/.exec('12-34').slice(1)" },
  { name: 'named groups', source: "'2024-05'.match(/(?<y>\\d{4})-(?<m>\\d{2})/).groups.m" },
  { name: 'replace with a function', source: "'a1b2'.replace(/\\d/g, d => d * 2)" },
  { name: 'legacy RegExp statics are gone', source: "/(a)/.test('a'); [typeof RegExp.$1, typeof RegExp.lastMatch]" },
  { name: 'RegExp.prototype.compile is gone', source: 'typeof RegExp.prototype.compile' },
  { name: 'registered symbols', source: "Symbol.for('x') === Symbol.for('x')" },
  { name: 'symbol description', source: "Symbol('d').description" },
  { name: 'well-known symbols', source: 'typeof Symbol.iterator + typeof Symbol.asyncIterator' },
  // Typed arrays, collections, Proxy
  { name: 'typed array clamps', source: 'Array.from(new Uint8Array([1, 2, 300]))' },
  { name: 'DataView', source: 'const v = new DataView(new ArrayBuffer(4)); v.setInt16(0, -2); v.getUint16(0)' },
  { name: 'typed array elements stay writable after harden', source: 'const a = harden(new Uint8Array(2)); a[0] = 9; a[0]' },
  { name: 'Map and Set', source: "const m = new Map([[1, 'a']]); const s = new Set([1, 1, 2]); [m.get(1), s.size]" },
  { name: 'WeakMap', source: 'const k = {}; const w = new WeakMap([[k, 1]]); w.get(k)' },
  { name: 'Proxy', source: 'new Proxy({}, { get: (_t, key) => `got ${String(key)}` }).hello' },
  { name: 'TextEncoder', source: "typeof TextEncoder === 'function' ? Array.from(new TextEncoder().encode('hé')) : 'absent'" },
  // The hardened world
  { name: 'intrinsics are frozen', source: '[Object.isFrozen(Array.prototype), Object.isFrozen(Object), Object.isFrozen(Math)]' },
  { name: 'the global object is not frozen', source: 'Object.isFrozen(globalThis)' },
  { name: 'harden in a compartment', source: 'const o = harden({ a: { b: 1 } }); [Object.isFrozen(o), Object.isFrozen(o.a)]' },
  { name: 'typeof harden', source: 'typeof harden' },
  { name: 'typeof lockdown', source: 'typeof lockdown' },
  { name: 'typeof assert', source: 'typeof assert' },
  { name: 'typeof Compartment', source: 'typeof Compartment' },
  { name: 'eval is the global eval', source: 'eval === globalThis.eval' },
  { name: 'global own names', source: 'Object.getOwnPropertyNames(globalThis).sort()' },
  { name: 'global object tag', source: 'Object.prototype.toString.call(globalThis)' },
  { name: 'override mistake: own toString', source: "const o = {}; o.toString = () => 'mine'; `${o}`" },
  { name: 'override mistake: constructor on an instance', source: 'function F() {} F.prototype.constructor = 1; F.prototype.constructor' },
  { name: 'locale taming: toLocaleString', source: '(1234.5).toLocaleString()' },
  { name: 'locale taming: localeCompare', source: "['b', 'a', 'B'].sort((x, y) => x.localeCompare(y))" },
  { name: 'Date from a number', source: 'new Date(0).toISOString()' },
  { name: 'Function toString', source: "Function('a', 'return a').toString()" },
  { name: 'native function toString', source: 'Function.prototype.toString.call(Array)' },
  {
    name: 'replaced built-ins still print as native code',
    source: '[Date, Date.now, Math.random, Function, eval, Compartment].map(f => Function.prototype.toString.call(f))',
  },
  { name: 'names and lengths of the evaluators', source: '[Date.name, Function.name, eval.name, Function.length, eval.length, Date.length]' },
  { name: 'error message', source: '(() => { try { null.x; } catch (e) { return [e.constructor.name, e.message]; } })()' },
  { name: 'missing global write in strict mode', source: 'newGlobal = 5', compare: 'message' },
  // V8 builds these messages from the source text of the callee, which names
  // the global object the rewriting reads the global from.
  {
    name: 'calling a missing global: message',
    source: 'missingFn()',
    compare: 'message',
    knownDifference: readableGlobalMessage('globalThis.missingFn is not a function'),
  },
  {
    name: 'calling a missing method of a global: message',
    source: 'Math.nope()',
    compare: 'message',
    knownDifference: readableGlobalMessage('globalThis.Math.nope is not a function'),
  },
  {
    name: 'constructing a non-constructor global: message',
    source: 'globalThis.notCtor = 1; new notCtor()',
    compare: 'message',
    knownDifference: readableGlobalMessage('globalThis.notCtor is not a constructor'),
  },
  {
    name: 'iterating a non-iterable global: message',
    source: 'for (const x of Math) {}',
    compare: 'message',
    knownDifference: readableGlobalMessage('globalThis.Math is not iterable'),
  },
  { name: 'reading through an undefined global: message', source: 'missingObject.field', compare: 'message' },
];

/** The compartment's own surface, options, and evaluate's options. */
const compartmentSurface: Program[] = [
  { name: 'globals endowment', source: 'x + 1', compartmentOptions: () => ({ globals: { x: 41 } }) },
  { name: 'endowed globals are writable', source: 'x = 5; x', compartmentOptions: () => ({ globals: { x: 1 } }) },
  { name: 'endowed globals are enumerable', source: 'Object.keys(globalThis)', compartmentOptions: () => ({ globals: { a: 1, b: 2 } }) },
  {
    name: 'endowed getter is read once at construction',
    source: '[calls, calls]',
    compartmentOptions: () => {
      let n = 0;
      return { globals: { get calls() { n += 1; return n; } } };
    },
  },
  { name: 'legacy globals argument', run: C => new C({ x: 1 }).evaluate('x') },
  { name: 'legacy arguments with globals twice', run: C => new C({}, {}, { globals: {} }), compare: 'name' },
  { name: '__options__ must be true', run: C => new C({ __options__: 'yes' }), compare: 'name' },
  {
    name: 'compartment transforms',
    source: 'FOO',
    compartmentOptions: () => ({ transforms: [(s: string) => s.replace('FOO', '42')] }),
  },
  {
    name: 'evaluate transforms run before compartment transforms',
    source: '3',
    compartmentOptions: () => ({ transforms: [(s: string) => `${s}*2`] }),
    evaluateOptions: () => ({ transforms: [(s: string) => `${s}+1`] }),
  },
  {
    name: 'transforms apply to the compartment Function',
    source: "Function('return FOO')()",
    compartmentOptions: () => ({ transforms: [(s: string) => s.replace('FOO', '1')] }),
  },
  {
    name: 'a transform returning a non-string',
    source: '1',
    evaluateOptions: () => ({ transforms: [() => 42] }),
    compare: 'name',
    knownDifference: {
      reason: 'design: a transform must return source text; the original evaluates whatever it returned',
      ours: { kind: 'throws', name: 'TypeError', message: '' },
    },
  },
  { name: 'sloppyGlobalsMode', source: 'newGlobal = 5; globalThis.newGlobal', evaluateOptions: () => ({ sloppyGlobalsMode: true }) },
  { name: 'name option', run: C => new C({ __options__: true, name: 'alpha' }).name },
  { name: 'default name', run: C => new C().name },
  { name: 'non-string source', run: C => new C().evaluate(42), compare: 'prefix' },
  { name: 'object source', run: C => new C().evaluate({ toString: () => '1' }), compare: 'prefix' },
  { name: 'called without new', run: C => C(), compare: 'message' },
  { name: 'toStringTag', run: C => Object.prototype.toString.call(new C()) },
  { name: 'prototype members', run: C => Reflect.ownKeys(C.prototype).map(String).sort() },
  { name: 'inert prototype constructor', run: C => new C.prototype.constructor(), compare: 'message' },
  { name: 'Compartment.name', run: C => C.name },
  { name: 'globalThis getter on a non-compartment', run: C => Reflect.get(C.prototype, 'globalThis', {}), compare: 'name' },
  { name: 'evaluate on a non-compartment', run: C => C.prototype.evaluate.call({}, '1'), compare: 'name' },
  { name: 'each compartment has its own eval', run: C => new C().globalThis.eval === new C().globalThis.eval },
  { name: 'each compartment has its own Function', run: C => new C().globalThis.Function === new C().globalThis.Function },
  { name: 'compartments share Array', run: C => new C().globalThis.Array === new C().globalThis.Array },
  {
    name: 'functions from two compartments share Function.prototype',
    run: C => Object.getPrototypeOf(new C().evaluate('() => 1')) === Object.getPrototypeOf(new C().evaluate('() => 2')),
  },
  // Rejections: same codes, same messages, same line numbers.
  { name: 'HTML comment message', source: '1 <!-- 2', compare: 'message' },
  { name: 'HTML comment on line 3', source: '\n\n1 <!-- x', compare: 'message' },
  { name: 'HTML close comment on line 2', source: '1;\n--> x', compare: 'message' },
  { name: 'import expression message', source: "import('x')", compare: 'message' },
  { name: 'import expression on line 3', source: "a;\nb;\nimport('x')", compare: 'message' },
  { name: 'direct eval message', source: "eval('1')", compare: 'message' },
  { name: 'direct eval on line 2', source: "\nconst x = eval('1');", compare: 'message' },
  { name: 'sourceURL names the source', source: "\n\nimport('x');\n//# sourceURL=my-file.js", compare: 'message' },
  {
    name: 'direct eval allowed when asked',
    source: "const local = 3; eval('local')",
    evaluateOptions: () => ({ __rejectSomeDirectEvalExpressions__: false }),
    knownDifference: {
      reason: 'spec: a direct eval inside confined code sees the local scope; in the original it is indirect',
      ours: { kind: 'value', type: 'number', repr: '3' },
    },
  },
  {
    name: 'direct eval allowed when asked does not see the host',
    source: "eval('typeof process')",
    evaluateOptions: () => ({ __rejectSomeDirectEvalExpressions__: false }),
  },
  {
    name: 'import expression evaded when asked',
    source: "const __import__ = s => `imported ${s}`; import('a')",
    evaluateOptions: () => ({ __evadeImportExpressionTest__: true }),
  },
  { name: 'syntax error', source: 'let let = 1', compare: 'name' },
];

export const programs: readonly Program[] = [...fromAttacks, ...ordinary, ...compartmentSurface];

/** Runs every program with `Compartment`; the outcomes by program name, as JSON-ready data. */
export const runPrograms = async (Compartment: any): Promise<Record<string, Outcome>> => {
  const outcomes: Record<string, Outcome> = {};
  for (const program of programs) {
    let compartment: any;
    const describe = (value: unknown): ValueDescription => {
      if (compartment !== undefined && value === compartment.globalThis) return { type: 'object', repr: COMPARTMENT_GLOBAL };
      if (value === globalThis) return { type: 'object', repr: HOST_GLOBAL };
      return describeValue(value);
    };
    outcomes[program.name] = await captureOutcome(() => {
      if (program.run) return program.run(Compartment);
      compartment = new Compartment({ __options__: true, ...program.compartmentOptions?.() });
      return compartment.evaluate(program.source, program.evaluateOptions?.());
    }, describe);
  }
  return outcomes;
};
