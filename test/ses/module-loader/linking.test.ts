// Linking and namespaces: the shape of namespace objects, live bindings
// through hand-written functors, cycles (hoisted functions, TDZ), star
// exports (ambiguous names left out, the same binding twice is fine),
// indirect exports, and the SyntaxErrors of missing or ambiguous imports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/ses/index.js';
import { functor, makeLog, recordSource } from './fixtures.js';

lockdown();

const identityResolve = (specifier: string) => specifier;

const makeCompartment = (modules: Record<string, object>, globals: object = {}) =>
  new Compartment({
    __options__: true,
    name: 'linking',
    globals,
    resolveHook: identityResolve,
    modules: Object.fromEntries(Object.entries(modules).map(([specifier, source]) => [specifier, { source }])),
  });

/** A module exporting `let` bindings x and y, set in its body. */
const xy = () =>
  recordSource({
    localExports: ['x', 'y'],
    functorSource: `(function* (namespaces, setReaders) {
      setReaders({ x: () => x, y: () => y });
      yield;
      let x = 1;
      let y = 2;
    })`,
  });

test('a namespace is shaped as Node’s: null prototype, sorted keys, data properties read live, sealed, a Module tag', async () => {
  const compartment = makeCompartment({
    main: recordSource({
      localExports: ['zeta', 'alpha', 'Beta', '10', '9'],
      functorSource: functor({ readers: ['zeta', 'alpha', 'Beta', '10', '9'].map((n, i) => `v${i}`), body: '' })
        .replace('setReaders({', 'let v0 = 1, v1 = 2, v2 = 3, v3 = 4, v4 = 5; setReaders({')
        .replace(/"v(\d)": \(\) => v\d/g, (_m, i) => `${JSON.stringify(['zeta', 'alpha', 'Beta', '10', '9'][i])}: () => v${i}`),
    }),
  });
  const { namespace } = await compartment.import('main');
  assert.equal(Object.getPrototypeOf(namespace), null);
  assert.deepEqual(Reflect.ownKeys(namespace), ['10', '9', 'Beta', 'alpha', 'zeta', Symbol.toStringTag]);
  assert.deepEqual(Object.getOwnPropertyDescriptor(namespace, Symbol.toStringTag), {
    value: 'Module',
    writable: false,
    enumerable: false,
    configurable: false,
  });
  assert.equal(Object.prototype.toString.call(namespace), '[object Module]');
  // Node's shape: data properties read from the binding at each access.
  assert.deepEqual(Object.getOwnPropertyDescriptor(namespace, 'alpha'), {
    value: 2,
    writable: true,
    enumerable: true,
    configurable: false,
  });
  assert.equal(namespace.alpha, 2);
  assert.equal(Object.isExtensible(namespace), false);
  assert.equal(Object.isSealed(namespace), true);
  assert.equal(Object.isFrozen(namespace), false);
  assert.throws(() => {
    'use strict';
    namespace.alpha = 3;
  }, TypeError);
  // As in ses, a set throws rather than answer false (see the test of assignments below).
  assert.throws(() => Reflect.set(namespace, 'alpha', 3), TypeError);
  assert.equal(Reflect.deleteProperty(namespace, 'alpha'), false);
  assert.equal(Reflect.deleteProperty(namespace, 'absent'), true);
  assert.equal(Reflect.defineProperty(namespace, 'extra', { value: 1 }), false);
  assert.equal(Reflect.defineProperty(namespace, 'alpha', { value: 2 }), true);
  assert.equal(Reflect.defineProperty(namespace, 'alpha', { value: 3 }), false);
  assert.equal(Reflect.defineProperty(namespace, 'alpha', { writable: false }), false);
  assert.equal('alpha' in namespace, true);
  assert.equal('absent' in namespace, false);
  assert.equal(namespace.absent, undefined);
  assert.equal(namespace.__proto__, undefined);
  assert.equal(Reflect.setPrototypeOf(namespace, null), true);
  assert.equal(Reflect.setPrototypeOf(namespace, {}), false);
  // Like a native namespace, it cannot be frozen (so harden throws on it).
  assert.throws(() => Object.freeze(namespace), TypeError);
  assert.throws(() => harden(namespace), TypeError);
  assert.equal(namespace.zeta, 1);
});

test('import bindings are live: a function of the exporter changes what importers read', async () => {
  const { entries, log } = makeLog();
  const counter = recordSource({
    localExports: ['count', 'increment'],
    functorSource: `(function* (namespaces, setReaders) {
      setReaders({ count: () => count, increment: () => increment });
      function increment() { count += 1; }
      yield;
      let count = 0;
    })`,
  });
  const main = recordSource({
    imports: ['counter'],
    importedNames: [['counter', 'count'], ['counter', 'increment']],
    functorSource: functor({
      body: `const c = namespaces[0];
        globalThis.log('before ' + c.count);
        c.increment(); c.increment();
        globalThis.log('after ' + c.count);`,
    }),
  });
  const compartment = makeCompartment({ counter, main }, { log });
  await compartment.import('main');
  assert.deepEqual(entries, ['before 0', 'after 2']);
  const namespace = compartment.importNow('counter');
  namespace.increment();
  assert.equal(namespace.count, 3);
});

