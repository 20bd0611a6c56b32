// harden(root): freezes root and everything reachable from it through own
// properties (string and symbol keys, data values, getters and setters) and
// through prototypes, and remembers what it hardened so that a later harden
// of any of those objects is a constant-time check.
//
// Speed matters (harden runs on every passable value). What dominates a
// naive harden is not freezing but remembering: a WeakSet insertion costs
// far more than a freeze, since the engine's weak tables are slow to grow
// and to sweep. So each walk has a token, `{ done }`, and stamps it on each
// object it walks, in a private field (the return-override trick, as in
// private-slot.ts): invisible to other code, untouched by proxy traps, and
// as cheap as adding a property. The token's `done` turns true only once
// the whole walk has succeeded, so:
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
// The walk is one loop over a work list kept between calls (a nested call
// uses the part of the list above the outer call's part). Each object is
// frozen, then read, then stamped: on V8 an object carrying a private field
// loses the fast paths of getOwnPropertyNames (5× slower), and an array
// frozen with one costs 3× more to freeze. So the list holds every object
// met, unchecked, and an object met twice before it is walked (a cycle, a
// shared child) is skipped when its turn comes, by its stamp.

import {
  defineProperty,
  freeze,
  getOwnPropertyDescriptor,
  getOwnPropertyNames,
  getPrototypeOf,
  isArray,
  objectHasOwn,
  ownKeys,
  preventExtensions,
} from './commons.js';
import { ReturnsItsArgument } from './private-slot.js';

export type Harden = (<T>(root: T) => T) & { isFake?: boolean };

/** What a walk marks each object it meets with; done once the whole walk has succeeded. */
interface WalkToken {
  done: boolean;
  /** Whether this walk keeps its marks aside rather than stamping them (see hardenShared). */
  aside: boolean;
}

