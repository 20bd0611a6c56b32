// The attack programs that confined code might try, as data: each is a
// script evaluated in a fresh compartment after lockdown(), with what must
// happen. ./attacks.test.ts runs them against our endo/ses (and again in a
// compartment nested in a compartment); ../differential/ runs them under the
// original `ses` too. This module imports nothing at run time, so a child
// process can load it next to the original without loading our code.
//
// Every program is safe in the same few ways: it cannot reach the host's
// global object or any host-only global, cannot change any shared
// intrinsic, cannot read a stack, the clock or a random source, and cannot
// smuggle code past the source checks.

/** The constructor names an attack may be expected to throw. */
export type ErrorName = 'TypeError' | 'SyntaxError' | 'ReferenceError' | 'RangeError' | 'Error';

export type Expectation =
  /** Returns this value (deep equality; Object.is for primitives). */
  | { value: unknown }
  /** Throws an error of this constructor name, whose message matches. */
  | { throws: ErrorName; message?: RegExp }
  /** Returns the global object of the compartment it ran in. */
  | { compartmentGlobal: true }
  /** Any one of these is safe. */
  | { oneOf: Expectation[] };

export interface Attack {
  name: string;
  source: string;
  /** Endowments copied onto the compartment's global object. */
  globals?: () => Record<string, unknown>;
  expect: Expectation;
  /**
   * Read from the host before and after the attack (given the compartment's
   * global object): the value must not change.
   */
  unchanged?: (compartmentGlobal: Record<PropertyKey, any>) => unknown;
  /** Why the original `ses` behaves differently (we do better; see the spec). */
  knownDifference?: string;
}

/**
 * A global the confinement test defines on the host before running the
 * table; no compartment may see it.
 */
export const HOST_CANARY = 'hostCanaryForConfinementTests';

const typeError = { throws: 'TypeError' } as const;
const secureMode = { throws: 'TypeError', message: /^secure mode/ } as const;
const syntaxError = { throws: 'SyntaxError' } as const;

const DIRECT_EVAL_DIFFERENCE =
  'spec: a direct eval inside confined code sees the local scope; in the original every confined eval( call is indirect';
const TOKEN_DIFFERENCE = 'spec: rejections look at tokens, not text (the original rejects this with a regular expression)';

const reachHost: Attack[] = [
  { name: 'typeof process', source: 'typeof process', expect: { value: 'undefined' } },
  { name: 'typeof require', source: 'typeof require', expect: { value: 'undefined' } },
  { name: 'typeof module', source: 'typeof module', expect: { value: 'undefined' } },
  { name: 'typeof console', source: 'typeof console', expect: { value: 'undefined' } },
  { name: 'typeof Buffer', source: 'typeof Buffer', expect: { value: 'undefined' } },
  { name: 'globalThis.process', source: 'globalThis.process', expect: { value: undefined } },
  { name: 'this.process', source: 'this.process', expect: { value: undefined } },
  { name: 'host canary by name', source: `typeof ${HOST_CANARY}`, expect: { value: 'undefined' } },
  { name: 'host canary on globalThis', source: `globalThis.${HOST_CANARY}`, expect: { value: undefined } },
  { name: 'host canary via Function', source: `Function('return typeof ${HOST_CANARY}')()`, expect: { value: 'undefined' } },
  { name: 'top-level this is the compartment global', source: 'this', expect: { compartmentGlobal: true } },
  { name: 'globalThis is the compartment global', source: 'globalThis', expect: { compartmentGlobal: true } },
  { name: 'indirect eval this', source: "(0, eval)('this')", expect: { compartmentGlobal: true } },
  { name: 'indirect eval typeof process', source: "(0, eval)('typeof process')", expect: { value: 'undefined' } },
  // A function made by Function is strict: its `this` is undefined, as in ses.
  { name: "Function('return this')()", source: "Function('return this')()", expect: { value: undefined } },
  { name: "new Function('return this')()", source: "new Function('return this')()", expect: { value: undefined } },
  { name: "Function('return this').call(undefined)", source: "Function('return this').call(undefined)", expect: { value: undefined } },
  {
    name: 'lodash-style global detection',
    source: "(typeof globalThis == 'object' && globalThis) || Function('return this')()",
    expect: { compartmentGlobal: true },
  },
  { name: "Function('return typeof process')()", source: "Function('return typeof process')()", expect: { value: 'undefined' } },
  { name: 'strict function this', source: '(function () { return this; })()', expect: { value: undefined } },
  { name: 'arrow this at top level', source: '(() => this)()', expect: { compartmentGlobal: true } },
  { name: 'callback this', source: '[0].map(function () { return this; })[0]', expect: { value: undefined } },
  { name: 'Reflect.apply with undefined this', source: 'Reflect.apply(function () { return this; }, undefined, [])', expect: { value: undefined } },
  { name: 'call with null this', source: '(function () { return this; }).call(null)', expect: { value: null } },
  { name: 'arguments.callee', source: '(function () { return arguments.callee; })()', expect: typeError },
  {
    name: 'f.caller',
    source: '(function f() { return f.caller; })()',
    // The property is removed (undefined) or a poison pill (TypeError): both safe.
    expect: { oneOf: [{ value: undefined }, { value: null }, typeError] },
  },
  {
    name: 'caller of a nested sloppy-looking function',
    source: '(function outer() { return (function inner() { return inner.caller; })(); })()',
    expect: { oneOf: [{ value: undefined }, { value: null }, typeError] },
  },
];

