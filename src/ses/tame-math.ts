// Math taming: the start compartment keeps the original `Math` (%InitialMath%);
// constructed compartments get %SharedMath%, a copy whose `random()` throws a
// TypeError starting with "secure mode". Randomness is a source of
// non-determinism and so a power to be granted, not shared.

import { create, defineProperty, getOwnPropertyDescriptors, objectPrototype } from './commons.js';

const OriginalMath = Math;

// Method syntax: a named function with no construct behaviour and no `.prototype`.
const sharedMethods = {
  random(): never {
    throw TypeError('secure mode %SharedMath%.random() throws');
  },
};

export type MathIntrinsics = {
  '%InitialMath%': Math;
  '%SharedMath%': Math;
};

/** Returns the original `Math` and a copy of it (same functions) without a working `random`. */
export const tameMathObject = (): MathIntrinsics => {
  // Copying every descriptor keeps `Symbol.toStringTag` ('Math') and the constants' attributes.
  const sharedMath = create(objectPrototype, getOwnPropertyDescriptors(OriginalMath)) as Math;
  defineProperty(sharedMath, 'random', {
    value: sharedMethods.random,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  return { '%InitialMath%': OriginalMath, '%SharedMath%': sharedMath };
};
