// Which binding each export name of a module denotes: ECMA-262's
// GetExportedNames and ResolveExport over module instances whose requested
// modules are known (link.ts wires them first), and the table a namespace
// object is built from (names whose resolution is ambiguous or missing are
// left out, as the specification requires).

import type { ModuleInstance } from './module-instance.js';

/** The binding name of `import * as ns` / `export * as ns`: the whole namespace. */
export const NAMESPACE_BINDING: unique symbol = Symbol('namespace');

export interface ResolvedBinding {
  readonly module: ModuleInstance;
  /** An export name of `module` read through its readers or values, or the whole namespace. */
  readonly bindingName: string | typeof NAMESPACE_BINDING;
}

export type Resolution = ResolvedBinding | null | 'ambiguous';

/** The instance `specifier` (as written in `module`) resolves to. */
export const requestedModule = (module: ModuleInstance, specifier: string): ModuleInstance => {
  const required = module.requestedBySpecifier?.get(specifier);
  if (required === undefined) {
    throw ReferenceError(`Internal: module ${JSON.stringify(module.specifier)} has no link for ${JSON.stringify(specifier)}`);
  }
  return required;
};

/** GetExportedNames: every name the module exports, star exports included, 'default' excepted from them. */
export const exportedNames = (module: ModuleInstance, exportStarSet: Set<ModuleInstance> = new Set()): string[] => {
  if (exportStarSet.has(module)) return []; // a cycle of star exports
  exportStarSet.add(module);
  const { localExports, indirectExports, starExports } = module.source;
  const names = [...localExports, ...Object.keys(indirectExports)];
  const seen = new Set(names);
  for (const specifier of starExports) {
    for (const name of exportedNames(requestedModule(module, specifier), exportStarSet)) {
      if (name !== 'default' && !seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names;
};

interface ResolveStep {
  module: ModuleInstance;
  exportName: string;
}

/** ResolveExport: the binding `exportName` denotes, null when none does, 'ambiguous' for conflicting star exports. */
export const resolveExport = (module: ModuleInstance, exportName: string, resolveSet: ResolveStep[] = []): Resolution => {
  for (const step of resolveSet) {
    if (step.module === module && step.exportName === exportName) return null; // a circular import request
  }
  resolveSet.push({ module, exportName });
  const { localExports, indirectExports, starExports } = module.source;
  if (localExports.includes(exportName)) return { module, bindingName: exportName };
  if (Object.hasOwn(indirectExports, exportName)) {
    const [specifier, importName] = indirectExports[exportName];
    const imported = requestedModule(module, specifier);
    if (importName === '*') return { module: imported, bindingName: NAMESPACE_BINDING };
    return resolveExport(imported, importName, resolveSet);
  }
  if (exportName === 'default') return null; // `export *` never provides a default
  let starResolution: ResolvedBinding | null = null;
  for (const specifier of starExports) {
    const resolution = resolveExport(requestedModule(module, specifier), exportName, resolveSet);
    if (resolution === 'ambiguous') return 'ambiguous';
    if (resolution !== null) {
      if (starResolution === null) {
        starResolution = resolution;
      } else if (resolution.module !== starResolution.module || resolution.bindingName !== starResolution.bindingName) {
        return 'ambiguous';
      }
    }
  }
  return starResolution;
};

/** A namespace's exports: sorted names (by code units) and each one's binding. */
export interface NamespaceExports {
  readonly names: readonly string[];
  readonly bindings: ReadonlyMap<string, ResolvedBinding>;
}

const namespaceExportsMemo = new WeakMap<ModuleInstance, NamespaceExports>();

/** The exports a module's namespace shows (memoized: the graph under a wired module never changes). */
export const namespaceExportsOf = (module: ModuleInstance): NamespaceExports => {
  let table = namespaceExportsMemo.get(module);
  if (table === undefined) {
    const bindings = new Map<string, ResolvedBinding>();
    for (const name of exportedNames(module)) {
      const resolution = resolveExport(module, name);
      if (resolution !== null && resolution !== 'ambiguous') bindings.set(name, resolution);
    }
    // The default comparison of sort() is by UTF-16 code units, as namespaces order their keys.
    table = { names: Object.freeze([...bindings.keys()].sort()), bindings };
    namespaceExportsMemo.set(module, table);
  }
  return table;
};
