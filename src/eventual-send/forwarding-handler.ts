// The handler for messages whose target has been reached (a value, not a
// pending promise): a presence's messages go to the handler it was made
// with; anything else is a local value and gets the message delivered here.

import type { DispatchToHandler } from './handler-dispatch.js';
import { localApplyFunction, localApplyMethod, localGet } from './local-delivery.js';
import type { ForwardingTable } from './forwarding-table.js';
import type { Handler, HandlerOperation } from './types.js';

/**
 * Each operation's local delivery (the send-only ones deliver the same
 * way), given the target and the handler's other arguments as one array:
 * spreading them into a call is slow once lockdown has run (see
 * ../ses/array-spread.ts).
 */
type LocalDelivery = (target: any, rest: any[]) => unknown;
const deliverGet: LocalDelivery = (target, rest) => localGet(target, rest[0]);
const deliverFunctionCall: LocalDelivery = (target, rest) => localApplyFunction(target, rest[0]);
const deliverMethodCall: LocalDelivery = (target, rest) => localApplyMethod(target, rest[0], rest[1]);
const localDeliveries: Record<HandlerOperation, LocalDelivery> = {
  get: deliverGet,
  getSendOnly: deliverGet,
  applyFunction: deliverFunctionCall,
  applyFunctionSendOnly: deliverFunctionCall,
  applyMethod: deliverMethodCall,
  applyMethodSendOnly: deliverMethodCall,
};

export const makeForwardingHandler = (
  table: ForwardingTable,
  dispatch: DispatchToHandler,
): Required<Handler<unknown>> => {
  const forwarder =
    (operation: HandlerOperation) =>
    (target: unknown, ...rest: unknown[]): unknown => {
      const presenceHandler = table.handlerOfPresence(target);
      if (!presenceHandler) return localDeliveries[operation](target, rest);
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
