// Tracks promises rejected with no handler attached, so that the reasons of
// those that stay unhandled get reported: when the promise is garbage
// collected (it can no longer be handled), or when the process ends.
// Registering these handlers also stops Node from killing the process at
// the first unhandled rejection.

import { freeze, weakmapGet, weakmapSet } from '../commons.js';
import {
  FERAL_FINALIZATION_REGISTRY,
  FERAL_MAP,
  FERAL_WEAKMAP,
  mapDelete,
  mapGet,
  mapHas,
  mapSet,
} from '../errors/primordials.js';

export interface RejectionHandlers {
  /** For Node's 'unhandledRejection' event. */
  unhandledRejectionHandler(reason: unknown, promise: Promise<unknown>): void;
  /** For Node's 'rejectionHandled' event: a handler came late after all. */
  rejectionHandledHandler(promise: Promise<unknown>): void;
  /** For process exit: reports every reason still unhandled. */
  processTerminationHandler(): void;
}

/** `undefined` where the platform has no FinalizationRegistry. */
export const makeRejectionHandlers = (reportReason: (reason: unknown) => void): RejectionHandlers | undefined => {
  if (FERAL_FINALIZATION_REGISTRY === undefined) return undefined;
  // Reasons by number, so the registry holds no reference to the promise.
  let lastId = 0;
  const reasons = new FERAL_MAP<number, unknown>();
  const idOfPromise = new FERAL_WEAKMAP<Promise<unknown>, number>();

  const reportOnce = (id: number) => {
    if (!mapHas(reasons, id)) return;
    const reason = mapGet(reasons, id);
    mapDelete(reasons, id);
    reportReason(reason);
  };
  const registry = new FERAL_FINALIZATION_REGISTRY<number>(reportOnce);

  return freeze({
    unhandledRejectionHandler(reason: unknown, promise: Promise<unknown>) {
      lastId += 1;
      mapSet(reasons, lastId, reason);
      weakmapSet(idOfPromise, promise, lastId);
      registry.register(promise, lastId, promise);
    },
    rejectionHandledHandler(promise: Promise<unknown>) {
      const id = weakmapGet(idOfPromise, promise);
      if (id === undefined) return;
      mapDelete(reasons, id);
      registry.unregister(promise);
    },
    processTerminationHandler() {
      for (const id of [...reasons.keys()]) reportOnce(id);
    },
  });
};
freeze(makeRejectionHandlers);
