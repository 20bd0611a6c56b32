// makeHandledPromise(): a fresh HandledPromise constructor, with its own
// presence and forwarding tables. A HandledPromise is a native promise (its
// prototype is Promise.prototype) that also has a handler: until it
// settles, messages sent to it go to its pending handler; once resolved
// with a presence, to the presence's handler.
//
// One realm should share one constructor (see shim.ts): presences made by
// one are plain objects to another.

import {
  construct,
  create,
  defineProperties,
  defineProperty,
  freeze,
  getOwnPropertyDescriptors,
  is,
  ownKeys,
  setPrototypeOf,
} from '../ses/commons.js';
import { Fail, X, makeError, note, q } from '../ses/errors/index.js';
import { makeForwardingHandler } from './forwarding-handler.js';
import { makeForwardingTable } from './forwarding-table.js';
import { harden, hardenFreshArray } from '../ses/harden-when-available.js';
import { spreadArray } from '../ses/array-spread.js';
import { makeHandlerDispatcher, toPropertyKey } from './handler-dispatch.js';
import { makePostponer, type Postponer } from './postponed-handler.js';
import { isSafePromise, nativeResolve } from './safe-promise.js';
import { makeMessageSender, type SendMessage } from './send-message.js';
import type {
  HandledExecutor,
  HandledPromiseConstructor,
  HandledPromiseStaticMethods,
  Handler,
  ResolveWithPresenceOptionsBag,
} from './types.js';

const NativePromise = Promise;

const assertHandlerIsObject = (handler: unknown): void => {
  // Quoted: the original's message shows the value too (its `X` is the
  // unredacting one of before lockdown).
  if (Object(handler) !== handler) throw makeError(X`Handler ${q(handler)} cannot be a primitive`, TypeError);
};

/** The presence: an empty, prototype-less object, or a (revocable) proxy if asked for. */
const makePresence = (options: ResolveWithPresenceOptionsBag<{}>): object => {
  const { proxy } = options;
  if (!proxy) return create(null);
  const { handler, target, revokerCallback } = proxy;
  if (revokerCallback) {
    const { proxy: revocable, revoke } = Proxy.revocable(target as object, handler);
    revokerCallback(revoke);
    return revocable;
  }
  return new Proxy(target as object, handler);
};

