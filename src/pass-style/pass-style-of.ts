// passStyleOf: classifies a value as one of the pass styles, or throws a
// TypeError saying what keeps it from being passable. The checks for each
// style live in their own files; this file orders them (in the same order
// as @endo/pass-style, so the same value gets the same complaint) and
// remembers each frozen object's style (style-cache.ts), so that asking
// again about a hardened value, or about one that holds it, costs one
// private-field read and allocates nothing.
//
// A host that must share one passStyleOf among several copies of this
// package (as liveslots does) puts it on globalThis under
// PassStyleOfEndowmentSymbol before this module loads.

import { assert, hideAndHardenFunction } from '../ses/errors/index.js';
import { getPrototypeOf, isArray, isFrozen, objectPrototype, ownKeys } from '../ses/commons.js';
import { canBeByteArray, checkByteArray } from './byte-array.js';
import { checkCopyArray } from './copy-array.js';
import { checkCopyRecord, recordCandidacy } from './copy-record.js';
import { passableErrorProblem } from './error.js';
import { PASS_STYLE, isTypedArray } from './pass-style-helpers.js';
import { failType, problem, q, throwProblem } from './reject.js';
import { remotableProblem } from './remotable.js';
import { assertSafePromise, isPromise } from './safe-promise.js';
import { assertPassableString, onlyWellFormedStringsPassable } from './string.js';
import { IN_PROGRESS, getCachedStyle, setCachedStyle } from './style-cache.js';
import { assertPassableSymbol } from './symbol.js';
import { checkTagged } from './tagged.js';
import type { PassStyle, PassStyleOf } from './types.js';

const ErrorConstructor = Error;
const promisePrototype = Promise.prototype;
const isWellFormed = (String.prototype as any).isWellFormed as (this: string) => boolean;

/** The global property under which a host may endow a shared passStyleOf. */
export const PassStyleOfEndowmentSymbol: unique symbol = Symbol.for('@endo passStyleOf') as any;

type StyleOf = (value: unknown) => PassStyle;
type ContainerCheck = (value: any, keys: PropertyKey[] | undefined, irregular: number, styleOf: StyleOf) => void;

// Containers are marked IN_PROGRESS while their contents are checked: meeting
// the mark again means a cycle. A failed check removes the mark. `keys` and
// `irregular` carry what the record candidacy test already found.
const checkContainer = (
  value: object,
  style: PassStyle,
  check: ContainerCheck,
  keys?: PropertyKey[],
  irregular = 0,
): PassStyle => {
  setCachedStyle(value, IN_PROGRESS);
  try {
    // eslint-disable-next-line no-use-before-define
    check(value, keys, irregular, passStyleOfLocal);
  } catch (error) {
    setCachedStyle(value, undefined);
    throw error;
  }
  setCachedStyle(value, style);
  return style;
};

const checkArray: ContainerCheck = (value, _keys, _irregular, styleOf) => checkCopyArray(value, styleOf);
const checkRecord: ContainerCheck = (value, keys, irregular, styleOf) => checkCopyRecord(value, keys!, irregular, styleOf);
const checkTaggedRecord: ContainerCheck = (value, _keys, _irregular, styleOf) => checkTagged(value, styleOf);
const checkError: ContainerCheck = (value, _keys, _irregular, styleOf) => {
  const found = passableErrorProblem(value, styleOf);
  if (found !== undefined) throwProblem(found);
};

const remember = (value: object, style: PassStyle): PassStyle => {
  setCachedStyle(value, style);
  return style;
};

const checkRemotable = (value: object): PassStyle => {
  const found = remotableProblem(value);
  if (found !== undefined) throwProblem(found);
  return remember(value, 'remotable');
};

