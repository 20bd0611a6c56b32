// The causal console: wraps a base console so that an error passed to it is
// printed in full — its unredacted message, its stack, its cause, its
// `errors`, its notes, and then, nested, every error those mention — each
// error once, under a tag like `TypeError#3` that the other lines refer to.
// This is what makes redaction bearable: messages seen by code are terse,
// but the start compartment's console shows everything.

import { apply, defineProperty, freeze, fromEntries, weaksetAdd, weaksetHas } from '../commons.js';
import { FERAL_WEAKSET, arrayFilter, arrayMap, isError, stringEndsWith } from '../errors/primordials.js';
import { loggedErrorHandler as realmErrorHandler } from '../errors/internal.js';
import type { LogArgs, LoggedErrorHandler } from '../errors/internal.js';
import { consoleLevelMethods, consoleOtherMethods, errorInfoLabels } from './console-methods.js';
import { defaultGetStackString } from './get-stack-string.js';
import { makeInspectSafeConsole } from './inspect-safe-console.js';
import { sanitizeFormatData } from './sanitize-format-data.js';
import type { ConsoleMethod, ConsoleMethodName, GetStackString, LogSeverity, VirtualConsole } from './types.js';

export interface CausalConsoleOptions {
  /** The stack text printed under each error (default: from `error.stack`). */
  getStackString?: GetStackString;
  /** Where hidden messages and notes come from (default: this realm's). */
  loggedErrorHandler?: LoggedErrorHandler;
}

/** Gives an arrow function the name tools will show for it. */
export const named = <F extends Function>(name: string, fn: F): F => defineProperty(fn, 'name', { value: name });

/**
 * Makes the causal console over `feralConsole` (`undefined` if there is no
 * console). On Node, the real console is replaced by an equivalent one that
 * never runs objects' custom inspect methods. The result has exactly the
 * known methods that the base console has, and is frozen.
 */
export const makeCausalConsole = (
  feralConsole: VirtualConsole | undefined,
  options: CausalConsoleOptions = {},
): VirtualConsole | undefined => {
  if (!feralConsole) return undefined;
  const baseConsole = makeInspectSafeConsole(feralConsole);
  const { getStackString = defaultGetStackString, loggedErrorHandler = realmErrorHandler } = options;
  const { tagError, takeMessageLogArgs, takeNoteLogArgsArray } = loggedErrorHandler;

  const emit = (name: ConsoleMethodName, args: readonly unknown[]): void => {
    const method = baseConsole[name] ?? baseConsole.log;
    if (method !== undefined) apply(method, baseConsole, args);
  };

  /** Replaces each error in `args` by its tag, collecting the errors in `found`. */
  const tagErrors = (args: readonly unknown[], found: Error[]): unknown[] =>
    arrayMap(args, arg => {
      if (!isError(arg)) return arg;
      found[found.length] = arg;
      return `(${tagError(arg)})`;
    });

  const emitErrorInfo = (
    severity: LogSeverity,
    error: Error,
    label: string,
    logArgs: LogArgs,
    found: Error[],
  ): void => emit(severity, [`${tagError(error)} ${label}`, ...tagErrors(logArgs, found)]);

  const printed = new FERAL_WEAKSET<object>();

  /** Prints `errors`; more than one, or any under a parent, in a group. */
  const printErrors = (severity: LogSeverity, errors: readonly Error[], parentTag?: string): void => {
    if (errors.length === 0) return;
    if (errors.length === 1 && parentTag === undefined) {
      printError(severity, errors[0]);
      return;
    }
    let label = errors.length === 1 ? 'Nested error' : `Nested ${errors.length} errors`;
    if (parentTag !== undefined) label += ` under ${parentTag}`;
    emit('group', [label]);
    try {
      for (const error of errors) printError(severity, error);
    } finally {
      if (baseConsole.groupEnd) emit('groupEnd', []);
    }
  };

  function printError(severity: LogSeverity, error: Error): void {
    if (weaksetHas(printed, error)) return;
    const tag = tagError(error);
    weaksetAdd(printed, error);
    const mentioned: Error[] = [];
    const messageLogArgs = takeMessageLogArgs(error);
    // A note arriving after this is printed is printed as it arrives.
    const notes = takeNoteLogArgsArray(error, (annotated, noteLogArgs) => {
      const noteMentions: Error[] = [];
      emitErrorInfo(severity, annotated, errorInfoLabels.note, noteLogArgs, noteMentions);
      printErrors(severity, noteMentions, tagError(annotated));
    });
    if (messageLogArgs === undefined) {
      emit(severity, [`${tag}:`, error.message]);
    } else {
      emit(severity, [`${tag}:`, ...tagErrors(messageLogArgs, mentioned)]);
    }
    let stack = getStackString(error) ?? '';
    if (stack.length > 0 && !stringEndsWith(stack, '\n')) stack += '\n';
    emit(severity, [stack]);
    const { cause, errors } = error as { cause?: unknown; errors?: ArrayLike<unknown> };
    if (cause) emitErrorInfo(severity, error, errorInfoLabels.cause, [cause], mentioned);
    if (errors) emitErrorInfo(severity, error, errorInfoLabels.errors, arrayMap(errors, e => e), mentioned);
    for (const noteLogArgs of notes) {
      emitErrorInfo(severity, error, errorInfoLabels.note, noteLogArgs, mentioned);
    }
    printErrors(severity, mentioned, tag);
  }

  const levelMethods = arrayMap(consoleLevelMethods, ([name, severity]) => {
    const method = (...args: unknown[]) => {
      const mentioned: Error[] = [];
      emit(name, tagErrors(sanitizeFormatData(args), mentioned));
      printErrors(severity, mentioned);
    };
    return [name, freeze(named(name, method))] as const;
  });

  const assertMethod = (...args: unknown[]) => {
    if (args.length <= 1) {
      emit('assert', args);
      return;
    }
    const [condition, ...rest] = args;
    const mentioned: Error[] = [];
    emit('assert', [condition, ...tagErrors(sanitizeFormatData(rest), mentioned)]);
    // Only a failed assertion prints anything, so only then explain errors.
    if (!condition) printErrors('error', mentioned);
  };

  const timeLogMethod = (...args: unknown[]) => {
    if (args.length <= 1) {
      emit('timeLog', args);
      return;
    }
    const [label, ...rest] = args;
    const mentioned: Error[] = [];
    emit('timeLog', [label, ...tagErrors(sanitizeFormatData(rest), mentioned)]);
    printErrors('log', mentioned);
  };

  const otherMethods = arrayMap(consoleOtherMethods, ([name]) => {
    const method = (...args: unknown[]): undefined => {
      apply(baseConsole[name] as ConsoleMethod, baseConsole, args);
      return undefined;
    };
    return [name, freeze(named(name, method))] as const;
  });

  const entries: ReadonlyArray<readonly [ConsoleMethodName, ConsoleMethod]> = [
    ...levelMethods,
    ['assert', freeze(named('assert', assertMethod))],
    ['timeLog', freeze(named('timeLog', timeLogMethod))],
    ...otherMethods,
  ];
  return freeze(fromEntries(arrayFilter(entries, ([name]) => name in baseConsole))) as VirtualConsole;
};
freeze(makeCausalConsole);
