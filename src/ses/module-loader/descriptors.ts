// Finding the module a full specifier denotes in a compartment: the
// `modules` option, then moduleMapHook, then importHook (or importNowHook
// when loading synchronously), and interpreting the module descriptor they
// give. Written as a generator of steps, so that one walk serves both the
// asynchronous load (import, load) and the synchronous one (importNow): a
// step asks the driver (load-graph.ts) to await a hook's promise or to load
// another module first.
//
// Descriptor forms, as the original ses accepts them:
// - a namespace object from `compartment.module(specifier)`: that module;
// - { namespace: string, compartment? }: that specifier in that compartment
//   (default: the parent compartment);
// - { namespace: object }: a namespace from compartment.module(), or any
//   object whose own properties become the exports (copied when executed);
// - { source: ModuleSource | virtual source, specifier?, importMeta? }: a new
//   module here, under `specifier` (default: the requested one);
// - { source: string, specifier?, importMeta?, compartment? }: the source of
//   module `source` of that compartment (default: the parent), instantiated
//   here. endo/ses only: a compartment without a parent, given no
//   `compartment`, takes the string as module text instead (the original
//   has no compartment to look in and fails there);
// - legacy { record, specifier?, importMeta?, compartment? }: `record`
//   instantiated in `compartment` (default: this one) under `specifier`,
//   which then denotes it here as well as the requested specifier;
// - legacy { specifier, compartment }: that module of that compartment;
// - legacy: a bare module source.
// A string descriptor is refused, as the original refuses it.

import { compartmentModulesOf, isCompartment, type CompartmentModules } from './compartment-modules.js';
import type { ModuleInstance } from './module-instance.js';
import { instanceFor, mapSpecifier } from './module-map.js';
import { checkedFromPlainNamespace, checkModuleSource, compileModuleText } from './module-sources.js';
import { namespaceOwnerOf } from './namespace.js';

export type LoadMode = 'async' | 'sync';

export type LoadStep =
  | { readonly kind: 'await'; readonly value: unknown }
  | { readonly kind: 'load'; readonly compartment: object; readonly specifier: string };

export type LocateSteps = Generator<LoadStep, ModuleInstance, unknown>;

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

const isObjectLike = (value: unknown): value is Record<string, unknown> =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

const isThenable = (value: unknown): boolean => isObjectLike(value) && typeof value.then === 'function';

function* loadStep(compartment: object, specifier: string): Generator<LoadStep, ModuleInstance, unknown> {
  return (yield { kind: 'load', compartment, specifier }) as ModuleInstance;
}

/** Steps that find and make (or reuse) the instance `specifier` denotes in the compartment of `state`. */
export function* locateModule(state: CompartmentModules, specifier: string, mode: LoadMode): LocateSteps {
  const { moduleOptions, name } = state.fields;
  let descriptor: unknown;
  if (Object.hasOwn(moduleOptions.modules, specifier)) descriptor = moduleOptions.modules[specifier];
  if (descriptor === undefined && moduleOptions.moduleMapHook !== undefined) {
    descriptor = moduleOptions.moduleMapHook(specifier);
  }
  if (descriptor === undefined) {
    const hookName = mode === 'async' ? 'importHook' : 'importNowHook';
    const hook = mode === 'async' ? moduleOptions.importHook : moduleOptions.importNowHook;
    if (hook === undefined) {
      throw TypeError(`${hookName} needed to load module ${quoted(specifier)} in compartment ${quoted(name)}`);
    }
    descriptor = hook(specifier);
    if (mode === 'async') {
      // Awaiting a namespace would read its `then` export: take namespaces as they are.
      if (namespaceOwnerOf(descriptor) === undefined) descriptor = yield { kind: 'await', value: descriptor };
    } else if (isThenable(descriptor) && namespaceOwnerOf(descriptor) === undefined) {
      throw TypeError(
        `importNowHook returned a promise for module ${quoted(specifier)} in compartment ${quoted(name)}: importNow cannot wait, the hook must return the descriptor itself`,
      );
    }
  }
  return yield* interpretDescriptor(state, specifier, descriptor);
}

