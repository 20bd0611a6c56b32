// The contract of the functor that module-transform.ts compiles a module
// into (documented in src/ses/module-record.ts), checked by running functors
// by hand in a compartment, without a loader: live bindings, the temporal
// dead zone, hoisting, default export names, read-only imports, `this`,
// confinement of free names, top-level await, import.meta, import(), line
// numbers and shadowing of import names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCompartmentFields } from '../../src/ses/compartment.js';
import { transformModule } from '../../src/ses/module-transform.js';
import { repoRoot } from './original-module-source.js';
import { Compartment } from '../../src/ses/index.js';
import { instantiate, namespaceOf } from './run-functor.js';

const makeCompartment = (globals: object = {}) => new Compartment({ globals, __options__: true });

/** Instantiates and runs a module with no imports; returns its instance. */
const runModule = (text: string, globals: object = {}) => {
  const instance = instantiate(makeCompartment(globals), text);
  instance.execute();
  return instance;
};

const read = (instance: { readers: Record<string, () => unknown> }, name: string): any => instance.readers[name]();

const counterText = 'export let n = 0;\nexport function increment() {\n  n += 1;\n  return n;\n}\n';

test('an importer sees the live value of an exported let', () => {
  const compartment = makeCompartment();
  const counter = instantiate(compartment, counterText, { location: 'file:///counter.js' });
  counter.execute();
  const importer = instantiate(
    compartment,
    [
      "import { n, increment } from './counter.js';",
      "import { n as renamed } from './counter.js';",
      "import * as counter from './counter.js';",
      'export const seen = [n];',
      'increment();',
      'seen.push(n, renamed, counter.n);',
      'export const readNow = () => [n, renamed, counter.n];',
      '',
    ].join('\n'),
    { namespaces: { './counter.js': counter.namespace } },
  );
  importer.execute();
  assert.deepEqual(read(importer, 'seen'), [0, 1, 1, 1]);
  read(counter, 'increment')();
  read(counter, 'increment')();
  assert.deepEqual(read(importer, 'readNow')(), [3, 3, 3]);
  assert.equal(read(counter, 'n'), 3);
});

test('an exported binding reassigned later is seen through its reader', () => {
  const instance = instantiate(makeCompartment(), 'export let x = 1;\nexport { x as y };\nexport const set = v => { x = v; };\n');
  instance.execute();
  read(instance, 'set')(7);
  assert.equal(read(instance, 'x'), 7);
  assert.equal(read(instance, 'y'), 7);
});

test('readers of let, const, class and default expressions throw a ReferenceError before the body ran', () => {
  const instance = instantiate(
    makeCompartment(),
    'export let a = 1;\nexport const b = 2;\nexport class C {}\nlet d = 4;\nexport { d as renamedD };\n',
  );
  for (const name of ['a', 'b', 'C', 'renamedD']) {
    assert.throws(() => instance.readers[name](), ReferenceError, name);
  }
  instance.execute();
  assert.equal(read(instance, 'a'), 1);
  assert.equal(read(instance, 'b'), 2);
  assert.equal(typeof read(instance, 'C'), 'function');
  assert.equal(read(instance, 'renamedD'), 4);

  for (const text of ['export default 42;', 'export default class {}', 'export default class Named {}', 'export default () => 1;']) {
    const defaulted = instantiate(makeCompartment(), text);
    assert.throws(() => defaulted.readers.default(), ReferenceError, text);
    defaulted.execute();
    assert.notEqual(read(defaulted, 'default'), undefined, text);
  }
});

