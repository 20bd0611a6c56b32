// Load failures: every failure of one graph load is collected and reported
// once (which module, in which compartment, imported by which, and why),
// in the original's message format; noAggregateLoadErrors throws the first
// failure itself; a failed load can be retried; alias cycles are refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/ses/index.js';
import { functor, recordSource } from './fixtures.js';

lockdown();

const identityResolve = (specifier: string) => specifier;

const main = recordSource({ imports: ['ok', 'missing1', 'missing2'], functorSource: functor({}) });
const ok = recordSource({ functorSource: functor({}) });

const hookFor = (failures: Map<string, Error>) => (specifier: string) => {
  const failure = failures.get(specifier);
  if (failure !== undefined) throw failure;
  return { source: specifier === 'main' ? main : ok };
};

test('every failure of a graph load is listed in one TypeError, with the causes in `errors`', async () => {
  const failures = new Map([
    ['missing1', Error('no such file missing1')],
    ['missing2', Error('no such file missing2')],
  ]);
  const importHook = hookFor(failures);
  const compartment = new Compartment({
    __options__: true,
    name: 'app',
    resolveHook: identityResolve,
    importHook: async (specifier: string) => importHook(specifier),
  });
  const error = await compartment.import('main').then(
    () => assert.fail('should reject'),
    thrown => thrown,
  );
  assert.equal(error.name, 'TypeError');
  assert.equal(
    error.message,
    'Failed to load module "main" in package "app" (2 underlying failures: ' +
      'no such file missing1, loading "missing1" in compartment "app", imported by "main", ' +
      'no such file missing2, loading "missing2" in compartment "app", imported by "main")',
  );
  assert.deepEqual(error.errors, [failures.get('missing1'), failures.get('missing2')]);
  // The same from load() and, synchronously, from importNow().
  await assert.rejects(compartment.load('main'), { message: error.message });
  const now = new Compartment({ __options__: true, name: 'app', resolveHook: identityResolve, importNowHook: importHook });
  assert.throws(() => now.importNow('main'), { message: error.message });
});

test('noAggregateLoadErrors: the first failure itself', async () => {
  const failure = Error('only this');
  const importHook = hookFor(new Map([['missing1', failure]]));
  const compartment = new Compartment({
    __options__: true,
    noAggregateLoadErrors: true,
    resolveHook: identityResolve,
    importHook: async (specifier: string) => importHook(specifier),
    importNowHook: importHook,
  });
  await assert.rejects(compartment.import('main'), thrown => thrown === failure);
  assert.throws(() => compartment.importNow('main'), thrown => thrown === failure);
});

test('a module with imports needs a resolveHook; the error names the import and its referrer', async () => {
  const compartment = new Compartment({ __options__: true, name: 'plain', noAggregateLoadErrors: true, modules: { main: { source: main } } });
  await assert.rejects(compartment.import('main'), {
    name: 'TypeError',
    message: 'Cannot resolve "ok" imported by "main": compartment "plain" has no resolveHook',
  });
});

test('a failed load is not remembered: a later import asks the hook again', async () => {
  let attempts = 0;
  const compartment = new Compartment({
    __options__: true,
    importHook: async () => {
      attempts += 1;
      if (attempts === 1) throw Error('not yet');
      return { source: ok };
    },
  });
  await assert.rejects(compartment.import('m'), /not yet/);
  await compartment.import('m');
  assert.equal(attempts, 2);
});

test('concurrent imports share one load of each module', async () => {
  const asked: string[] = [];
  const compartment = new Compartment({
    __options__: true,
    resolveHook: identityResolve,
    importHook: async (specifier: string) => {
      asked.push(specifier);
      await new Promise(resolve => setTimeout(resolve, 5));
      return { source: specifier === 'main' ? recordSource({ imports: ['ok'], functorSource: functor({}) }) : ok };
    },
  });
  const [first, second] = await Promise.all([compartment.import('main'), compartment.import('main')]);
  assert.equal(first.namespace, second.namespace);
  assert.deepEqual(asked, ['main', 'ok']);
});

test('descriptors that alias each other in a cycle are refused', async () => {
  const compartment: any = new Compartment({
    __options__: true,
    name: 'loop',
    noAggregateLoadErrors: true,
    moduleMapHook: (specifier: string) => (specifier === 'a' ? compartment.module('b') : compartment.module('a')),
  });
  await assert.rejects(compartment.import('a'), {
    message: 'Module descriptors alias each other in a cycle: "a" in "loop" -> "b" in "loop" -> "a" in "loop"',
  });
});