const { apply } = Reflect;
const { getOwnPropertySymbols } = Object;
const promisePrototype = Promise.prototype;
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
  // The stamp field is declared here rather than made by makePrivateSlot
  // (see ReturnsItsArgument): the shared slot's caches see every object
  // every other slot stamps (lockdown registers each intrinsic function in
  // one), which made each stamp cost several times what it costs with
  // caches of harden's own.
  class Stamp extends ReturnsItsArgument {
    #token: WalkToken;
    constructor(object: object, token: WalkToken) {
      super(object);
      this.#token = token;
    }
    static get(object: object): WalkToken | undefined {
      return #token in object ? (object as Stamp).#token : undefined;
    }
    /** Stamps `object`; throws if it has a stamp already or refuses the field. */
    static add(object: object, token: WalkToken): void {
      new Stamp(object, token);
    }
    /** Restamps an object that has a stamp. */
    static replace(object: object, token: WalkToken): void {
      (object as Stamp).#token = token;
    }
  }

  // Objects are stamped once frozen: an engine whose frozen objects refuse
  // private fields (a proposed change to the language) keeps all marks aside.
  const frozenTakesStamps = (() => {
    try {
      Stamp.add(freeze({}), { done: false, aside: false });
      return true;
    } catch {
      return false;
    }
  })();

  // The marks kept aside, in a WeakMap: for the objects that refused the
  // field, and for the intrinsics (see hardenShared). Its methods are its
  // own properties, captured now, out of reach of later changes to
  // WeakMap.prototype. An object not yet in any weak collection (a fresh
  // one) is looked up there at almost no cost.
  const aside = new WeakMap<object, WalkToken>();
  defineProperty(aside, 'get', { value: weakMapGet });
  defineProperty(aside, 'set', { value: weakMapSet });

  let anyStamped = false;

  /** Whether the aside table holds a mark of `object` that is done or is `token`'s. */
  const isMarkedAside = (object: object, token: WalkToken | undefined): boolean => {
    const asideToken = aside.get(object);
    return asideToken !== undefined && (asideToken.done || asideToken === token);
  };

  /** Whether `object` is hardened (a done mark) or already walked by the walk of `token`. */
  const isHardenedOrMet = (object: object, token: WalkToken): boolean => {
    // Either mark may tell: a done token is truthful and stays done, and
    // a walk marks each object where it will look first.
    if (token.aside) {
      if (isMarkedAside(object, token)) return true;
      // Lockdown hardens the intrinsics before any stamp exists: no need to look.
      if (!anyStamped) return false;
      const stamped = Stamp.get(object);
      return stamped !== undefined && stamped.done;
    }
    const stamped = Stamp.get(object);
    if (stamped !== undefined && (stamped.done || stamped === token)) return true;
    return isMarkedAside(object, token);
  };

  /** Whether `object` is hardened. */
  const isHardened = (object: object): boolean => {
    const stamped = Stamp.get(object);
    if (stamped !== undefined && stamped.done) return true;
    return isMarkedAside(object, undefined);
  };

  /** Marks the (frozen) `object` as walked by the walk of `token`: aside for such walks, else stamped (aside if refused). */
  const mark = (object: object, token: WalkToken): void => {
    if (!token.aside && frozenTakesStamps) {
      try {
        Stamp.add(object, token);
        anyStamped = true;
        return;
      } catch {
        // Stamped before (by a walk that failed, or by a nested walk), or
        // the object refuses the field.
      }
      const stamped = Stamp.get(object);
      if (stamped !== undefined) {
        // A done stamp is kept: the object is hardened either way.
        if (!stamped.done) Stamp.replace(object, token);
        return;
      }
    }
    aside.set(object, token);
  };

  /**
   * Marks the frozen, fresh `object` with `token` (see FreshObjects);
   * false if it carries a mark already (it was not fresh).
   */
  const markFresh = (object: object, token: WalkToken): boolean => {
    if (frozenTakesStamps) {
      try {
        Stamp.add(object, token);
        anyStamped = true;
        return true;
      } catch {
        if (Stamp.get(object) !== undefined) return false;
      }
    }
    if (aside.get(object) !== undefined) return false;
    aside.set(object, token);
    return true;
  };

  /** Whether `object` carries `token`'s mark. */
  const isMarkedWith = (object: object, token: WalkToken): boolean =>
    Stamp.get(object) === token || aside.get(object) === token;

  return { isHardened, isHardenedOrMet, mark, markFresh, isMarkedWith };
};

/**
 * What a hardener offers for the objects its owner builds (see
 * ./harden-when-available.ts): a fresh object is one the caller made
 * just now and has not let out of its hands, and that is ordinary: an
 * array with an own data property per index and nothing else, or a record
 * of own data properties inheriting from Object.prototype, as array and
 * object literals, rest parameters and JSON.parse make them.
 */
export interface FreshObjects {
  /**
   * Freezes the fresh `object`, whose property values the caller has
   * hardened already, and marks it hardened without listing its keys
   * (slow for arrays). The caller's promise is not checked: only code that
   * made the object may call this.
   */
  markHardened: <T extends object>(object: T) => Readonly<T>;
  /**
   * Whether `object` was marked by markHardened: then it is known to be an
   * ordinary frozen object whose values are hardened, and pass-style needs
   * not list its keys either.
   */
  isFresh: (object: object) => boolean;
}

/** The FreshObjects of each harden made by makeHardenerKit. */
const freshObjectsOfHarden = new WeakMap<Harden, FreshObjects>();

/** The FreshObjects of `harden`, if makeHardenerKit made it. */
export const getFreshObjects = (harden: unknown): FreshObjects | undefined =>
  typeof harden === 'function' ? freshObjectsOfHarden.get(harden as Harden) : undefined;

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

/**
 * `beforeFirstWalk` runs once, before the first object is frozen: lockdown
 * sets up the property overrides there when harden is called between
 * repairIntrinsics() and hardenIntrinsics().
 */