test('readers of var are undefined before the body ran, and of hoisted functions work at once', () => {
  const instance = instantiate(
    makeCompartment(),
    [
      'export var v = 3;',
      'export function f() {',
      "  return 'f';",
      '}',
      'export function* g() {}',
      'export async function h() {}',
      'export default function named() {}',
      'function local() {}',
      'export { local as exportedLocal };',
      '',
    ].join('\n'),
  );
  assert.equal(read(instance, 'v'), undefined);
  assert.equal(read(instance, 'f')(), 'f');
  assert.equal(read(instance, 'g').name, 'g');
  assert.equal(read(instance, 'h').name, 'h');
  assert.equal(read(instance, 'default').name, 'named');
  assert.equal(read(instance, 'exportedLocal').name, 'local');
  instance.execute();
  assert.equal(read(instance, 'v'), 3);
});

test('a hoisted function can be called through a cycle before its module ran', () => {
  const compartment = makeCompartment();
  const exporter = instantiate(compartment, "export function hello() {\n  return 'hello';\n}\nthrow Error('not run in this test');\n");
  const importer = instantiate(compartment, "import { hello } from './exporter.js';\nexport const greeting = hello();\n", {
    namespaces: { './exporter.js': exporter.namespace },
  });
  importer.execute();
  assert.equal(read(importer, 'greeting'), 'hello');
});

test('export default function () {} hands the function to setReaders as its second argument', () => {
  for (const text of [
    'export default function () {\n  return 1;\n}\n',
    'export default function* () {}\n',
    'export default async function () {}\n',
    'export default async function* () {}\n',
    'export default function /* ( */ () {}\n',
  ]) {
    const instance = instantiate(makeCompartment(), text);
    assert.equal(instance.setReadersArity, 2, text);
    assert.equal(typeof instance.anonymousDefault, 'function', text);
    // Hoisted: the reader gives the function before the body ran.
    assert.equal(read(instance, 'default'), instance.anonymousDefault, text);
    instance.execute();
    assert.equal(read(instance, 'default'), instance.anonymousDefault, text);
  }
  const first = instantiate(makeCompartment(), 'export default function () {\n  return 1;\n}\n');
  assert.equal((first.anonymousDefault as () => number)(), 1);
});

test('setReaders gets no second argument for other modules', () => {
  for (const text of ['export default function named() {}', 'export default class {}', 'export default () => {};', 'export const x = 1;', '']) {
    const instance = instantiate(makeCompartment(), text);
    assert.equal(instance.anonymousDefault, undefined, text);
  }
});

const checkDefaultNames = (cases: readonly (readonly [string, string])[]) => {
  for (const [text, name] of cases) {
    const instance = runModule(text);
    assert.equal(instance.anonymousDefault, undefined, text);
    assert.equal(read(instance, 'default').name, name, text);
  }
};

test('anonymous functions and classes exported by default are named default', () => {
  checkDefaultNames([
    ['export default class {}', 'default'],
    ['export default class {\n  static m() {}\n}', 'default'],
    ['export default () => 1;', 'default'],
    ['export default async () => 1;', 'default'],
    ['export default async x => x', 'default'],
    ['export default function named() {}', 'named'],
    ['export default class Named {}', 'Named'],
    ['export default function* generator() {}', 'generator'],
  ]);
  // Parentheses inside the expression (not around all of it) are fine.
  assert.equal(read(runModule('export default (1) + (2);'), 'default'), 3);
  assert.equal(read(runModule('export default (() => 1)();'), 'default'), 1);
});

// acorn gives a parenthesized expression the range inside its parentheses:
// module-transform.ts removes `export default (` but leaves the `)`.

test('parenthesized default expressions compile and are named as the language names them', () => {
  checkDefaultNames([
    ['export default (function () {});', 'default'],
    ['export default (function* () {});', 'default'],
    ['export default (async function () {});', 'default'],
    ['export default (class {});', 'default'],
    ['export default (() => 1);', 'default'],
    ['export default (function inner() {});', 'inner'],
    ['export default (class Inner {});', 'Inner'],
    // A comma expression is not an anonymous function definition: no name.
    ['export default (0, function () {});', ''],
  ]);
  assert.deepEqual(read(runModule('export default ({ a: 1 });'), 'default'), { a: 1 });
  assert.equal(read(runModule('export default (\n  42\n)\n'), 'default'), 42);
});

