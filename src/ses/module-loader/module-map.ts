// A compartment's module map: making an instance for a source under a full
// specifier (resolving its imports with the compartment's resolveHook),
// recording which instance a requested specifier denotes, and the
// namespace objects that stand for specifiers (those `compartment.module()`
// hands out are the same objects the instances then use).

import { compartmentModulesOf, type CompartmentModules } from './compartment-modules.js';
import { ModuleInstance, type CheckedModuleSource } from './module-instance.js';
import { bindNamespace, makeNamespace } from './namespace.js';

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** The namespace object that stands for `specifier` in the compartment of `state`. */
export const namespaceFor = (state: CompartmentModules, specifier: string): object => {
  let namespace = state.namespaces.get(specifier);
  if (namespace === undefined) {
    namespace = makeNamespace({ compartment: state.compartment, compartmentName: state.fields.name, specifier });
    state.namespaces.set(specifier, namespace);
    const mapped = state.mapping.get(specifier);
    if (mapped !== undefined) bindNamespace(namespace, mapped);
  }
  return namespace;
};

/** Resolves each import of a module with the compartment's resolveHook (null prototype, frozen). */
const resolveImports = (state: CompartmentModules, imports: readonly string[], referrer: string): Readonly<Record<string, string>> => {
  const resolved: Record<string, string> = Object.create(null);
  const { resolveHook } = state.fields.moduleOptions;
  for (const importSpecifier of imports) {
    if (resolveHook === undefined) {
      throw TypeError(
        `Cannot resolve ${quoted(importSpecifier)} imported by ${quoted(referrer)}: compartment ${quoted(state.fields.name)} has no resolveHook`,
      );
    }
    const full = resolveHook(importSpecifier, referrer);
    if (typeof full !== 'string') {
      throw TypeError(
        `resolveHook of compartment ${quoted(state.fields.name)} must return a string, got ${typeof full} for ${quoted(importSpecifier)} imported by ${quoted(referrer)}`,
      );
    }
    resolved[importSpecifier] = full;
  }
  return Object.freeze(resolved);
};

/**
 * The instance of `source` under `specifier` in the compartment of `state`:
 * made once, so that every request that lands on the same specifier (an
 * alias, a redirect) shares one module, as Node shares one per URL.
 */
export const instanceFor = (
  state: CompartmentModules,
  specifier: string,
  source: CheckedModuleSource,
  importMeta: unknown,
): ModuleInstance => {
  const existing = state.instances.get(specifier);
  if (existing !== undefined) return existing;
  const resolvedImports = resolveImports(state, source.imports, specifier);
  const importMetaBase = (typeof importMeta === 'object' && importMeta !== null) || typeof importMeta === 'function' ? importMeta : undefined;
  const instance = new ModuleInstance(state.compartment, state.fields.name, specifier, source, resolvedImports, importMetaBase);
  let namespace = namespaceFor(state, specifier);
  if (!bindNamespace(namespace, instance)) {
    // The specifier's namespace already stands for another module (it was mapped as an alias first).
    namespace = makeNamespace({ compartment: state.compartment, compartmentName: state.fields.name, specifier });
    bindNamespace(namespace, instance);
  }
  instance.namespace = namespace;
  state.instances.set(specifier, instance);
  return instance;
};

/** Records that `specifier` denotes `instance` in the compartment of `state`; the first record wins. */
export const mapSpecifier = (state: CompartmentModules, specifier: string, instance: ModuleInstance): ModuleInstance => {
  const existing = state.mapping.get(specifier);
  if (existing !== undefined) return existing;
  state.mapping.set(specifier, instance);
  const namespace = state.namespaces.get(specifier);
  if (namespace !== undefined) bindNamespace(namespace, instance);
  return instance;
};

/** The instance `specifier` denotes in `compartment` once loaded. */
export const mappedInstance = (compartment: object, specifier: string): ModuleInstance => {
  const state = compartmentModulesOf(compartment);
  const instance = state.mapping.get(specifier);
  if (instance === undefined) {
    throw ReferenceError(`Missing link to module ${quoted(specifier)} from compartment ${quoted(state.fields.name)}`);
  }
  return instance;
};
