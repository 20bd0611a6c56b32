// The host side of Trap calls: a CTP_CALL marked `trap` is answered not
// with CTP_RETURN but by handing its completion to the `trapHost` option,
// which may return an async iterator; the guest then drives that iterator
// with CTP_TRAP_ITERATE messages (next, and a final return or throw),
// typically to pull a large result through a small shared buffer. Steps
// of one trap call run in order, each after the previous one settled.

import { Fail, q } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import type { TrapCompletion, TrapHost } from './types.js';

const STEP_METHODS: ReadonlySet<unknown> = new Set(['next', 'return', 'throw']);

type Step = { done?: boolean };

export type TrapServer = {
  /** Starts a trap call; returns what to do with its completion once the call settles. */
  start: (questionID: string) => (completion: TrapCompletion) => void;
  /** One CTP_TRAP_ITERATE step. Throws (a protocol error) for an unknown call or method. */
  iterate: (questionID: string, method: unknown, args: unknown) => void;
  /** Forgets every trap call in progress (the connection is gone). */
  clear: () => void;
};

export const makeTrapServer = (trapHost: TrapHost, onReject: (reason: unknown) => void): TrapServer => {
  /** The last step of each trap call in progress, by the guest's question id. */
  const lastSteps = new Map<string, Promise<Step>>();
  const iterators = new Map<string, AsyncIterator<void, void, unknown>>();

  const finish = (questionID: string): Step => {
    lastSteps.delete(questionID);
    iterators.delete(questionID);
    return harden({ done: true });
  };

  const start = (questionID: string) => {
    let started!: (step: Step) => void;
    // Set now, so that an iteration arriving before the call settles waits for it.
    lastSteps.set(questionID, new Promise<Step>(resolve => (started = resolve)));
    return (completion: TrapCompletion): void => {
      let iterator: AsyncIterator<void, void, unknown> | undefined;
      try {
        iterator = trapHost(completion) ?? undefined;
      } catch (error) {
        onReject(error);
      }
      if (iterator === undefined) {
        started({ done: true });
        return;
      }
      iterators.set(questionID, iterator);
      started({ done: false });
    };
  };

  const iterate = (questionID: string, method: unknown, args: unknown): void => {
    const previous = lastSteps.get(questionID);
    if (previous === undefined) Fail`CTP_TRAP_ITERATE for ${q(questionID)}, which is not a Trap call in progress`;
    if (!STEP_METHODS.has(method)) Fail`CTP_TRAP_ITERATE method must be "next", "return" or "throw", not ${q(method)}`;
    if (!Array.isArray(args)) Fail`CTP_TRAP_ITERATE arguments must be an array, not ${q(args)}`;
    const step = previous!.then(async (last): Promise<Step> => {
      const iterator = iterators.get(questionID);
      if (last.done || iterator === undefined) return finish(questionID);
      const stepMethod = (iterator as any)[method as string] as ((...a: unknown[]) => Promise<Step>) | undefined;
      try {
        if (typeof stepMethod !== 'function') {
          // An iterator without return/throw just ends.
          return finish(questionID);
        }
        const result = await stepMethod.apply(iterator, args as unknown[]);
        if (method !== 'next') finish(questionID);
        return result;
      } catch (error) {
        finish(questionID);
        // The guest's closing throw(null) reaches an iterator that had not finished.
        onReject(error ?? Error(`trapGuest ended Trap call ${questionID} before the trapHost iterator was done`));
        return { done: true };
      }
    });
    lastSteps.set(questionID, step);
  };

  return {
    start,
    iterate,
    clear: () => {
      lastSteps.clear();
      iterators.clear();
    },
  };
};
