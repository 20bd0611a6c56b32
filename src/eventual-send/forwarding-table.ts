// The bookkeeping behind one HandledPromise constructor: which handled
// promises are still pending (and at which handler), which are resolved to
// a presence (and that presence's handler), and which were resolved to
// another handled promise (forwarded). Messages to a forwarded promise go
// wherever the end of its forwarding chain is; `shorten` finds that end and
// re-points the chain at it (path compression), so chains stay short.
//
// Every key is an object this constructor made (a handled promise or a
// presence), so the facts about each live in one record held in a private
// field on the object itself: every eventual send makes a promise, and a
// WeakMap insertion per fact costs far more than a private field.
// Lookups accept any value: a primitive or a foreign object has no record.
// (The field's class is declared here rather than made by makePrivateSlot:
// see ReturnsItsArgument in private-slot.ts.)

import { is, isObject } from '../ses/commons.js';
import { ReturnsItsArgument } from '../ses/private-slot.js';
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
  /** Whether `value` is a handled promise or a presence of this table's constructor. */
  isKnown(value: unknown): boolean;
  /** Records that the constructor made `promise` a frozen native promise of Promise.prototype. */
  markMadeSafe(promise: object): void;
  /** Whether `value` was marked with markMadeSafe: safe by construction. */
  isMadeSafe(value: unknown): boolean;
  /** The end of `target`'s forwarding chain (target itself when not forwarded). */
  shorten(target: unknown): unknown;
}

/** What is known of one handled promise or presence. */
interface TableRecord {
  /** A pending promise's handler. */
  pendingHandler: Handler<unknown> | undefined;
  /** The handled promise this promise was resolved to. */
  forwardedTo: object | undefined;
  /** The presence this promise was resolved to (or stands for). */
  presence: object | undefined;
  /** A presence's promise. */
  promiseOfPresence: Promise<unknown> | undefined;
  /** A presence's handler. */
  presenceHandler: Handler<unknown> | undefined;
  /** A promise made frozen, of Promise.prototype, by the constructor itself. */
  madeSafe: boolean;
}


export const makeForwardingTable = (): ForwardingTable => {
  class Recorded extends ReturnsItsArgument {
    #record: TableRecord;
    constructor(object: object, record: TableRecord) {
      super(object);
      this.#record = record;
    }
    static recordOf(value: unknown): TableRecord | undefined {
      return isObject(value) && #record in value ? (value as Recorded).#record : undefined;
    }
  }
  const { recordOf } = Recorded;

  /** The record of an object of ours, made on first use. */
  const ensureRecord = (object: object): TableRecord => {
    let record = recordOf(object);
    if (record === undefined) {
      record = {
        pendingHandler: undefined,
        forwardedTo: undefined,
        presence: undefined,
        promiseOfPresence: undefined,
        presenceHandler: undefined,
        madeSafe: false,
      };
      new Recorded(object, record);
    }
    return record;
  };

  const shorten = (target: unknown): unknown => {
    let end = target;
    for (let record = recordOf(end); record?.forwardedTo !== undefined; record = recordOf(end)) {
      end = record.forwardedTo;
    }
    const presence = recordOf(end)?.presence;
    // Walk the chain again from the start, pointing each link at the end.
    let link = target;
    while (!is(link, end)) {
      const record = recordOf(link)!;
      const next = record.forwardedTo;
      record.pendingHandler = undefined;
      if (presence) {
        // A presence is final: the link becomes a promise for it directly.
        record.forwardedTo = undefined;
        record.presence = presence;
      } else {
        record.forwardedTo = end as object;
      }
      link = next;
    }
    return end;
  };

  return {
    pendingHandlerOf: promise => recordOf(promise)?.pendingHandler,
    setPendingHandler: (promise, handler) => {
      ensureRecord(promise).pendingHandler = handler;
    },
    dropPendingHandler: promise => {
      const record = recordOf(promise);
      if (record) record.pendingHandler = undefined;
    },
    forward: (promise, target) => {
      ensureRecord(promise).forwardedTo = target;
    },
    unforward: promise => {
      const record = recordOf(promise);
      if (record) record.forwardedTo = undefined;
    },
    isForwarded: promise => recordOf(promise)?.forwardedTo !== undefined,
    registerPresence(presence, promise, handler) {
      const presenceRecord = ensureRecord(presence);
      presenceRecord.promiseOfPresence = promise as Promise<unknown>;
      presenceRecord.presenceHandler = handler;
      ensureRecord(promise).presence = presence;
    },
    presenceOf: promise => recordOf(promise)?.presence,
    promiseOfPresence: presence => recordOf(presence)?.promiseOfPresence,
    handlerOfPresence: presence => recordOf(presence)?.presenceHandler,
    isKnown: value => recordOf(value) !== undefined,
    markMadeSafe: promise => {
      ensureRecord(promise).madeSafe = true;
    },
    isMadeSafe: value => recordOf(value)?.madeSafe === true,
    shorten,
  };
};
