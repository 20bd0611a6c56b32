// harden(root): freezes root and everything reachable from it through own
// properties (string and symbol keys, data values, getters and setters) and
// through prototypes, and remembers what it hardened so that a later harden
// of any of those objects is a constant-time check.
//
// Speed matters (harden runs on every passable value). What dominates a
// naive harden is not freezing but remembering: a WeakSet insertion costs
// far more than a freeze, since the engine's weak tables are slow to grow
// and to sweep. So each walk has a token, `{ done }`, and stamps it on each
// object it meets, in a private slot (private-slot.ts): invisible to other
// code, untouched by proxy traps, and as cheap as adding a property. The token's
// `done` turns true only once the whole walk has succeeded, so:
// - an object is hardened when a token it is marked with is done (done
//   tokens are truthful and stay done);
// - if any step throws (a proxy trap, a failed freeze), the walk's token
//   stays not done and none of that graph counts as hardened, with no undo
//   step to get wrong; a retry walks it again;
// - a harden called from a proxy trap during another walk (re-entrancy) does
//   not trust that walk's stamps (not done yet), and walks those objects
//   itself, restamping them with its own token.
// Marks can also be kept aside, in a WeakMap: for an object that refuses a
// private field (an engine where non-extensible objects do, or a host
// exotic object), and for the intrinsics, which lockdown hardens with
// `hardenShared` (stamping thousands of objects of shapes of their own costs
// the engine a new hidden class each).
//
// The walk itself is one loop over a work list kept between calls; a nested
// call uses the part of the list above the outer call's part.

import {
  defineProperty,
  freeze,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  objectHasOwn,
  ownKeys,
  preventExtensions,
} from './commons.js';
import { makePrivateSlot } from './private-slot.js';


export type Harden = (<T>(root: T) => T) & { isFake?: boolean };

/** What a walk marks each object it meets with; done once the whole walk has succeeded. */
interface WalkToken {
  done: boolean;
  /** Whether this walk keeps its marks aside rather than stamping them (see hardenShared). */
  aside: boolean;
}

const { apply } = Reflect;
const { isView } = ArrayBuffer;
const { get: weakMapGet, set: weakMapSet } = WeakMap.prototype;

// The brand check of typed arrays: undefined for anything that is not one
// (a proxy or a DataView included), the constructor name for each kind that is.
const typedArrayToStringTagGetter = getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!
  .get as (this: unknown) => string | undefined;
const isTypedArray = (object: object): boolean =>
  // isView is a cheap test that no proxy passes; the tag tells typed arrays from DataViews.
  isView(object) && apply(typedArrayToStringTagGetter, object, []) !== undefined;

/** A canonical array index property key, as typed arrays interpret it. */
const isIndexKey = (key: PropertyKey): boolean =>
  typeof key === 'string' && `${Number(key) >>> 0}` === key && key !== '4294967295';

/**
 * A typed array cannot be frozen while it has elements (they stay writable by
 * design): make it non-extensible and freeze every non-index property.
 */
const freezeTypedArray = (array: object): void => {
  preventExtensions(array);
  for (const key of ownKeys(array)) {
    if (isIndexKey(key)) continue;
    const desc = getOwnPropertyDescriptor(array, key)!;
    if ('value' in desc) desc.writable = false;
    desc.configurable = false;
    defineProperty(array, key, desc);
  }
};

// Newer V8 gives each error an own `stack` accessor whose getter and setter
// all errors share; frozen as is, its setter would still change the stack.
// Such an accessor becomes a data property holding the stack (on engines
// without it, as Node 20's V8, nothing is done).
const errorStackDesc = getOwnPropertyDescriptor(Error('probe'), 'stack');
const feralStackGetter = errorStackDesc !== undefined && !('value' in errorStackDesc) ? errorStackDesc.get : undefined;
const settleErrorStack = (object: object): void => {
  if (!objectHasOwn(object, 'stack')) return;
  const desc = getOwnPropertyDescriptor(object, 'stack');
  if (desc === undefined || desc.get !== feralStackGetter || !desc.configurable) return;
  defineProperty(object, 'stack', { value: apply(feralStackGetter!, object, []) });
};

/** Freezes one object, the typed-array way when it is one. */
const freezeOne = (object: object): void => {
  if (feralStackGetter !== undefined) settleErrorStack(object);
  if (isTypedArray(object)) freezeTypedArray(object);
  else freeze(object);
};

