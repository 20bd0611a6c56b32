// The pending handler of a handled promise made without one (as
// `new HandledPromise(executor)`, or the promise an eventual send returns):
// it holds each message until the promise settles, then sends it again to
// what the promise settled to. That is slower than a real pipelining handler
// (a round of turns per hop) but makes every handled promise accept messages.
//
// One handler serves every such promise of a constructor: the promise is
// the target each message comes with. The held messages of a promise are a
// queue (a linked list) kept on the promise itself.
//
// When such a promise settles to another promise that is still pending at
// this same handler, its queue is appended to that promise's queue, in one
// step, instead of sending each message again. Sending again would only
// hold it anew there, one hop later; in a pipelined chain (`E(p).self()`
// n times) every settling would re-send every message still held further
// down the chain, about n²/6 sends in all. Moving the queue keeps each
// message's cost constant, and keeps E-order: messages sent to a promise
// before it was resolved to another come before those sent after.

import { apply, is, isObject } from '../ses/commons.js';
import { makePrivateSlot } from '../ses/private-slot.js';
import type { ForwardingTable } from './forwarding-table.js';
import { nativeResolve } from './safe-promise.js';
import type { Handler, HandledPromiseConstructor, HandlerOperation } from './types.js';

export interface Postponer {
  /** The pending handler to give a handled promise made without one. */
  handler: Required<Handler<unknown>>;
  /** `promise` (made with `handler`) has just settled: move or send on what it holds. */
  settled(promise: object): void;
}

/** One message held until its target settles. */
interface HeldMessage {
  operation: HandlerOperation;
  /** The send's arguments to the handler: the target first, the returned promise last (unread). */
  handlerArgs: unknown[];
  /** Settle the promise the handler returned for this message. */
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  next: HeldMessage | undefined;
}

interface HeldQueue {
  head: HeldMessage;
  tail: HeldMessage;
}

export const makePostponer = (HandledPromise: HandledPromiseConstructor, table: ForwardingTable): Postponer => {
  /** The messages each pending promise holds; undefined once released or moved. */
  const queues = makePrivateSlot<HeldQueue | undefined>();

  // eslint-disable-next-line prefer-const
  let handler: Required<Handler<unknown>>;

  /** The pending promise, of this handler, that `target` stands for; else undefined. */
  const holderOf = (target: unknown): object | undefined => {
    // A presence made with this handler as its own (resolveWithPresence()
    // with no handler) stands for its promise, which has settled already.
    const promise = table.promiseOfPresence(target) ?? target;
    return isObject(promise) && table.pendingHandlerOf(promise) === handler ? promise : undefined;
  };

  const append = (holder: object, first: HeldMessage, last: HeldMessage) => {
    const queue = queues.get(holder);
    if (queue === undefined) {
      queues.set(holder, { head: first, tail: last });
    } else {
      queue.tail.next = first;
      queue.tail = last;
    }
  };

  /** Sends a held message again, to what its target now is. */
  const resend = (message: HeldMessage) => {
    try {
      const send = HandledPromise[message.operation] as (target: unknown, ...rest: unknown[]) => unknown;
      message.resolve(apply(send, HandledPromise, message.handlerArgs));
    } catch (error) {
      message.reject(error);
    }
  };

  /** Sends each message of the list again, in order, in a later turn. */
  const resendLater = (first: HeldMessage) => {
    nativeResolve().then(() => {
      for (let message: HeldMessage | undefined = first; message !== undefined; ) {
        // Read the link first: the message is done with once sent.
        const next: HeldMessage | undefined = message.next;
        message.next = undefined;
        resend(message);
        message = next;
      }
    });
  };

  const postpone =
    (operation: HandlerOperation) =>
    // The handler's arguments, the target first, are the send's (its last,
    // the returned promise, goes unread): kept as one array, since
    // spreading is slow once lockdown has run (see ../ses/array-spread.ts).
    (...handlerArgs: unknown[]): Promise<unknown> =>
      new HandledPromise((resolve, reject) => {
        const message: HeldMessage = { operation, handlerArgs, resolve, reject, next: undefined };
        const holder = holderOf(handlerArgs[0]);
        if (holder === undefined) resendLater(message);
        else append(holder, message, message);
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
    settled(promise) {
      const queue = queues.get(promise);
      if (queue === undefined) return;
      queues.set(promise, undefined);
      // The forwarding table has already recorded what `promise` settled
      // to: the end of its chain is another promise still pending here, or
      // something messages can go on to.
      const end = table.shorten(promise);
      if (!is(end, promise) && isObject(end) && table.pendingHandlerOf(end) === handler) {
        append(end, queue.head, queue.tail);
      } else {
        resendLater(queue.head);
      }
    },
  };
};
