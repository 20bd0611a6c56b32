// The privileged side of `assert`, for the start compartment's own machinery
// (lockdown, the causal console, test helpers) and never exported from a
// public entry point: whoever holds these functions can read the values
// that error messages redact, read and consume notes, and switch redaction.

import { freeze } from '../commons.js';
import { getMessageLogArgs, resetErrorTagNum, tagError, takeMessageLogArgs } from './make-error.js';
import { takeNoteLogArgsArray } from './notes.js';
import type { LogArgs } from './details.js';
import type { NoteCallback } from './notes.js';

export type { LogArgs } from './details.js';
export type { NoteCallback } from './notes.js';

export { getMessageLogArgs, takeMessageLogArgs, tagError, resetErrorTagNum, sanitizeError } from './make-error.js';
export { takeNoteLogArgsArray } from './notes.js';
export { redactedDetails, unredactedDetails, setRedaction, isRedacting } from './details.js';
export { makeAssert, assert as fullAssert } from './make-assert.js';
export { an, bestEffortStringify, enJoin } from './stringify-utils.js';

/** What a causal console needs to read from the errors bookkeeping. */
export interface LoggedErrorHandler {
  /** "TypeError#3": the error's name for console output, fixed at first use. */
  tagError(error: Error): string;
  /** Restarts tag numbering (tests only). */
  resetErrorTagNum(): void;
  /** The unredacted message of an error made by makeError. */
  getMessageLogArgs(error: Error): LogArgs | undefined;
  /** Same, forgetting it (a console prints it once). */
  takeMessageLogArgs(error: Error): LogArgs | undefined;
  /** The notes waiting on the error; `callback` receives later ones. */
  takeNoteLogArgsArray(error: Error, callback?: NoteCallback): LogArgs[];
}

/** This realm's handler, as the causal console uses it by default. */
export const loggedErrorHandler: LoggedErrorHandler = freeze({
  tagError: (error: Error) => tagError(error),
  resetErrorTagNum,
  getMessageLogArgs,
  takeMessageLogArgs,
  takeNoteLogArgsArray,
});
