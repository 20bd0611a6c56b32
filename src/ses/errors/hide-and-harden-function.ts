// hideAndHardenFunction: renames a function `__HIDE_<name>` so that concise
// stack filtering leaves its frames out, then hardens it. Uses the realm's
// `harden` when there is one; before lockdown it freezes the function and
// what its own properties reach, without touching shared prototypes (and,
// unlike @endo/harden, without installing anything on `Object`, which would
// stop a later lockdown).

import { freeze, getOwnPropertyDescriptors, globalThisRef, isObject, ownKeys, defineProperty } from '../commons.js';
import { assert } from './make-assert.js';
import { FERAL_SET, FERAL_STRING, setAdd, setHas } from './primordials.js';

const hardenSymbol = Symbol.for('harden');
const ObjectConstructor = Object;

/** Freezes `root` and every object reachable through own properties. */
const freezeOwnGraph = (root: object): void => {
  const seen = new FERAL_SET<unknown>();
  const pending: object[] = [root];
  while (pending.length > 0) {
    const object = pending.pop() as object;
    if (setHas(seen, object)) continue;
    setAdd(seen, object);
    freeze(object);
    const descriptors = getOwnPropertyDescriptors(object) as Record<PropertyKey, PropertyDescriptor>;
    for (const key of ownKeys(descriptors)) {
      const { value, get, set } = descriptors[key as string];
      for (const reached of [value, get, set]) {
        if (isObject(reached)) pending[pending.length] = reached;
      }
    }
  }
};

const hardenNow = <T>(value: T): T => {
  const found = (ObjectConstructor as any)[hardenSymbol] ?? (globalThisRef as any).harden;
  if (typeof found === 'function') return found(value);
  if (isObject(value)) freezeOwnGraph(value);
  return value;
};

/** Prefixes `func.name` with `__HIDE_` (hiding its frames from concise stacks), then hardens it. */
export const hideAndHardenFunction = <T extends Function = Function>(func: T): T => {
  typeof func === 'function' || assert.Fail`${func} must be a function`;
  // String() because a function's name may be a symbol.
  defineProperty(func, 'name', { value: `__HIDE_${FERAL_STRING(func.name)}` });
  return hardenNow(func);
};
freeze(hideAndHardenFunction);
