// Linking a loaded module graph, as ECMA-262's Link() does: every module's
// requested modules are wired to instances, then a depth-first walk
// (InnerModuleLinking, with Tarjan's indices so that a strongly connected
// component becomes 'linked' all at once) initializes each module's
// environment. For a compiled module that means checking that every name
// it imports or re-exports resolves (a SyntaxError in Node's words when
// one is missing or ambiguous), making its import.meta, and running the
// first step of its functor, which creates its bindings (hoisted functions
// exist, lexical bindings are in their TDZ) and hands over their readers.
// If anything fails, the modules of the walk go back to 'unlinked'.

import { details, quote } from '../errors/details.js';
import { note } from '../errors/notes.js';
import { compartmentModulesOf } from './compartment-modules.js';
import { requestedModule, resolveExport, type Resolution } from './export-resolution.js';
import { fillBindingView } from './binding-view.js';
import { makeImportMeta } from './import-meta.js';
import type { ModuleInstance } from './module-instance.js';

/** Makes the dynamic import() function of a module (see module-graph.ts). */
export type DynamicImportFor = (module: ModuleInstance) => (specifier: unknown) => Promise<object>;

type Functor = (
  namespaces: readonly object[],
  setReaders: (readers: Record<string, () => unknown>, anonymousDefault?: Function) => void,
  importMeta: object,
  dynamicImport: (specifier: unknown) => Promise<object>,
  bindingViews: readonly object[],
) => Iterator<unknown> | AsyncIterator<unknown>;

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Sets `requested` on every module of the graph not linked yet. */
const wireGraph = (root: ModuleInstance): void => {
  const seen = new Set<ModuleInstance>();
  const todo = [root];
  while (todo.length > 0) {
    const module = todo.pop()!;
    if (seen.has(module) || module.status !== 'unlinked') continue;
    seen.add(module);
    if (module.requested === undefined) {
      const { mapping, fields } = compartmentModulesOf(module.compartment);
      const { imports } = module.source;
      const requested = imports.map(importSpecifier => {
        const full = module.resolvedImports[importSpecifier];
        const instance = mapping.get(full);
        if (instance === undefined) {
          throw ReferenceError(
            `Missing link to module ${quoted(full)} (imported by ${quoted(module.specifier)}) from compartment ${quoted(fields.name)}`,
          );
        }
        return instance;
      });
      module.requestedBySpecifier = new Map(imports.map((importSpecifier, index) => [importSpecifier, requested[index]]));
      module.requested = requested;
    }
    for (const required of module.requested) todo.push(required);
  }
};

const linkError = (module: ModuleInstance, specifier: string, name: string, resolution: Resolution): SyntaxError => {
  const error =
    resolution === 'ambiguous'
      ? SyntaxError(`The requested module '${specifier}' contains conflicting star exports for name '${name}'`)
      : SyntaxError(`The requested module '${specifier}' does not provide an export named '${name}'`);
  note(error, details`Imported by ${quote(module.specifier)} in compartment ${quote(module.compartmentName)}`);
  return error;
};

// The modules whose functors a linkModule() call instantiated, for their binding views.
let linkedInThisWalk: ModuleInstance[] = [];

const initializeEnvironment = (module: ModuleInstance, instantiations: Promise<unknown>[], dynamicImportFor: DynamicImportFor): void => {
  const { record, indirectExports } = module.source;
  if (record === undefined) {
    linkedInThisWalk.push(module); // a virtual module: its execute() does everything but its view
    return;
  }
  for (const [specifier, importName] of record.importedNames) {
    if (importName === '*') continue;
    const resolution = resolveExport(requestedModule(module, specifier), importName);
    if (resolution === null || resolution === 'ambiguous') throw linkError(module, specifier, importName, resolution);
  }
  for (const exportName of Object.keys(indirectExports)) {
    const [specifier, importName] = indirectExports[exportName];
    if (importName === '*') continue;
    const resolution = resolveExport(module, exportName);
    if (resolution === null || resolution === 'ambiguous') throw linkError(module, specifier, importName, resolution);
  }

  const state = compartmentModulesOf(module.compartment);
  let functor = state.functors.get(record) as Functor | undefined;
  if (functor === undefined) {
    functor = state.fields.evaluateModuleFunctor(record.functor) as Functor;
    if (typeof functor !== 'function') {
      throw TypeError(`Internal: the functor of module ${quoted(module.specifier)} is not a function`);
    }
    state.functors.set(record, functor);
  }
  const requested = record.imports.map(specifier => requestedModule(module, specifier));
  const namespaces = Object.freeze(requested.map(required => required.namespace));
  const bindingViews = Object.freeze(requested.map(required => required.bindingView));
  let readersGiven = false;
  const setReaders = (readers: Record<string, () => unknown>, anonymousDefault?: Function): void => {
    if (readersGiven) throw TypeError(`Internal: module ${quoted(module.specifier)} set its readers twice`);
    readersGiven = true;
    module.readers = Object.freeze(Object.assign(Object.create(null), readers));
    // `export default function () {}` is named 'default', as the language names it.
    if (anonymousDefault !== undefined) Object.defineProperty(anonymousDefault, 'name', { value: 'default' });
  };
  const importMeta = makeImportMeta(module, state.fields);
  const body = functor(namespaces, setReaders, importMeta, dynamicImportFor(module), bindingViews);
  linkedInThisWalk.push(module);
  // The first step instantiates. An async functor's first step settles a
  // tick later; its body must not be asked for before (see module-graph.ts).
  const instantiated = body.next();
  if (record.isAsync) instantiations.push(instantiated as Promise<unknown>);
  module.body = body;
};

const innerModuleLinking = (
  module: ModuleInstance,
  stack: ModuleInstance[],
  index: number,
  instantiations: Promise<unknown>[],
  dynamicImportFor: DynamicImportFor,
): number => {
  if (module.status !== 'unlinked') return index;
  module.status = 'linking';
  module.dfsIndex = index;
  module.dfsAncestorIndex = index;
  index += 1;
  stack.push(module);
  for (const required of module.requested!) {
    index = innerModuleLinking(required, stack, index, instantiations, dynamicImportFor);
    if (required.status === 'linking') {
      module.dfsAncestorIndex = Math.min(module.dfsAncestorIndex, required.dfsAncestorIndex);
    }
  }
  initializeEnvironment(module, instantiations, dynamicImportFor);
  if (module.dfsAncestorIndex === module.dfsIndex) {
    let done = false;
    while (!done) {
      const member = stack.pop()!;
      member.status = 'linked';
      done = member === module;
    }
  }
  return index;
};

/**
 * Links the graph of `root`. Returns the first steps of the asynchronous
 * functors it instantiated: the caller awaits them before evaluating.
 */
export const linkModule = (root: ModuleInstance, dynamicImportFor: DynamicImportFor): Promise<unknown>[] => {
  const instantiations: Promise<unknown>[] = [];
  if (root.status !== 'unlinked') return instantiations;
  wireGraph(root);
  const stack: ModuleInstance[] = [];
  const outerWalk = linkedInThisWalk;
  linkedInThisWalk = [];
  try {
    innerModuleLinking(root, stack, 0, instantiations, dynamicImportFor);
    for (const module of linkedInThisWalk) fillBindingView(module);
  } catch (error) {
    for (const module of stack) {
      module.status = 'unlinked';
      module.body = undefined;
      module.readers = undefined;
    }
    throw error;
  } finally {
    linkedInThisWalk = outerWalk;
  }
  return instantiations;
};
