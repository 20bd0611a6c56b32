// Hands one connection's received messages to their handler in bounded
// batches, so that a peer who sends thousands of messages at once cannot
// hold the event loop: at most `maxMessagesPerTurn` messages, or
// `maxMillisPerTurn` milliseconds of handling, per event-loop turn; the
// rest wait, in order, for the next turn (setImmediate), and other
// connections' I/O is served in between. Below the budget a message is
// handled at once, as it arrives.
//
// What waits is bounded too: a peer that writes faster than we dispatch
// would otherwise grow the queue without end. Above `maxQueuedMessages`
// messages or `maxQueuedBytes` encoded bytes waiting, the dispatcher asks
// its source to stop reading from the peer, and to read again once both
// are down to half. Messages already decoded from what was read may still
// arrive meanwhile; the bound is then exceeded by at most one read's worth.

import { performance } from 'node:perf_hooks';
import { checkDispatchLimits } from './limits.js';

/** The per-connection budget of message handling per event-loop turn, and the bound on what waits. */
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
  /**
   * Above this many messages waiting to be dispatched, we stop reading from
   * the peer until half of them have been dispatched (default 1024).
   */
  maxQueuedMessages?: number;
  /**
   * Above this many encoded bytes of messages waiting to be dispatched, we
   * stop reading from the peer until it is down to half (default 8 MiB).
   */
  maxQueuedBytes?: number;
};

/** How the dispatcher stops and restarts its source (the connection's reading from the peer). */
export type DispatchSource = {
  pauseReading: () => void;
  resumeReading: () => void;
};

export type FairDispatcher<M> = {
  /**
   * A message arrived (`bytes` long, encoded): handled now if the turn's
   * budget allows and none is waiting, else queued.
   */
  push: (message: M, bytes?: number) => void;
  /** Calls `callback` once every message pushed so far has been handled (at once if none waits). */
  whenDrained: (callback: () => void) => void;
  /** Drops what waits and handles nothing more. */
  stop: () => void;
  /** How many messages wait. */
  waiting: () => number;
  /** How many encoded bytes wait. */
  waitingBytes: () => number;
  /** True while the source is paused because too much waits. */
  isPaused: () => boolean;
};

const noSource: DispatchSource = { pauseReading: () => {}, resumeReading: () => {} };

export const makeFairDispatcher = <M>(
  handle: (message: M) => void,
  budget: DispatchBudget = {},
  source: DispatchSource = noSource,
): FairDispatcher<M> => {
  const { maxMessagesPerTurn: maxMessages, maxMillisPerTurn: maxMillis, maxQueuedMessages, maxQueuedBytes } =
    checkDispatchLimits(budget);

  // A queue as arrays and a read index: shift() on a long array is O(n).
  let queue: (M | undefined)[] = [];
  let sizes: number[] = [];
  let head = 0;
  let queuedBytes = 0;
  /** Messages handled in this turn, and when the first of them was. */
  let used = 0;
  let turnStart = 0;
  let turnScheduled = false;
  let stopped = false;
  let paused = false;
  let drained: (() => void)[] = [];

  const hasWaiting = (): boolean => head < queue.length;
  const waiting = (): number => queue.length - head;
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

  const resumeIfLow = (): void => {
    if (paused && !stopped && waiting() <= maxQueuedMessages / 2 && queuedBytes <= maxQueuedBytes / 2) {
      paused = false;
      source.resumeReading();
    }
  };

  function nextTurn(): void {
    turnScheduled = false;
    used = 0;
    while (!stopped && hasWaiting() && !isOverBudget()) {
      const message = queue[head] as M;
      queue[head] = undefined;
      queuedBytes -= sizes[head];
      head += 1;
      handleOne(message);
    }
    if (stopped) return;
    if (hasWaiting()) {
      // Forget what was handled once it is most of the array.
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        sizes = sizes.slice(head);
        head = 0;
      }
      scheduleTurn();
      resumeIfLow();
      return;
    }
    queue = [];
    sizes = [];
    head = 0;
    queuedBytes = 0;
    resumeIfLow();
    if (drained.length > 0) callDrained();
  }

  const push = (message: M, bytes = 0): void => {
    if (stopped) return;
    if (hasWaiting() || isOverBudget()) {
      queue.push(message);
      sizes.push(bytes);
      queuedBytes += bytes;
      scheduleTurn();
      if (!paused && (waiting() > maxQueuedMessages || queuedBytes > maxQueuedBytes)) {
        paused = true;
        source.pauseReading();
      }
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
    sizes = [];
    head = 0;
    queuedBytes = 0;
    callDrained();
  };

  return { push, whenDrained, stop, waiting, waitingBytes: () => queuedBytes, isPaused: () => paused };
};
