// endo/pass-style: the taxonomy of passable values, a drop-in for
// @endo/pass-style 1.8.2 (the same export names, the same semantics).
// passStyleOf classifies; Far, Remotable and makeTagged make passable
// objects; toPassableError and toThrowable coerce errors. Objects must be
// hardened: use endo/ses's lockdown() first.

export { mapIterable, filterIterable } from './iter-helpers.js';
export { PASS_STYLE, isObject, isPrimitive, assertChecker, getTag, hasOwnPropertyOf } from './pass-style-helpers.js';
export { getErrorConstructor, isErrorLike } from './error.js';
export { getInterfaceOf, getRemotableMethodNames } from './remotable.js';
export {
  assertPassableSymbol,
  isPassableSymbol,
  nameForPassableSymbol,
  passableSymbolForName,
  unpassableSymbolForName,
} from './symbol.js';
export { isWellFormedString, assertWellFormedString, assertPassableString } from './string.js';
export { passStyleOf, isPassable, assertPassable, PassStyleOfEndowmentSymbol } from './pass-style-of.js';
export { toPassableError, toThrowable } from './passable-error.js';
export { makeTagged } from './make-tagged.js';
export { Remotable, Far, ToFarFunction, GET_METHOD_NAMES } from './make-far.js';
export {
  assertRecord,
  assertCopyArray,
  assertRemotable,
  isRemotable,
  isRecord,
  isCopyArray,
  isAtom,
  assertAtom,
  isByteArray,
  assertByteArray,
} from './type-guards.js';
export { deeplyFulfilled } from './deeply-fulfilled.js';
export { isSafePromise, assertSafePromise } from './safe-promise.js';
export type * from './types.js';