export const makeHandledPromise = (): HandledPromiseConstructor => {
  const table = makeForwardingTable();
  let postponer: Postponer;
  // Filled in below: the constructor, the dispatcher and the sender refer
  // to each other.
  let HandledPromise: HandledPromiseConstructor;
  let send: SendMessage;
  const dispatch = makeHandlerDispatcher((target, operation, opArgs, returnedP) =>
    send(target, operation, opArgs, returnedP),
  );

  // A `function`, not a class: it must be constructible with `new` and its
  // `prototype` must be Promise.prototype itself.
  function HandledPromiseFunction<R>(
    this: unknown,
    executor: HandledExecutor<R>,
    pendingHandler: Handler<unknown> | undefined = undefined,
  ): Promise<R> {
    new.target || Fail`must be invoked with "new"`;
    let superResolve!: (value: unknown) => void;
    let superReject!: (reason: unknown) => void;
    let settled = false;
    let settledTo: unknown = null;
    let postponing = false;

    const nativeExecutor = (resolve: (value: unknown) => void, reject: (reason: unknown) => void) => {
      superResolve = resolve;
      superReject = reject;
    };
    let handledP: Promise<R>;
    if (new.target === HandledPromiseFunction) {
      // Our prototype is Promise.prototype itself, so a plain `new Promise`
      // makes the very same object. (Constructing with new.target instead
      // gives every promise a hidden class of its own in V8, which makes
      // each one, and everything done to it, many times slower.) With no own
      // properties and that prototype, frozen, it is as hardened as harden
      // would make it.
      handledP = freeze(new NativePromise(nativeExecutor)) as Promise<R>;
      table.markMadeSafe(handledP);
    } else {
      handledP = harden(construct(NativePromise, [nativeExecutor], new.target) as Promise<R>);
    }
    /** Moves or sends on the messages the postponing pending handler holds. */
    const continueForwarding = () => {
      if (postponing) postponer.settled(handledP);
    };

    const assertNotYetForwarded = () => {
      if (table.isForwarded(handledP)) throw makeError(X`internal: already forwarded`, TypeError);
    };

    const settleResolved = (value: unknown) => {
      if (settled) return;
      assertNotYetForwarded();
      value = table.shorten(value);
      let forwardTo: unknown;
      if (table.pendingHandlerOf(value) || table.presenceOf(value)) {
        // Resolved to another handled promise: messages follow it there.
        forwardTo = value;
      } else {
        // Resolved to a value (maybe a presence): no more pending handler.
        table.dropPendingHandler(handledP);
        forwardTo = table.promiseOfPresence(value);
      }
      // Never forward to ourselves: the forwarding links must stay a forest.
      if (forwardTo && !is(forwardTo, handledP)) table.forward(handledP, forwardTo as object);
      else table.unforward(handledP);
      table.shorten(handledP);

      superResolve(value);
      settled = true;
      settledTo = value;
      continueForwarding();
    };

    const settleRejected = (reason: unknown) => {
      if (settled) return;
      harden(reason);
      assertNotYetForwarded();
      table.dropPendingHandler(handledP);
      settled = true;
      superReject(reason);
      continueForwarding();
    };

    if (!pendingHandler) {
      // Without a handler of its own, a handled promise holds messages
      // until it settles.
      pendingHandler = postponer.handler;
      postponing = true;
    }
    assertHandlerIsObject(pendingHandler);
    table.setPendingHandler(handledP, pendingHandler);

    const resolveHandled = (target?: unknown) => {
      if (settled) return;
      assertNotYetForwarded();
      try {
        settleResolved(target);
      } catch (error) {
        settleRejected(error);
      }
    };

    const rejectHandled = (reason?: unknown) => {
      if (settled) return;
      assertNotYetForwarded();
      settleRejected(reason);
    };

    const resolveWithPresence = (
      presenceHandler: Handler<{}> | undefined = pendingHandler as Handler<{}>,
      options: ResolveWithPresenceOptionsBag<{}> = {},
    ): object => {
      if (settled) return settledTo as object;
      assertNotYetForwarded();
      try {
        assertHandlerIsObject(presenceHandler);
        const presence = makePresence(options);
        settledTo = presence;
        table.registerPresence(presence, handledP, presenceHandler as Handler<unknown>);
        settleResolved(presence);
        return presence;
      } catch (error) {
        if (error instanceof Error) note(error, X`during resolveWithPresence`);
        settleRejected(error);
        throw error;
      }
    };

    executor(resolveHandled as (value?: R) => void, rejectHandled, resolveWithPresence);
    return handledP;
  }

  const statics: HandledPromiseStaticMethods & { resolve(value?: unknown): Promise<unknown> } = {
    get(target, prop) {
      return send(target, 'get', [toPropertyKey(prop)]);
    },
    getSendOnly(target, prop) {
      send(target, 'getSendOnly', [toPropertyKey(prop)]).catch(() => {});
    },
    applyFunction(target, args) {
      return send(target, 'applyFunction', [hardenFreshArray(spreadArray(args))]);
    },
    applyFunctionSendOnly(target, args) {
      send(target, 'applyFunctionSendOnly', [hardenFreshArray(spreadArray(args))]).catch(() => {});
    },
    applyMethod(target, prop, args) {
      return send(target, 'applyMethod', [toPropertyKey(prop), hardenFreshArray(spreadArray(args))]);
    },
    applyMethodSendOnly(target, prop, args) {
      send(target, 'applyMethodSendOnly', [toPropertyKey(prop), hardenFreshArray(spreadArray(args))]).catch(() => {});
    },
    resolve(value) {
      // A presence's own promise, else a native promise for the value.
      const presencePromise = table.promiseOfPresence(value);
      const promise = presencePromise ?? nativeResolve(value);
      if (table.isMadeSafe(promise)) return promise;
      // A native promise made just now (the value was not one) is safe once frozen.
      if (presencePromise === undefined && promise !== value) return freeze(promise);
      harden(promise); // no proxy or mutation tricks from here on
      if (isSafePromise(promise)) return promise;
      // Not safe (an own `then`, a subclass, ...): treat it as a thenable,
      // and call its `then` only in a later turn.
      const adoptThen = (resolve: (value: unknown) => void, reject: (reason: unknown) => void) =>
        promise.then(resolve, reject);
      return harden(nativeResolve().then(() => new HandledPromise(adoptThen)));
    },
  };

  HandledPromiseFunction.prototype = NativePromise.prototype;
  defineProperty(HandledPromiseFunction, 'name', { value: 'HandledPromise' });
  setPrototypeOf(HandledPromiseFunction, NativePromise);
  defineProperties(HandledPromiseFunction, getOwnPropertyDescriptors(statics));
  HandledPromise = HandledPromiseFunction as unknown as HandledPromiseConstructor;

  postponer = makePostponer(HandledPromise, table);
  const forwardingHandler = makeForwardingHandler(table, dispatch);
  const hardenUnlessMadeSafe = <T>(value: T): T =>
    table.isMadeSafe(value) ? value : harden(value);
  send = makeMessageSender({
    HandledPromise,
    table,
    dispatch,
    forwardingHandler,
    resolve: statics.resolve,
    harden: hardenUnlessMadeSafe,
  });

  // Freeze the constructor and its statics, not harden: this may run before
  // lockdown (as a vetted shim), when hardening would also freeze
  // Promise.prototype and Function.prototype too early. Lockdown hardens
  // the rest, since a global HandledPromise is one of its intrinsics.
  freeze(HandledPromise);
  for (const key of ownKeys(HandledPromise)) {
    if (key !== 'prototype') freeze((HandledPromise as any)[key]);
  }
  return HandledPromise;
};
