// An executor for `new SomePromise(executor)` plus resolve/reject functions
// that forward to the ones the executor received, then forget them. A kit
// kept around after settling its promise then no longer holds the promise's
// resolving functions (and through them the promise's reactions).

import { harden } from '../ses/harden-when-available.js';
import type { ERef } from './types.js';

export interface ReleasingExecutorKit<T> {
  resolve: (value: ERef<T>) => void;
  reject: (reason: unknown) => void;
  executor: (resolve: (value: ERef<T>) => void, reject: (reason: unknown) => void) => void;
}

export const makeReleasingExecutorKit = <T>(): ReleasingExecutorKit<T> => {
  // undefined: the executor has not run yet; null: settled and released.
  let forwardResolve: ((value: ERef<T>) => void) | null | undefined;
  let forwardReject: ((reason: unknown) => void) | null | undefined;

  const release = () => {
    forwardResolve = null;
    forwardReject = null;
  };

  return harden({
    resolve(value: ERef<T>) {
      if (!forwardResolve) return; // already settled: nothing to do
      forwardResolve(value);
      release();
    },
    reject(reason: unknown) {
      if (!forwardReject) return;
      forwardReject(reason);
      release();
    },
    executor(resolve: (value: ERef<T>) => void, reject: (reason: unknown) => void) {
      if (forwardResolve !== undefined || forwardReject !== undefined) {
        throw TypeError('A releasing executor can run only once');
      }
      forwardResolve = resolve;
      forwardReject = reject;
    },
  });
};
