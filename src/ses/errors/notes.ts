// Notes: `note(error, details)` (exported also as `annotateError`) attaches
// extra details to an error without touching the error itself. The notes wait
// in a WeakMap until a causal console prints the error; after that, later
// notes go straight to that console through the callback it registered.

import { arrayPush, freeze, isObject, weakmapGet, weakmapSet } from '../commons.js';
import { logArgsOf, partsOf, quote } from './details.js';
import type { LogArgs } from './details.js';
import { FERAL_TYPE_ERROR, FERAL_WEAKMAP, arrayShift, weakmapDelete } from './primordials.js';
import type { Details } from './types.js';

/** How a console hears of a note that arrives after it printed the error. */
export type NoteCallback = (error: Error, noteLogArgs: LogArgs) => void;

// An error kept alive and annotated in a loop must not grow without bound:
// past this many waiting notes, the oldest is dropped.
const maxNotesPerError = 100;

const pendingNotes = new FERAL_WEAKMAP<object, LogArgs[]>();
const noteCallbacks = new FERAL_WEAKMAP<object, NoteCallback[]>();

/** Attaches `details` to `error`, for the causal console to print. */
export const note = (error: Error, details: Details): void => {
  const logArgs = logArgsOf(partsOf(details));
  if (!isObject(error)) {
    throw FERAL_TYPE_ERROR(`Only an object (normally an error) can be annotated, not ${quote(error)}`);
  }
  const callbacks = weakmapGet(noteCallbacks, error);
  if (callbacks !== undefined) {
    for (let i = 0; i < callbacks.length; i += 1) {
      callbacks[i](error, logArgs);
    }
    return;
  }
  const pending = weakmapGet(pendingNotes, error);
  if (pending === undefined) {
    weakmapSet(pendingNotes, error, [logArgs]);
    return;
  }
  if (pending.length >= maxNotesPerError) arrayShift(pending);
  arrayPush(pending, logArgs);
};

/**
 * Hands over (and forgets) the notes waiting on `error`. With `callback`,
 * every later note on `error` is passed to it instead of waiting.
 */
export const takeNoteLogArgsArray = (error: Error, callback?: NoteCallback): LogArgs[] => {
  const pending = weakmapGet(pendingNotes, error);
  weakmapDelete(pendingNotes, error);
  if (callback !== undefined) {
    const callbacks = weakmapGet(noteCallbacks, error);
    if (callbacks === undefined) {
      weakmapSet(noteCallbacks, error, [callback]);
    } else {
      arrayPush(callbacks, callback);
    }
  }
  return pending ?? [];
};

freeze(note);
freeze(takeNoteLogArgsArray);
