// Symbol taming. Compartments get %SharedSymbol%, a stand-in for `Symbol`
// that behaves the same (callable, not constructible, same well-known symbols
// and the same `Symbol.for` registry), while the start compartment keeps the
// host's `Symbol` unmodified. The stand-in exists so that the permits walk can
// remove non-standard statics a host or an older shim put on `Symbol`: on the
// original, the well-known symbols are non-configurable, so the copies here
// start configurable, and hardening makes them non-configurable again.
// `Symbol.prototype.constructor` becomes the shared one, as for Date and RegExp.

import { apply, defineProperties, defineProperty, getOwnPropertyDescriptors, ownKeys } from './commons.js';

const functionBind = Function.prototype.bind;

export type SymbolIntrinsics = { '%SharedSymbol%': SymbolConstructor };

/** Makes %SharedSymbol% and points `Symbol.prototype.constructor` at it. */
export const tameSymbolConstructor = (): SymbolIntrinsics => {
  const OriginalSymbol = Symbol;
  // A bound function calls the original with its own receiver semantics, throws
  // on `new` like the original (it forwards [[Construct]]), and prints as
  // native code. Its `name` and `length` are restored from the original below.
  const SharedSymbol = apply(functionBind, OriginalSymbol, [undefined]) as SymbolConstructor;
  const descriptors = getOwnPropertyDescriptors(OriginalSymbol) as Record<PropertyKey, PropertyDescriptor>;
  const configurableDescriptors: PropertyDescriptorMap = {};
  for (const key of ownKeys(descriptors)) {
    configurableDescriptors[key as string] = { ...descriptors[key as string], configurable: true };
  }
  defineProperties(SharedSymbol, configurableDescriptors);
  defineProperty(OriginalSymbol.prototype, 'constructor', { value: SharedSymbol });
  return { '%SharedSymbol%': SharedSymbol };
};
