// Lockdown's console step for the start compartment: with consoleTaming
// 'safe' the global console becomes the causal console (errors print with
// their hidden details), and uncaught exceptions and unhandled rejections
// are routed to it (and, per errorTrapping, end the process), so that an
// error nobody caught still gets explained. Compartments get no console.

import { apply, defineProperty, freeze, globalThisRef } from '../commons.js';
import { FERAL_TYPE_ERROR } from '../errors/primordials.js';
import { makeCausalConsole } from './make-causal-console.js';
import { makeRejectionHandlers } from './unhandled-rejections.js';
import type { GetStackString, VirtualConsole } from './types.js';

export type ConsoleTaming = 'safe' | 'unsafe';
export type ErrorTrapping = 'platform' | 'exit' | 'abort' | 'report' | 'none';
export type UnhandledRejectionTrapping = 'report' | 'none';

type EventTargetLike = { addEventListener?: (type: string, listener: (event: any) => void) => void };
type ProcessLike = {
  on?: (event: string, listener: (...args: any[]) => void) => unknown;
  exit?: (code?: number) => never;
  abort?: () => never;
  exitCode?: number;
};

const wrapLogger = (logger: (...args: unknown[]) => void, thisArg?: unknown) =>
  freeze((...args: unknown[]) => {
    apply(logger, thisArg, args);
  });

/** The host's console; a `print`-only host (eshost) gets a minimal one. */
const findHostConsole = (globalObject: any): VirtualConsole | undefined => {
  if (typeof globalObject.console !== 'undefined') {
    const hostConsole = globalObject.console as VirtualConsole;
    // Some engines' consoles only have `log`: give them `warn` and `error`.
    if (hostConsole && hostConsole.log) {
      for (const name of ['warn', 'error'] as const) {
        if (!hostConsole[name]) defineProperty(hostConsole, name, { value: wrapLogger(hostConsole.log, hostConsole) });
      }
    }
    return hostConsole;
  }
  if (typeof globalObject.print === 'function') {
    const print = wrapLogger(globalObject.print);
    return freeze({ debug: print, log: print, info: print, warn: print, error: print });
  }
  return undefined;
};

/**
 * Makes the start compartment's console per `consoleTaming`, installs it as
 * `globalObject.console`, and traps uncaught exceptions and unhandled
 * rejections on Node (`process`) or in a browser (`window`). On Node,
 * `errorTrapping` 'platform' and 'exit' exit with `process.exitCode` (or
 * 255) after reporting, 'abort' aborts, 'report' only reports.
 *
 * `getStackString` is how the console reads a stack (lockdown passes the
 * one that sees stacks hidden from compartments); `globalObject` is for tests.
 */
export const tameConsole = (
  consoleTaming: ConsoleTaming = 'safe',
  errorTrapping: ErrorTrapping = 'platform',
  unhandledRejectionTrapping: UnhandledRejectionTrapping = 'report',
  getStackString?: GetStackString,
  globalObject: any = globalThisRef,
): { console: VirtualConsole | undefined } => {
  const hostConsole = findHostConsole(globalObject);
  const ourConsole =
    consoleTaming === 'unsafe' ? hostConsole : makeCausalConsole(hostConsole, getStackString ? { getStackString } : {});
  if (ourConsole !== undefined) globalObject.console = ourConsole;

  // The error codes are documented with the original `ses`.
  const report = (code: string, reason: unknown) => {
    if (ourConsole?.error) ourConsole.error(code, reason);
  };

  const proc: ProcessLike | undefined = globalObject.process || undefined;
  const onProcess = typeof proc === 'object' && typeof proc.on === 'function';
  if (onProcess && errorTrapping !== 'none') {
    let terminate: (() => void) | undefined;
    if (errorTrapping === 'platform' || errorTrapping === 'exit') {
      const { exit } = proc;
      if (typeof exit !== 'function') throw FERAL_TYPE_ERROR('errorTrapping needs process.exit, which is missing');
      terminate = () => apply(exit, proc, [proc.exitCode || -1]);
    } else if (errorTrapping === 'abort') {
      const { abort } = proc;
      if (typeof abort !== 'function') throw FERAL_TYPE_ERROR("errorTrapping 'abort' needs process.abort, which is missing");
      terminate = () => apply(abort, proc, []);
    }
    proc.on!('uncaughtException', (error: unknown) => {
      report('SES_UNCAUGHT_EXCEPTION:', error);
      if (terminate) terminate();
    });
  }
  if (onProcess && unhandledRejectionTrapping !== 'none') {
    const handlers = makeRejectionHandlers(reason => report('SES_UNHANDLED_REJECTION:', reason));
    if (handlers) {
      proc.on!('unhandledRejection', handlers.unhandledRejectionHandler);
      proc.on!('rejectionHandled', handlers.rejectionHandledHandler);
      proc.on!('exit', handlers.processTerminationHandler);
    }
  }

  const win: (EventTargetLike & { location?: { href: string } }) | undefined = globalObject.window || undefined;
  const onWindow = typeof win === 'object' && typeof win.addEventListener === 'function';
  if (onWindow && errorTrapping !== 'none') {
    win.addEventListener!('error', event => {
      event.preventDefault();
      report('SES_UNCAUGHT_EXCEPTION:', event.error);
      // A page cannot exit: leaving it is the nearest thing.
      if ((errorTrapping === 'exit' || errorTrapping === 'abort') && win.location) win.location.href = 'about:blank';
    });
  }
  if (onWindow && unhandledRejectionTrapping !== 'none') {
    const handlers = makeRejectionHandlers(reason => report('SES_UNHANDLED_REJECTION:', reason));
    if (handlers) {
      win.addEventListener!('unhandledrejection', event => {
        event.preventDefault();
        handlers.unhandledRejectionHandler(event.reason, event.promise);
      });
      win.addEventListener!('rejectionhandled', event => {
        event.preventDefault();
        handlers.rejectionHandledHandler(event.promise);
      });
      win.addEventListener!('beforeunload', () => handlers.processTerminationHandler());
    }
  }

  return { console: ourConsole };
};
freeze(tameConsole);
