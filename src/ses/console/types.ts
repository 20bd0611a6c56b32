// The console shapes the causal console deals in: which methods a console
// may have, the severity each logs at, and a recorded call.

/** Every console method the causal console knows (others are dropped). */
export type ConsoleMethodName =
  | 'debug'
  | 'log'
  | 'info'
  | 'warn'
  | 'error'
  | 'trace'
  | 'dirxml'
  | 'group'
  | 'groupCollapsed'
  | 'assert'
  | 'timeLog'
  | 'clear'
  | 'count'
  | 'countReset'
  | 'dir'
  | 'groupEnd'
  | 'table'
  | 'time'
  | 'timeEnd'
  | 'profile'
  | 'profileEnd'
  | 'timeStamp';

export type LogSeverity = 'debug' | 'log' | 'info' | 'warn' | 'error';

export type ConsoleMethod = (...args: any[]) => void;

/**
 * A console: any object with some of the methods above. The causal console
 * offers exactly the methods its base console has.
 */
export type VirtualConsole = { [K in ConsoleMethodName]?: ConsoleMethod };

/** One recorded call: the method name, then its arguments. */
export type LogRecord = readonly [ConsoleMethodName, ...unknown[]];

/** Returns the stack of `error` as text (without the message line), or ''. */
export type GetStackString = (error: Error) => string | undefined;