/** Per hardener: the private field (so that no other hardener's stamps count) and the aside table. */
const makeMarks = () => {
  const stamps = makePrivateSlot<WalkToken>();

  // The marks kept aside, in a WeakMap: for the objects that refused the
  // field, and for the intrinsics (see hardenShared). Its methods are its
  // own properties, captured now, out of reach of later changes to
  // WeakMap.prototype. An object not yet in any weak collection (a fresh
  // one) is looked up there at almost no cost.
  const aside = new WeakMap<object, WalkToken>();
  defineProperty(aside, 'get', { value: weakMapGet });
  defineProperty(aside, 'set', { value: weakMapSet });

  let anyStamped = false;

  /** Whether `object` is hardened (a done mark) or already met by the walk of `token`. */
  const isHardenedOrMet = (object: object, token: WalkToken): boolean => {
    // Either mark may tell: a done token is truthful and stays done, and
    // a walk that meets an object marks it where it will look first.
    if (token.aside) {
      const asideToken = aside.get(object);
      if (asideToken !== undefined && (asideToken.done || asideToken === token)) return true;
      // Lockdown hardens the intrinsics before any stamp exists: no need to look.
      if (!anyStamped) return false;
      const stamped = stamps.get(object);
      return stamped !== undefined && stamped.done;
    }
    const stamped = stamps.get(object);
    if (stamped !== undefined && (stamped.done || stamped === token)) return true;
    const asideToken = aside.get(object);
    return asideToken !== undefined && (asideToken.done || asideToken === token);
  };

  /** Whether `object` is hardened. */
  const isHardened = (object: object): boolean => {
    const stamped = stamps.get(object);
    if (stamped !== undefined && stamped.done) return true;
    const asideToken = aside.get(object);
    return asideToken !== undefined && asideToken.done;
  };

  /** Marks `object` as met by the walk of `token`: aside for such walks, else stamped (aside if refused). */
  const mark = (object: object, token: WalkToken): void => {
    if (!token.aside) {
      try {
        stamps.set(object, token);
        anyStamped = true;
        return;
      } catch {
        // Refused: kept aside.
      }
    }
    aside.set(object, token);
  };

  return { isHardened, isHardenedOrMet, mark };
};

export interface HardenerKit {
  harden: Harden;
  /**
   * The same walk for the intrinsics (and other long-lived objects shared
   * by many): their marks are kept aside rather than stamped. Stamping a
   * prototype or an object of a shape of its own costs the engine a new
   * hidden class each, and thousands of them made lockdown's harden twice
   * as slow; fresh objects of common shapes, harden's usual diet, share
   * their stamped shapes and are cheaper stamped than kept aside.
   */
  hardenShared: Harden;
}

export const makeHardenerKit = (): HardenerKit => {
  const { isHardened, isHardenedOrMet, mark } = makeMarks();

  // The objects met by the walks under way, each walk's in a slice that
  // starts where the enclosing walk's ended: [base, top) for the innermost.
  const work: object[] = [];
  let top = 0;

  /** Marks `value` and puts it on the work list, unless it is hardened or already met by this walk. */
  const meet = (value: unknown, token: WalkToken): void => {
    if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return;
    if (isHardenedOrMet(value as object, token)) return;
    mark(value as object, token);
    work[top] = value as object;
    top += 1;
  };

  /** Meets the values, getters and setters of the given own properties of `object`. */
  const meetProperties = (object: object, keys: readonly PropertyKey[], token: WalkToken): void => {
    for (let i = 0; i < keys.length; i += 1) {
      const desc = getOwnPropertyDescriptor(object, keys[i]);
      if (desc === undefined) continue;
      if ('value' in desc) {
        meet(desc.value, token);
      } else {
        meet(desc.get, token);
        meet(desc.set, token);
      }
    }
  };

  const walk = (root: object, aside: boolean): void => {
    const token: WalkToken = { done: false, aside };
    const base = top;
    try {
      meet(root, token);
      for (let next = base; next < top; next += 1) {
        const object = work[next];
        // Freeze first, so a proxy cannot answer differently after we read it.
        freezeOne(object);
        meet(getPrototypeOf(object), token);
        meetProperties(object, ownKeys(object), token);
      }
      token.done = true;
    } finally {
      // Let go of the graph, but keep the list's storage for the next call.
      for (let i = base; i < top; i += 1) work[i] = undefined as unknown as object;
      top = base;
    }
  };

  const harden = <T>(root: T): T => {
    if ((typeof root !== 'object' || root === null) && typeof root !== 'function') return root;
    if (!isHardened(root as object)) walk(root as object, false);
    return root;
  };
  const hardenShared = <T>(root: T): T => {
    if ((typeof root !== 'object' || root === null) && typeof root !== 'function') return root;
    if (!isHardened(root as object)) walk(root as object, true);
    return root;
  };
  return { harden, hardenShared };
};

/** A harden with a memory of its own (lockdown uses the kit, to harden the intrinsics aside). */
export const makeHardener = (): Harden => makeHardenerKit().harden;

/** The `__hardenTaming__: 'unsafe'` variant: does nothing, and says so. */
export const makeFakeHardener = (): Harden => {
  const fakeHarden: Harden = <T>(root: T): T => root;
  fakeHarden.isFake = true;
  return fakeHarden;
};
