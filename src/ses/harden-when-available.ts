// The `harden` that layers above ses (eventual send, promise kits, ...) use
// on what they hand out. It is found at call time, not import time, so that
// importing those layers neither forces nor blocks lockdown:
//
// - once lockdown (ours or the original) is complete, `globalThis.harden`
//   (which both already offer between repairIntrinsics() and
//   hardenIntrinsics(): see lockdown-phase.ts);
// - before that, a local stand-in that freezes the value and whatever its
//   own properties reach, without walking prototypes, so shared intrinsics
//   stay repairable, and without installing itself anywhere. (@endo/harden,
//   which the original uses, installs its stand-in as a non-configurable
//   `Object[Symbol.for('harden')]`, after which lockdown refuses to run.)
//
// `Object[Symbol.for('harden')]` alone is not taken as the signal: lockdown
// installs it already in repairIntrinsics(), and hardening with it before
// hardenIntrinsics() would freeze shared prototypes too early (before the
// override-mistake repair), for example while a vetted shim loads us.

import { freeze, getOwnPropertyDescriptors, globalThisRef, isObject, ownKeys } from './commons.js';
import { getFreshObjects, type FreshObjects } from './make-hardener.js';
import { isBetweenRepairAndHarden } from './lockdown-phase.js';

type Harden = <T>(value: T) => T;

/** Freezes `root` and what its own properties (values and accessors) reach. */
const freezeOwnGraph = <T>(root: T): T => {
  if (!isObject(root)) return root;
  const seen = new WeakSet<object>();
  const pending: object[] = [root];
  while (pending.length > 0) {
    const object = pending.pop()!;
    if (seen.has(object)) continue;
    seen.add(object);
    freeze(object);
    const descriptors = getOwnPropertyDescriptors(object) as Record<PropertyKey, PropertyDescriptor>;
    for (const key of ownKeys(descriptors)) {
      const { value, get, set } = descriptors[key as string];
      if (isObject(value)) pending.push(value);
      if (isObject(get)) pending.push(get);
      if (isObject(set)) pending.push(set);
    }
  }
  return root;
};

/** The realm's harden, once there is one; lockdown cannot be undone, so it is kept. */
let realmHarden: Harden | undefined;
/** What the realm's harden offers for fresh objects, when it is ours (see make-hardener.ts). */
let realmFreshObjects: FreshObjects | undefined;

/** Finds the realm's harden; false while there is none. */
const findRealmHarden = (): boolean => {
  const candidate = (globalThisRef as { harden?: unknown }).harden;
  if (typeof candidate !== 'function' || isBetweenRepairAndHarden()) return false;
  realmHarden = candidate as Harden;
  realmFreshObjects = getFreshObjects(candidate);
  return true;
};

/** Hardens `value` with the realm's harden, or freezes its own graph before lockdown. */
export const harden: Harden = value => {
  if (realmHarden === undefined && !findRealmHarden()) return freezeOwnGraph(value);
  return realmHarden!(value);
};
freeze(harden);

/**
 * Freezes `object`, which the caller made just now and has not let out of
 * its hands, an ordinary array or record whose values it has hardened
 * (see FreshObjects in make-hardener.ts): it is then as hardened as harden
 * would make it. With our lockdown's harden, it is also marked hardened
 * without its keys being listed, so that a later harden of it, or of what
 * holds it, costs nothing.
 */
export const markFreshHardened = <T extends object>(object: T): Readonly<T> => {
  if (realmHarden === undefined) findRealmHarden();
  if (realmFreshObjects !== undefined) return realmFreshObjects.markHardened(object);
  return freeze(object);
};
freeze(markFreshHardened);

/** markFreshHardened(array), once the caller's fresh array's elements are hardened. */
export const hardenFreshArray = <T extends unknown[]>(array: T): Readonly<T> => {
  for (let i = 0; i < array.length; i += 1) harden(array[i]);
  return markFreshHardened(array);
};
freeze(hardenFreshArray);

/**
 * Whether `object` was marked by markFreshHardened, and so is an ordinary
 * frozen array or record of hardened values (false whenever that cannot be
 * known).
 */
export const isFreshHardened = (object: object): boolean =>
  realmFreshObjects !== undefined && realmFreshObjects.isFresh(object);
freeze(isFreshHardened);
