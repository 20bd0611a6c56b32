// For the override tests: the intrinsics that the enablement tables name,
// collected by lockdown's own collector (src/ses/intrinsics.ts), and a way
// to freeze them as lockdown would (without the rest of lockdown).
//
// The collector alone leaves out the globals whose intrinsic names belong to
// tamings (Error is '%InitialError%' / '%SharedError%', made by the error
// taming), and with them their prototypes: %ErrorPrototype% would be
// missing, so neither enabled nor frozen. Both tamed Error constructors keep
// the realm's own Error.prototype, so the realm's Error stands in for them
// here and the collector binds %ErrorPrototype% as it does under lockdown.

import { makeIntrinsicsCollector } from '../../../src/ses/intrinsics.js';
import { enablementPlans } from '../../../src/ses/override-enablements.js';

/** Every intrinsic that some overrideTaming level enables properties of. */
const enabledIntrinsicNames = [
  ...new Set(Object.values(enablementPlans).flatMap(plan => Object.keys(plan))),
];

export const collectOverrideIntrinsics = (): Record<string, object> => {
  const { addIntrinsics, finalIntrinsics } = makeIntrinsicsCollector(globalThis);
  addIntrinsics({ '%InitialError%': Error, '%SharedError%': Error });
  const collected = finalIntrinsics();
  const record: Record<string, object> = {};
  for (const name of enabledIntrinsicNames) {
    const intrinsic = collected[name];
    if (intrinsic === undefined) throw TypeError(`the collector did not find ${name}`);
    record[name] = intrinsic as object;
  }
  return record;
};

/** Object.freeze on each intrinsic, as hardening would leave them. */
export const freezeIntrinsics = (intrinsics: Record<string, object>): void => {
  for (const intrinsic of Object.values(intrinsics)) Object.freeze(intrinsic);
};
