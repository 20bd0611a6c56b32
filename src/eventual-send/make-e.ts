// makeE(HandledPromise): the E function and its helpers.
//   E(x).method(...args)     eventual method call; a promise for the result
//   E(x)(...args)            eventual function call
//   E.get(x).prop            eventual property get
//   E.sendOnly(x).method()   eventual call whose result nobody waits for
//   E.when(x, onOk, onErr)   HandledPromise.resolve(x).then(onOk, onErr)
//   E.resolve(x)             HandledPromise.resolve(x)
// E(x) and friends are proxies that pretend to have every property; they
// refuse to be changed.
//
// Two debugging aids, as in the original: ENDO_SEND_BREAKPOINTS (see
// message-breakpoints.ts) stops at a `debugger` statement when E(x) or
// E.sendOnly(x) sends a matching message; with TRACK_TURNS=enabled, E.when's
// callbacks run as tracked turns (see track-turns.ts).

import { assign, freeze } from '../ses/commons.js';
import { Fail, X, q, makeError } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { makePrivateSlot } from '../ses/private-slot.js';
import { makeMessageBreakpointTester } from './message-breakpoints.js';
import { trackTurns, turnsTracked } from './track-turns.js';
import type { EProxy, HandledPromiseConstructor } from './types.js';

/** The traps every E proxy shares: no property can be set, deleted or redefined. */
const refuseChanges: ProxyHandler<any> = {
  set: () => false,
  isExtensible: () => false,
  setPrototypeOf: () => false,
  deleteProperty: () => false,
};

// Each E proxy's target is a fresh frozen arrow that returns the recipient:
// the handlers are made once per E, not once per E(x) call, and a target is
// never handed out (the traps never return it), so the recipient stays out
// of reach. Being an arrow, the target makes E(x) callable but not
// constructible.
type RecipientHolder = () => unknown;
const holderOf = (recipient: unknown): RecipientHolder => freeze(() => recipient);

// The E.get proxy's target must stay a plain object (typeof E.get(x) is
// 'object'): a prototype-less one, holding the recipient in a private slot,
// where the traps the proxy leaves to its target cannot reach it.
const getTargets = makePrivateSlot<unknown>();
const makeGetTarget = (recipient: unknown): object => {
  const target = freeze({ __proto__: null });
  getTargets.set(target, recipient);
  return target;
};

// Read once, when this module loads; undefined (no breakpoints) by default.
const onSend = makeMessageBreakpointTester('ENDO_SEND_BREAKPOINTS');

type MethodFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * A function named `key` that, called as a method of `receiver`, runs
 * `onCall(args)`, and otherwise `onWrongReceiver()`. The receiver check
 * catches `const { m } = E(x); m()`-style detachment. Concise-method syntax
 * makes it `this`-sensitive and not constructible. Freezing it hardens it:
 * its only own properties are its name and length, and its prototype is
 * Function.prototype.
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
  return freeze(holder[key as keyof typeof holder] as MethodFunction);
};

const makeEProxyHandler = (HandledPromise: HandledPromiseConstructor): ProxyHandler<RecipientHolder> =>
  freeze({
    ...refuseChanges,
    get: (holder: RecipientHolder, key: PropertyKey, receiver: unknown) =>
      makeMethod(
        key,
        receiver,
        args => {
          if (onSend && onSend.shouldBreakpoint(holder(), key)) {
            // eslint-disable-next-line no-debugger
            debugger; // A breakpoint on sending this method call: look up the stack for who sent it.
          }
          return HandledPromise.applyMethod(holder(), key, args);
        },
        () =>
          HandledPromise.reject(
            makeError(X`Unexpected receiver for "${q(key)}" method of E(${q(holder())})`),
          ),
      ),
    apply: (holder: RecipientHolder, _thisArg: unknown, args: unknown[] = []) => {
      if (onSend && onSend.shouldBreakpoint(holder(), undefined)) {
        // eslint-disable-next-line no-debugger
        debugger; // A breakpoint on sending this function call: look up the stack for who sent it.
      }
      return HandledPromise.applyFunction(holder(), args);
    },
    has: () => true,
  });

const makeESendOnlyProxyHandler = (HandledPromise: HandledPromiseConstructor): ProxyHandler<RecipientHolder> =>
  freeze({
    ...refuseChanges,
    get: (holder: RecipientHolder, key: PropertyKey, receiver: unknown) =>
      makeMethod(
        key,
        receiver,
        args => {
          if (onSend && onSend.shouldBreakpoint(holder(), key)) {
            // eslint-disable-next-line no-debugger
            debugger; // A breakpoint on sending this method call: look up the stack for who sent it.
          }
          HandledPromise.applyMethodSendOnly(holder(), key, args);
          return undefined;
        },
        // There is no promise to reject, so this one throws.
        () => Fail`Unexpected receiver for "${q(key)}" method of E.sendOnly(${q(holder())})`,
      ),
    apply: (holder: RecipientHolder, _thisArg: unknown, args: unknown[] = []) => {
      if (onSend && onSend.shouldBreakpoint(holder(), undefined)) {
        // eslint-disable-next-line no-debugger
        debugger; // A breakpoint on sending this function call: look up the stack for who sent it.
      }
      HandledPromise.applyFunctionSendOnly(holder(), args);
      return undefined;
    },
    has: () => true,
  });

const makeEGetProxyHandler = (HandledPromise: HandledPromiseConstructor): ProxyHandler<object> =>
  freeze({
    ...refuseChanges,
    has: () => true,
    get: (target: object, key: PropertyKey) => HandledPromise.get(getTargets.get(target), key),
  });

type When = (x: unknown, onfulfilled?: (value: any) => unknown, onrejected?: (reason: any) => unknown) => Promise<unknown>;

const makeWhen =
  (HandledPromise: HandledPromiseConstructor): When =>
  (x, onfulfilled, onrejected) =>
    HandledPromise.resolve(x).then(onfulfilled, onrejected);

/** E.when under TRACK_TURNS=enabled: the callbacks run as turns caused by this call. */
const makeTrackedWhen =
  (HandledPromise: HandledPromiseConstructor): When =>
  (x, onfulfilled, onrejected) => {
    const resolved = HandledPromise.resolve(x);
    const tracked = trackTurns([onfulfilled, onrejected]);
    return resolved.then(tracked[0], tracked[1]);
  };

export const makeE = (HandledPromise: HandledPromiseConstructor): EProxy => {
  const eHandler = makeEProxyHandler(HandledPromise);
  const sendOnlyHandler = makeESendOnlyProxyHandler(HandledPromise);
  const getHandler = makeEGetProxyHandler(HandledPromise);
  const E = (x: unknown) => new Proxy(holderOf(x), eHandler);
  return harden(
    assign(E, {
      get: (x: unknown) => new Proxy(makeGetTarget(x), getHandler),
      resolve: HandledPromise.resolve,
      sendOnly: (x: unknown) => new Proxy(holderOf(x), sendOnlyHandler),
      when: turnsTracked ? makeTrackedWhen(HandledPromise) : makeWhen(HandledPromise),
    }),
  ) as unknown as EProxy;
};
