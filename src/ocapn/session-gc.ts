// A session's garbage-collection ops waiting to be sent: op:gc-exports for
// the peer's references we no longer hold (collected imports, resolvers we
// have told), op:gc-answers for our questions that were answered. They are
// not urgent: they go at the end of the next batch of messages out (after
// every message that may name what they release), or on the next turn of
// the event loop if nothing else is sent.

import { writeGcAnswers, writeGcExports, type OcapnDialect } from './op-writer.js';
import type { SessionOutbox } from './session-outbox.js';

export interface SessionGcQueue {
  /** The peer's export at `position` arrived `count` times and we hold it no more. */
  releaseImport(position: number, count: number): void;
  /** Our question at `position` was answered: the peer may forget the answer. */
  releaseAnswer(position: number): void;
  /** Sends the waiting ops now (the outbox calls this before each flush). */
  appendPending(): void;
  /** Drops what waits (the session ended). */
  clear(): void;
}

export const makeSessionGcQueue = (outbox: SessionOutbox, dialect: OcapnDialect): SessionGcQueue => {
  const importsReleased = new Map<number, number>();
  let answersReleased: number[] = [];
  let scheduled = false;
  let stopped = false;

  const appendPending = (): void => {
    if (stopped || !outbox.helloSent) return;
    if (answersReleased.length > 0) {
      const positions = answersReleased;
      answersReleased = [];
      outbox.send((w) => writeGcAnswers(w, dialect, positions));
    }
    if (importsReleased.size > 0) {
      const positions = [...importsReleased.keys()];
      const deltas = positions.map((position) => importsReleased.get(position)!);
      importsReleased.clear();
      outbox.send((w) => writeGcExports(w, dialect, positions, deltas));
    }
  };

  const flushOnNextTurn = (): void => {
    scheduled = false;
    appendPending();
  };

  const schedule = (): void => {
    // A flush on its way takes the GC ops along.
    if (!scheduled && !outbox.flushScheduled) {
      scheduled = true;
      setImmediate(flushOnNextTurn);
    }
  };

  return {
    releaseImport(position, count) {
      if (stopped) return;
      importsReleased.set(position, (importsReleased.get(position) ?? 0) + count);
      schedule();
    },
    releaseAnswer(position) {
      if (stopped) return;
      answersReleased.push(position);
      schedule();
    },
    appendPending,
    clear() {
      stopped = true;
      importsReleased.clear();
      answersReleased = [];
    },
  };
};