test('in a cycle, the module imported first runs last; a hoisted function works early, a let binding is in its TDZ', async () => {
  const { entries, log } = makeLog();
  // a imports b; b imports a and uses a's exports while a has not run.
  const a = recordSource({
    imports: ['b'],
    localExports: ['hoisted', 'late'],
    importedNames: [['b', 'fromB']],
    functorSource: `(function* (namespaces, setReaders) {
      setReaders({ hoisted: () => hoisted, late: () => late });
      function hoisted() { return 'hoisted works'; }
      yield;
      globalThis.log('a runs, sees ' + namespaces[0].fromB);
      let late = 'late';
    })`,
  });
  const b = recordSource({
    imports: ['a'],
    localExports: ['fromB'],
    importedNames: [['a', 'hoisted'], ['a', 'late']],
    functorSource: `(function* (namespaces, setReaders) {
      setReaders({ fromB: () => fromB });
      yield;
      globalThis.log('b runs: ' + namespaces[0].hoisted());
      try { namespaces[0].late; } catch (error) { globalThis.log('b: ' + error.name); }
      const fromB = 'b value';
    })`,
  });
  const compartment = makeCompartment({ a, b }, { log });
  const { namespace } = await compartment.import('a');
  assert.deepEqual(entries, ['b runs: hoisted works', 'b: ReferenceError', 'a runs, sees b value']);
  assert.equal(namespace.late, 'late');
});

test('reading a binding still in its TDZ through a namespace throws a ReferenceError', async () => {
  const self = recordSource({
    imports: ['self'],
    localExports: ['value'],
    functorSource: `(function* (namespaces, setReaders) {
      setReaders({ value: () => value });
      yield;
      const { Object, Reflect } = globalThis;
      for (const [label, attempt] of [
        ['read', () => namespaces[0].value],
        ['keys', () => Object.keys(namespaces[0])],
        ['descriptor', () => Object.getOwnPropertyDescriptor(namespaces[0], 'value')],
        ['hasOwn', () => Object.hasOwn(namespaces[0], 'value')],
        ['in', () => 'value' in namespaces[0]],
        ['ownKeys', () => Reflect.ownKeys(namespaces[0]).length],
      ]) {
        try { globalThis.log(label + ' ' + attempt()); } catch (error) { globalThis.log(label + ' ' + error.name); }
      }
      let value = 1;
    })`,
  });
  const { entries, log } = makeLog();
  const compartment = makeCompartment({ self }, { log });
  // As in Node: what reads a property's descriptor reads the binding, and throws in its TDZ.
  await compartment.import('self');
  assert.deepEqual(entries, ['read ReferenceError', 'keys ReferenceError', 'descriptor ReferenceError', 'hasOwn ReferenceError', 'in true', 'ownKeys 2']);

  const reader = recordSource({
    imports: ['early'],
    functorSource: functor({ body: 'globalThis.log(globalThis.String(namespaces[0].value));' }),
  });
  const early = recordSource({
    imports: ['reader'],
    localExports: ['value'],
    functorSource: `(function* (namespaces, setReaders) { setReaders({ value: () => value }); yield; let value = 1; })`,
  });
  const other = makeCompartment({ early, reader }, { log });
  await assert.rejects(other.import('early'), (error: Error) => {
    assert.equal(error.name, 'ReferenceError');
    return true;
  });
});

test('star exports: ambiguous names are left out, the same binding reached twice is not ambiguous, default is never star-exported', async () => {
  const a = recordSource({
    localExports: ['shared', 'onlyA', 'default'],
    functorSource: `(function* (n, setReaders) { setReaders({ shared: () => 'a', onlyA: () => 'A', default: () => 'defaultA' }); yield; })`,
  });
  const b = recordSource({
    localExports: ['shared', 'onlyB'],
    functorSource: `(function* (n, setReaders) { setReaders({ shared: () => 'b', onlyB: () => 'B' }); yield; })`,
  });
  const viaA = recordSource({ imports: ['a'], reexports: ['a'], functorSource: functor({}) });
  const conflicting = recordSource({ imports: ['a', 'b'], reexports: ['a', 'b'], functorSource: functor({}) });
  const sameTwice = recordSource({ imports: ['a', 'viaA'], reexports: ['a', 'viaA'], functorSource: functor({}) });
  const shadowing = recordSource({
    imports: ['a', 'b'],
    reexports: ['a', 'b'],
    localExports: ['shared'],
    functorSource: `(function* (n, setReaders) { setReaders({ shared: () => 'own' }); yield; })`,
  });
  const compartment = makeCompartment({ a, b, viaA, conflicting, sameTwice, shadowing });
  const { namespace: conflictingNs } = await compartment.import('conflicting');
  assert.deepEqual(Object.keys(conflictingNs), ['onlyA', 'onlyB']);
  assert.equal('shared' in conflictingNs, false);
  assert.equal('default' in conflictingNs, false);
  const { namespace: sameNs } = await compartment.import('sameTwice');
  assert.deepEqual(Object.keys(sameNs), ['onlyA', 'shared']);
  assert.equal(sameNs.shared, 'a');
  const { namespace: shadowNs } = await compartment.import('shadowing');
  assert.deepEqual(Object.keys(shadowNs), ['onlyA', 'onlyB', 'shared']);
  assert.equal(shadowNs.shared, 'own');
});

