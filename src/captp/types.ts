// The public types of endo/captp, shaped like those of @endo/captp 4.5 so
// code typed against the original type-checks against ours.

import type { CapData } from '../marshal/types.js';
import type { RemoteKit } from '../eventual-send/types.js';

/**
 * A slot names a value on one connection: `<kind><sign><n>`, kind `o`
 * (object), `p` (promise), `q` (question) or `t` (trap handler); sign `+`
 * for the namer's own export, `-` for its import.
 */
export type CapTPSlot = string;

/** A CapTP message: a plain JSON-able record with a `type`. */
export type CapTPMessage = Record<string, any>;

/** Sends a message to the other end; may return a promise (a rejection aborts). */
export type RawSend = (message: CapTPMessage) => void | PromiseLike<void>;

/** The options of makeCapTP (those of @endo/captp this slice implements). */
export type CapTPOptions = {
  /** Told of every local rejection CapTP cannot hand to anyone (default: console.error). */
  onReject?: (reason: unknown) => void;
  /** Tag written into every message (default 0). */
  epoch?: number;
  /** Called with each value when it is first exported. */
  exportHook?: (value: unknown, slot: CapTPSlot) => void;
  /** Called with each value when it is first imported. */
  importHook?: (value: unknown, slot: CapTPSlot) => void;
  /** Accepted for compatibility; garbage-collected imports are not implemented yet. */
  gcImports?: boolean;
};

/** Counts of messages by type, sent and received. */
export type CapTPStats = {
  send: Record<string, number>;
  recv: Record<string, number>;
  gc: { DROPPED: number };
};

/** One end of a CapTP connection. */
export type CapTP = {
  /** Ends the connection: tells the other end and rejects what is pending. */
  abort: (reason?: unknown) => void;
  /** Hands a received message to this end; true if it was acted upon. Never throws. */
  dispatch: (message: unknown) => boolean;
  /** A promise for the other end's bootstrap object. */
  getBootstrap: () => Promise<any>;
  getStats: () => CapTPStats;
  /** True if the passable refers to no imported (remote) object or promise. */
  isOnlyLocal: (specimen: unknown) => boolean;
  serialize: (value: unknown) => CapData<CapTPSlot>;
  unserialize: (data: CapData<CapTPSlot>) => any;
  /** A handled promise that sends its eventual messages to `target` (a slot in our view). */
  makeRemoteKit: (target: CapTPSlot) => RemoteKit<any>;
};
