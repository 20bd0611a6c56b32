// Evaluation: a module that threw rethrows the same value on every later
// import (its importers too), top-level await rejections, importNow's
// refusals, dynamic import from a functor, import.meta and its hook, and
// virtual module sources (run when first needed, importing their own
// dependencies).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/ses/index.js';
import { functor, makeLog, recordSource } from './fixtures.js';

lockdown();

const identityResolve = (specifier: string) => specifier;

test('a module that threw rethrows the same error on every later import, to its importers too', async () => {
  const { entries, log } = makeLog();
  const boom = recordSource({ functorSource: functor({ body: "globalThis.log('boom runs'); throw globalThis.Error('boom');" }) });
  const importer = recordSource({ imports: ['boom'], functorSource: functor({ body: "globalThis.log('importer runs');" }) });
  const compartment = new Compartment({
    __options__: true,
    globals: { log },
    resolveHook: identityResolve,
    modules: { boom: { source: boom }, importer: { source: importer } },
  });
  const first = await compartment.import('importer').then(
    () => assert.fail('should reject'),
    error => error,
  );
  assert.equal(first.message, 'boom');
  const again = await compartment.import('boom').then(
    () => assert.fail('should reject'),
    error => error,
  );
  assert.equal(again, first);
  assert.throws(
    () => compartment.importNow('importer'),
    error => error === first,
  );
  assert.deepEqual(entries, ['boom runs']);
});

test('a top-level await rejection rejects the import, its importers, and every later import, with the same value', async () => {
  const reason = { reason: 'tla' };
  const failing = recordSource({
    isAsync: true,
    functorSource: functor({ isAsync: true, body: 'await null; throw globalThis.reason;' }),
  });
  const parent = recordSource({ imports: ['failing'], functorSource: functor({ body: "globalThis.log('parent');" }) });
  const { entries, log } = makeLog();
  const compartment = new Compartment({
    __options__: true,
    globals: { reason, log },
    resolveHook: identityResolve,
    modules: { failing: { source: failing }, parent: { source: parent } },
  });
  await assert.rejects(compartment.import('parent'), thrown => thrown === reason);
  await assert.rejects(compartment.import('failing'), thrown => thrown === reason);
  await assert.rejects(compartment.import('parent'), thrown => thrown === reason);
  assert.deepEqual(entries, []);
});

test('importNow refuses what would need waiting, and names the hook or module at fault', async () => {
  const plain = recordSource({ functorSource: functor({}) });
  const asyncOnly = new Compartment({
    __options__: true,
    name: 'only-async',
    resolveHook: identityResolve,
    importHook: async () => ({ source: plain }),
  });
  assert.throws(() => asyncOnly.importNow('x'), {
    name: 'TypeError',
    message: 'Failed to load module "x" in package "only-async" (1 underlying failures: importNowHook needed to load module "x" in compartment "only-async", loading "x" in compartment "only-async")',
  });

  const tla = recordSource({ isAsync: true, functorSource: functor({ isAsync: true, body: 'await null;' }) });
  const main = recordSource({ imports: ['tla'], functorSource: functor({ body: "globalThis.log('main')" }) });
  const { entries, log } = makeLog();
  const withAwait = new Compartment({
    __options__: true,
    name: 'tla',
    globals: { log },
    resolveHook: identityResolve,
    importNowHook: (specifier: string) => ({ source: specifier === 'tla' ? tla : main }),
  });
  assert.throws(() => withAwait.importNow('main'), {
    name: 'TypeError',
    message: 'Cannot importNow module "main" in compartment "tla": module "tla" uses top-level await; use import() instead',
  });
  assert.deepEqual(entries, []);
  // import() runs it; importNow then finds it evaluated.
  const { namespace } = await withAwait.import('main');
  assert.equal(withAwait.importNow('main'), namespace);
  assert.deepEqual(entries, ['main']);

  const promising = new Compartment({
    __options__: true,
    name: 'promising',
    noAggregateLoadErrors: true,
    importNowHook: async () => ({ source: plain }),
  });
  assert.throws(() => promising.importNow('p'), {
    name: 'TypeError',
    message: /importNowHook returned a promise for module "p" in compartment "promising"/,
  });
});

test('importNow runs a synchronous graph at once and returns the namespace itself', () => {
  const { entries, log } = makeLog();
  const dep = recordSource({ localExports: ['v'], functorSource: `(function* (n, setReaders) { setReaders({ v: () => v }); yield; globalThis.log('dep'); let v = 'dep value'; })` });
  const main = recordSource({ imports: ['./dep'], importedNames: [['./dep', 'v']], localExports: ['seen'], functorSource: `(function* (namespaces, setReaders) { setReaders({ seen: () => seen }); yield; globalThis.log('main'); const seen = namespaces[0].v; })` });
  const compartment = new Compartment({
    __options__: true,
    globals: { log },
    resolveHook: (specifier: string, referrer: string) => `${referrer}/${specifier.slice(2)}`,
    importNowHook: (specifier: string) => ({ source: specifier === 'root' ? main : dep }),
  });
  const namespace = compartment.importNow('root');
  assert.deepEqual(entries, ['dep', 'main']);
  assert.equal(namespace.seen, 'dep value');
  assert.equal(compartment.importNow('root/dep').v, 'dep value');
});

