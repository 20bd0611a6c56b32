// The `harden` that layers above ses (eventual send, promise kits, ...) use
// on what they hand out. It is found at call time, not import time, so that
// importing those layers neither forces nor blocks lockdown:
//
// - once `globalThis.harden` exists (lockdown, ours or the original, puts it
//   there after hardening the intrinsics), that harden;
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

/** Hardens `value` with the realm's harden, or freezes its own graph before lockdown. */
export const harden: Harden = value => {
  if (realmHarden === undefined) {
    const candidate = (globalThisRef as { harden?: unknown }).harden;
    if (typeof candidate !== 'function') return freezeOwnGraph(value);
    realmHarden = candidate as Harden;
  }
  return realmHarden(value);
};
freeze(harden);

/**
 * harden(array) for an array made just now by the caller (an ordinary
 * array: Array.prototype, elements only): frozen, with each element
 * hardened, it is as hardened as harden would make it, without walking its
 * keys (slow to list for arrays).
 */
export const hardenFreshArray = <T extends unknown[]>(array: T): Readonly<T> => {
  for (let i = 0; i < array.length; i += 1) harden(array[i]);
  return freeze(array);
};
freeze(hardenFreshArray);
