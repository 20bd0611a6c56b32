// Sending one message (an operation with its arguments) to a target, to be
// delivered in a later turn, never in this one. The result is a handled
// promise (so it can itself be sent messages before it settles).
//
// Two contestants race to deliver; the first one wins, the other does
// nothing:
//   - one waits for the target to settle, then delivers to what it settled
//     to (a presence's handler, or the local value);
//   - one waits a single turn, then delivers at once if it can: to the
//     pending handler of an unsettled handled promise (that is where
//     promise pipelining hooks in), or to a non-promise or presence.
// Every message to one target takes the same path, so they arrive in the
// order they were sent (E-order).
//
// With TRACK_TURNS=enabled, the delivery is wrapped (track-turns.ts) so that
// what it throws or rejects with carries a note naming this send.

import type { DispatchToHandler } from './handler-dispatch.js';
import type { ForwardingTable } from './forwarding-table.js';
import { trackTurns, turnsTracked } from './track-turns.js';
import type { Handler, HandledPromiseConstructor, HandlerOperation } from './types.js';

export type SendMessage = (
  target: unknown,
  operation: HandlerOperation,
  opArgs: unknown[],
  ...returnedPOverride: [returnedP?: Promise<unknown>]
) => Promise<unknown>;

export interface SenderPowers {
  HandledPromise: HandledPromiseConstructor;
  table: ForwardingTable;
  dispatch: DispatchToHandler;
  forwardingHandler: Required<Handler<unknown>>;
  /** HandledPromise.resolve: a safe promise for a value or a presence. */
  resolve: (value?: unknown) => Promise<unknown>;
  /** harden, skipping the promises the constructor made (hardened at birth). */
  harden: <T>(value: T) => T;
}

export const makeMessageSender = ({
  HandledPromise,
  table,
  dispatch,
  forwardingHandler,
  resolve: safeResolve,
  harden,
}: SenderPowers): SendMessage => {
  const send: SendMessage = (target, operation, opArgs, ...returnedPOverride) => {
    // Freeze what we were given before anyone else gets to see it. The
    // opArgs array itself is ours and never handed out (handlers get its
    // elements), so only its elements need hardening.
    harden(target);
    for (let i = 0; i < opArgs.length; i += 1) harden(opArgs[i]);
    // The send is the sending event: record it now, in this turn.
    const deliver = turnsTracked ? trackTurns([dispatch])[0] : dispatch;
    let current = target;
    // eslint-disable-next-line prefer-const
    let returnedP: Promise<unknown>;
    returnedP = new HandledPromise((resolveReturned, rejectReturned) => {
      let raceIsOver = false;
      const win = (handlerName: string, handler: Handler<unknown>, recipient: unknown) => {
        if (raceIsOver) return;
        try {
          // A composed send (see handler-dispatch.ts) passes its own
          // returned promise along, even when that is undefined.
          const answerP = returnedPOverride.length === 0 ? returnedP : returnedPOverride[0];
          resolveReturned(harden(deliver(handlerName, handler, operation, recipient, opArgs, answerP)));
        } catch (reason) {
          rejectReturned(harden(reason));
        }
        raceIsOver = true;
      };
      const lose = (reason: unknown) => {
        if (raceIsOver) return;
        rejectReturned(harden(reason));
        raceIsOver = true;
      };

      if (!table.isKnown(current) || table.promiseOfPresence(current) !== undefined) {
        // Not a handled promise of ours: a presence, a local value, or a
        // promise or thenable of someone else's. Contestant two could only
        // find what contestant one finds a moment before it (a presence's
        // promise is fulfilled already, and only our handled promises have
        // pending handlers), so contestant one runs alone.
        safeResolve(current)
          .then(settled => win('forwardingHandler', forwardingHandler, settled))
          .catch(lose);
        return;
      }

      // Contestant one: after the target settles.
      safeResolve(current)
        .then(settled => win('forwardingHandler', forwardingHandler, settled))
        .catch(lose);

      // Contestant two: after one turn, if the target can be reached now.
      safeResolve()
        .then(() => {
          current = table.shorten(current);
          const pendingHandler = table.pendingHandlerOf(current);
          if (pendingHandler) {
            win('pendingHandler', pendingHandler, current);
          } else if (!current || typeof (current as { then?: unknown }).then !== 'function') {
            win('forwardingHandler', forwardingHandler, current);
          } else {
            const presence = table.presenceOf(current);
            if (presence) win('forwardingHandler', forwardingHandler, presence);
          }
        })
        .catch(lose);
    });
    return returnedP;
  };
  return send;
};
