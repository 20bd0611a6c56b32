// What the Compartment's module methods do, in terms of the steps of the
// other files: load the graph (load-graph.ts), link it (link.ts), evaluate
// it (evaluate.ts), hand out its namespace (namespace.ts). Also the
// dynamic import() of a module: its specifier is resolved against the
// importing module, in the importing module's compartment, and it settles
// with the namespace itself (never boxed).

import { compartmentModulesOf } from './compartment-modules.js';
import { evaluateModule, findAsynchronousModule } from './evaluate.js';
import { linkModule, type DynamicImportFor } from './link.js';
import { loadModuleGraph, loadModuleGraphNow } from './load-graph.js';
import { mappedInstance, namespaceFor } from './module-map.js';

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

const ignore = (): void => {};

const dynamicImportFor: DynamicImportFor = module => (specifier: unknown) =>
  (async () => {
    const { fields } = compartmentModulesOf(module.compartment);
    const { resolveHook } = fields.moduleOptions;
    if (typeof resolveHook !== 'function') {
      throw TypeError(`Compartment does not support dynamic import: no configured resolveHook for compartment ${quoted(fields.name)}`);
    }
    const full = resolveHook(String(specifier), module.specifier);
    if (typeof full !== 'string') {
      throw TypeError(
        `resolveHook of compartment ${quoted(fields.name)} must return a string, got ${typeof full} for ${quoted(String(specifier))} imported by ${quoted(module.specifier)}`,
      );
    }
    return importNamespace(module.compartment, full);
  })();

/** Loads, links and evaluates the module `specifier` of `compartment`; its namespace. */
export const importNamespace = async (compartment: object, specifier: string): Promise<object> => {
  await loadModuleGraph(compartment, specifier);
  const instance = mappedInstance(compartment, specifier);
  const instantiations = linkModule(instance, dynamicImportFor);
  // An asynchronous functor's first step settles a tick after it starts:
  // its body can start at once only after that.
  if (instantiations.length > 0) await Promise.all(instantiations);
  await evaluateModule(instance);
  return instance.namespace;
};

/** The same, synchronously: importNowHook only, and no top-level await anywhere it must run. */
export const importNamespaceNow = (compartment: object, specifier: string): object => {
  loadModuleGraphNow(compartment, specifier);
  const instance = mappedInstance(compartment, specifier);
  const instantiations = linkModule(instance, dynamicImportFor);
  for (const instantiation of instantiations) instantiation.then(ignore, ignore);
  const waiting = findAsynchronousModule(instance);
  if (waiting !== undefined) {
    const why = waiting.status === 'evaluating-async' ? 'is still being evaluated asynchronously' : 'uses top-level await';
    throw TypeError(
      `Cannot importNow module ${quoted(specifier)} in compartment ${quoted(instance.compartmentName)}: module ${quoted(waiting.specifier)} ${why}; use import() instead`,
    );
  }
  evaluateModule(instance).then(ignore, ignore);
  const failure = instance.evaluationError ?? instance.cycleRoot?.evaluationError;
  if (failure !== undefined) throw failure.thrown;
  return instance.namespace;
};

/** Loads the graph of `specifier` in `compartment` without linking or running it. */
export const loadOnly = (compartment: object, specifier: string): Promise<void> => loadModuleGraph(compartment, specifier);

/** The namespace that stands for `specifier` in `compartment`, loaded or not. */
export const moduleNamespace = (compartment: object, specifier: string): object =>
  namespaceFor(compartmentModulesOf(compartment), specifier);
