// Turn tracking, a debugging aid (as @endo/eventual-send's track-turns.js):
// with the environment variable TRACK_TURNS=enabled, each eventual send
// records where it was made, so that an error thrown (or a rejection) in the
// later turn that delivers it carries a note naming that send, and that
// send a note naming the send whose turn made it, and so on back. The
// causal console prints the chain. TRACK_TURNS=disabled (the default) makes
// trackTurns hand back what it was given; callers test `turnsTracked` first
// so the default path allocates nothing either.
//
// The notes count turns and events: "Event: 2.1" is the first send made in
// the second tracked turn; "Thrown from: (Error#4) : 3 . 0" is thrown in
// tracked turn 3 (before it made any send), the turn started by the send
// Error#4 recorded. DEBUG=track-turns also logs each such error at once.
//
// The counters are module state, seen only through console output: only
// someone who reads the console (a debugging privilege) can observe them.

import { apply } from '../ses/commons.js';
import { X, note } from '../ses/errors/index.js';
import type { Details } from '../ses/errors/index.js';
import { environmentChoice, environmentListHas } from './environment-options.js';
import { nativeResolve } from './safe-promise.js';

/** Whether TRACK_TURNS=enabled. Read once, when this module loads. */
export const turnsTracked: boolean = environmentChoice('TRACK_TURNS', 'disabled', ['enabled']) === 'enabled';

// For when errors seem lost at the top of the event loop.
const logsEachError: boolean = environmentListHas('DEBUG', 'track-turns');

/** A function called at the bottom of the stack (a promise reaction, a delivery), or a missing one. */
export type TurnStarter = ((...args: any[]) => any) | undefined;

/** The send that started the turn now running, if a tracked turn is running. */
let causingSend: Error | undefined;
let turnNumber = 0;
let eventNumber = 0;

// Made outside trackTurns so that a wrapper's closure holds only what it
// needs, not the arguments of the send that made it.

const noteRejection = (rejectionNote: Details) => (reason: unknown) => {
  if (reason instanceof Error) note(reason, rejectionNote);
  if (logsEachError) console.log('REJECTED at top of event loop', reason);
};

const startsTrackedTurn =
  (func: (...args: any[]) => any, sendingEvent: Error) =>
  (...args: unknown[]): unknown => {
    causingSend = sendingEvent;
    turnNumber += 1;
    eventNumber = 0;
    try {
      let result: unknown;
      try {
        result = apply(func, undefined, args);
      } catch (error) {
        if (error instanceof Error) note(error, X`Thrown from: ${causingSend}:${turnNumber}.${eventNumber}`);
        if (logsEachError) console.log('THROWN to top of event loop', error);
        throw error;
      }
      // The position now, not when the rejection comes.
      const rejectionNote = X`Rejection from: ${causingSend}:${turnNumber}.${eventNumber}`;
      nativeResolve(result).then(undefined, noteRejection(rejectionNote));
      return result;
    } finally {
      causingSend = undefined;
    }
  };

/**
 * Records a sending event (this call) and returns `funcs`, each wrapped so
 * that calling it starts a tracked turn caused by this event. Missing
 * functions stay missing. Without TRACK_TURNS=enabled, returns `funcs`.
 */
export const trackTurns = <T extends readonly TurnStarter[]>(funcs: T): T => {
  if (!turnsTracked) return funcs;
  eventNumber += 1;
  // Never thrown: an error only for its stack (where the send was made) and
  // for the causal console to name it.
  const sendingEvent = Error(`Event: ${turnNumber}.${eventNumber}`);
  if (causingSend !== undefined) note(sendingEvent, X`Caused by: ${causingSend}`);
  const wrapped: TurnStarter[] = [];
  for (let i = 0; i < funcs.length; i += 1) {
    const func = funcs[i];
    wrapped[i] = func && startsTrackedTurn(func, sendingEvent);
  }
  return wrapped as unknown as T;
};