test('import bindings are read-only: assigning one throws a TypeError', () => {
  const compartment = makeCompartment();
  const counter = instantiate(compartment, counterText);
  counter.execute();
  const importer = instantiate(
    compartment,
    [
      "import { n } from './counter.js';",
      "import * as ns from './counter.js';",
      "import def from './def.js';",
      'export const writes = {',
      '  assign: () => { n = 5; },',
      '  compound: () => { n += 1; },',
      '  increment: () => { n++; },',
      '  destructure: () => { [n] = [5]; },',
      '  shorthand: () => { ({ n } = { n: 5 }); },',
      '  namespace: () => { ns = {}; },',
      '  namespaceProperty: () => { ns.n = 5; },',
      '  defaultImport: () => { def = 5; },',
      '};',
      '',
    ].join('\n'),
    { namespaces: { './counter.js': counter.namespace, './def.js': namespaceOf({ default: () => 'd' }) } },
  );
  importer.execute();
  for (const [name, write] of Object.entries(read(importer, 'writes') as Record<string, () => void>)) {
    assert.throws(write, TypeError, name);
  }
  assert.equal(read(counter, 'n'), 0);

  const topLevel = instantiate(compartment, "import { n } from './counter.js';\nn = 1;\n", {
    namespaces: { './counter.js': counter.namespace },
  });
  assert.throws(() => topLevel.execute(), TypeError);
});

test('this is undefined at the top level and in plain functions', () => {
  const instance = runModule(
    'export const self = this;\nexport const arrowSelf = (() => this)();\nexport function plain() {\n  return this;\n}\nexport const typeofThis = typeof this;\n',
  );
  assert.equal(read(instance, 'self'), undefined);
  assert.equal(read(instance, 'arrowSelf'), undefined);
  assert.equal(read(instance, 'plain')(), undefined);
  assert.equal(read(instance, 'typeofThis'), 'undefined');
});

// An import binding `f` becomes `I0.f`, so `f()` is a method call on the
// namespace object; the language calls an imported function with `this`
// undefined (a module environment has no base object).

test('an imported function is called with this undefined', () => {
  const compartment = makeCompartment();
  const exporter = instantiate(compartment, 'export function who() { return this; }\nexport default function () { return this; }\n');
  exporter.execute();
  const importer = instantiate(
    compartment,
    [
      "import def, { who } from './e.js';",
      "import * as ns from './e.js';",
      'export const seen = {',
      '  call: who(),',
      '  optionalCall: who?.(),',
      '  tagged: who`x`,',
      '  defaultCall: def(),',
      '  comma: (0, who)(),',
      '  namespaceMethod: ns.who(),',
      '};',
      '',
    ].join('\n'),
    { namespaces: { './e.js': exporter.namespace } },
  );
  importer.execute();
  const seen = read(importer, 'seen');
  // Called through the namespace, the namespace is `this`, as in the language.
  assert.equal(seen.namespaceMethod, exporter.namespace);
  assert.deepEqual(
    { ...seen, namespaceMethod: undefined },
    { call: undefined, optionalCall: undefined, tagged: undefined, defaultCall: undefined, comma: undefined, namespaceMethod: undefined },
  );
});

