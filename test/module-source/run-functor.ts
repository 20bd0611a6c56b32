// Runs a module's functor by hand, as a loader would but with nothing else
// of a loader: compiles the text with transformModule, evaluates the functor
// source with a compartment's evaluator, and calls it with namespaces that
// the test supplies. The test drives the two steps itself: `instantiate`
// makes the first next() (the readers exist, the body has not run) and
// `execute()` the second (the body runs).

import { getCompartmentFields } from '../../src/ses/compartment.js';
import type { ModuleRecord } from '../../src/ses/module-record.js';
import { transformModule } from '../../src/ses/module-transform.js';

export type Readers = Record<string, () => unknown>;

/**
 * A namespace object as a loader builds it from a module's readers: a sealed
 * null-prototype object with one enumerable getter per export name, so that
 * every read sees the exporter's binding as it is now, and a write throws.
 */
export const namespaceOf = (readers: Readers): object => {
  const namespace = Object.create(null);
  for (const name of Object.keys(readers).sort()) {
    Object.defineProperty(namespace, name, { get: readers[name], enumerable: true, configurable: false });
  }
  return Object.seal(namespace);
};

export interface FunctorOptions {
  location?: string;
  /** The namespace for each specifier the module imports. */
  namespaces?: Record<string, object>;
  importMeta?: object;
  dynamicImport?: (specifier: unknown) => unknown;
}

export interface Instance {
  record: ModuleRecord;
  /** The generator function that evaluating the functor source gave. */
  functor: Function;
  readers: Readers;
  /** The second argument of setReaders: the function of `export default function () {}`. */
  anonymousDefault: unknown;
  /** How many arguments setReaders got. */
  setReadersArity: number;
  /** This module's namespace, built from its readers. */
  namespace: object;
  /** Runs the body: the second next(); a promise for an async module. */
  execute(): unknown;
}

/** Compiles `text`, evaluates its functor in `compartment` and makes the first next(). */
export const instantiate = (compartment: object, text: string, options: FunctorOptions = {}): Instance => {
  const {
    location = 'file:///test/module.js',
    namespaces = {},
    importMeta = {},
    dynamicImport = () => Promise.reject(Error('no dynamic import in this test')),
  } = options;
  const record = transformModule(text, location);
  const functor = getCompartmentFields(compartment).evaluateModuleFunctor(record.functor) as (
    ...args: unknown[]
  ) => Iterator<unknown> | AsyncIterator<unknown>;
  const namespaceArray = record.imports.map(specifier => {
    const namespace = namespaces[specifier];
    if (namespace === undefined) throw Error(`the test gives no namespace for ${specifier}`);
    return namespace;
  });
  let readers: Readers | undefined;
  let anonymousDefault: unknown;
  let setReadersArity = 0;
  const setReaders = (...args: unknown[]) => {
    if (readers !== undefined) throw Error('setReaders called twice');
    setReadersArity = args.length;
    readers = args[0] as Readers;
    anonymousDefault = args[1];
  };
  // The test's namespaces (sealed accessor objects) also serve as the binding views.
  const iterator = functor(namespaceArray, setReaders, importMeta, dynamicImport, namespaceArray);
  // Even for an async generator, next() runs the prologue (up to its first
  // yield) synchronously, so the readers are there when it returns.
  void iterator.next();
  if (readers === undefined) throw Error('the first next() did not call setReaders');
  const own: Readers = readers;
  return {
    record,
    functor,
    readers: own,
    anonymousDefault,
    setReadersArity,
    namespace: namespaceOf(own),
    execute: () => iterator.next(),
  };
};
