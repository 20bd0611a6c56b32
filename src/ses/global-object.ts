// Builds a compartment's global object. The descriptors of everything that
// is the same in every compartment of one kind (constants, shared
// intrinsics) are computed once into a template; a new global object is then
// one loop of defineProperty over that template plus its own few properties
// (globalThis, eval, Function, Compartment), which keeps compartment
// creation cheap. (A plain loop over prepared descriptors is about twice as
// fast as Object.create(prototype, descriptorMap) on V8.)

import { create, defineProperty, freeze, objectPrototype } from './commons.js';

/** The global name lists of the permits table: global name -> intrinsic name. */
export interface GlobalPropertyNames {
  /** NaN, Infinity, undefined: non-writable, non-configurable. */
  constants: Record<string, unknown>;
  /** Names every compartment shares, start compartment included. */
  universal: Record<string, string>;
  /** Names whose intrinsic depends on the compartment kind (Date, Math, ...). */
  perKind: Record<string, string>;
}

export interface GlobalTemplate {
  keys: readonly PropertyKey[];
  /** descriptors[i] is the descriptor of keys[i]. */
  descriptors: readonly PropertyDescriptor[];
}

const throwOnUnscopablesWrite = freeze(function setUnscopables(): never {
  throw TypeError("Cannot set Symbol.unscopables of a Compartment's globalThis");
});

/** Descriptors of the global properties common to one kind of compartment. */
export const makeGlobalTemplate = (
  intrinsics: Record<string, unknown>,
  names: GlobalPropertyNames,
): GlobalTemplate => {
  // Keyed by name first, so that a name listed twice keeps its last descriptor.
  const byName: Record<string, PropertyDescriptor> = create(null);
  for (const [name, value] of Object.entries(names.constants)) {
    byName[name] = freeze({ __proto__: null, value, writable: false, enumerable: false, configurable: false } as PropertyDescriptor);
  }
  for (const table of [names.universal, names.perKind]) {
    for (const [name, intrinsicName] of Object.entries(table)) {
      if (!(intrinsicName in intrinsics)) continue; // absent on this engine
      byName[name] = freeze({ __proto__: null, value: intrinsics[intrinsicName], writable: true, enumerable: false, configurable: true } as PropertyDescriptor);
    }
  }
  const keys = Object.keys(byName);
  return freeze({ keys: freeze(keys), descriptors: freeze(keys.map(key => byName[key])) });
};

export interface GlobalEvaluators {
  Compartment: unknown;
  eval: unknown;
  Function: unknown;
}

const unscopablesGuard: PropertyDescriptor = freeze({
  get: undefined,
  set: throwOnUnscopablesWrite,
  enumerable: false,
  configurable: false,
});

export const makeGlobalObject = ({ keys, descriptors }: GlobalTemplate): object => {
  const globalObject = create(objectPrototype);
  for (let i = 0; i < keys.length; i += 1) defineProperty(globalObject, keys[i], descriptors[i]);
  return globalObject;
};

// One descriptor, refilled for each property: defineProperty reads it at once.
const mutableDescriptor: PropertyDescriptor = { __proto__: null, value: undefined, writable: true, enumerable: false, configurable: true } as PropertyDescriptor;
const defineMutable = (globalObject: object, name: string, value: unknown): void => {
  mutableDescriptor.value = value;
  defineProperty(globalObject, name, mutableDescriptor);
  mutableDescriptor.value = undefined;
};

/** Adds globalThis, the evaluators and the unscopables guard to a new global object. */
export const setGlobalObjectEvaluators = (globalObject: object, evaluators: GlobalEvaluators): void => {
  defineMutable(globalObject, 'globalThis', globalObject);
  defineMutable(globalObject, 'Compartment', evaluators.Compartment);
  defineMutable(globalObject, 'eval', evaluators.eval);
  defineMutable(globalObject, 'Function', evaluators.Function);
  defineProperty(globalObject, Symbol.unscopables, unscopablesGuard);
};