const reachEvaluators: Attack[] = [
  {
    name: 'AsyncFunction constructor',
    source: "Object.getPrototypeOf(async function () {}).constructor('return this')",
    expect: typeError,
  },
  {
    name: 'GeneratorFunction constructor',
    source: "Object.getPrototypeOf(function* () {}).constructor('return this')",
    expect: typeError,
  },
  {
    name: 'AsyncGeneratorFunction constructor',
    source: "Object.getPrototypeOf(async function* () {}).constructor('return this')",
    expect: typeError,
  },
  {
    name: 'new AsyncFunction constructor',
    source: "new (Object.getPrototypeOf(async () => {}).constructor)('return this')",
    expect: typeError,
  },
  { name: 'arrow constructor', source: "(() => {}).constructor('return this')", expect: typeError },
  { name: 'async arrow constructor', source: "(async () => {}).constructor('return this')", expect: typeError },
  { name: 'class constructor', source: "(class {}).constructor('return this')", expect: typeError },
  { name: 'Error.prototype.constructor.constructor', source: "Error.prototype.constructor.constructor('return process')", expect: typeError },
  { name: 'globalThis.constructor.constructor', source: "globalThis.constructor.constructor('return this')", expect: typeError },
  { name: '[].constructor.constructor', source: "[].constructor.constructor('return this')", expect: typeError },
  { name: 'Reflect.getPrototypeOf(Function).constructor', source: "Reflect.getPrototypeOf(Function).constructor('return this')", expect: typeError },
  { name: 'Reflect.get of Function.prototype.constructor', source: "Reflect.get(Function.prototype, 'constructor')('return this')", expect: typeError },
  { name: 'Function.prototype.constructor is not Function', source: 'Function.prototype.constructor === Function', expect: { value: false } },
  { name: 'eval.constructor', source: "eval.constructor('return this')", expect: typeError },
  { name: 'Compartment.constructor', source: "Compartment.constructor('return this')", expect: typeError },
  { name: 'Compartment.prototype.constructor', source: 'new Compartment.prototype.constructor()', expect: typeError },
  { name: 'Symbol.constructor', source: "Symbol.constructor('return this')", expect: typeError },
  { name: 'bound function constructor', source: "(function () {}).bind(null).constructor('return this')", expect: typeError },
  {
    name: 'endowed host function constructor',
    source: "hostFunction.constructor('return process')",
    globals: () => ({ hostFunction: () => 1 }),
    expect: typeError,
  },
  {
    name: 'endowed host object constructor.constructor',
    source: "hostObject.constructor.constructor('return process')()",
    globals: () => ({ hostObject: {} }),
    expect: typeError,
  },
  {
    name: 'endowed host async function constructor',
    source: "hostAsync.constructor('return process')",
    globals: () => ({ hostAsync: async () => 1 }),
    expect: typeError,
  },
  {
    name: 'endowed function is still callable',
    source: 'add(2, 3)',
    globals: () => ({ add: (a: number, b: number) => a + b }),
    expect: { value: 5 },
  },
];

