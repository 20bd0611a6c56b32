// What happens to an exception nobody caught and a rejection nobody handled
// (lockdown's errorTrapping and unhandledRejectionTrapping options). With
// errorTaming 'safe' the platform's own report would show an empty stack,
// so lockdown reports them itself, through the start compartment's console,
// then exits as the platform would have (or aborts, or carries on).
//
// On Node this listens to `process` ('uncaughtException',
// 'unhandledRejection', 'rejectionHandled', 'exit'); in a browser to `window`
// ('error', 'unhandledrejection', 'rejectionhandled', 'beforeunload').
// Listening replaces Node's default behaviour, which is why 'report' lets the
// process continue and 'platform' has to exit explicitly.

import { apply, freeze, globalThisRef } from './commons.js';
import { FERAL_STRING, FERAL_TYPE_ERROR } from './errors/primordials.js';
import { makeRejectionHandlers } from './console/unhandled-rejections.js';
import type { ErrorTrapping, UnhandledRejectionTrapping } from './console/tame-console.js';

export type { ErrorTrapping, UnhandledRejectionTrapping } from './console/tame-console.js';

/** The labels the original ses prints before a trapped error (its error codes). */
export const uncaughtExceptionLabel = 'SES_UNCAUGHT_EXCEPTION:';
export const unhandledRejectionLabel = 'SES_UNHANDLED_REJECTION:';

type Listener = (...args: any[]) => void;
type ProcessLike = {
  on?: (event: string, listener: Listener) => unknown;
  exit?: (code?: number) => never;
  abort?: () => never;
  exitCode?: number | string;
};
type WindowLike = {
  addEventListener?: (type: string, listener: Listener) => void;
  location?: { href: string };
};

const errorTrappingValues: readonly string[] = freeze(['platform', 'exit', 'abort', 'report', 'none']);
const rejectionTrappingValues: readonly string[] = freeze(['report', 'none']);

const nodeProcessOf = (globalObject: any): ProcessLike | undefined => {
  const proc = globalObject.process;
  return typeof proc === 'object' && proc !== null && typeof proc.on === 'function' ? proc : undefined;
};

const browserWindowOf = (globalObject: any): WindowLike | undefined => {
  const win = globalObject.window;
  return typeof win === 'object' && win !== null && typeof win.addEventListener === 'function' ? win : undefined;
};

/** Runs `report`, and then `after` even if reporting threw. */
const reportThen = (report: (error: unknown) => void, error: unknown, after?: () => void) => {
  try {
    report(error);
  } finally {
    if (after) after();
  }
};

/**
 * Traps uncaught exceptions. `reportError` receives each one (lockdown
 * passes `error => console.error(uncaughtExceptionLabel, error)` with the
 * tamed console). Then, on Node: 'platform' and 'exit' exit with
 * `process.exitCode`, or -1 (status 255) when it is unset; 'abort' calls
 * `process.abort()`; 'report' carries on. 'none' installs nothing, leaving
 * the platform's behaviour. In a browser, 'exit' and 'abort' leave the page.
 * `globalObject` is for tests.
 */
export const tameErrorTrapping = (
  errorTrapping: ErrorTrapping,
  reportError: (error: unknown) => void,
  globalObject: object = globalThisRef,
): void => {
  if (!errorTrappingValues.includes(errorTrapping)) {
    throw FERAL_TYPE_ERROR(`errorTrapping must be one of ${errorTrappingValues.join(', ')}, got ${FERAL_STRING(errorTrapping)}`);
  }
  if (errorTrapping === 'none') return;

  const proc = nodeProcessOf(globalObject);
  if (proc) {
    let terminate: (() => void) | undefined;
    if (errorTrapping === 'platform' || errorTrapping === 'exit') {
      const { exit } = proc;
      // Checked now: finding it missing only at the first error would be too late.
      if (typeof exit !== 'function') throw FERAL_TYPE_ERROR(`errorTrapping '${errorTrapping}' needs process.exit, which is missing`);
      terminate = () => apply(exit, proc, [proc.exitCode || -1]);
    } else if (errorTrapping === 'abort') {
      const { abort } = proc;
      if (typeof abort !== 'function') throw FERAL_TYPE_ERROR("errorTrapping 'abort' needs process.abort, which is missing");
      terminate = () => apply(abort, proc, []);
    }
    apply(proc.on!, proc, ['uncaughtException', (error: unknown) => reportThen(reportError, error, terminate)]);
  }

  const win = browserWindowOf(globalObject);
  if (win) {
    const leavePage =
      errorTrapping === 'exit' || errorTrapping === 'abort'
        ? () => {
            if (win.location) win.location.href = 'about:blank';
          }
        : undefined;
    apply(win.addEventListener!, win, [
      'error',
      (event: { error: unknown; preventDefault(): void }) => {
        event.preventDefault();
        reportThen(reportError, event.error, leavePage);
      },
    ]);
  }
};
freeze(tameErrorTrapping);

/**
 * Traps unhandled rejections ('report'): each reason is reported once it can
 * no longer be handled (its promise was garbage collected) or when the
 * process ends, unless a handler was attached late ('rejectionHandled').
 * Having a listener stops Node from turning the rejection into an uncaught
 * exception. 'none' installs nothing, so Node's default applies (which,
 * with errorTrapping trapping, reports it as an uncaught exception).
 */
export const tameUnhandledRejectionTrapping = (
  unhandledRejectionTrapping: UnhandledRejectionTrapping,
  reportError: (reason: unknown) => void,
  globalObject: object = globalThisRef,
): void => {
  if (!rejectionTrappingValues.includes(unhandledRejectionTrapping)) {
    throw FERAL_TYPE_ERROR(
      `unhandledRejectionTrapping must be one of ${rejectionTrappingValues.join(', ')}, got ${FERAL_STRING(unhandledRejectionTrapping)}`,
    );
  }
  if (unhandledRejectionTrapping === 'none') return;
  const proc = nodeProcessOf(globalObject);
  const win = browserWindowOf(globalObject);
  if (!proc && !win) return;

  // Without FinalizationRegistry nothing can tell "never handled" from "not
  // yet handled": report at once rather than not at all.
  const handlers = makeRejectionHandlers(reason => reportError(reason)) ?? {
    unhandledRejectionHandler: (reason: unknown) => reportError(reason),
    rejectionHandledHandler: () => {},
    processTerminationHandler: () => {},
  };

  if (proc) {
    const on = proc.on!;
    apply(on, proc, ['unhandledRejection', handlers.unhandledRejectionHandler]);
    apply(on, proc, ['rejectionHandled', handlers.rejectionHandledHandler]);
    apply(on, proc, ['exit', () => handlers.processTerminationHandler()]);
  }
  if (win) {
    const add = win.addEventListener!;
    apply(add, win, [
      'unhandledrejection',
      (event: { reason: unknown; promise: Promise<unknown>; preventDefault(): void }) => {
        event.preventDefault();
        handlers.unhandledRejectionHandler(event.reason, event.promise);
      },
    ]);
    apply(add, win, [
      'rejectionhandled',
      (event: { promise: Promise<unknown>; preventDefault(): void }) => {
        event.preventDefault();
        handlers.rejectionHandledHandler(event.promise);
      },
    ]);
    apply(add, win, ['beforeunload', () => handlers.processTerminationHandler()]);
  }
};
freeze(tameUnhandledRejectionTrapping);
