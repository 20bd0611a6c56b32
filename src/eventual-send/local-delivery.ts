// Delivering a message to a local (non-presence) value, once its turn has
// come: property get, function call, method call. This is where a message
// to the wrong kind of target fails, with an error that names the method,
// and where ENDO_DELIVERY_BREAKPOINTS (see message-breakpoints.ts) stops at
// a `debugger` statement just before a matching message is delivered.

import { apply } from '../ses/commons.js';
import { Fail, X, q, makeError } from '../ses/errors/index.js';
import { makeMessageBreakpointTester } from './message-breakpoints.js';
import { getMethodNames } from './method-names.js';

// Read once, when this module loads; undefined (no breakpoints) by default.
const onDelivery = makeMessageBreakpointTester('ENDO_DELIVERY_BREAKPOINTS');

/** `typeof`, except that null is 'null'. */
const kindOf = (value: unknown): string => (value === null ? 'null' : typeof value);

export const localGet = (target: any, key: PropertyKey): unknown => target[key];

export const localApplyFunction = (target: unknown, args: readonly unknown[]): unknown => {
  if (typeof target !== 'function') {
    throw makeError(X`Cannot invoke target as a function; typeof target is ${q(kindOf(target))}`, TypeError);
  }
  if (onDelivery && onDelivery.shouldBreakpoint(target, undefined)) {
    // eslint-disable-next-line no-debugger
    debugger; // A breakpoint on delivering this function call: step into the apply below to follow it.
  }
  return apply(target, undefined, args);
};

/** A method call; a missing name (undefined or null) means a function call. */
export const localApplyMethod = (
  target: any,
  methodName: PropertyKey | undefined | null,
  args: readonly unknown[],
): unknown => {
  if (methodName === undefined || methodName === null) return localApplyFunction(target, args);
  if (target === undefined || target === null) {
    throw makeError(
      X`Cannot deliver ${q(methodName)} to target; typeof target is ${q(kindOf(target))}`,
      TypeError,
    );
  }
  const method = target[methodName];
  if (method === undefined) {
    throw makeError(X`target has no method ${q(methodName)}, has ${q(getMethodNames(target))}`, TypeError);
  }
  // The original raises a plain Error (not a TypeError) here; so do we.
  typeof method === 'function' ||
    Fail`invoked method ${q(methodName)} is not a function; it is a ${q(kindOf(method))}`;
  if (onDelivery && onDelivery.shouldBreakpoint(target, methodName)) {
    // eslint-disable-next-line no-debugger
    debugger; // A breakpoint on delivering this method call: step into the apply below to follow it.
  }
  return apply(method, target, args);
};
