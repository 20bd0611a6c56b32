// The console methods the causal console passes on, each with the severity
// it logs at. Kept as data: the causal, logging and logger-backed consoles
// all walk these tables.

import { freeze } from '../commons.js';
import type { ConsoleMethodName, LogSeverity } from './types.js';

type MethodEntry = readonly [ConsoleMethodName, LogSeverity];

const entry = (name: ConsoleMethodName, severity: LogSeverity): MethodEntry => freeze([name, severity] as const);

/** Methods whose arguments are `(format?, ...values)`: errors among them get expanded. */
export const consoleLevelMethods: readonly MethodEntry[] = freeze([
  entry('debug', 'debug'),
  entry('log', 'log'),
  entry('info', 'info'),
  entry('warn', 'warn'),
  entry('error', 'error'),
  entry('trace', 'log'),
  entry('dirxml', 'log'),
  entry('group', 'log'),
  entry('groupCollapsed', 'log'),
]);

/**
 * Methods with such arguments after a first one: `assert(condition, ...)`
 * and `timeLog(label, ...)`.
 */
export const consoleSpecialMethods: readonly MethodEntry[] = freeze([
  entry('assert', 'error'),
  entry('timeLog', 'log'),
]);

/** Methods passed on untouched: their arguments are labels, options or data. */
export const consoleOtherMethods: readonly MethodEntry[] = freeze([
  entry('clear', 'info'),
  entry('count', 'info'),
  entry('countReset', 'info'),
  entry('dir', 'log'),
  entry('groupEnd', 'log'),
  entry('table', 'log'),
  entry('time', 'info'),
  entry('timeEnd', 'info'),
  entry('profile', 'info'),
  entry('profileEnd', 'info'),
  entry('timeStamp', 'info'),
]);

export const consoleMethodPermits: readonly MethodEntry[] = freeze([
  ...consoleLevelMethods,
  ...consoleSpecialMethods,
  ...consoleOtherMethods,
]);

/** What the causal console prints after an error's tag for each kind of detail. */
export const errorInfoLabels = freeze({
  note: 'ERROR_NOTE:',
  cause: 'cause:',
  errors: 'errors:',
} as const);
