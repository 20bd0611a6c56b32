// The bookkeeping behind one HandledPromise constructor: which handled
// promises are still pending (and at which handler), which are resolved to
// a presence (and that presence's handler), and which were resolved to
// another handled promise (forwarded). Messages to a forwarded promise go
// wherever the end of its forwarding chain is; `shorten` finds that end and
// re-points the chain at it (path compression), so chains stay short.

import { is } from '../ses/commons.js';
import type { Handler } from './types.js';

export interface ForwardingTable {
  /** The handler a still-pending handled promise sends its messages to. */
  pendingHandlerOf(promise: unknown): Handler<unknown> | undefined;
  setPendingHandler(promise: object, handler: Handler<unknown>): void;
  dropPendingHandler(promise: unknown): void;
  /** Records that `promise` was resolved to (and now stands for) `target`. */
  forward(promise: object, target: object): void;
  unforward(promise: unknown): void;
  isForwarded(promise: unknown): boolean;
  /** Links a presence, its promise and its handler to each other. */
  registerPresence(presence: object, promise: object, handler: Handler<unknown>): void;
  presenceOf(promise: unknown): object | undefined;
  promiseOfPresence(presence: unknown): Promise<unknown> | undefined;
  handlerOfPresence(presence: unknown): Handler<unknown> | undefined;
  /** The end of `target`'s forwarding chain (target itself when not forwarded). */
  shorten(target: unknown): unknown;
}

export const makeForwardingTable = (): ForwardingTable => {
  const pendingHandlers = new WeakMap<object, Handler<unknown>>();
  const forwardedTo = new WeakMap<object, object>();
  const presenceOfPromise = new WeakMap<object, object>();
  const promiseOfPresence = new WeakMap<object, Promise<unknown>>();
  const handlerOfPresence = new WeakMap<object, Handler<unknown>>();

  // WeakMap methods throw on primitives only for set; get/has/delete accept
  // anything, so lookups need no guard.
  const asKey = (value: unknown) => value as object;

  const shorten = (target: unknown): unknown => {
    let end = target;
    while (forwardedTo.has(asKey(end))) end = forwardedTo.get(asKey(end));
    const presence = presenceOfPromise.get(asKey(end));
    // Walk the chain again from the start, pointing each link at the end.
    let link = target;
    while (!is(link, end)) {
      const next = forwardedTo.get(asKey(link));
      pendingHandlers.delete(asKey(link));
      if (presence) {
        // A presence is final: the link becomes a promise for it directly.
        forwardedTo.delete(asKey(link));
        presenceOfPromise.set(asKey(link), presence);
      } else {
        forwardedTo.set(asKey(link), asKey(end));
      }
      link = next;
    }
    return end;
  };

  return {
    pendingHandlerOf: promise => pendingHandlers.get(asKey(promise)),
    setPendingHandler: (promise, handler) => void pendingHandlers.set(promise, handler),
    dropPendingHandler: promise => void pendingHandlers.delete(asKey(promise)),
    forward: (promise, target) => void forwardedTo.set(promise, target),
    unforward: promise => void forwardedTo.delete(asKey(promise)),
    isForwarded: promise => forwardedTo.has(asKey(promise)),
    registerPresence(presence, promise, handler) {
      promiseOfPresence.set(presence, promise as Promise<unknown>);
      presenceOfPromise.set(promise, presence);
      handlerOfPresence.set(presence, handler);
    },
    presenceOf: promise => presenceOfPromise.get(asKey(promise)),
    promiseOfPresence: presence => promiseOfPresence.get(asKey(presence)),
    handlerOfPresence: presence => handlerOfPresence.get(asKey(presence)),
    shorten,
  };
};
