// harden(root): freezes root and everything reachable from it through own
// properties (string and symbol keys, data values, getters and setters) and
// through prototypes, then remembers every object it froze so a later harden
// of any of them is a single WeakSet lookup.
//
// Speed matters (harden runs on every passable value), so the walk is one
// loop over an explicit array (no recursion, no closures per object), and
// nothing is recorded as hardened until the whole graph has been frozen: if
// any step throws, none of the graph is taken to be hardened, so a retry
// walks it again rather than trusting a half-frozen graph.

import { freeze, getOwnPropertyDescriptor, getPrototypeOf, ownKeys, preventExtensions, defineProperty, uncurryThis } from './commons.js';

export type Harden = (<T>(root: T) => T) & { isFake?: boolean };

// The brand check of typed arrays: undefined for anything that is not one
// (a proxy included), the constructor name for each kind that is.
const typedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
const typedArrayToStringTag = uncurryThis(
  getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)!.get as (this: unknown) => string | undefined,
);

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

export const makeHardener = (): Harden => {
  const hardened = new WeakSet<object>();
  const hasBeenHardened = uncurryThis(WeakSet.prototype.has) as (set: WeakSet<object>, value: object) => boolean;
  const addHardened = uncurryThis(WeakSet.prototype.add) as (set: WeakSet<object>, value: object) => void;

  const harden = <T>(root: T): T => {
    if ((typeof root !== 'object' || root === null) && typeof root !== 'function') return root;
    if (hasBeenHardened(hardened, root as object)) return root;

    // Objects frozen by this call, in the order met; also the work queue.
    const seen = new Set<object>();
    const frozen: object[] = [];
    const enqueue = (value: unknown): void => {
      if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return;
      const object = value as object;
      if (seen.has(object) || hasBeenHardened(hardened, object)) return;
      seen.add(object);
      frozen.push(object);
    };
    enqueue(root);

    for (let next = 0; next < frozen.length; next += 1) {
      const object = frozen[next];
      // Freeze first, so a proxy cannot answer differently after we read it.
      if (typedArrayToStringTag(object) === undefined) freeze(object);
      else freezeTypedArray(object);
      enqueue(getPrototypeOf(object));
      const keys = ownKeys(object);
      for (let i = 0; i < keys.length; i += 1) {
        const desc = getOwnPropertyDescriptor(object, keys[i]);
        if (desc === undefined) continue;
        if ('value' in desc) {
          enqueue(desc.value);
        } else {
          enqueue(desc.get);
          enqueue(desc.set);
        }
      }
    }
    for (let i = 0; i < frozen.length; i += 1) addHardened(hardened, frozen[i]);
    return root;
  };
  return harden;
};

/** The `__hardenTaming__: 'unsafe'` variant: does nothing, and says so. */
export const makeFakeHardener = (): Harden => {
  const fakeHarden: Harden = <T>(root: T): T => root;
  fakeHarden.isFake = true;
  return fakeHarden;
};