/** Checks a value whose `[PASS_STYLE]` property declares `style`. */
const checkDeclared = (value: any, style: unknown, proto: object | null): PassStyle => {
  if (typeof style !== 'string') (assert.typeof as (specimen: unknown, typeName: string) => void)(style, 'string');
  switch (style) {
    case 'remotable':
      return checkRemotable(value);
    case 'tagged':
      return checkContainer(value, 'tagged', checkTaggedRecord);
    case 'copyArray':
      if (!isArray(value)) throwProblem(problem`Array expected: ${value}`);
      return checkContainer(value, 'copyArray', checkArray);
    case 'byteArray':
      if (!canBeByteArray(value)) throwProblem(problem`Immutable ArrayBuffer expected: ${value}`);
      checkByteArray(value);
      return remember(value, 'byteArray');
    case 'copyRecord': {
      if (proto !== objectPrototype) throwProblem(problem`Records must inherit from Object.prototype: ${value}`);
      const keys = ownKeys(value);
      for (const key of keys) {
        if (typeof key !== 'string') throwProblem(problem`Records can only have string-named properties: ${value}`);
      }
      const irregular = recordCandidacy(value, keys);
      if (irregular < 0) {
        throwProblem(
          problem`Records cannot contain non-far functions because they may be methods of an implicit Remotable: ${value}`,
        );
      }
      return checkContainer(value, 'copyRecord', checkRecord, keys, irregular);
    }
    case 'error':
      if (!(value instanceof ErrorConstructor)) throwProblem(problem`Error expected: ${value}`);
      return checkContainer(value, 'error', checkError);
    default:
      return failType`Unrecognized PassStyle: ${q(style)}`;
  }
};

/** The style of an object or function not yet remembered. */
const classifyObject = (value: any): PassStyle => {
  if (!isFrozen(value)) {
    // harden() leaves typed arrays' contents mutable, so they get their own complaint.
    if (isTypedArray(value)) failType`Cannot pass mutable typed arrays like ${value}.`;
    failType`Cannot pass non-frozen objects like ${value}. Use harden()`;
  }
  if (typeof value === 'function') {
    if (typeof value.then === 'function') failType`Cannot pass non-promise thenables`;
    return checkRemotable(value);
  }
  const proto = getPrototypeOf(value);
  const then = value.then;
  // isPromise reads `constructor`: ask it only of objects that could be promises.
  if ((proto === promisePrototype || typeof then === 'function') && isPromise(value)) {
    assertSafePromise(value);
    return remember(value, 'promise');
  }
  if (typeof then === 'function') failType`Cannot pass non-promise thenables`;
  const declared = value[PASS_STYLE];
  if (declared !== undefined) return checkDeclared(value, declared, proto);
  if (isArray(value)) return checkContainer(value, 'copyArray', checkArray);
  if (proto === objectPrototype) {
    const keys = ownKeys(value);
    const irregular = recordCandidacy(value, keys);
    if (irregular >= 0) return checkContainer(value, 'copyRecord', checkRecord, keys, irregular);
  } else {
    if (canBeByteArray(value)) {
      checkByteArray(value);
      return remember(value, 'byteArray');
    }
    if (value instanceof ErrorConstructor) return checkContainer(value, 'error', checkError);
  }
  return checkRemotable(value);
};

const passStyleOfLocal = (value: unknown): PassStyle => {
  switch (typeof value) {
    case 'object':
    case 'function': {
      if (value === null) return 'null';
      const cached = getCachedStyle(value as object);
      if (cached !== undefined) {
        if (cached === IN_PROGRESS) failType`Pass-by-copy data cannot be cyclic ${value}`;
        return cached as PassStyle;
      }
      return classifyObject(value);
    }
    case 'string':
      if (onlyWellFormedStringsPassable && !isWellFormed.call(value as string)) assertPassableString(value);
      return 'string';
    case 'number':
      return 'number';
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'bigint';
    case 'symbol':
      assertPassableSymbol(value);
      return 'symbol';
    default:
      return failType`Unrecognized typeof ${q(typeof value)}`;
  }
};
Object.freeze(passStyleOfLocal);

const endowed: unknown = (globalThis as any)[PassStyleOfEndowmentSymbol];

/**
 * The pass style of `value`: 'undefined', 'null', 'boolean', 'number',
 * 'bigint', 'string', 'symbol', 'copyRecord', 'copyArray', 'byteArray',
 * 'tagged', 'error', 'remotable' or 'promise'. Throws a TypeError for
 * anything not passable.
 */
export const passStyleOf: PassStyleOf = (typeof endowed === 'function' ? endowed : passStyleOfLocal) as PassStyleOf;

/** Throws unless `value` is passable. */
export const assertPassable = (value: unknown): void => {
  passStyleOf(value);
};
hideAndHardenFunction(assertPassable);

/** Whether passStyleOf(value) would return rather than throw. */
export const isPassable = (value: unknown): boolean => {
  try {
    return passStyleOf(value) !== undefined;
  } catch {
    return false;
  }
};
hideAndHardenFunction(isPassable);