const mutateIntrinsics: Attack[] = [
  {
    name: 'Array.prototype.push = ...',
    source: "Array.prototype.push = function () { return 'pwned'; }",
    expect: typeError,
    unchanged: () => Array.prototype.push,
  },
  {
    name: 'Object.prototype.x = 1',
    source: 'Object.prototype.x = 1',
    expect: typeError,
    unchanged: () => Object.hasOwn(Object.prototype, 'x'),
  },
  {
    name: 'Object.defineProperty(Array, ...)',
    source: "Object.defineProperty(Array, 'x', { value: 1 })",
    expect: typeError,
    unchanged: () => Object.hasOwn(Array, 'x'),
  },
  {
    name: 'Reflect.defineProperty on Object.prototype',
    source: "Reflect.defineProperty(Object.prototype, 'y', { value: 1 })",
    expect: { value: false },
    unchanged: () => Object.hasOwn(Object.prototype, 'y'),
  },
  {
    name: 'delete Math.max',
    source: 'delete Math.max',
    expect: typeError,
    unchanged: g => g.Math.max,
  },
  {
    name: 'delete Array.prototype.map',
    source: 'delete Array.prototype.map',
    expect: typeError,
    unchanged: () => Array.prototype.map,
  },
  {
    name: 'Object.setPrototypeOf(Array.prototype, null)',
    source: 'Object.setPrototypeOf(Array.prototype, null)',
    expect: typeError,
    unchanged: () => Object.getPrototypeOf(Array.prototype),
  },
  {
    name: 'Object.prototype.__proto__ = {}',
    source: 'Object.prototype.__proto__ = {}',
    expect: typeError,
    unchanged: () => Object.getPrototypeOf(Object.prototype),
  },
  {
    name: 'Array.prototype[Symbol.iterator] = ...',
    source: 'Array.prototype[Symbol.iterator] = function* () { yield 1; }',
    expect: typeError,
    unchanged: () => Array.prototype[Symbol.iterator],
  },
  {
    name: 'Object.prototype.toString = ...',
    source: "Object.prototype.toString = () => 'pwned'",
    expect: typeError,
    unchanged: () => Object.prototype.toString,
  },
  {
    name: 'Function.prototype.call = ...',
    source: 'Function.prototype.call = null',
    expect: typeError,
    unchanged: () => Function.prototype.call,
  },
  {
    name: 'Promise.prototype.then = ...',
    source: 'Promise.prototype.then = null',
    expect: typeError,
    unchanged: () => Promise.prototype.then,
  },
  {
    name: 'JSON.parse = ...',
    source: 'JSON.parse = () => 1',
    expect: typeError,
    unchanged: () => JSON.parse,
  },
  {
    name: 'Object.assign(Object.prototype, ...)',
    source: 'Object.assign(Object.prototype, { polluted: 1 })',
    expect: typeError,
    unchanged: () => Object.hasOwn(Object.prototype, 'polluted'),
  },
  {
    name: 'JSON __proto__ pollution',
    source: 'JSON.parse(\'{"__proto__": {"polluted": 1}}\'); ({}).polluted',
    expect: { value: undefined },
  },
  {
    name: 'Math.random = ...',
    source: 'Math.random = () => 4',
    expect: typeError,
    unchanged: g => g.Math.random,
  },
  {
    name: 'Date.prototype.getTime = ...',
    source: 'Date.prototype.getTime = () => 0',
    expect: typeError,
    unchanged: () => Date.prototype.getTime,
  },
  {
    name: 'Object.freeze = ...',
    source: 'Object.freeze = (x) => x',
    expect: typeError,
    unchanged: () => Object.freeze,
  },
  {
    name: 'harden = ... on the shared harden',
    source: 'harden.isFake = true',
    expect: typeError,
    unchanged: g => Object.hasOwn(g.harden, 'isFake'),
  },
  {
    name: 'replacing a global only touches this compartment',
    source: 'globalThis.Array = null; Array',
    expect: { value: null },
    unchanged: () => typeof Array,
  },
];