test("free names read the compartment's globals, never the host's", () => {
  const compartment = makeCompartment({ endowment: 42 });
  const instance = instantiate(
    compartment,
    [
      'export const e = endowment;',
      'export const typeofProcess = typeof process;',
      'export const readProcess = () => { try { return process; } catch (error) { return error; } };',
      'export const global = globalThis;',
      'export const viaGlobal = globalThis.process;',
      'export const setEndowment = v => { endowment = v; };',
      'export const setMissing = () => { nowhereAtAll = 1; };',
      'export const arrayIsShared = Array === globalThis.Array;',
      '',
    ].join('\n'),
  );
  instance.execute();
  assert.equal(read(instance, 'e'), 42);
  assert.equal(read(instance, 'typeofProcess'), 'undefined');
  assert.notEqual(read(instance, 'readProcess')(), process);
  assert.equal(read(instance, 'global'), compartment.globalThis);
  assert.notEqual(read(instance, 'global'), globalThis);
  assert.equal(read(instance, 'viaGlobal'), undefined);
  read(instance, 'setEndowment')(7);
  assert.equal(compartment.globalThis.endowment, 7);
  assert.equal((globalThis as any).endowment, undefined);
  assert.throws(() => read(instance, 'setMissing')(), ReferenceError);
  assert.equal('nowhereAtAll' in globalThis, false);
  assert.equal(read(instance, 'arrayIsShared'), true);
});

test('top-level await makes an async generator', async () => {
  const awaiting = instantiate(makeCompartment(), 'export const v = await Promise.resolve(5);\n');
  assert.equal(awaiting.record.isAsync, true);
  assert.equal(Object.prototype.toString.call(awaiting.functor), '[object AsyncGeneratorFunction]');
  assert.throws(() => awaiting.readers.v(), ReferenceError);
  const step = awaiting.execute();
  assert.ok(step instanceof Promise);
  await step;
  assert.equal(read(awaiting, 'v'), 5);

  const forAwait = instantiate(makeCompartment(), 'export const seen = [];\nfor await (const x of [Promise.resolve(1), 2]) seen.push(x);\n');
  assert.equal(forAwait.record.isAsync, true);
  await forAwait.execute();
  assert.deepEqual(read(forAwait, 'seen'), [1, 2]);

  for (const text of ['export async function f() {\n  await 1;\n}\n', 'export const f = async () => { for await (const x of []); };\n', 'export let x = 1;']) {
    const plain = instantiate(makeCompartment(), text);
    assert.equal(plain.record.isAsync, false, text);
    assert.equal(Object.prototype.toString.call(plain.functor), '[object GeneratorFunction]', text);
    const result = plain.execute();
    assert.ok(!(result instanceof Promise), text);
  }
});

test('import.meta is the importMeta argument', () => {
  const importMeta = { url: 'file:///meta.js' };
  const instance = instantiate(makeCompartment(), 'export const meta = import.meta;\nexport const url = import.meta.url;\n', { importMeta });
  assert.equal(instance.record.needsImportMeta, true);
  instance.execute();
  assert.equal(read(instance, 'meta'), importMeta);
  assert.equal(read(instance, 'url'), 'file:///meta.js');
  assert.equal(instantiate(makeCompartment(), 'export const x = 1;').record.needsImportMeta, false);
});

test('import() calls the dynamicImport argument', async () => {
  const calls: unknown[] = [];
  const dynamicImport = (specifier: unknown) => {
    calls.push(specifier);
    return Promise.resolve({ loaded: specifier });
  };
  const instance = instantiate(
    makeCompartment(),
    "export const p = import('./lazy.js');\nconst name = 'other';\nexport const load = () => import(`./${name}.js`);\n",
    { dynamicImport },
  );
  assert.equal(instance.record.needsDynamicImport, true);
  instance.execute();
  assert.deepEqual(await read(instance, 'p'), { loaded: './lazy.js' });
  assert.deepEqual(await read(instance, 'load')(), { loaded: './other.js' });
  assert.deepEqual(calls, ['./lazy.js', './other.js']);
  assert.equal(instantiate(makeCompartment(), 'export const x = 1;').record.needsDynamicImport, false);
});

/** The error that running `text` throws (synchronously or not). */
const errorOf = async (text: string, location: string): Promise<Error> => {
  try {
    const instance = instantiate(makeCompartment(), text, { location });
    await instance.execute();
  } catch (error) {
    return error as Error;
  }
  throw Error('no error');
};