test('importing a missing or an ambiguous name is a SyntaxError in Node’s words, and nothing runs', async () => {
  const { entries, log } = makeLog();
  const a = recordSource({ localExports: ['x'], functorSource: `(function* (n, setReaders) { setReaders({ x: () => 1 }); yield; globalThis.log('a'); })` });
  const b = recordSource({ localExports: ['x'], functorSource: `(function* (n, setReaders) { setReaders({ x: () => 2 }); yield; globalThis.log('b'); })` });
  const star = recordSource({ imports: ['./a', './b'], reexports: ['./a', './b'], functorSource: functor({ body: "globalThis.log('star')" }) });
  const missing = recordSource({ imports: ['./a'], importedNames: [['./a', 'nope']], functorSource: functor({ body: "globalThis.log('missing')" }) });
  const ambiguous = recordSource({ imports: ['./star'], importedNames: [['./star', 'x']], functorSource: functor({}) });
  const reexportMissing = recordSource({
    imports: ['./a'],
    indirectExports: { renamed: ['./a', 'nope'] },
    functorSource: functor({}),
  });
  const compartment = new Compartment({
    __options__: true,
    globals: { log },
    resolveHook: identityResolve,
    modules: {
      './a': { source: a },
      './b': { source: b },
      './star': { source: star },
      missing: { source: missing },
      ambiguous: { source: ambiguous },
      reexportMissing: { source: reexportMissing },
    },
  });
  await assert.rejects(compartment.import('missing'), {
    name: 'SyntaxError',
    message: "The requested module './a' does not provide an export named 'nope'",
  });
  await assert.rejects(compartment.import('ambiguous'), {
    name: 'SyntaxError',
    message: "The requested module './star' contains conflicting star exports for name 'x'",
  });
  await assert.rejects(compartment.import('reexportMissing'), {
    name: 'SyntaxError',
    message: "The requested module './a' does not provide an export named 'nope'",
  });
  assert.deepEqual(entries, []);
  // A link error is not remembered as an evaluation error: the rest of the graph still works.
  const { namespace } = await compartment.import('./star');
  assert.deepEqual(Object.keys(namespace), []);
  assert.deepEqual(entries, ['a', 'b', 'star']);
  assert.throws(() => compartment.importNow('missing'), SyntaxError);
});

test('indirect exports: renamed re-exports stay live, `export * as ns` gives the namespace itself', async () => {
  const { log } = makeLog();
  const source = recordSource({
    localExports: ['value', 'bump'],
    functorSource: `(function* (n, setReaders) {
      setReaders({ value: () => value, bump: () => bump });
      function bump() { value += 1; }
      yield;
      let value = 10;
    })`,
  });
  const relay = recordSource({
    imports: ['source'],
    indirectExports: { renamed: ['source', 'value'], bumpIt: ['source', 'bump'], all: ['source', '*'] },
    functorSource: functor({}),
  });
  const compartment = makeCompartment({ source, relay }, { log });
  const { namespace } = await compartment.import('relay');
  assert.deepEqual(Object.keys(namespace), ['all', 'bumpIt', 'renamed']);
  assert.equal(namespace.renamed, 10);
  namespace.bumpIt();
  assert.equal(namespace.renamed, 11);
  assert.equal(namespace.all, compartment.importNow('source'));
  assert.equal(namespace.all.value, 11);
});

test('namespaces handed to a functor are the namespace objects import() gives', async () => {
  let seen: unknown;
  const a = xy();
  const main = recordSource({
    imports: ['a'],
    importedNames: [['a', '*']],
    functorSource: functor({ body: 'globalThis.keep(namespaces[0]);' }),
  });
  const compartment = makeCompartment({ a, main }, { keep: (value: unknown) => (seen = value) });
  await compartment.import('main');
  const { namespace } = await compartment.import('a');
  assert.equal(seen, namespace);
  assert.equal(compartment.module('a'), namespace);
  assert.deepEqual({ ...namespace }, { x: 1, y: 2 });
});

test("assigning to a namespace throws the original's TypeError, strict code or not", async () => {
  const { namespace } = (await makeCompartment({ xy: xy() }).import('xy')) as { namespace: Record<string, unknown> };
  const refusal = (name: string) => ({ name: 'TypeError', message: `Cannot set property "${name}" of module exports namespace` });
  assert.throws(() => {
    namespace.x = 2;
  }, refusal('x'));
  assert.throws(() => Reflect.set(namespace, 'fresh', 1), refusal('fresh'));
  assert.equal(namespace.x, 1);
});
