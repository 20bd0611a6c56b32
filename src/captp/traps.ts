// Trap(x): a proxy whose method calls, function calls (and, through
// Trap.get(x), property gets) on x return their result synchronously
// instead of as a promise. What "synchronously" means is up to the
// TrapImpl behind it: for CapTP, a blocking exchange with another thread
// (see trap-guest.ts and atomics.ts); for near objects, a plain call.

import { harden } from '../ses/harden-when-available.js';
import type { Trap, TrapImpl } from './types.js';

const { freeze } = Object;

/** Calls on a near (local) object, for Trap over a connection in the same thread. */
export const nearTrapImpl: TrapImpl = harden({
  applyFunction: (target: any, args: unknown[]) => target(...args),
  applyMethod: (target: any, prop: PropertyKey, args: unknown[]) => target[prop](...args),
  get: (target: any, prop: PropertyKey) => target[prop],
});

// The proxies refuse every change, so that Trap(x) looks frozen.
const refuseChanges: ProxyHandler<any> = {
  set: () => false,
  isExtensible: () => false,
  setPrototypeOf: () => false,
  deleteProperty: () => false,
  // Whether the far object has a property is not something CapTP can ask.
  has: () => true,
};

// Frozen but not hardened proxy targets, private to this module: a
// hardened target would make the proxy invariants forbid our answers.
const callableTarget = freeze(() => {});
const recordTarget = freeze({ __proto__: null });

/** Makes Trap (and Trap.get) from the implementation of its three operations. */
export const makeTrap = (trapImpl: TrapImpl): Trap => {
  const Trap = (x: unknown): any =>
    new Proxy(callableTarget, {
      ...refuseChanges,
      get: (_target, prop) => (...args: unknown[]) => trapImpl.applyMethod(x, prop, args),
      apply: (_target, _thisArg, args: unknown[] = []) => trapImpl.applyFunction(x, args),
    });
  const getterOf = (x: unknown): any =>
    new Proxy(recordTarget, {
      ...refuseChanges,
      get: (_target, prop) => trapImpl.get(x, prop),
    });
  Trap.get = getterOf;
  return harden(Trap) as Trap;
};