test('line numbers are those of the module text', async () => {
  const cases: [string, number][] = [
    ["throw Error('first line');", 1],
    ["const a = 1;\n\n\n\nthrow Error('line 5');\n", 5],
    ["import {\n  a,\n  b,\n} from './ab.js';\nexport * from './c.js';\nexport {\n  d,\n} from './d.js';\nnull.property;\n", 9],
    ["export default {\n  a: 1,\n  b: 2,\n};\nexport const c = 3,\n  d = 4;\nexport function f() {}\nthrow Error('line 8');\n", 8],
    ['#!/usr/bin/env node\n\nundefinedFunction();\n', 3],
    ["export default function () {}\nexport class C {}\nconst x = await Promise.resolve(1);\nthrow Error('line 4 after await');\n", 4],
    ["const f = () => {\n  throw Error('inside f');\n};\n\nf();\n", 2],
    ["const text = `a\nb\nc`;\n/* a\n comment */\nthrow Error('line 6');\n", 6],
  ];
  for (const [index, [text, line]] of cases.entries()) {
    const location = `file:///lines/case${index}.js`;
    const imports = ['./ab.js', './c.js', './d.js'];
    let error: Error;
    if (text.includes('import')) {
      const namespaces = Object.fromEntries(imports.map(specifier => [specifier, namespaceOf({ a: () => 1, b: () => 2, d: () => 3 })]));
      try {
        await instantiate(makeCompartment(), text, { location, namespaces }).execute();
        throw Error('no error');
      } catch (caught) {
        error = caught as Error;
      }
    } else {
      error = await errorOf(text, location);
    }
    assert.match(String(error.stack), new RegExp(`${location.replace(/[./]/g, '\\$&')}:${line}:`), `case ${index}:\n${error.stack}`);
  }
});

// module-transform.ts removes `export ` / `export default ` up to the
// declaration with '', dropping any line break in between.

test('line breaks between export and its declaration keep line numbers', async () => {
  const cases: [string, number][] = [
    ["export\nconst a = 1;\nthrow Error('line 3');\n", 3],
    ["export default\nfunction () {}\nthrow Error('line 3');\n", 3],
    ["export default\nfunction named() {}\nthrow Error('line 3');\n", 3],
    ["export default\n42;\nthrow Error('line 3');\n", 3],
    ["export /*\n*/ default /*\n*/ class {}\nthrow Error('line 4');\n", 4],
    ["export\nasync function f() {}\n\nthrow Error('line 4');\n", 4],
  ];
  for (const [index, [text, line]] of cases.entries()) {
    const location = `file:///export-lines/case${index}.js`;
    const error = await errorOf(text, location);
    assert.match(String(error.stack), new RegExp(`${location.replace(/[./]/g, '\\$&')}:${line}:`), `case ${index}:\n${error.stack}`);
  }
});