const readStacks: Attack[] = [
  { name: 'new Error().stack', source: 'new Error().stack', expect: { value: '' } },
  { name: 'thrown TypeError stack', source: '(() => { try { null.x; } catch (e) { return e.stack; } })()', expect: { value: '' } },
  {
    name: 'Error.captureStackTrace',
    source: "(() => { const o = {}; Error.captureStackTrace(o); return o.stack; })()",
    expect: { oneOf: [{ value: '' }, { value: undefined }] },
  },
  {
    name: 'Error.prepareStackTrace call sites',
    source: `(() => {
      try { Error.prepareStackTrace = (e, sites) => sites; } catch {}
      const o = {};
      try { Error.captureStackTrace(o); } catch {}
      const e = new Error('x');
      const leaks = s => Array.isArray(s) && s.some(site => typeof site.getFunction === 'function' && site.getFunction() !== undefined);
      return [leaks(o.stack), leaks(e.stack), typeof e.stack];
    })()`,
    expect: { value: [false, false, 'string'] },
  },
  {
    name: 'Error.stackTraceLimit = 100',
    source: 'try { Error.stackTraceLimit = 100; } catch {} Error.stackTraceLimit === 100',
    expect: { value: false },
    unchanged: () => (Error as { stackTraceLimit?: number }).stackTraceLimit,
  },
  { name: 'RangeError stack', source: '(() => { try { new Array(-1); } catch (e) { return e.stack; } })()', expect: { value: '' } },
];

const readTimeAndRandomness: Attack[] = [
  { name: 'Date.now()', source: 'Date.now()', expect: secureMode },
  { name: 'new Date()', source: 'new Date()', expect: secureMode },
  { name: 'Date()', source: 'Date()', expect: secureMode },
  { name: 'Date(0) as a function', source: 'Date(0)', expect: secureMode },
  { name: 'Date via prototype constructor', source: 'new (new Date(0).constructor)()', expect: secureMode },
  { name: 'Date.now via prototype constructor', source: 'new Date(0).constructor.now()', expect: secureMode },
  { name: 'Math.random()', source: 'Math.random()', expect: secureMode },
  { name: 'new Date(0) still works', source: 'new Date(0).getTime()', expect: { value: 0 } },
  { name: 'Date.parse still works', source: "Date.parse('1970-01-02T00:00:00Z')", expect: { value: 86400000 } },
  { name: 'Math.max still works', source: 'Math.max(1, 5, 3)', expect: { value: 5 } },
  { name: 'typeof performance', source: 'typeof performance', expect: { value: 'undefined' } },
  { name: 'typeof crypto', source: 'typeof crypto', expect: { value: 'undefined' } },
  { name: 'typeof setTimeout', source: 'typeof setTimeout', expect: { value: 'undefined' } },
  { name: 'typeof setInterval', source: 'typeof setInterval', expect: { value: 'undefined' } },
  { name: 'typeof SharedArrayBuffer', source: 'typeof SharedArrayBuffer', expect: { value: 'undefined' } },
  { name: 'typeof Atomics', source: 'typeof Atomics', expect: { value: 'undefined' } },
  { name: 'typeof WeakRef', source: 'typeof WeakRef', expect: { value: 'undefined' } },
  { name: 'typeof FinalizationRegistry', source: 'typeof FinalizationRegistry', expect: { value: 'undefined' } },
  { name: 'typeof Intl', source: 'typeof Intl', expect: { value: 'undefined' } },
  { name: 'typeof fetch', source: 'typeof fetch', expect: { value: 'undefined' } },
];

