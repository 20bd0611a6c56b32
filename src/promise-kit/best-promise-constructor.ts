// The constructor makePromiseKit and racePromises use: the realm's global
// HandledPromise when there is one (so their promises accept eventual sends
// and can be pipelined through), else Promise. @endo/promise-kit looks once,
// when it loads; we look on each call until a HandledPromise appears, then
// keep it, so importing this before the eventual-send shim still works and
// later replacements of the global are not followed.

import { globalThisRef } from '../ses/commons.js';

let handledPromise: PromiseConstructor | undefined;

export const bestPipelinablePromise = (): PromiseConstructor => {
  if (handledPromise === undefined) {
    const candidate = (globalThisRef as { HandledPromise?: unknown }).HandledPromise;
    if (typeof candidate !== 'function') return Promise;
    handledPromise = candidate as PromiseConstructor;
  }
  return handledPromise;
};
