// copyRecord: a frozen object inheriting from Object.prototype whose own
// properties are all enumerable, string-named data properties, none holding
// a function that could be a method (an object of methods must be declared
// remotable). Its values must be passable, which the caller's `styleOf`
// checks (and remembers).
//
// The check runs in two passes, like @endo/pass-style's: the first decides
// whether the object is meant as a record at all (string keys, no methods),
// the second checks each property and value in order, so that the first
// error reported is the same as the original's. Unlike the original, the
// first pass reads descriptors, so a getter is never called.

import { getOwnPropertyDescriptor, objectHasOwn, ownKeys } from '../ses/commons.js';
import { ownDataPropertyProblem } from './pass-style-helpers.js';
import { canBeMethod } from './remotable.js';
import { throwProblem } from './reject.js';
import type { PassStyle } from './types.js';

/**
 * For an object inheriting from Object.prototype: whether it is meant as a
 * record. Returns the number of its own properties that are not enumerable
 * data properties (0 on the fast path), or -1 if it cannot be a record.
 */
export const recordCandidacy = (candidate: object, keys: readonly PropertyKey[]): number => {
  let irregular = 0;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index]!;
    if (typeof key !== 'string') return -1;
    const descriptor = getOwnPropertyDescriptor(candidate, key)!;
    if (objectHasOwn(descriptor, 'value')) {
      if (canBeMethod(descriptor.value)) return -1;
      if (!descriptor.enumerable) irregular += 1;
    } else {
      irregular += 1;
    }
  }
  return irregular;
};

/**
 * Throws unless the record candidate is a copyRecord; `irregular` is what
 * recordCandidacy returned for it.
 */
export const checkCopyRecord = (
  candidate: Record<string, unknown>,
  keys: readonly PropertyKey[],
  irregular: number,
  styleOf: (value: unknown) => PassStyle,
): void => {
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    if (irregular !== 0) {
      const found = ownDataPropertyProblem(candidate, key, true);
      if (found !== undefined) throwProblem(found);
    }
    // Known to be an own data property: reading it runs no code (save a proxy's trap).
    styleOf(candidate[key]);
  }
};