const withAndUnscopables: Attack[] = [
  { name: 'with statement in evaluate', source: 'with ({}) { 1; }', expect: syntaxError },
  {
    name: 'with in a Function body',
    source: "Function('obj', 'with (obj) { return typeof process; }')({})",
    expect: { oneOf: [syntaxError, { value: 'undefined' }] },
  },
  {
    name: 'with in a Function body reaching this',
    source: "Function('with ({}) { return this; }')()",
    expect: { oneOf: [syntaxError, { value: undefined }, { compartmentGlobal: true }] },
  },
  {
    name: 'with over a null-prototype object in a Function body',
    source: "Function('with (Object.create(null)) { return typeof require; }')()",
    expect: { oneOf: [syntaxError, { value: 'undefined' }] },
  },
  { name: 'assign globalThis[Symbol.unscopables]', source: 'globalThis[Symbol.unscopables] = { process: true }', expect: typeError },
  {
    name: 'define globalThis[Symbol.unscopables]',
    source: "Object.defineProperty(globalThis, Symbol.unscopables, { value: { Array: true } }); typeof Array",
    expect: { oneOf: [typeError, { value: 'function' }] },
  },
];

const functionBodyInjection: Attack[] = [
  { name: 'close the wrapper from the body', source: "Function('}), (function () { return this; })(); (function () {')", expect: syntaxError },
  { name: 'close the wrapper from the parameters', source: "Function('a) { return this; }; (function (', '')", expect: syntaxError },
  { name: 'comment spanning parameters and body', source: "Function('/*', '*/) { return this; })(); (function () {')", expect: syntaxError },
  { name: 'comment trick of the XS bug', source: "Function('/*', '*/ ) {')", expect: syntaxError },
  { name: 'close the wrapper then call', source: "Function('})(); return this; (function () {')", expect: syntaxError },
  { name: 'lone parenthesis parameter', source: "Function(')', 'return 1')", expect: syntaxError },
  { name: 'super in a body', source: "Function('return super.x')", expect: syntaxError },
  { name: 'line comment parameter', source: "new Function('x', '//', 'return x')(5)", expect: { value: 5 } },
  { name: 'trailing line comment in a body', source: "Function('return 1 //')()", expect: { value: 1 } },
  { name: 'default parameter', source: "Function('x = 1', 'return x')()", expect: { value: 1 } },
  { name: 'default parameter reaching this', source: "Function('x = this', 'return x')()", expect: { value: undefined } },
  { name: 'object coerced to a body', source: "Function({ toString() { return 'return 7'; } })()", expect: { value: 7 } },
  { name: 'name of a made function', source: "Function('return 1').name", expect: { value: 'anonymous' } },
];

const directEval: Attack[] = [
  {
    name: 'direct eval in evaluate is rejected',
    source: 'const secret = 42; eval(\'secret\')',
    expect: { throws: 'SyntaxError', message: /SES_EVAL_REJECTED/ },
  },
  // `ev` + `al(` keeps the outer source free of text that looks like a direct eval call.
  { name: 'direct eval in a Function sees locals', source: "Function('const local = 42; return ev' + 'al(\"local\")')()", expect: { value: 42 }, knownDifference: DIRECT_EVAL_DIFFERENCE },
  { name: 'direct eval in a Function sees parameters', source: "Function('x', 'return ev' + 'al(\"x + 1\")')(1)", expect: { value: 2 }, knownDifference: DIRECT_EVAL_DIFFERENCE },
  { name: 'direct eval in a Function does not see the host', source: "Function('return ev' + 'al(\"typeof process\")')()", expect: { value: 'undefined' } },
  {
    name: 'direct eval in a Function reaching this',
    source: "Function('return ev' + 'al(\"this\")')()",
    // The caller's this: undefined in a plain call of a strict function (ses: the global, its eval being indirect).
    expect: { value: undefined },
    knownDifference: DIRECT_EVAL_DIFFERENCE,
  },
  { name: 'direct eval inside indirect eval', source: "(0, eval)('const local = 1; ev' + 'al(\"local\")')", expect: { value: 1 }, knownDifference: DIRECT_EVAL_DIFFERENCE },
  {
    name: 'direct eval sees the host canary? no',
    source: `Function('return ev' + 'al("typeof ${HOST_CANARY}")')()`,
    expect: { value: 'undefined' },
  },
];

