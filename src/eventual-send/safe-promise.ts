// A safe promise is a frozen, genuine native promise that inherits `then`
// and `constructor` unchanged from Promise.prototype: `p.then(...)` and
// `await p` on it cannot run code chosen by whoever made it. (Checking is
// not itself immune: the checks read `p`, and a proxy could observe that.)
// HandledPromise.resolve returns only safe promises.

import { apply, getOwnPropertyDescriptor, getPrototypeOf, isFrozen } from '../ses/commons.js';

const NativePromise = Promise;
const nativePromisePrototype = Promise.prototype;
const { resolve: promiseResolve } = Promise;

/** `Promise.resolve(value)` with the Promise captured when this module loaded. */
export const nativeResolve = <T>(value?: T): Promise<Awaited<T>> =>
  apply(promiseResolve, NativePromise, [value]) as Promise<Awaited<T>>;

export const isSafePromise = (p: unknown): boolean =>
  isFrozen(p) &&
  getPrototypeOf(p) === nativePromisePrototype &&
  nativeResolve(p) === p &&
  getOwnPropertyDescriptor(p, 'then') === undefined &&
  getOwnPropertyDescriptor(p, 'constructor') === undefined;
