// The shape every transport's connection has, so CapTP (or anything else
// that speaks in JSON records) can be wired to any of them the same way.

import type { CapTPMessage } from '../captp/index.js';

/**
 * Options every connection takes: the limits that bound what one peer can
 * make us hold (defaults in limits.ts). Exceeding one closes the connection
 * with an error that names the option to raise.
 */
export type ConnectionOptions = {
  /** Largest message, in encoded bytes, sent or accepted (default 16 MiB). */
  maxMessageBytes?: number;
  /**
   * Byte streams: the longest a message the peer has begun may take to
   * arrive whole, in ms (default 30 000).
   */
  frameTimeoutMs?: number;
  /** Byte streams: the longest silence inside a message, in ms (default 10 000). */
  frameIdleTimeoutMs?: number;
  /**
   * Streams and WebSockets: above this many bytes written but not yet read
   * by the peer, we stop reading from it until the buffer is half drained
   * (default 1 MiB).
   */
  sendHighWaterBytes?: number;
  /**
   * Streams and WebSockets: a peer that keeps the send buffer above
   * sendHighWaterBytes for this long, in ms, is disconnected (default 30 000).
   */
  sendDrainTimeoutMs?: number;
  /**
   * Streams and WebSockets: the send buffer's hard ceiling; above it the
   * peer is disconnected at once (default sendHighWaterBytes + maxMessageBytes).
   */
  maxSendBufferBytes?: number;
  /**
   * Streams and WebSockets: after we end the connection cleanly (close(),
   * or CapTP's goodbye either way), the peer has this long, in ms, to take
   * what is left and close its side; then the socket is destroyed, so a
   * peer that never answers our FIN or close frame cannot keep it open
   * (default 5000).
   */
  closeTimeoutMs?: number;
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
  /**
   * Hands each message from the peer to `handler`, synchronously as it is
   * decoded, with the length of its encoding in bytes (UTF-16 code units
   * for a port's string). One consumer only.
   */
  onMessage: (handler: (message: CapTPMessage, encodedBytes: number) => void) => void;
  /**
   * Stops reading from the peer (a consumer with too much waiting), until
   * resumeReading(). Messages already read may still be handed over. A
   * transport with nothing to pause (a port) ignores it. Optional, so a
   * wrapper made by hand still fits.
   */
  pauseReading?: () => void;
  /** Reads from the peer again, unless something else (the send buffer) still holds reading. */
  resumeReading?: () => void;
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
