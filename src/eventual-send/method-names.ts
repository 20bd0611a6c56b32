// getMethodNames(value): the names under which `value` answers with a
// function, own or inherited (up to, not including, Object.prototype),
// symbols first, then strings, each group in string order. Error messages
// ("target has no method ..., has [...]") and debugging tools list them.

import { freeze, getOwnPropertyDescriptors, getPrototypeOf, objectPrototype, ownKeys } from '../ses/commons.js';
import { harden } from '../ses/harden-when-available.js';

const isPrimitive = (value: unknown): boolean =>
  !value || (typeof value !== 'object' && typeof value !== 'function');

/**
 * Whether `value[name]` is a function. A getter that throws (as
 * Function.prototype.caller does before lockdown) counts as no method,
 * rather than turning a "no such method" error into an unrelated one.
 */
const answersWithFunction = (value: any, name: PropertyKey): boolean => {
  try {
    return typeof value[name] === 'function';
  } catch {
    return false;
  }
};

/** Symbols sort before strings; within a kind, by their string forms. */
const compareKeys = (a: string | symbol, b: string | symbol): number => {
  if (typeof a !== typeof b) return typeof a === 'symbol' ? -1 : 1;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
};

/** The sorted, hardened list of names at which `value` has a function. */
export const getMethodNames = (value: any): (string | symbol)[] => {
  const names = new Set<string | symbol>();
  let layer = value;
  while (layer !== null && layer !== objectPrototype) {
    for (const name of ownKeys(getOwnPropertyDescriptors(layer))) {
      // Read through `value`, not `layer`: a subclass may shadow a method
      // with something that is not a function.
      if (answersWithFunction(value, name)) names.add(name);
    }
    // A primitive's own keys (a string's indices) are all there is to see.
    if (isPrimitive(value)) break;
    layer = getPrototypeOf(layer);
  }
  return harden([...names].sort(compareKeys));
};
freeze(getMethodNames);
