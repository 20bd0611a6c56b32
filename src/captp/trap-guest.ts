// The guest side of Trap calls: Trap(x).method(...args) on an import made
// with the peer's makeTrapHandler sends a CTP_CALL marked `trap` and waits,
// synchronously, through the `trapGuest` option (for instance
// makeAtomicsTrapGuest, blocking this thread on a shared buffer) for the
// completion, which it decodes and returns or throws. Once it has the
// completion, nothing can name the call's question again, so it lets the
// host forget the answer (CTP_DROP), as for any answered question.

import { Fail } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import type { CapData } from '../marshal/types.js';
import type { CapTPMessage, CapTPSlot, TrapCompletion, TrapGuest, TrapImpl } from './types.js';

export type TrapCallerPowers = {
  trapGuest: TrapGuest;
  epoch: number;
  /** Our slot for a value, if it is known here. */
  slotOf: (value: unknown) => CapTPSlot | undefined;
  newQuestionID: () => CapTPSlot;
  /** Tells the host it may forget the answer to `questionID`. */
  dropQuestion: (questionID: CapTPSlot) => void;
  send: (message: CapTPMessage) => void;
  serialize: (value: unknown) => CapData<CapTPSlot>;
  unserialize: (data: CapData<CapTPSlot>) => unknown;
};

type TrapMethod = keyof TrapImpl;

export const makeTrapCaller = (powers: TrapCallerPowers): TrapImpl => {
  const { trapGuest, epoch, slotOf, newQuestionID, dropQuestion, send, serialize, unserialize } = powers;

  const call = (trapMethod: TrapMethod, target: unknown, trapArgs: unknown[], method: unknown[]): unknown => {
    if (Promise.resolve(target) === target) Fail`Trap(${target}) target cannot be a promise`;
    const slot = slotOf(target);
    if (slot === undefined || slot[1] !== '-') Fail`Trap(${target}) target was not imported`;
    if (slot![0] !== 't') Fail`Trap(${target}) imported target was not created with makeTrapHandler`;
    const questionID = newQuestionID();
    const encodedMethod = serialize(harden(method));
    let started = false;
    let completion: TrapCompletion;
    try {
      completion = trapGuest({
        trapMethod,
        slot: slot!,
        trapArgs,
        startTrap: () => {
          started = true;
          send({ type: 'CTP_CALL', epoch, trap: true, questionID, target: slot, method: encodedMethod });
          // What the guest drives the host's iteration with; each step is one message.
          const stepper = (name: 'next' | 'return' | 'throw', done: boolean) => (...args: unknown[]) => {
            send({ type: 'CTP_TRAP_ITERATE', epoch, questionID, serialized: serialize(harden([name, args])) });
            return harden({ done, value: undefined });
          };
          return harden({ next: stepper('next', false), return: stepper('return', true), throw: stepper('throw', true) });
        },
      });
    } finally {
      // Answered or refused, the host may forget the call; a guest that
      // answered without asking the host (one in the same thread) sent no question.
      if (started) dropQuestion(questionID);
    }
    const [isException, serialized] = completion;
    const value = unserialize(serialized);
    if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as any).then === 'function') {
      Fail`Trap(${target}) reply cannot be a Thenable; have ${value}`;
    }
    if (isException) throw value;
    return value;
  };

  return harden({
    applyFunction: (target: unknown, args: unknown[]) => call('applyFunction', target, [args], [null, args]),
    applyMethod: (target: unknown, prop: PropertyKey, args: unknown[]) => call('applyMethod', target, [prop, args], [prop, args]),
    get: (target: unknown, prop: PropertyKey) => call('get', target, [prop], [prop]),
  });
};
