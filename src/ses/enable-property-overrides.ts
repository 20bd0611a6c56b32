// The override-mistake fix (lockdown step 4). The language says that
// assigning `obj.toString = f` fails when `obj` inherits a non-writable
// `toString`, and freezing the intrinsics makes every inherited method
// non-writable, so `obj.toString = f` would start throwing in strict code
// after lockdown. For the properties listed in override-enablements.ts,
// this turns each data property into an accessor pair that gives the
// behaviour assignment would have had without the mistake:
//
// - the getter returns the original value;
// - the setter, on an object that inherits the property, defines an own
//   writable, enumerable, configurable data property on that object (and
//   reports it when the name is in `overrideDebug`); on the intrinsic
//   itself it throws, as assigning to a frozen property would.
//
// Reflection sees an accessor where there was a data property. The getter
// carries the original value as its own `originalValue` property (the
// original ses's convention): harden walks it there, and reflective code that
// knows the convention can present the property as data.

import { defineProperty, freeze, getOwnPropertyDescriptor, globalThisRef, isObject, objectHasOwn, ownKeys } from './commons.js';
import { FERAL_SET, FERAL_STRING, FERAL_TYPE_ERROR, setHas } from './errors/primordials.js';
import { enablementPlans, type OverrideTaming } from './override-enablements.js';

export type { OverrideTaming } from './override-enablements.js';

/**
 * Replaces `target[key]`, a configurable data property, by the accessor
 * pair described above. `label` names the property in error messages.
 */
const enableOverride = (
  target: object,
  key: string | symbol,
  label: string,
  reportOverride: ((key: string | symbol) => void) | undefined,
): void => {
  const desc = getOwnPropertyDescriptor(target, key);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  const { value } = desc;
  // Accessors from an object literal: named `get toString` / `set toString`,
  // and without a `prototype` or [[Construct]].
  const accessors = {
    get [key]() {
      return value;
    },
    set [key](newValue: unknown) {
      const receiver: any = this;
      if (receiver === target) {
        throw FERAL_TYPE_ERROR(`Cannot assign to read only property '${FERAL_STRING(key)}' of '${label}'`);
      }
      if (objectHasOwn(receiver, key)) {
        // Reached through `super.x = v` or Reflect.set with this receiver.
        receiver[key] = newValue;
        return;
      }
      if (reportOverride) reportOverride(key);
      defineProperty(receiver, key, { value: newValue, writable: true, enumerable: true, configurable: true });
    },
  };
  const { get, set } = getOwnPropertyDescriptor(accessors, key)!;
  defineProperty(get!, 'originalValue', { value, writable: false, enumerable: false, configurable: false });
  defineProperty(target, key, { get, set, enumerable: desc.enumerable, configurable: desc.configurable });
};

/**
 * Applies the `overrideTaming` plan to `intrinsics` (the record of
 * lockdown's intrinsics by name, `%ObjectPrototype%` etc.). Call it before
 * the intrinsics are frozen. Intrinsics or properties the engine lacks are
 * skipped. For property names in `overrideDebug`, each override is
 * reported through `warn` (default: `console.warn`).
 */
export const enablePropertyOverrides = (
  intrinsics: Record<string, any>,
  overrideTaming: OverrideTaming,
  overrideDebug: readonly string[] = [],
  warn?: (message: string) => void,
): void => {
  if (!objectHasOwn(enablementPlans, overrideTaming)) {
    throw FERAL_TYPE_ERROR(`overrideTaming must be 'moderate', 'min' or 'severe', got ${FERAL_STRING(overrideTaming)}`);
  }
  const plan = enablementPlans[overrideTaming];
  const debugNames = new FERAL_SET<unknown>(overrideDebug);
  const report = (message: string) => {
    if (warn) warn(message);
    else (globalThisRef as any).console?.warn?.(message);
  };
  const reportOverride = debugNames.size === 0 ? undefined : (key: string | symbol) => {
    if (setHas(debugNames, key)) report(`Override property ${FERAL_STRING(key)}`);
  };

  for (const intrinsicName of ownKeys(plan) as string[]) {
    if (!objectHasOwn(intrinsics, intrinsicName)) continue;
    const target = intrinsics[intrinsicName];
    if (!isObject(target)) continue;
    const keys = plan[intrinsicName];
    if (keys === '*') {
      const path = `root.${intrinsicName}`;
      for (const key of ownKeys(target)) enableOverride(target, key, path, reportOverride);
    } else {
      for (const key of keys as readonly (string | symbol)[]) {
        enableOverride(target, key, `root.${intrinsicName}.${FERAL_STRING(key)}`, reportOverride);
      }
    }
  }
};
freeze(enablePropertyOverrides);
