// makeE(HandledPromise): the E function and its helpers.
//   E(x).method(...args)     eventual method call; a promise for the result
//   E(x)(...args)            eventual function call
//   E.get(x).prop            eventual property get
//   E.sendOnly(x).method()   eventual call whose result nobody waits for
//   E.when(x, onOk, onErr)   HandledPromise.resolve(x).then(onOk, onErr)
//   E.resolve(x)             HandledPromise.resolve(x)
// E(x) and friends are proxies that pretend to have every property; they
// refuse to be changed.

import { assign, freeze } from '../ses/commons.js';
import { Fail, X, q, makeError } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import type { EProxy, HandledPromiseConstructor } from './types.js';

/** The traps every E proxy shares: no property can be set, deleted or redefined. */
const refuseChanges: ProxyHandler<any> = {
  set: () => false,
  isExtensible: () => false,
  setPrototypeOf: () => false,
  deleteProperty: () => false,
};

// Proxy targets are frozen but never hardened (so the proxies keep
// trapping), and never leave this module.
const functionTarget = freeze(() => {});
const objectTarget = freeze({ __proto__: null });

type MethodFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * A function named `key` that, called as a method of `receiver`, runs
 * `onCall(args)`, and otherwise `onWrongReceiver()`. The receiver check
 * catches `const { m } = E(x); m()`-style detachment. Concise-method syntax
 * makes it `this`-sensitive and not constructible.
 */
const makeMethod = (
  key: PropertyKey,
  receiver: unknown,
  onCall: (args: unknown[]) => unknown,
  onWrongReceiver: () => unknown,
): MethodFunction => {
  const holder = {
    [key](this: unknown, ...args: unknown[]) {
      return this === receiver ? onCall(args) : onWrongReceiver();
    },
  };
  return harden(holder[key as keyof typeof holder] as MethodFunction);
};

const makeEProxyHandler = (recipient: unknown, HandledPromise: HandledPromiseConstructor): ProxyHandler<any> =>
  harden({
    ...refuseChanges,
    get: (_target: unknown, key: PropertyKey, receiver: unknown) =>
      makeMethod(
        key,
        receiver,
        args => HandledPromise.applyMethod(recipient, key, args),
        () =>
          HandledPromise.reject(
            makeError(X`Unexpected receiver for "${q(key)}" method of E(${q(recipient)})`),
          ),
      ),
    apply: (_target: unknown, _thisArg: unknown, args: unknown[] = []) => HandledPromise.applyFunction(recipient, args),
    has: () => true,
  });

const makeESendOnlyProxyHandler = (recipient: unknown, HandledPromise: HandledPromiseConstructor): ProxyHandler<any> =>
  harden({
    ...refuseChanges,
    get: (_target: unknown, key: PropertyKey, receiver: unknown) =>
      makeMethod(
        key,
        receiver,
        args => {
          HandledPromise.applyMethodSendOnly(recipient, key, args);
          return undefined;
        },
        // There is no promise to reject, so this one throws.
        () => Fail`Unexpected receiver for "${q(key)}" method of E.sendOnly(${q(recipient)})`,
      ),
    apply: (_target: unknown, _thisArg: unknown, args: unknown[] = []) => {
      HandledPromise.applyFunctionSendOnly(recipient, args);
      return undefined;
    },
    has: () => true,
  });

const makeEGetProxyHandler = (recipient: unknown, HandledPromise: HandledPromiseConstructor): ProxyHandler<any> =>
  harden({
    ...refuseChanges,
    has: () => true,
    get: (_target: unknown, key: PropertyKey) => HandledPromise.get(recipient, key),
  });

export const makeE = (HandledPromise: HandledPromiseConstructor): EProxy => {
  const E = (x: unknown) => new Proxy(functionTarget, makeEProxyHandler(x, HandledPromise));
  return harden(
    assign(E, {
      get: (x: unknown) => new Proxy(objectTarget, makeEGetProxyHandler(x, HandledPromise)),
      resolve: HandledPromise.resolve,
      sendOnly: (x: unknown) => new Proxy(functionTarget, makeESendOnlyProxyHandler(x, HandledPromise)),
      when: (x: unknown, onfulfilled?: (value: any) => unknown, onrejected?: (reason: any) => unknown) =>
        HandledPromise.resolve(x).then(onfulfilled, onrejected),
    }),
  ) as unknown as EProxy;
};
