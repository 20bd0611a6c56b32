// Declaring remotables. Remotable(iface, undefined, object) slips a frozen
// prototype layer carrying `[PASS_STYLE]: 'remotable'` and
// `[Symbol.toStringTag]: iface` under `object` (which must hold only
// methods and not yet be frozen), then hardens it. Far(name, object) is
// Remotable('Alleged: ' + name, ...) that first gives a far object a
// non-enumerable `__getMethodNames__` method. ToFarFunction wraps a function
// from elsewhere as a far function.

import { apply, create, defineProperty, functionPrototype, getPrototypeOf, isFrozen, objectPrototype, setFunctionLength, setPrototypeOf } from '../ses/commons.js';
import { hardenNow, requireHarden } from './harden-at-call-time.js';
import { getMethodNames } from '../eventual-send/method-names.js';
import { PASS_STYLE } from './pass-style-helpers.js';
import { failType, q, throwProblem } from './reject.js';
import { assertIface, getInterfaceOf, remotableShapeProblem } from './remotable.js';
import type { InterfaceSpec, RemotableObject } from './types.js';

/** The name of the method Far adds to far objects: it lists their method names. */
export const GET_METHOD_NAMES = '__getMethodNames__';

const assertCanBeRemotable = (candidate: unknown): void => {
  const found = remotableShapeProblem(candidate);
  if (found !== undefined) throwProblem(found);
};

/** The prototype layer for `remotable`: it keeps what `remotable` inherited (or Object.prototype). */
const makeRemotableProto = (remotable: object, iface: InterfaceSpec): object => {
  let oldProto = getPrototypeOf(remotable);
  if (typeof remotable === 'object') {
    if (oldProto === null) oldProto = objectPrototype;
    if (oldProto !== objectPrototype) failType`For now, remotables cannot inherit from anything unusual, in ${remotable}`;
  } else if (typeof remotable === 'function') {
    if (oldProto === null) failType`Original function must not inherit from null: ${remotable}`;
    if (oldProto !== functionPrototype && getPrototypeOf(oldProto) !== functionPrototype) {
      failType`Far functions must originally inherit from Function.prototype, in ${remotable}`;
    }
  } else {
    failType`unrecognized typeof ${remotable}`;
  }
  return hardenNow(
    create(oldProto, {
      [PASS_STYLE]: { value: 'remotable' },
      [Symbol.toStringTag]: { value: iface },
    }),
  );
};

/**
 * Makes `remotable` (default: a fresh empty object) a remotable with
 * interface `iface` (default "Remotable"; else "Alleged: ..." or
 * "DebugName: ..."), hardens it and returns it. `props` must be undefined.
 */
export const Remotable = <T extends object = {}, I extends InterfaceSpec = string>(
  iface: I = 'Remotable' as I,
  props: undefined = undefined,
  remotable: T = {} as T,
): T & RemotableObject<I> => {
  // Before any mutation: refuse early when there is no harden to finish with.
  requireHarden();
  assertIface(iface);
  if (props !== undefined) failType`Remotable props not yet implemented ${props}`;
  assertCanBeRemotable(remotable);
  if (PASS_STYLE in remotable) {
    failType`Remotable ${remotable} is already marked as a ${q((remotable as any)[PASS_STYLE])}`;
  }
  // Compared with a fresh object: under lockdown's unsafe hardenTaming everything reports frozen.
  if (isFrozen(remotable) !== isFrozen({})) failType`Remotable ${remotable} is already frozen`;
  const remotableProto = makeRemotableProto(remotable, iface);
  setPrototypeOf(remotable, remotableProto);
  hardenNow(remotable);
  assertCanBeRemotable(remotable);
  return remotable as T & RemotableObject<I>;
};
Object.freeze(Remotable);

// A method (not an arrow) so that `this` is the far object, or one inheriting from it.
const { [GET_METHOD_NAMES]: getMethodNamesMethod } = {
  [GET_METHOD_NAMES](this: object): PropertyKey[] {
    return getMethodNames(this);
  },
};
Object.freeze(getMethodNamesMethod);
const getMethodNamesDescriptor = Object.freeze({
  value: getMethodNamesMethod,
  enumerable: false,
  configurable: false,
  writable: false,
});

/**
 * Marks `remotable` (default: a fresh empty object; it must hold only
 * methods and not be frozen) as a remotable with interface
 * "Alleged: <farName>", hardens and returns it. A far object also gets
 * `__getMethodNames__` unless it has one. Beware: this mutates `remotable`.
 */
export const Far = <T extends object = {}>(farName: string, remotable?: T): T & RemotableObject<`Alleged: ${string}`> => {
  requireHarden();
  const target = remotable === undefined ? ({} as T) : remotable;
  if (typeof target === 'object' && target !== null && !(GET_METHOD_NAMES in target)) {
    defineProperty(target, GET_METHOD_NAMES, getMethodNamesDescriptor);
  }
  return Remotable(`Alleged: ${farName}`, undefined, target);
};
Object.freeze(setFunctionLength(Far, 1));

/**
 * `func` if it is already a far function; else a new far function named
 * by `farName` that forwards its calls to `func` (which may be frozen).
 */
export const ToFarFunction = <F extends (...args: any[]) => any>(farName: string, func: F): F & RemotableObject => {
  if (getInterfaceOf(func) !== undefined) return func as F & RemotableObject;
  return Far(farName, ((...args: any[]) => apply(func, undefined, args)) as F) as F & RemotableObject;
};
Object.freeze(ToFarFunction);
