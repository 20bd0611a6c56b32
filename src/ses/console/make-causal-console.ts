// The causal console: wraps a base console so that an error passed to it is
// printed in full — its unredacted message, its stack, its cause, its
// `errors`, its notes, and then, nested, every error those mention — each
// error once, under a tag like `TypeError#3` that the other lines refer to.
// This is what makes redaction bearable: messages seen by code are terse,
// but the start compartment's console shows everything.

import { apply, arrayPush, defineProperty, freeze, fromEntries, weaksetAdd, weaksetHas } from '../commons.js';
import { FERAL_WEAKSET, arrayFilter, arrayMap, arrayPop, isError, stringEndsWith } from '../errors/primordials.js';
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

/** Errors printed at most per console call (each with its stack). */
const MAX_PRINTED_ERRORS = 500;
/** Groups of nested errors nest at most this deep. */
const MAX_NESTING = 64;
/** An `errors:` line lists at most this many errors; the rest are counted. */
const MAX_LISTED_ERRORS = 100;
/** Notes printed at most per error. */
const MAX_PRINTED_NOTES = 100;
/** The task that closes a group. */
const GROUP_END = freeze({ groupEnd: true });

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

  // The errors to print, worked through with an explicit stack rather than
  // recursion: a cause chain or an AggregateError can be as deep and as wide
  // as whoever made it (a remote peer, say) chose. Each top-level call
  // prints at most MAX_PRINTED_ERRORS errors, groups nest at most
  // MAX_NESTING deep, and an `errors:` line lists at most MAX_LISTED_ERRORS;
  // what is left out is counted in a line saying so.
  type Task = { error: Error; depth: number } | typeof GROUP_END;
  let tasks: Task[] = [];
  let printBudget = 0;
  let notShown = 0;

  /** Queues `errors` for printing (at `depth`): more than one, or any under a parent, in a group. */
  const queueErrors = (severity: LogSeverity, errors: readonly Error[], parentTag: string | undefined, depth: number) => {
    if (errors.length === 0) return;
    if (errors.length === 1 && parentTag === undefined) {
      arrayPush(tasks, { error: errors[0], depth });
      return;
    }
    if (depth >= MAX_NESTING) {
      emit(severity, [`(${errors.length} nested errors under ${parentTag} not shown: nesting is limited to ${MAX_NESTING} levels)`]);
      return;
    }
    let label = errors.length === 1 ? 'Nested error' : `Nested ${errors.length} errors`;
    if (parentTag !== undefined) label += ` under ${parentTag}`;
    emit('group', [label]);
    arrayPush(tasks, GROUP_END);
    for (let i = errors.length - 1; i >= 0; i -= 1) arrayPush(tasks, { error: errors[i], depth: depth + 1 });
  };

  /** Prints `errors` and every error they mention, within the budget. */
  function printErrors(severity: LogSeverity, errors: readonly Error[], parentTag?: string): void {
    if (errors.length === 0) return;
    // A note arriving while printing starts an inner run: it keeps its own tasks.
    const outerTasks = tasks;
    const outerBudget = printBudget;
    const outerNotShown = notShown;
    tasks = [];
    printBudget = MAX_PRINTED_ERRORS;
    notShown = 0;
    try {
      queueErrors(severity, errors, parentTag, 0);
      while (tasks.length > 0) {
        const task = arrayPop(tasks)!;
        if (!('error' in task)) {
          if (baseConsole.groupEnd) emit('groupEnd', []);
        } else if (!weaksetHas(printed, task.error)) {
          if (printBudget > 0) {
            printBudget -= 1;
            printError(severity, task.error, task.depth);
          } else {
            notShown += 1;
          }
        }
      }
      if (notShown > 0) {
        emit(severity, [`(${notShown} more errors not shown: at most ${MAX_PRINTED_ERRORS} are printed at a time)`]);
      }
    } finally {
      tasks = outerTasks;
      printBudget = outerBudget;
      notShown = outerNotShown;
    }
  }

  /** The first MAX_LISTED_ERRORS of an `errors` property, read without spreading it. */
  const listedErrors = (errors: ArrayLike<unknown>): { listed: unknown[]; more: number } => {
    const length = typeof errors.length === 'number' && errors.length > 0 ? Math.floor(errors.length) : 0;
    const count = length < MAX_LISTED_ERRORS ? length : MAX_LISTED_ERRORS;
    const listed: unknown[] = [];
    for (let i = 0; i < count; i += 1) arrayPush(listed, errors[i]);
    return { listed, more: length - count };
  };

  /** Prints one error's own lines and queues the errors it mentions. */
  function printError(severity: LogSeverity, error: Error, depth: number): void {
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
    if (errors) {
      const { listed, more } = listedErrors(errors);
      const tail = more > 0 ? [`… and ${more} more errors`] : [];
      emit(severity, [`${tag} ${errorInfoLabels.errors}`, ...tagErrors(listed, mentioned), ...tail]);
    }
    const noteCount = notes.length < MAX_PRINTED_NOTES ? notes.length : MAX_PRINTED_NOTES;
    for (let i = 0; i < noteCount; i += 1) {
      emitErrorInfo(severity, error, errorInfoLabels.note, notes[i], mentioned);
    }
    if (notes.length > noteCount) emit(severity, [`${tag} … and ${notes.length - noteCount} more notes`]);
    queueErrors(severity, mentioned, tag, depth);
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
