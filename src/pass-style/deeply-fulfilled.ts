// deeplyFulfilled: Promise.all, deep, for passables: a promise for a copy of
// the value in which every promise in its pass-by-copy structure is
// replaced by its (deeply fulfilled) fulfillment. It rejects if any does, or
// if the result would not be passable. Settlements are awaited with the
// native Promise rather than E.when: this layer does not import eventual
// send, and for local promises the two agree.

import { fromEntries, ownKeys } from '../ses/commons.js';
import { hardenNow } from './harden-at-call-time.js';
import { makeTagged } from './make-tagged.js';
import { getTag } from './pass-style-helpers.js';
import { passStyleOf } from './pass-style-of.js';
import { failType, q } from './reject.js';
import { isPromise } from './safe-promise.js';
import { isAtom } from './type-guards.js';
import type { CopyRecord, CopyTagged, Passable } from './types.js';

const PromiseConstructor = Promise;
const when = <T, U>(value: T, onFulfilled: (fulfillment: Awaited<T>) => U): Promise<Awaited<U>> =>
  PromiseConstructor.resolve(value).then(onFulfilled as any) as Promise<Awaited<U>>;

/** See the header. */
export const deeplyFulfilled = async (value: Passable): Promise<any> => {
  if (isAtom(value)) return value;
  // A top-level promise need not be passable (hardened): it is unwrapped.
  if (isPromise(value)) return when(value, fulfillment => deeplyFulfilled(fulfillment as Passable));
  const style = passStyleOf(value);
  switch (style) {
    case 'copyRecord': {
      const record = value as CopyRecord;
      const names = ownKeys(record) as string[];
      const pending = names.map(name => deeplyFulfilled(record[name]));
      return when(PromiseConstructor.all(pending), fulfilled =>
        hardenNow(fromEntries(fulfilled.map((fulfillment, index) => [names[index], fulfillment]))),
      );
    }
    case 'copyArray': {
      const pending = (value as Passable[]).map(element => deeplyFulfilled(element));
      return when(PromiseConstructor.all(pending), fulfilled => hardenNow(fulfilled));
    }
    case 'tagged': {
      const tagged = value as CopyTagged;
      const tag = getTag(tagged);
      return when(deeplyFulfilled(tagged.payload), payload => makeTagged(tag, payload));
    }
    case 'remotable':
    case 'error':
    case 'byteArray':
      return value;
    case 'promise':
      return when(value, fulfillment => deeplyFulfilled(fulfillment as Passable));
    default:
      return failType`Unexpected passStyle ${q(style)}`;
  }
};
Object.freeze(deeplyFulfilled);
