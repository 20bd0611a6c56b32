// The shape every transport's connection has, so CapTP (or anything else
// that speaks in JSON records) can be wired to any of them the same way.

import type { CapTPMessage } from '../captp/index.js';

/** Options every connection takes. */
export type ConnectionOptions = {
  /** Largest message, in encoded bytes, sent or accepted (default 16 MiB). */
  maxMessageBytes?: number;
};

/** A message connection over some transport. */
export type MessageConnection = {
  /**
   * Sends one record. Throws if the connection is closed; a message larger
   * than maxMessageBytes closes the connection and throws that error.
   */
  send: (message: CapTPMessage) => void;
  /**
   * Each message from the peer, in order; ends when the connection closes
   * cleanly and throws the error that ended it otherwise. One consumer only
   * (use either this or onMessage); leaving a for-await loop early closes
   * the connection.
   */
  messages: AsyncIterable<CapTPMessage>;
  /** Hands each message from the peer to `handler`, synchronously as it is decoded. One consumer only. */
  onMessage: (handler: (message: CapTPMessage) => void) => void;
  /** Closes the connection cleanly (what was sent is still delivered). */
  close: () => void;
  /** Closes the connection at once because of `reason`. */
  abort: (reason: Error) => void;
  /**
   * Fulfills once the connection is closed: with undefined for a clean close
   * (ours or the peer's), with the Error that ended it otherwise. Never rejects.
   */
  closed: Promise<Error | undefined>;
  /**
   * Sets the last message to send when this end aborts the connection
   * (for CapTP, a CTP_DISCONNECT saying why), so the peer learns the reason
   * rather than only seeing the transport go.
   */
  setFarewell: (makeFarewell: (reason: Error) => CapTPMessage) => void;
  /** True once closed. */
  isClosed: () => boolean;
};