const rejectedSources: Attack[] = [
  { name: "import('fs')", source: "import('fs')", expect: { throws: 'SyntaxError', message: /SES_IMPORT_REJECTED/ } },
  { name: "import ('fs') with a space", source: "import ('fs')", expect: { throws: 'SyntaxError', message: /SES_IMPORT_REJECTED/ } },
  { name: 'import with a comment before the parenthesis', source: "import/**/('fs')", expect: { throws: 'SyntaxError', message: /SES_IMPORT_REJECTED/ } },
  { name: 'import in a Function body', source: "Function('return imp' + 'ort(\"fs\")')", expect: { throws: 'SyntaxError', message: /SES_IMPORT_REJECTED/ } },
  { name: 'import in indirect eval', source: "(0, eval)('imp' + 'ort(\"fs\")')", expect: { throws: 'SyntaxError', message: /SES_IMPORT_REJECTED/ } },
  { name: 'HTML open comment', source: '1 <!-- 2', expect: { throws: 'SyntaxError', message: /SES_HTML_COMMENT_REJECTED/ } },
  { name: 'HTML close comment', source: '1;\n--> 2', expect: { throws: 'SyntaxError', message: /SES_HTML_COMMENT_REJECTED/ } },
  {
    name: 'HTML comment in a Function body',
    source: "Function('return 1 <' + '!-- 2')",
    expect: { throws: 'SyntaxError', message: /SES_HTML_COMMENT_REJECTED/ },
  },
  { name: 'import( in a string is harmless', source: "'import(\"fs\")'.length", expect: { value: 12 }, knownDifference: TOKEN_DIFFERENCE },
  { name: '<!-- in a string is harmless', source: "'<!--'.length", expect: { value: 4 }, knownDifference: TOKEN_DIFFERENCE },
  { name: 'import( in a comment is harmless', source: "// see import('fs')\n1", expect: { value: 1 }, knownDifference: TOKEN_DIFFERENCE },
];

const missingNames: Attack[] = [
  { name: 'typeof a missing name', source: 'typeof notDefinedAnywhere', expect: { value: 'undefined' } },
  { name: 'reading a missing name', source: 'notDefinedAnywhere', expect: { value: undefined } },
  { name: 'assigning a missing name', source: 'notDefinedAnywhere = 1', expect: { throws: 'ReferenceError' } },
  { name: 'calling a missing name', source: 'notDefinedAnywhere()', expect: typeError },
];

const nestedCompartments: Attack[] = [
  { name: 'nested: typeof process', source: "new Compartment().evaluate('typeof process')", expect: { value: 'undefined' } },
  { name: 'nested: its own global object', source: 'new Compartment().globalThis === globalThis', expect: { value: false } },
  { name: 'nested: shared intrinsics', source: "new Compartment().evaluate('Array') === Array", expect: { value: true } },
  { name: 'nested: Math.random()', source: "new Compartment().evaluate('Math.random()')", expect: secureMode },
  {
    name: "nested: Function('return this')()",
    source: "(() => { const c = new Compartment(); return c.evaluate(\"Function('return this')()\"); })()",
    expect: { value: undefined },
  },
  {
    name: 'nested: the outer global does not leak inward',
    source: "globalThis.outerOnly = 1; new Compartment().evaluate('typeof outerOnly')",
    expect: { value: 'undefined' },
  },
  {
    name: 'nested: explicit endowment is the only way in',
    source: "new Compartment({ __options__: true, globals: { outer: globalThis } }).evaluate('outer') === globalThis",
    expect: { value: true },
  },
  { name: 'nested: constructor escape', source: "new Compartment().evaluate('[].constructor.constructor')('return this')", expect: typeError },
];

export const attacks: readonly Attack[] = [
  ...reachHost,
  ...reachEvaluators,
  ...mutateIntrinsics,
  ...readStacks,
  ...readTimeAndRandomness,
  ...withAndUnscopables,
  ...functionBodyInjection,
  ...directEval,
  ...rejectedSources,
  ...missingNames,
  ...nestedCompartments,
];
