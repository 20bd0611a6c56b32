// Hands one connection's received messages to their handler in bounded
// batches, so that a peer who sends thousands of messages at once cannot
// hold the event loop: at most `maxMessagesPerTurn` messages, or
// `maxMillisPerTurn` milliseconds of handling, per event-loop turn; the
// rest wait, in order, for the next turn (setImmediate), and other
// connections' I/O is served in between. Below the budget a message is
// handled at once, as it arrives.

import { performance } from 'node:perf_hooks';

/** The per-connection budget of message handling per event-loop turn. */
export type DispatchBudget = {
  /**
   * At most this many of one connection's messages are dispatched per
   * event-loop turn; the rest wait for the next turn (default 64).
   */
  maxMessagesPerTurn?: number;
  /**
   * Dispatching stops for the turn once this many milliseconds have been
   * spent on one connection's messages in it (default 5).
   */
  maxMillisPerTurn?: number;
};

export const DEFAULT_MAX_MESSAGES_PER_TURN = 64;
export const DEFAULT_MAX_MILLIS_PER_TURN = 5;

export type FairDispatcher<M> = {
  /** A message arrived: handled now if the turn's budget allows and none is waiting, else queued. */
  push: (message: M) => void;
  /** Calls `callback` once every message pushed so far has been handled (at once if none waits). */
  whenDrained: (callback: () => void) => void;
  /** Drops what waits and handles nothing more. */
  stop: () => void;
  /** How many messages wait. */
  waiting: () => number;
};

const checkBudgetNumber = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new RangeError(`The ${name} option must be a positive number, not ${String(value)}`);
  }
  return value;
};

export const makeFairDispatcher = <M>(handle: (message: M) => void, budget: DispatchBudget = {}): FairDispatcher<M> => {
  const maxMessages = checkBudgetNumber('maxMessagesPerTurn', budget.maxMessagesPerTurn, DEFAULT_MAX_MESSAGES_PER_TURN);
  const maxMillis = checkBudgetNumber('maxMillisPerTurn', budget.maxMillisPerTurn, DEFAULT_MAX_MILLIS_PER_TURN);

  // A queue as an array and a read index: shift() on a long array is O(n).
  let queue: (M | undefined)[] = [];
  let head = 0;
  /** Messages handled in this turn, and when the first of them was. */
  let used = 0;
  let turnStart = 0;
  let turnScheduled = false;
  let stopped = false;
  let drained: (() => void)[] = [];

  const hasWaiting = (): boolean => head < queue.length;
  const isOverBudget = (): boolean => used >= maxMessages || (used > 0 && performance.now() - turnStart >= maxMillis);

  const scheduleTurn = (): void => {
    if (turnScheduled || stopped) return;
    turnScheduled = true;
    setImmediate(nextTurn);
  };

  const handleOne = (message: M): void => {
    if (used === 0) {
      turnStart = performance.now();
      // A new turn starts the budget afresh.
      scheduleTurn();
    }
    used += 1;
    handle(message);
  };

  const callDrained = (): void => {
    const callbacks = drained;
    drained = [];
    for (const callback of callbacks) callback();
  };

  function nextTurn(): void {
    turnScheduled = false;
    used = 0;
    while (!stopped && hasWaiting() && !isOverBudget()) {
      const message = queue[head] as M;
      queue[head] = undefined;
      head += 1;
      handleOne(message);
    }
    if (stopped) return;
    if (hasWaiting()) {
      // Forget what was handled once it is most of the array.
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      scheduleTurn();
      return;
    }
    queue = [];
    head = 0;
    if (drained.length > 0) callDrained();
  }

  const push = (message: M): void => {
    if (stopped) return;
    if (hasWaiting() || isOverBudget()) {
      queue.push(message);
      scheduleTurn();
      return;
    }
    handleOne(message);
  };

  const whenDrained = (callback: () => void): void => {
    if (stopped || !hasWaiting()) callback();
    else drained.push(callback);
  };

  const stop = (): void => {
    stopped = true;
    queue = [];
    head = 0;
    callDrained();
  };

  return { push, whenDrained, stop, waiting: () => queue.length - head };
};
