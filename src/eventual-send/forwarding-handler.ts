// The handler for messages whose target has been reached (a value, not a
// pending promise): a presence's messages go to the handler it was made
// with; anything else is a local value and gets the message delivered here.

import type { DispatchToHandler } from './handler-dispatch.js';
import { localApplyFunction, localApplyMethod, localGet } from './local-delivery.js';
import type { ForwardingTable } from './forwarding-table.js';
import type { Handler, HandlerOperation } from './types.js';

type LocalDelivery = (target: any, ...opArgs: any[]) => unknown;

/** Each operation's local delivery; the send-only ones deliver the same way. */
const localDeliveries: Record<HandlerOperation, LocalDelivery> = {
  get: localGet,
  getSendOnly: localGet,
  applyFunction: localApplyFunction,
  applyFunctionSendOnly: localApplyFunction,
  applyMethod: localApplyMethod,
  applyMethodSendOnly: localApplyMethod,
};

export const makeForwardingHandler = (
  table: ForwardingTable,
  dispatch: DispatchToHandler,
): Required<Handler<unknown>> => {
  const forwarder =
    (operation: HandlerOperation) =>
    (target: unknown, ...rest: unknown[]): unknown => {
      const presenceHandler = table.handlerOfPresence(target);
      if (!presenceHandler) return localDeliveries[operation](target, ...rest);
      // `rest` ends with the returned promise (or undefined for send-only),
      // which the presence's handler receives as its last argument.
      return dispatch('presenceHandler', presenceHandler, operation, target, rest, undefined);
    };
  return {
    get: forwarder('get'),
    getSendOnly: forwarder('getSendOnly'),
    applyFunction: forwarder('applyFunction'),
    applyFunctionSendOnly: forwarder('applyFunctionSendOnly'),
    applyMethod: forwarder('applyMethod'),
    applyMethodSendOnly: forwarder('applyMethodSendOnly'),
  };
};