export const makeHardenerKit = (beforeFirstWalk?: () => void): HardenerKit => {
  const { isHardened, isHardenedOrMet, mark, markFresh, isMarkedWith } = makeMarks();

  // The objects met by the walks under way, each walk's in a slice that
  // starts where the enclosing walk's ended: [base, top) for the innermost.
  // An object may be listed more than once; it is walked once.
  const work: object[] = [];
  let top = 0;

  // The last two prototypes found hardened: most objects share one of a few
  // prototypes, and an object once hardened stays hardened, so meeting one
  // of these again needs no lookup.
  let hardenedProto: object | null = null;
  let otherHardenedProto: object | null = null;

  /** Lists `value` to be walked, if it is an object or a function. */
  const meet = (value: unknown): void => {
    if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return;
    work[top] = value as object;
    top += 1;
  };

  const meetPrototype = (proto: object | null): void => {
    if (proto === null || proto === hardenedProto || proto === otherHardenedProto) return;
    if (isHardened(proto)) {
      otherHardenedProto = hardenedProto;
      hardenedProto = proto;
      return;
    }
    meet(proto);
  };

  /**
   * Meets the values, getters and setters of the given own properties of
   * `object`. An array's `length` is skipped: it is a data property holding a
   * number on every array, and on a proxy of a frozen array too (a proxy
   * must report a frozen target's properties as they are).
   */
  const meetProperties = (object: object, keys: readonly PropertyKey[], array: boolean): void => {
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i];
      if (array && key === 'length') continue;
      const desc = getOwnPropertyDescriptor(object, key);
      if (desc === undefined) continue;
      if ('value' in desc) {
        meet(desc.value);
      } else {
        meet(desc.get);
        meet(desc.set);
      }
    }
  };

  /**
   * Meets what all own properties of a frozen `object` hold. Both ways below
   * list every own key (the names and the symbols are all of them); each is
   * taken where it was measured cheaper on V8. Reflect.ownKeys costs most
   * per key found (3 to 20 times getOwnPropertyNames on a plain object of
   * a common shape, whose key list the engine keeps ready), but
   * getOwnPropertyNames has no such fast path for an array's elements, a
   * function's (non-enumerable) `length` and `name`, an object without
   * properties (a promise, usually) or an object in dictionary mode (the
   * intrinsics, which `hardenShared` walks).
   */
  const meetOwnProperties = (object: object, proto: object | null, shared: boolean): void => {
    const array = isArray(object);
    if (array || shared || typeof object === 'function' || proto === promisePrototype) {
      meetProperties(object, ownKeys(object), array);
      return;
    }
    meetProperties(object, getOwnPropertyNames(object), false);
    meetProperties(object, getOwnPropertySymbols(object), false);
  };

  const walk = (root: object, aside: boolean): void => {
    if (beforeFirstWalk !== undefined) {
      const hook = beforeFirstWalk;
      beforeFirstWalk = undefined;
      hook();
    }
    const token: WalkToken = { done: false, aside };
    const base = top;
    try {
      meet(root);
      for (let next = base; next < top; next += 1) {
        const object = work[next];
        // The root was just found not hardened, and this walk has only begun.
        if (next !== base && isHardenedOrMet(object, token)) continue;
        // Freeze first, so a proxy cannot answer differently after we read it.
        freezeOne(object);
        const proto = getPrototypeOf(object);
        meetPrototype(proto);
        meetOwnProperties(object, proto, aside);
        mark(object, token);
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

  // The mark of fresh objects: a token of its own, done from the start
  // (each such object is hardened as soon as it is marked).
  const freshToken: WalkToken = freeze({ done: true, aside: false });
  const markHardened = <T extends object>(object: T): Readonly<T> => {
    freeze(object);
    // Not fresh after all (it has a mark): harden it the long way.
    if (!markFresh(object, freshToken)) harden(object);
    return object;
  };
  freshObjectsOfHarden.set(
    harden,
    freeze({ markHardened, isFresh: (object: object) => isMarkedWith(object, freshToken) }),
  );
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
