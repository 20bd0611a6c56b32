// Two makeCapTP ends, "A" and "B", wired to each other synchronously with
// every message passed through JSON (as a byte transport would), and a log
// of the messages in the order they were sent.

import { makeCapTP } from '../../src/captp/index.js';
import type { CapTP, CapTPMessage, CapTPOptions } from '../../src/captp/index.js';

export type Pair = {
  a: CapTP;
  b: CapTP;
  /** Each message as sent, with who sent it. */
  log: { from: 'A' | 'B'; message: CapTPMessage }[];
  /** What each end reported to onReject. */
  rejectedA: unknown[];
  rejectedB: unknown[];
};

export const makePair = (bootstrapA?: unknown, bootstrapB?: unknown, options: CapTPOptions = {}): Pair => {
  const log: Pair['log'] = [];
  const rejectedA: unknown[] = [];
  const rejectedB: unknown[] = [];
  let b: CapTP | undefined;
  const a = makeCapTP(
    'A',
    message => {
      const wire = JSON.parse(JSON.stringify(message));
      log.push({ from: 'A', message: wire });
      b!.dispatch(wire);
    },
    bootstrapA,
    { onReject: reason => rejectedA.push(reason), ...options },
  );
  b = makeCapTP(
    'B',
    message => {
      const wire = JSON.parse(JSON.stringify(message));
      log.push({ from: 'B', message: wire });
      a.dispatch(wire);
    },
    bootstrapB,
    { onReject: reason => rejectedB.push(reason), ...options },
  );
  return { a, b, log, rejectedA, rejectedB };
};

/** Lets every queued turn run (messages are answered in later turns). */
export const settle = async (turns = 20): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise(resolve => setImmediate(resolve));
};
