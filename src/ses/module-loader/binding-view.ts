// The binding view of a module: what other modules' named imports read
// (`import { x } from 'm'` compiles to a property read of m's view). The
// namespace object (namespace.ts) must be a Proxy to look exactly like
// Node's; every import going through its traps would make each use of an
// imported function several calls deep. A view is a plain object whose
// getters are, wherever possible, the exporting module's own reader
// closures: V8 inlines them, and a binding in its TDZ still throws its
// ReferenceError. Views are reachable only through the functors' hidden
// parameters.

import { NAMESPACE_BINDING, namespaceExportsOf, type ResolvedBinding } from './export-resolution.js';
import type { ModuleInstance } from './module-instance.js';

const getterFor = ({ module, bindingName }: ResolvedBinding): (() => unknown) => {
  if (bindingName === NAMESPACE_BINDING) return () => module.namespace;
  if (module.source.kind === 'virtual') {
    const values = module.virtualValues;
    return () => values[bindingName];
  }
  const reader = module.readers?.[bindingName];
  if (reader !== undefined) return reader;
  // Not instantiated yet (it will be before any body runs): look it up at each read.
  return () => {
    const read = module.readers?.[bindingName];
    if (read === undefined) throw ReferenceError(`Cannot access '${bindingName}' before initialization`);
    return read();
  };
};

/** Fills `module`'s view with a getter per export name (once; after linking). */
export const fillBindingView = (module: ModuleInstance): void => {
  if (module.bindingViewFilled) return;
  const { names, bindings } = namespaceExportsOf(module);
  for (const name of names) {
    Object.defineProperty(module.bindingView, name, { get: getterFor(bindings.get(name)!), enumerable: true });
  }
  Object.freeze(module.bindingView);
  module.bindingViewFilled = true;
};
