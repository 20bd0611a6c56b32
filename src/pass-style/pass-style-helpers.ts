// Small predicates shared by the pass-style checks: PASS_STYLE (the symbol a
// tagged record or remotable prototype carries), primitive/object tests, the
// typed-array brand test, and the problem finders for "own data property"
// and "tag record" shapes that tagged records and remotables have in common.
// A problem finder returns undefined when all is well, else the details of
// the first thing wrong, so one function serves predicates and assertions.

import { apply, functionPrototype, getOwnPropertyDescriptor, getPrototypeOf, isArray, isFrozen, objectHasOwn, objectPrototype } from '../ses/commons.js';
import { assert } from '../ses/errors/index.js';
import { problem, q } from './reject.js';
import type { Problem } from './reject.js';
import type { Checker, InterfaceSpec, JSPrimitive, PassStyle, PassStyled } from './types.js';

/** `Symbol.for('passStyle')`: the key of a tagged record's or remotable prototype's style. */
export const PASS_STYLE: unique symbol = Symbol.for('passStyle') as any;

/** @deprecated use `Object.hasOwn` */
export const hasOwnPropertyOf = objectHasOwn;

/** True for undefined, null, booleans, numbers, bigints, strings and symbols. */
export const isPrimitive = (value: unknown): value is JSPrimitive =>
  !value || (typeof value !== 'object' && typeof value !== 'function');
Object.freeze(isPrimitive);

/** @deprecated use `!isPrimitive(value)` */
export const isObject = (value: any): boolean => !!value && (typeof value === 'object' || typeof value === 'function');
Object.freeze(isObject);

// %TypedArray%.prototype[@@toStringTag] is a getter that answers undefined
// for anything that is not a typed array: a brand check that runs no user code.
const typedArrayTagGetter = getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!
  .get as () => string | undefined;

/** True for typed arrays (which harden() leaves mutable). */
export const isTypedArray = (value: unknown): boolean => apply(typedArrayTagGetter, value, []) !== undefined;
Object.freeze(isTypedArray);

/** @deprecated `assert(cond, details)`, then `true` */
export const assertChecker: Checker = (cond, details) => {
  (assert as (condition: unknown, details?: unknown) => void)(cond, details);
  return true;
};
Object.freeze(assertChecker);

/** The `[Symbol.toStringTag]` of a tagged record or remotable: its tag or interface. */
export const getTag = <T extends InterfaceSpec>(tagRecord: PassStyled<any, T>): T =>
  (tagRecord as any)[Symbol.toStringTag];
Object.freeze(getTag);

/**
 * Problem with `candidate[key]` as an own data property, enumerable or not
 * as required.
 */
export const ownDataPropertyProblem = (
  candidate: object,
  key: PropertyKey,
  shouldBeEnumerable: boolean,
): Problem | undefined => {
  const descriptor = getOwnPropertyDescriptor(candidate, key);
  if (descriptor === undefined) return problem`${q(key)} property expected: ${candidate}`;
  if (!objectHasOwn(descriptor, 'value')) return problem`${q(key)} must not be an accessor property: ${candidate}`;
  if (shouldBeEnumerable && !descriptor.enumerable) return problem`${q(key)} must be an enumerable property: ${candidate}`;
  if (!shouldBeEnumerable && descriptor.enumerable) return problem`${q(key)} must not be an enumerable property: ${candidate}`;
  return undefined;
};

/** Problem with `passStyle` not being the expected one. */
export const passStyleProblem = (object: unknown, passStyle: unknown, expected: PassStyle): Problem | undefined =>
  passStyle === expected ? undefined : problem`Expected ${q(expected)}, not ${q(passStyle)}: ${object}`;

/**
 * Problem with `tagRecord` as a tag record: a frozen non-array object with
 * own non-enumerable data properties `[PASS_STYLE]` (= `expected`) and
 * `[Symbol.toStringTag]` (a string), inheriting as `forFunction` says:
 * from Object.prototype, or (for a far function's prototype) from
 * Function.prototype or something directly inheriting from it.
 */
export const tagRecordProblem = (tagRecord: any, expected: PassStyle, forFunction: boolean): Problem | undefined => {
  if (isPrimitive(tagRecord)) return problem`A non-object cannot be a tagRecord: ${tagRecord}`;
  if (!isFrozen(tagRecord)) return problem`A tagRecord must be frozen: ${tagRecord}`;
  if (isArray(tagRecord)) return problem`An array cannot be a tagRecord: ${tagRecord}`;
  const styleProblem =
    ownDataPropertyProblem(tagRecord, PASS_STYLE, false) ?? passStyleProblem(tagRecord, tagRecord[PASS_STYLE], expected);
  if (styleProblem !== undefined) return styleProblem;
  const tagProblem = ownDataPropertyProblem(tagRecord, Symbol.toStringTag, false);
  if (tagProblem !== undefined) return tagProblem;
  if (typeof getOwnPropertyDescriptor(tagRecord, Symbol.toStringTag)!.value !== 'string') {
    return problem`A [Symbol.toStringTag]-named property must be a string: ${tagRecord}`;
  }
  const proto = getPrototypeOf(tagRecord);
  if (!forFunction) {
    return proto === objectPrototype ? undefined : problem`A tagRecord must inherit from Object.prototype: ${tagRecord}`;
  }
  return proto === functionPrototype || (proto !== null && getPrototypeOf(proto) === functionPrototype)
    ? undefined
    : problem`For functions, a tagRecord must inherit from Function.prototype: ${tagRecord}`;
};
