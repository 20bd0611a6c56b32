// copyArray: a frozen plain array (inheriting from Array.prototype) whose
// own properties are `length` and one enumerable data property per index:
// no holes, no accessors, no extra properties. Its elements must be
// passable, which the caller's `styleOf` checks (and remembers).

import { arrayPrototype, getOwnPropertyDescriptor, getPrototypeOf, objectHasOwn, ownKeys } from '../ses/commons.js';
import { isFreshHardened } from '../ses/harden-when-available.js';
import { ownDataPropertyProblem } from './pass-style-helpers.js';
import { failType, throwProblem } from './reject.js';
import type { PassStyle } from './types.js';

/** Throws unless the array `candidate` is a copyArray; checks each element with `styleOf`. */
export const checkCopyArray = (candidate: unknown[], styleOf: (value: unknown) => PassStyle): void => {
  if (isFreshHardened(candidate)) {
    // Made by our own code as an ordinary array (see markFreshHardened):
    // only its elements need checking.
    for (let index = 0; index < candidate.length; index += 1) styleOf(candidate[index]);
    return;
  }
  if (getPrototypeOf(candidate) !== arrayPrototype) failType`Malformed array: ${candidate}`;
  const lengthProblem = ownDataPropertyProblem(candidate, 'length', false);
  if (lengthProblem !== undefined) throwProblem(lengthProblem);
  const { length } = candidate;
  for (let index = 0; index < length; index += 1) {
    const descriptor = getOwnPropertyDescriptor(candidate, index);
    if (descriptor === undefined || !descriptor.enumerable || !objectHasOwn(descriptor, 'value')) {
      throwProblem(ownDataPropertyProblem(candidate, index, true)!);
    }
    styleOf(descriptor!.value);
  }
  // One own key per index, plus `length`.
  if (ownKeys(candidate).length !== length + 1) failType`Arrays must not have non-indexes: ${candidate}`;
};
