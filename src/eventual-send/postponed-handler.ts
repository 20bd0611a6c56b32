// The pending handler of a handled promise made without one (as
// `new HandledPromise(executor)`, or the promise an eventual send returns):
// it holds each message until the promise settles, then sends it again to
// what the promise settled to. That is slower than a real pipelining handler
// (a round of turns per hop) but makes every handled promise accept messages.

import type { Handler, HandledPromiseConstructor, HandlerOperation } from './types.js';

/** Returns the handler, and the function to call once the promise has settled. */
export const makePostponedHandler = (
  HandledPromise: HandledPromiseConstructor,
): [handler: Required<Handler<unknown>>, donePostponing: () => void] => {
  let donePostponing!: () => void;
  const settled = new Promise<void>(resolve => {
    donePostponing = () => resolve();
  });

  const postpone =
    (operation: HandlerOperation) =>
    (target: unknown, ...opArgs: unknown[]): Promise<unknown> =>
      new HandledPromise((resolve, reject) => {
        settled
          .then(() => {
            const send = HandledPromise[operation] as (target: unknown, ...rest: unknown[]) => unknown;
            resolve(send(target, ...opArgs));
          })
          .catch(reject);
      });

  const handler: Required<Handler<unknown>> = {
    get: postpone('get'),
    getSendOnly: postpone('getSendOnly'),
    applyFunction: postpone('applyFunction'),
    applyFunctionSendOnly: postpone('applyFunctionSendOnly'),
    applyMethod: postpone('applyMethod'),
    applyMethodSendOnly: postpone('applyMethodSendOnly'),
  };
  return [handler, donePostponing];
};
