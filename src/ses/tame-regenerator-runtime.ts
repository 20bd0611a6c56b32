// Legacy regenerator-runtime taming (legacyRegeneratorRuntimeTaming
// 'unsafe-ignore'). Old builds of regenerator-runtime assign
// `IteratorPrototype[Symbol.iterator] = function () { return this; }` on the
// real %IteratorPrototype%, which throws once intrinsics are frozen. This turns
// that property into an accessor: reads give the original method, an
// assignment on %IteratorPrototype% itself is silently ignored, and an
// assignment on an object that inherits from it defines an own property there
// (as it would have without freezing). Called after the override-mistake fix,
// which may already have made the property an accessor; reading through it
// gives the original method either way.

import { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, objectHasOwn } from './commons.js';

const findIteratorPrototype = (intrinsics?: Record<string, unknown>): object => {
  const fromIntrinsics = intrinsics?.['%IteratorPrototype%'];
  if (typeof fromIntrinsics === 'object' && fromIntrinsics !== null) {
    return fromIntrinsics;
  }
  // %ArrayIteratorPrototype% inherits from %IteratorPrototype%.
  return getPrototypeOf(getPrototypeOf([][Symbol.iterator]()));
};

/** Makes `%IteratorPrototype%[Symbol.iterator]` ignore writes on the intrinsic itself. */
export const tameRegeneratorRuntime = (intrinsics?: Record<string, unknown>): void => {
  const iteratorPrototype = findIteratorPrototype(intrinsics);
  const originalIteratorMethod = (iteratorPrototype as { [Symbol.iterator]: unknown })[Symbol.iterator];
  // Method syntax: accessor functions without `.prototype`.
  const accessors = {
    get [Symbol.iterator](): unknown {
      return originalIteratorMethod;
    },
    set [Symbol.iterator](value: unknown) {
      if (this === iteratorPrototype) {
        return; // what regenerator-runtime does here is harmless: ignore it
      }
      if (objectHasOwn(this, Symbol.iterator)) {
        (this as { [Symbol.iterator]: unknown })[Symbol.iterator] = value;
        return;
      }
      defineProperty(this, Symbol.iterator, { value, writable: true, enumerable: true, configurable: true });
    },
  };
  const { get, set } = getOwnPropertyDescriptor(accessors, Symbol.iterator)!;
  defineProperty(iteratorPrototype, Symbol.iterator, { get, set, enumerable: false, configurable: true });
};
