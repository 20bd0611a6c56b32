// A causal console whose output goes to one logging function, such as a
// test framework's `t.log`, which joins its arguments with spaces and knows
// nothing of groups: grouping becomes indentation. `ses` offers this to
// @endo/ses-ava on `globalThis[Symbol.for(causalConsoleFromLoggerKey)]`;
// whoever installs it there must only do so in the start compartment, since
// it reveals what error messages redact.

import { arrayPush, freeze, fromEntries } from '../commons.js';
import { arrayMap, arrayPop, stringIncludes, stringSplit } from '../errors/primordials.js';
import { consoleLevelMethods, consoleOtherMethods } from './console-methods.js';
import { makeCausalConsole, named } from './make-causal-console.js';
import type { CausalConsoleOptions } from './make-causal-console.js';
import type { ConsoleMethod, VirtualConsole } from './types.js';

/** The registered-symbol name under which `ses` publishes this maker. */
export const causalConsoleFromLoggerKey = 'MAKE_CAUSAL_CONSOLE_FROM_LOGGER_KEY_FOR_SES_AVA';

export type Logger = (...args: unknown[]) => void;

/**
 * The logger puts a space between arguments, so each continuation line of a
 * multi-line string gets the indentation plus a leading '' argument that
 * keeps the first line aligned with the logger's own separator.
 */
const indentLines = (text: string, indents: readonly string[]): unknown[] => {
  const [first, ...rest] = stringSplit(text, '\n');
  const parts: unknown[] = ['', first];
  for (const line of rest) arrayPush(parts, '\n', ...indents, line);
  return parts;
};

export const makeCausalConsoleFromLogger = (logger: Logger, options: CausalConsoleOptions = {}): VirtualConsole => {
  const indents: string[] = [];
  const logIndented = (...args: unknown[]) => {
    if (indents.length === 0) {
      logger(...args);
      return;
    }
    const indented: unknown[] = [...indents];
    for (const arg of args) {
      if (typeof arg === 'string' && stringIncludes(arg, '\n')) {
        arrayPush(indented, ...indentLines(arg, indents));
      } else {
        arrayPush(indented, arg);
      }
    }
    logger(...indented);
  };
  const startGroup = (...label: unknown[]) => {
    if (label.length > 0) logIndented(...label);
    // One space: the logger adds its own separator after it.
    arrayPush(indents, ' ');
  };
  const baseConsole: VirtualConsole = fromEntries([
    ...arrayMap(consoleLevelMethods, ([name]) => [name, named(name, (...args: unknown[]) => logIndented(...args))] as const),
    // Methods without a format: say which method it was.
    ...arrayMap(consoleOtherMethods, ([name]) => [name, named(name, (...args: unknown[]) => logIndented(name, ...args))] as const),
    ['group', named('group', (...label: unknown[]) => startGroup(...label))],
    ['groupCollapsed', named('groupCollapsed', (...label: unknown[]) => startGroup(...label))],
    ['groupEnd', named('groupEnd', (() => void arrayPop(indents)) as ConsoleMethod)],
  ]);
  freeze(baseConsole);
  return makeCausalConsole(baseConsole, options) as VirtualConsole;
};
freeze(makeCausalConsoleFromLogger);
