// Promises: a passable promise is a "safe" one, whose `then` can be called
// without handing the promise a chance to run code: a genuine, frozen
// promise inheriting directly from Promise.prototype, with no own properties
// beyond a string-valued @@toStringTag and the bookkeeping Node's
// async_hooks may add (symbol keys also found on Promise.prototype, holding
// undefined, a number, or a frozen `{}` / `{ destroyed: false }`).
//
// Unlike @endo/pass-style, the unregistered symbols Node itself puts on
// each promise while async hooks are enabled (as under `node --test`),
// described "async_id_symbol" and "trigger_async_id_symbol", are tolerated
// even when @endo/init's debug patch has not copied them to
// Promise.prototype: holding only numbers, they cannot change what `then`
// does, and without this every promise made in a node:test test would be
// unpassable.

import { getOwnPropertyDescriptor, getPrototypeOf, isFrozen, objectHasOwn, objectPrototype, ownKeys } from '../ses/commons.js';
import { hideAndHardenFunction } from '../ses/errors/index.js';
import { problem, q, throwProblem } from './reject.js';
import type { Problem } from './reject.js';

const promisePrototype = Promise.prototype;
const promiseResolve = Promise.resolve.bind(Promise);

/**
 * True for genuine promises whose `constructor` is Promise (the same test as
 * @endo/promise-kit's isPromise). It reads `constructor`, so callers that
 * can avoid it for ordinary objects do.
 */
export const isPromise = (value: unknown): value is Promise<unknown> => promiseResolve(value) === value;
Object.freeze(isPromise);

/** Whether an own property of a promise is one Node's async_hooks may add. */
const asyncHooksAdditionProblem = (promise: Promise<unknown>, key: PropertyKey): Problem | undefined => {
  const value = (promise as any)[key];
  if (value === undefined || typeof value === 'number') return undefined;
  if (typeof value === 'object' && value !== null && isFrozen(value) && getPrototypeOf(value) === objectPrototype) {
    const keys = ownKeys(value);
    if (keys.length === 0) return undefined;
    if (keys.length === 1 && keys[0] === 'destroyed' && value.destroyed === false) return undefined;
  }
  return problem`Unexpected Node async_hooks additions to promise: ${promise}.${q(String(key))} is ${value}`;
};

const nodeAsyncHookSymbolDescriptions = new Set(['async_id_symbol', 'trigger_async_id_symbol']);
const { keyFor } = Symbol;

const isToleratedSymbol = (key: PropertyKey): boolean =>
  typeof key === 'symbol' &&
  (objectHasOwn(promisePrototype, key) ||
    (keyFor(key) === undefined && nodeAsyncHookSymbolDescriptions.has(key.description as string)));

const ownKeysProblem = (promise: Promise<unknown>): Problem | undefined => {
  const keys = ownKeys(promise);
  if (keys.length === 0) return undefined;
  const unknownKeys = keys.filter(key => !isToleratedSymbol(key));
  if (unknownKeys.length !== 0) return problem`${promise} - Must not have any own properties: ${q(unknownKeys)}`;
  for (const key of keys) {
    if (key === Symbol.toStringTag) {
      const descriptor = getOwnPropertyDescriptor(promise, key)!;
      if (!objectHasOwn(descriptor, 'value')) {
        return problem`Own @@toStringTag must be a data property, not an accessor: ${q(descriptor)}`;
      }
      if (typeof descriptor.value !== 'string') return problem`Own @@toStringTag value must be a string: ${q(descriptor.value)}`;
      if (descriptor.enumerable) return problem`Own @@toStringTag must not be enumerable: ${q(descriptor)}`;
    } else {
      const found = asyncHooksAdditionProblem(promise, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
};

/** The first reason `value` is not a safe promise, or undefined if it is one. */
export const safePromiseProblem = (value: unknown): Problem | undefined => {
  if (!isFrozen(value)) return problem`${value} - Must be frozen`;
  if (!isPromise(value)) return problem`${value} - Must be a promise`;
  const proto = getPrototypeOf(value);
  if (proto !== promisePrototype) return problem`${value} - Must inherit from Promise.prototype: ${q(proto)}`;
  return ownKeysProblem(value);
};

/** True for safe promises (see the header). */
export const isSafePromise = (value: unknown): value is Promise<unknown> => safePromiseProblem(value) === undefined;
hideAndHardenFunction(isSafePromise);

/** Throws unless `isSafePromise(value)`. */
export const assertSafePromise = (value: unknown): void => {
  const found = safePromiseProblem(value);
  if (found !== undefined) throwProblem(found);
};
hideAndHardenFunction(assertSafePromise);
