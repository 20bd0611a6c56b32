// tagged: what makeTagged(tag, payload) makes. A frozen object inheriting
// from Object.prototype with exactly three own data properties: non-
// enumerable `[PASS_STYLE]: 'tagged'` and `[Symbol.toStringTag]: tag` (a
// string), and an enumerable `payload`, which must be passable.

import { getOwnPropertyDescriptor, ownKeys } from '../ses/commons.js';
import { PASS_STYLE, ownDataPropertyProblem, tagRecordProblem } from './pass-style-helpers.js';
import { failType, throwProblem } from './reject.js';
import type { PassStyle } from './types.js';

/** Throws unless `candidate` (whose `[PASS_STYLE]` reads 'tagged') is a valid tagged record. */
export const checkTagged = (candidate: object, styleOf: (value: unknown) => PassStyle): void => {
  const tagProblem = tagRecordProblem(candidate, 'tagged', false);
  if (tagProblem !== undefined) throwProblem(tagProblem);
  const keys = ownKeys(candidate);
  if (keys.length !== 3 || !keys.includes('payload')) {
    const unexpected = keys.filter(key => key !== PASS_STYLE && key !== Symbol.toStringTag && key !== 'payload');
    if (unexpected.length !== 0) failType`Unexpected properties on tagged record ${unexpected}`;
  }
  const payloadProblem = ownDataPropertyProblem(candidate, 'payload', true);
  if (payloadProblem !== undefined) throwProblem(payloadProblem);
  styleOf(getOwnPropertyDescriptor(candidate, 'payload')!.value);
};
