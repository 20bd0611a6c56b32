// endo/promise-kit: makePromiseKit, racePromises and isPromise (like
// @endo/promise-kit). Loading it changes nothing global and needs no
// lockdown; it works before and after.

import { bestPipelinablePromise } from './best-promise-constructor.js';
import { harden } from '../ses/harden-when-available.js';
import { memoRace } from './memo-race.js';
import { makeReleasingExecutorKit } from './releasing-executor-kit.js';
import type { PromiseKit } from './types.js';

export { isPromise } from './is-promise.js';
export type { ERef, PromiseKit, PromiseRecord } from './types.js';

/**
 * A promise and its resolve and reject functions, hardened. The promise is a
 * HandledPromise when the realm has one (it then accepts eventual sends).
 * The functions forget the promise once either has been called.
 */
export function makePromiseKit<T = any>(): PromiseKit<T> {
  const { resolve, reject, executor } = makeReleasingExecutorKit<T>();
  const PromiseConstructor = bestPipelinablePromise();
  const promise = new PromiseConstructor<T>(executor);
  return harden({ promise, resolve, reject });
}
harden(makePromiseKit);

/**
 * Like Promise.race(values), but a contender that never settles does not
 * keep this race (or its result) alive.
 */
export function racePromises<T extends readonly unknown[] | []>(values: T): Promise<Awaited<T[number]>> {
  return harden(memoRace.call(bestPipelinablePromise(), values) as Promise<Awaited<T[number]>>);
}
harden(racePromises);
