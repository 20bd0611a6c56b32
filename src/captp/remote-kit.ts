// The handled promise that stands for something on the other end (an
// import, a question's answer): eventual sends to it become CTP_CALL
// messages addressed to its slot, sent at once, even before it settles.
// That is promise pipelining. Its settler lets the connection resolve it
// (CTP_RETURN, CTP_RESOLVE), make it a presence, or reject it.

import { HandledPromise } from '../eventual-send/index.js';
import type { Handler, RemoteKit, Settler } from '../eventual-send/types.js';
import type { CapTPSlot } from './types.js';

/**
 * Sends one call to `target` and returns the promise for its answer.
 * `method` is what goes in CTP_CALL's `method`: `[prop]`, `[null, args]` or `[prop, args]`.
 */
export type SendCall = (target: CapTPSlot, method: unknown[]) => Promise<unknown>;

/**
 * Returns makeRemoteKit(target). `onRejected` hears of each such promise's
 * rejection, without being one of its handlers (so nobody's rejection goes
 * unhandled on our account). The kit and its settler are not hardened:
 * the connection keeps them to itself (makeCapTP's own makeRemoteKit
 * hardens what it hands out).
 */
export const makeRemoteKitMaker =
  (sendCall: SendCall, onRejected: (reason: unknown) => void) =>
  <T = unknown>(target: CapTPSlot): RemoteKit<T> => {
    const handler: Handler<{}> = {
      get: (_target, prop) => sendCall(target, [prop]),
      applyFunction: (_target, args) => sendCall(target, [null, args]),
      applyMethod: (_target, prop, args) => sendCall(target, [prop, args]),
    };
    let settler: Settler<T> | undefined;
    const promise = new HandledPromise<T>((resolve, reject, resolveWithPresence) => {
      settler = {
        resolve,
        reject,
        resolveWithPresence: () => resolveWithPresence(handler),
      };
    }, handler as Handler<Promise<unknown>>);
    promise.catch(onRejected);
    return { promise, settler: settler! };
  };
