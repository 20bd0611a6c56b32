// isPromise(x): whether x is a genuine native promise (or an instance of a
// subclass that does not override `constructor`, like HandledPromise's):
// exactly the values that Promise.resolve returns unchanged.

import { apply, freeze } from '../ses/commons.js';

const NativePromise = Promise;
const { resolve: promiseResolve } = Promise;

export const isPromise = (maybePromise: unknown): maybePromise is Promise<unknown> =>
  apply(promiseResolve, NativePromise, [maybePromise]) === maybePromise;
freeze(isPromise);