function* interpretDescriptor(state: CompartmentModules, specifier: string, descriptor: unknown): LocateSteps {
  const { name, parent } = state.fields;
  const invalidCompartment = () =>
    TypeError(`Invalid compartment in module descriptor for specifier ${quoted(specifier)} in compartment ${quoted(name)}`);

  if (typeof descriptor === 'string') {
    throw TypeError(
      `Cannot map module ${quoted(specifier)} to ${quoted(descriptor)} in parent compartment, use {source} module descriptor`,
    );
  }
  if (!isObjectLike(descriptor)) {
    throw TypeError(`module descriptor must be a string or object for specifier ${quoted(specifier)} in compartment ${quoted(name)}`);
  }

  // A namespace from compartment.module(): the module it stands for.
  const owner = namespaceOwnerOf(descriptor);
  if (owner !== undefined) {
    return mapSpecifier(state, specifier, yield* loadStep(owner.compartment, owner.specifier));
  }

  const { namespace } = descriptor;
  if (namespace !== undefined) {
    if (typeof namespace === 'string') {
      const { compartment = parent } = descriptor;
      if (!isCompartment(compartment)) throw invalidCompartment();
      return mapSpecifier(state, specifier, yield* loadStep(compartment, namespace));
    }
    if (!isObjectLike(namespace)) throw invalidCompartment();
    const namespaceOwner = namespaceOwnerOf(namespace);
    if (namespaceOwner !== undefined) {
      return mapSpecifier(state, specifier, yield* loadStep(namespaceOwner.compartment, namespaceOwner.specifier));
    }
    return mapSpecifier(state, specifier, instanceFor(state, specifier, checkedFromPlainNamespace(namespace), undefined));
  }

  const { source } = descriptor;
  if (source !== undefined) {
    const { specifier: instanceSpecifier = specifier, importMeta, compartment } = descriptor;
    if (typeof instanceSpecifier !== 'string') {
      throw TypeError(`The specifier of a module descriptor must be a string, for ${quoted(specifier)} in compartment ${quoted(name)}`);
    }
    if (typeof source === 'string') {
      const loaderCompartment = compartment ?? parent;
      if (loaderCompartment === undefined) {
        const checked = compileModuleText(source, instanceSpecifier, state.fields.moduleOptions.__shimTransforms__);
        return mapSpecifier(state, specifier, instanceFor(state, instanceSpecifier, checked, importMeta));
      }
      if (!isCompartment(loaderCompartment)) throw invalidCompartment();
      const loaded = yield* loadStep(loaderCompartment, source);
      return mapSpecifier(state, specifier, instanceFor(state, instanceSpecifier, loaded.source, importMeta));
    }
    const checked = checkModuleSource(source, instanceSpecifier, name, state.fields.moduleOptions.__shimTransforms__);
    return mapSpecifier(state, specifier, instanceFor(state, instanceSpecifier, checked, importMeta));
  }

  if (descriptor.archive !== undefined) {
    throw TypeError(`Unsupported archive module descriptor for specifier ${quoted(specifier)} in compartment ${quoted(name)}`);
  }

  const { record } = descriptor;
  if (record !== undefined) {
    const { compartment = state.compartment, specifier: aliasSpecifier = specifier, importMeta } = descriptor;
    if (!isCompartment(compartment)) throw invalidCompartment();
    if (typeof aliasSpecifier !== 'string') {
      throw TypeError(`The specifier of a module descriptor must be a string, for ${quoted(specifier)} in compartment ${quoted(name)}`);
    }
    const homeState = compartmentModulesOf(compartment);
    const instance = instanceFor(homeState, aliasSpecifier, checkModuleSource(record, aliasSpecifier, homeState.fields.name, homeState.fields.moduleOptions.__shimTransforms__), importMeta);
    mapSpecifier(state, aliasSpecifier, instance);
    return mapSpecifier(state, specifier, instance);
  }

  const { compartment, specifier: linkedSpecifier } = descriptor;
  if (compartment !== undefined && linkedSpecifier !== undefined) {
    if (!isCompartment(compartment) || typeof linkedSpecifier !== 'string') throw invalidCompartment();
    return mapSpecifier(state, specifier, yield* loadStep(compartment, linkedSpecifier));
  }

  // Legacy: anything else is taken for a module source.
  return mapSpecifier(state, specifier, instanceFor(state, specifier, checkModuleSource(descriptor, specifier, name, state.fields.moduleOptions.__shimTransforms__), undefined));
}
