// The pending handler of a handled promise made without one (as
// `new HandledPromise(executor)`, or the promise an eventual send returns):
// it holds each message until the promise settles, then sends it again to
// what the promise settled to. That is slower than a real pipelining handler
// (a round of turns per hop) but makes every handled promise accept messages.
//
// One handler serves every such promise of a constructor: the promise is
// the target each message comes with. Most of these promises never get a
// message before they settle, so the signal a held message waits on is
// made only when the first one arrives.

import { apply, isObject } from '../ses/commons.js';
import { makePrivateSlot } from '../ses/private-slot.js';
import type { ForwardingTable } from './forwarding-table.js';
import { nativeResolve } from './safe-promise.js';
import type { Handler, HandledPromiseConstructor, HandlerOperation } from './types.js';

export interface Postponer {
  /** The pending handler to give a handled promise made without one. */
  handler: Required<Handler<unknown>>;
  /** Lets the messages held for `promise` go on (it has just settled). */
  release(promise: object): void;
}

export const makePostponer = (HandledPromise: HandledPromiseConstructor, table: ForwardingTable): Postponer => {
  /** For each promise with held messages: the signal they wait on, and what fires it. */
  const signals = makePrivateSlot<{ settled: Promise<void>; fire: () => void }>();

  // eslint-disable-next-line prefer-const
  let handler: Required<Handler<unknown>>;

  /** A promise that fulfils once `target` has settled. */
  const whenSettled = (target: unknown): Promise<void> => {
    // A presence made with this handler as its own (resolveWithPresence()
    // with no handler) stands for its promise, which has settled already.
    const promise = table.promiseOfPresence(target) ?? target;
    if (!isObject(promise) || table.pendingHandlerOf(promise) !== handler) return nativeResolve();
    let signal = signals.get(promise);
    if (signal === undefined) {
      let fire!: () => void;
      const settled = new Promise<void>(resolve => {
        fire = resolve;
      });
      signal = { settled, fire };
      signals.set(promise, signal);
    }
    return signal.settled;
  };

  const postpone =
    (operation: HandlerOperation) =>
    // The handler's arguments, the target first, are the send's (its last,
    // the returned promise, goes unread): passed as one array, since
    // spreading is slow once lockdown has run (see ../ses/array-spread.ts).
    (...handlerArgs: unknown[]): Promise<unknown> =>
      new HandledPromise((resolve, reject) => {
        whenSettled(handlerArgs[0])
          .then(() => {
            const send = HandledPromise[operation] as (target: unknown, ...rest: unknown[]) => unknown;
            resolve(apply(send, HandledPromise, handlerArgs));
          })
          .catch(reject);
      });

  handler = {
    get: postpone('get'),
    getSendOnly: postpone('getSendOnly'),
    applyFunction: postpone('applyFunction'),
    applyFunctionSendOnly: postpone('applyFunctionSendOnly'),
    applyMethod: postpone('applyMethod'),
    applyMethodSendOnly: postpone('applyMethodSendOnly'),
  };
  return {
    handler,
    release(promise) {
      signals.get(promise)?.fire();
    },
  };
};