test('dynamic import resolves against the importing module, in its compartment, to the namespace itself', async () => {
  const requests: [string, string][] = [];
  const target = recordSource({ localExports: ['answer'], functorSource: `(function* (n, setReaders) { setReaders({ answer: () => 42 }); yield; })` });
  const main = recordSource({
    needsDynamicImport: true,
    localExports: ['loaded'],
    isAsync: true,
    functorSource: `(async function* (namespaces, setReaders, importMeta, dynamicImport) {
      let loaded;
      setReaders({ loaded: () => loaded });
      yield;
      loaded = await dynamicImport('./target');
    })`,
  });
  const compartment = new Compartment({
    __options__: true,
    resolveHook: (specifier: string, referrer: string) => {
      requests.push([specifier, referrer]);
      return `dir/${specifier.slice(2)}`;
    },
    importHook: async (specifier: string) => (specifier === 'dir/main' ? { source: main } : { source: target }),
  });
  const { namespace } = await compartment.import('dir/main');
  assert.deepEqual(requests, [['./target', 'dir/main']]);
  assert.equal(namespace.loaded, compartment.importNow('dir/target'));
  assert.equal(namespace.loaded.answer, 42);

  // Without a resolveHook, dynamic import rejects (it does not throw).
  const lonely = new Compartment({ __options__: true, modules: { main: { source: main } } });
  await assert.rejects(lonely.import('main'), /Compartment does not support dynamic import: no configured resolveHook for compartment "<unknown>"/);
});

test('import.meta: null prototype, the descriptor’s importMeta, then importMetaHook when the module uses import.meta', async () => {
  const calls: string[] = [];
  const usesMeta = recordSource({
    needsImportMeta: true,
    localExports: ['meta'],
    functorSource: `(function* (namespaces, setReaders, importMeta) { setReaders({ meta: () => importMeta }); yield; })`,
  });
  const ignoresMeta = recordSource({
    localExports: ['meta'],
    functorSource: `(function* (namespaces, setReaders, importMeta) { setReaders({ meta: () => importMeta }); yield; })`,
  });
  const compartment = new Compartment({
    __options__: true,
    modules: {
      uses: { source: usesMeta, specifier: 'file:///uses.js', importMeta: { given: 1 } },
      ignores: { source: ignoresMeta, importMeta: { given: 2 } },
    },
    importMetaHook: (specifier: string, importMeta: Record<string, unknown>) => {
      calls.push(specifier);
      importMeta.url = specifier;
    },
  });
  const { namespace: uses } = await compartment.import('uses');
  assert.equal(Object.getPrototypeOf(uses.meta), null);
  assert.deepEqual({ ...uses.meta }, { given: 1, url: 'file:///uses.js' });
  const { namespace: ignores } = await compartment.import('ignores');
  assert.deepEqual({ ...ignores.meta }, { given: 2 });
  assert.deepEqual(calls, ['file:///uses.js']);
});

test('a virtual module runs when first needed, gets (exportsTarget, compartment, resolvedImports), imports its dependencies itself', async () => {
  const { entries, log } = makeLog();
  let update: ((value: number) => void) | undefined;
  let seenCompartment: unknown;
  let seenResolved: unknown;
  const dependency = {
    imports: [],
    exports: ['fromDependency'],
    execute(target: Record<string, unknown>) {
      log('dependency executes');
      target.fromDependency = 'dep';
    },
  };
  const virtual = {
    imports: ['./dependency'],
    exports: ['live', 'default'],
    execute(target: Record<string, unknown>, compartment: any, resolvedImports: Record<string, string>) {
      seenCompartment = compartment;
      seenResolved = resolvedImports;
      log('virtual executes');
      const dependencyNamespace = compartment.importNow(resolvedImports['./dependency']);
      log(`virtual sees ${dependencyNamespace.fromDependency}`);
      target.live = 1;
      target.default = 'the default';
      target.undeclared = 'ignored';
      update = value => {
        target.live = value;
      };
    },
  };
  const main = recordSource({
    imports: ['virtual'],
    importedNames: [['virtual', 'live']],
    functorSource: functor({ body: "globalThis.log('main sees ' + namespaces[0].live);" }),
  });
  const compartment = new Compartment({
    __options__: true,
    globals: { log },
    resolveHook: (specifier: string) => specifier.replace('./', ''),
    modules: { virtual: { source: virtual }, dependency: { source: dependency }, main: { source: main } },
  });
  const { namespace } = await compartment.import('virtual');
  assert.deepEqual(entries, ['virtual executes', 'dependency executes', 'virtual sees dep']);
  assert.equal(seenCompartment, compartment);
  assert.deepEqual({ ...(seenResolved as object) }, { './dependency': 'dependency' });
  assert.deepEqual(Object.keys(namespace), ['default', 'live']);
  update!(2);
  assert.equal(namespace.live, 2);
  await compartment.import('main');
  assert.equal(entries.at(-1), 'main sees 2');
});

test('a virtual module that throws rethrows the same error later', async () => {
  const failure = Error('virtual failure');
  let runs = 0;
  const compartment = new Compartment({
    __options__: true,
    modules: {
      bad: {
        source: {
          imports: [],
          exports: [],
          execute() {
            runs += 1;
            throw failure;
          },
        },
      },
    },
  });
  await assert.rejects(compartment.import('bad'), thrown => thrown === failure);
  assert.throws(() => compartment.importNow('bad'), thrown => thrown === failure);
  assert.equal(runs, 1);
});

test('a virtual source’s reexports are star exports', async () => {
  const base = { imports: [], exports: ['a', 'b'], execute: (target: Record<string, unknown>) => Object.assign(target, { a: 1, b: 2 }) };
  const relay = { imports: [], reexports: ['base'], exports: ['own'], execute: (target: Record<string, unknown>) => { target.own = 0; } };
  const compartment = new Compartment({
    __options__: true,
    resolveHook: identityResolve,
    modules: { base: { source: base }, relay: { source: relay } },
  });
  // The relay does not import base itself: base is run when a namespace read needs it.
  compartment.importNow('base');
  const namespace = compartment.importNow('relay');
  assert.deepEqual({ ...namespace }, { a: 1, b: 2, own: 0 });
});
