// Date taming: the start compartment keeps a working `Date` (%InitialDate%),
// while constructed compartments get %SharedDate%, which cannot read the clock:
// `Date.now()`, `new Date()` and `Date()` throw a TypeError that starts with
// "secure mode". Reading the current time is a side channel and a source of
// non-determinism, so it is a power the start compartment must grant.
//
// Both constructors share the one `Date.prototype`, so `instanceof`, subclassing
// and existing dates work with either; its `constructor` becomes the shared one.
// The locale methods of `Date.prototype` are handled by tame-locale-methods.ts.

import { apply, construct, defineProperties } from './commons.js';

const OriginalDate = Date;
const datePrototype = OriginalDate.prototype;
const originalNow = OriginalDate.now;

// Method syntax: named functions that are neither constructors nor carry a `.prototype`.
const sharedStatics = {
  now(): never {
    throw TypeError('secure mode Calling %SharedDate%.now() throws');
  },
};

/** The properties both constructors carry, as on the original `Date`. */
const defineCommonDateProperties = (DateConstructor: Function, now: () => number): void => {
  defineProperties(DateConstructor, {
    length: { value: 7 },
    prototype: { value: datePrototype, writable: false, enumerable: false, configurable: false },
    now: { value: now, writable: true, enumerable: false, configurable: true },
    parse: { value: OriginalDate.parse, writable: true, enumerable: false, configurable: true },
    UTC: { value: OriginalDate.UTC, writable: true, enumerable: false, configurable: true },
  });
};

const makeInitialDate = (): DateConstructor => {
  // Named `Date` so that it reports itself as `Date` like the original.
  const InitialDate = function Date(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) {
      return apply(OriginalDate, undefined, args);
    }
    return construct(OriginalDate, args, new.target);
  };
  defineCommonDateProperties(InitialDate, originalNow);
  return InitialDate as unknown as DateConstructor;
};

const makeSharedDate = (): DateConstructor => {
  const SharedDate = function Date(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) {
      throw TypeError('secure mode Calling %SharedDate% constructor as a function throws');
    }
    if (args.length === 0) {
      throw TypeError('secure mode Calling new %SharedDate%() with no arguments throws');
    }
    return construct(OriginalDate, args, new.target);
  };
  defineCommonDateProperties(SharedDate, sharedStatics.now);
  return SharedDate as unknown as DateConstructor;
};

export type DateIntrinsics = {
  '%InitialDate%': DateConstructor;
  '%SharedDate%': DateConstructor;
};

/**
 * Makes the two Date constructors and points `Date.prototype.constructor` at the
 * shared one. The global `Date` is left alone: the integrator installs
 * %InitialDate% on the start compartment's global.
 */
export const tameDateConstructor = (): DateIntrinsics => {
  const InitialDate = makeInitialDate();
  const SharedDate = makeSharedDate();
  defineProperties(datePrototype, { constructor: { value: SharedDate } });
  return { '%InitialDate%': InitialDate, '%SharedDate%': SharedDate };
};