test('a local name that shadows an import is not rewritten inside its scope', () => {
  const instance = instantiate(
    makeCompartment(),
    [
      "import { x } from './x.js';",
      "import * as ns from './x.js';",
      'export function parameter(x) { return x; }',
      "export function local() { const x = 'local'; return x; }",
      "export function hoistedVar() { x = 'var'; var x; return x; }",
      "export const block = () => { { let x = 'block'; return x; } };",
      "export const caught = () => { try { throw 'caught'; } catch (x) { return x; } };",
      'export const arrowParameter = [1, 2].map(x => x * 10);',
      'export const destructured = ({ x }) => x;',
      "export const namedExpression = (function x() { return typeof x; })();",
      "export class Field { x = 'field'; method(x) { return x; } static read() { return x; } }",
      "export const forOf = () => { for (const x of ['loop']) return x; };",
      'export const defaultFromImport = (y = x) => y;',
      'export const shorthand = () => ({ x });',
      'export const viaImport = () => x;',
      "export const property = { x: 'key' }.x;",
      'export const member = () => ns.x;',
      "export const localNs = (ns) => ns;",
      "x: { break x; }",
      '',
    ].join('\n'),
    { namespaces: { './x.js': namespaceOf({ x: () => 'imported' }) } },
  );
  instance.execute();
  assert.equal(read(instance, 'parameter')('argument'), 'argument');
  assert.equal(read(instance, 'local')(), 'local');
  assert.equal(read(instance, 'hoistedVar')(), 'var');
  assert.equal(read(instance, 'block')(), 'block');
  assert.equal(read(instance, 'caught')(), 'caught');
  assert.deepEqual(read(instance, 'arrowParameter'), [10, 20]);
  assert.equal(read(instance, 'destructured')({ x: 'pattern' }), 'pattern');
  assert.equal(read(instance, 'namedExpression'), 'function');
  const Field = read(instance, 'Field');
  assert.equal(new Field().x, 'field');
  assert.equal(new Field().method('method'), 'method');
  assert.equal(Field.read(), 'imported');
  assert.equal(read(instance, 'forOf')(), 'loop');
  assert.equal(read(instance, 'defaultFromImport')(), 'imported');
  assert.deepEqual({ ...read(instance, 'shorthand')() }, { x: 'imported' });
  assert.equal(read(instance, 'viaImport')(), 'imported');
  assert.equal(read(instance, 'property'), 'key');
  assert.equal(read(instance, 'member')(), 'imported');
  assert.equal(read(instance, 'localNs')('own'), 'own');
});

test('string-literal import names and imported defaults read the right export', () => {
  const instance = instantiate(
    makeCompartment(),
    "import def, { 'a-b' as ab, default as alsoDef } from './m.js';\nexport const seen = [def, ab, alsoDef];\n",
    { namespaces: { './m.js': namespaceOf({ default: () => 'D', 'a-b': () => 'AB' }) } },
  );
  instance.execute();
  assert.deepEqual(read(instance, 'seen'), ['D', 'AB', 'D']);
});

test('the record of a compiled module names what the loader links', () => {
  const { record } = instantiate(
    makeCompartment(),
    [
      "import d, { a as b } from './one.js';",
      "import * as two from './two.js';",
      "export { b as c, two };",
      "export * from './three.js';",
      "export * as four from './four.js';",
      "export { five as 'f-i-v-e' } from './five.js';",
      'export let six = 6;',
      'export default d;',
      '',
    ].join('\n'),
    {
      namespaces: Object.fromEntries(['./one.js', './two.js', './three.js', './four.js', './five.js'].map(s => [s, namespaceOf({})])),
    },
  );
  assert.deepEqual(record.imports, ['./one.js', './two.js', './three.js', './four.js', './five.js']);
  assert.deepEqual(record.exports, ['c', 'default', 'f-i-v-e', 'four', 'six', 'two']);
  assert.deepEqual(record.reexports, ['./three.js']);
  assert.deepEqual([...record.localExports].sort(), ['default', 'six']);
  assert.deepEqual(record.indirectExports, {
    c: ['./one.js', 'a'],
    two: ['./two.js', '*'],
    four: ['./four.js', '*'],
    'f-i-v-e': ['./five.js', 'five'],
  });
  assert.deepEqual(
    [...record.importedNames].map(pair => pair.join(' ')).sort(),
    ['./one.js a', './one.js default', './two.js *'],
  );
});

test('every lodash-es module compiles to a functor that the evaluator accepts', () => {
  const directory = join(repoRoot, 'node_modules', 'lodash-es');
  const { evaluateModuleFunctor } = getCompartmentFields(makeCompartment());
  const files = readdirSync(directory).filter(name => name.endsWith('.js'));
  assert.ok(files.length > 600);
  for (const name of files) {
    const record = transformModule(readFileSync(join(directory, name), 'utf8'), `file:///lodash-es/${name}`);
    assert.equal(typeof evaluateModuleFunctor(record.functor), 'function', name);
  }
});
