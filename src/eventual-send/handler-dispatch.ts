// Calling one operation on a handler, with the fallbacks that let a handler
// implement only some of the six operations:
//   - a missing `xSendOnly` uses `x`, and the result is dropped;
//   - a missing `applyMethod` is `get` followed by `applyFunction` (as two
//     eventual sends, so each may itself fall back);
//   - a missing `applyFunction` is `applyMethod(target, undefined, args)`.
// Send-only operations never see the returned promise and return undefined.

import { apply } from '../ses/commons.js';
import { X, q, makeError } from '../ses/errors/index.js';
import { getMethodNames } from './method-names.js';
import type { Handler, HandlerOperation } from './types.js';

/** Sends one operation eventually (HandledPromise's internal send). */
export type SendOperation = (
  target: unknown,
  operation: HandlerOperation,
  opArgs: unknown[],
  returnedP?: Promise<unknown>,
) => Promise<unknown>;

/**
 * Which plain operation a send-only one falls back to; undefined for the
 * plain ones. (A switch: a table lookup that misses would search
 * Object.prototype, a slow dictionary once lockdown has frozen it.)
 */
const plainOperationOf = (operation: HandlerOperation): HandlerOperation | undefined => {
  switch (operation) {
    case 'getSendOnly':
      return 'get';
    case 'applyFunctionSendOnly':
      return 'applyFunction';
    case 'applyMethodSendOnly':
      return 'applyMethod';
    default:
      return undefined;
  }
};

/**
 * [target, ...opArgs, returnedP], without spread syntax: lockdown's
 * override taming makes Array.prototype[Symbol.iterator] an accessor,
 * which turns off V8's fast path for every spread in the realm (10 to 20
 * times slower), and this runs on every eventual send.
 */
const handlerArguments = (target: unknown, opArgs: unknown[], returnedP: unknown): unknown[] => {
  const count = opArgs.length;
  const list = [target];
  for (let i = 0; i < count; i += 1) list.push(opArgs[i]);
  list.push(returnedP);
  return list;
};

/** A property key as objects see it: symbols stay, anything else becomes a string. */
export const toPropertyKey = (key: unknown): string | symbol => (typeof key === 'symbol' ? key : String(key));

export type DispatchToHandler = (
  handlerName: string,
  handler: Handler<unknown>,
  operation: HandlerOperation,
  target: unknown,
  opArgs: unknown[],
  returnedP: Promise<unknown> | undefined,
) => unknown;

/** Makes the dispatcher; `send` is used for the composed get-then-applyFunction. */
export const makeHandlerDispatcher = (send: SendOperation): DispatchToHandler => (
  handlerName,
  handler,
  operation,
  target,
  opArgs,
  returnedP,
) => {
  const plainOperation = plainOperationOf(operation);
  const isSendOnly = plainOperation !== undefined;
  if (isSendOnly) returnedP = undefined; // nobody waits on a send-only result
  const finish = (result: unknown) => (isSendOnly ? undefined : result);

  let actualOperation = operation;
  let method = handler[operation];
  if (isSendOnly && typeof method !== 'function') {
    actualOperation = plainOperation;
    method = handler[actualOperation];
  }
  if (typeof method === 'function') {
    return finish(apply(method as (...args: unknown[]) => unknown, handler, handlerArguments(target, opArgs, returnedP)));
  }

  if (actualOperation === 'applyMethod') {
    const [name, args] = opArgs;
    const methodP = send(target, 'get', [toPropertyKey(name)], undefined);
    const resultP = send(methodP, 'applyFunction', [args], returnedP);
    // Nobody will see a send-only's failure: do not let it surface as an
    // unhandled rejection (which stops Node). The original lets it.
    if (isSendOnly) resultP.catch(() => {});
    return finish(resultP);
  }

  if (actualOperation === 'applyFunction' && typeof handler.applyMethod === 'function') {
    const [args] = opArgs;
    return finish(apply(handler.applyMethod, handler, [target, undefined, args, returnedP]));
  }

  throw makeError(
    X`${q(handlerName)} is defined but has no methods needed for ${q(operation)} (has ${q(getMethodNames(handler))})`,
    TypeError,
  );
};
