// Builds a compartment's global object. The descriptors of everything that
// is the same in every compartment of one kind (constants, shared
// intrinsics) are computed once into a template; a new global object is then
// a single Object.create from that template plus its own few properties
// (globalThis, eval, Function, Compartment), which keeps compartment
// creation cheap.

import { create, defineProperties, freeze, objectPrototype } from './commons.js';

/** The global name lists of the permits table: global name -> intrinsic name. */
export interface GlobalPropertyNames {
  /** NaN, Infinity, undefined: non-writable, non-configurable. */
  constants: Record<string, unknown>;
  /** Names every compartment shares, start compartment included. */
  universal: Record<string, string>;
  /** Names whose intrinsic depends on the compartment kind (Date, Math, ...). */
  perKind: Record<string, string>;
}

export type GlobalTemplate = PropertyDescriptorMap;

const throwOnUnscopablesWrite = freeze(function setUnscopables(): never {
  throw TypeError("Cannot set Symbol.unscopables of a Compartment's globalThis");
});

/** Descriptors of the global properties common to one kind of compartment. */
export const makeGlobalTemplate = (
  intrinsics: Record<string, unknown>,
  names: GlobalPropertyNames,
): GlobalTemplate => {
  const template: PropertyDescriptorMap = create(null);
  for (const [name, value] of Object.entries(names.constants)) {
    template[name] = { value, writable: false, enumerable: false, configurable: false };
  }
  for (const table of [names.universal, names.perKind]) {
    for (const [name, intrinsicName] of Object.entries(table)) {
      if (!(intrinsicName in intrinsics)) continue; // absent on this engine
      template[name] = { value: intrinsics[intrinsicName], writable: true, enumerable: false, configurable: true };
    }
  }
  return template;
};

export interface GlobalEvaluators {
  Compartment: unknown;
  eval: unknown;
  Function: unknown;
}

/** The property descriptors each compartment's global object has of its own. */
const ownGlobalDescriptors = (globalObject: object, evaluators: GlobalEvaluators): PropertyDescriptorMap => {
  const mutable = (value: unknown) => ({ value, writable: true, enumerable: false, configurable: true });
  return {
    globalThis: mutable(globalObject),
    Compartment: mutable(evaluators.Compartment),
    eval: mutable(evaluators.eval),
    Function: mutable(evaluators.Function),
    [Symbol.unscopables]: { get: undefined, set: throwOnUnscopablesWrite, enumerable: false, configurable: false },
  };
};

export const makeGlobalObject = (template: GlobalTemplate): object => create(objectPrototype, template);

/** Adds globalThis, the evaluators and the unscopables guard to a new global object. */
export const setGlobalObjectEvaluators = (globalObject: object, evaluators: GlobalEvaluators): void => {
  defineProperties(globalObject, ownGlobalDescriptors(globalObject, evaluators));
};
