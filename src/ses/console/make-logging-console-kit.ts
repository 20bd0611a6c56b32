// A logging console records calls instead of printing them: tests put a
// causal console over one to see exactly what would be printed, and a
// recorded log can be replayed onto a real console later.

import { apply, freeze, fromEntries } from '../commons.js';
import { loggedErrorHandler } from '../errors/internal.js';
import { arrayMap } from '../errors/primordials.js';
import { consoleMethodPermits } from './console-methods.js';
import { named } from './make-causal-console.js';
import type { ConsoleMethod, LogRecord, VirtualConsole } from './types.js';

export interface LoggingConsoleKit {
  /** Has every known console method; each call is recorded. */
  loggingConsole: Required<VirtualConsole>;
  /** Returns the calls recorded since the last `takeLog()`, and forgets them. */
  takeLog: () => readonly LogRecord[];
}

export interface LoggingConsoleKitOptions {
  /** Restart error tag numbering, so a test can expect `Error#1`. */
  shouldResetForDebugging?: boolean;
}

export const makeLoggingConsoleKit = ({ shouldResetForDebugging = false }: LoggingConsoleKitOptions = {}): LoggingConsoleKit => {
  if (shouldResetForDebugging) loggedErrorHandler.resetErrorTagNum();
  let log: LogRecord[] = [];
  const loggingConsole = freeze(
    fromEntries(
      arrayMap(consoleMethodPermits, ([name]) => {
        const method: ConsoleMethod = (...args: unknown[]) => {
          log[log.length] = freeze([name, ...args]);
        };
        return [name, freeze(named(name, method))];
      }),
    ),
  ) as Required<VirtualConsole>;
  const takeLog = () => {
    const taken = freeze(log);
    log = [];
    return taken;
  };
  return freeze({ loggingConsole, takeLog: freeze(takeLog) });
};
freeze(makeLoggingConsoleKit);

/** Replays recorded calls onto `baseConsole`. */
export const pumpLogToConsole = (log: readonly LogRecord[], baseConsole: VirtualConsole): void => {
  for (const [name, ...args] of log) {
    const method = baseConsole[name];
    if (method !== undefined) apply(method, baseConsole, args);
  }
};
freeze(pumpLogToConsole);
