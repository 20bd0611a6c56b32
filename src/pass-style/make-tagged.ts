// makeTagged(tag, payload): a hardened tagged record, the pass-by-copy
// carrier for data of a kind the receiver interprets by its tag (copySets,
// patterns, ...). The payload is hardened and must be passable.

import { create, objectPrototype } from '../ses/commons.js';
import { hardenNow } from './harden-at-call-time.js';
import { PASS_STYLE } from './pass-style-helpers.js';
import { assertPassable } from './pass-style-of.js';
import { failType } from './reject.js';
import type { CopyTagged, Passable } from './types.js';

/** A hardened `{ [PASS_STYLE]: 'tagged', [Symbol.toStringTag]: tag, payload }`. */
export const makeTagged = <T extends string, P extends Passable>(tag: T, payload: P): CopyTagged<T, P> => {
  if (typeof tag !== 'string') failType`The tag of a tagged record must be a string: ${tag}`;
  assertPassable(hardenNow(payload));
  return hardenNow(
    create(objectPrototype, {
      [PASS_STYLE]: { value: 'tagged' },
      [Symbol.toStringTag]: { value: tag },
      payload: { value: payload, enumerable: true },
    }),
  );
};
Object.freeze(makeTagged);
