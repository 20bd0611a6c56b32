// The limits every transport connection shares, their documented defaults,
// the checks of the options that set them, and the errors that name them.
// A peer decides how much it sends and how fast it reads; without these
// ceilings one peer could make us buffer, or hold a connection, without
// bound. Kept apart from any one transport so the next protocol reuses them.

/** Default ceiling on one message's encoded size, in bytes (16 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Default time a frame (a message the peer has begun) may take to arrive
 * whole, in ms (30 s: a 16 MiB message then needs about 4.5 Mbit/s).
 */
export const DEFAULT_FRAME_TIMEOUT_MS = 30_000;

/** Default longest silence in the middle of a frame, in ms (10 s). */
export const DEFAULT_FRAME_IDLE_TIMEOUT_MS = 10_000;

/**
 * Default high-water mark on what we have written but the peer has not yet
 * read, in bytes (1 MiB): above it we stop reading from that peer.
 */
export const DEFAULT_SEND_HIGH_WATER_BYTES = 1024 * 1024;

/** Default time the send buffer may stay above the high-water mark before the peer is disconnected, in ms (30 s). */
export const DEFAULT_SEND_DRAIN_TIMEOUT_MS = 30_000;

/**
 * Default time the peer has, after we end the connection cleanly, to take
 * what is left and close its side, in ms (5 s); then the socket is
 * destroyed, so a peer that never answers our FIN cannot hold it open.
 */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

/**
 * Default ceiling on one connection's received messages waiting to be
 * dispatched (1024): above it we stop reading from that peer until half
 * have been dispatched.
 */
export const DEFAULT_MAX_QUEUED_MESSAGES = 1024;

/** Default ceiling on the encoded bytes of those waiting messages (8 MiB), with the same effect. */
export const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/**
 * Default most messages of one connection dispatched per event-loop turn
 * (64). This count, not the time budget, is what bounds a flood's work per
 * turn: a CapTP delivery runs in microtasks after its dispatch returns, so
 * the clock sees little of it. (At 1024, another connection's worst round
 * trip under a 20,000-call flood was 210 ms instead of 60 ms; at 64, that
 * flood's own throughput is about 16% lower.)
 */
export const DEFAULT_MAX_MESSAGES_PER_TURN = 64;

/** Default most milliseconds spent dispatching one connection's messages per event-loop turn (5). */
export const DEFAULT_MAX_MILLIS_PER_TURN = 5;

/**
 * The default hard ceiling on the send buffer is the high-water mark plus
 * one largest message: once reading has stopped, only answers already on
 * their way can add to it, and one message larger than the mark must still
 * be sendable.
 */
export const defaultMaxSendBufferBytes = (sendHighWaterBytes: number, maxMessageBytes: number): number =>
  sendHighWaterBytes + maxMessageBytes;

/** `value` if it is a positive safe integer, `fallback` if undefined, else a RangeError naming option `name`. */
export const checkPositiveInteger = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive safe integer, got ${String(value)}`);
  }
  return value;
};

/** Checks a maxMessageBytes option and returns it (or the default). */
export const checkMaxMessageBytes = (maxMessageBytes: unknown = DEFAULT_MAX_MESSAGE_BYTES): number =>
  checkPositiveInteger('maxMessageBytes', maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);

/** The transport limits after defaults are applied. */
export type TransportLimits = {
  maxMessageBytes: number;
  frameTimeoutMs: number;
  frameIdleTimeoutMs: number;
  sendHighWaterBytes: number;
  sendDrainTimeoutMs: number;
  maxSendBufferBytes: number;
  closeTimeoutMs: number;
};

/** The options that set TransportLimits (each optional; see the DEFAULT_ constants). */
export type TransportLimitOptions = { [K in keyof TransportLimits]?: number };

/** Checks every limit option and fills in the defaults. */
export const checkTransportLimits = (options: TransportLimitOptions = {}): TransportLimits => {
  const maxMessageBytes = checkMaxMessageBytes(options.maxMessageBytes);
  const sendHighWaterBytes = checkPositiveInteger(
    'sendHighWaterBytes',
    options.sendHighWaterBytes,
    DEFAULT_SEND_HIGH_WATER_BYTES,
  );
  return {
    maxMessageBytes,
    frameTimeoutMs: checkPositiveInteger('frameTimeoutMs', options.frameTimeoutMs, DEFAULT_FRAME_TIMEOUT_MS),
    frameIdleTimeoutMs: checkPositiveInteger(
      'frameIdleTimeoutMs',
      options.frameIdleTimeoutMs,
      DEFAULT_FRAME_IDLE_TIMEOUT_MS,
    ),
    sendHighWaterBytes,
    sendDrainTimeoutMs: checkPositiveInteger(
      'sendDrainTimeoutMs',
      options.sendDrainTimeoutMs,
      DEFAULT_SEND_DRAIN_TIMEOUT_MS,
    ),
    maxSendBufferBytes: checkPositiveInteger(
      'maxSendBufferBytes',
      options.maxSendBufferBytes,
      defaultMaxSendBufferBytes(sendHighWaterBytes, maxMessageBytes),
    ),
    closeTimeoutMs: checkPositiveInteger('closeTimeoutMs', options.closeTimeoutMs, DEFAULT_CLOSE_TIMEOUT_MS),
  };
};

/** How a connection's received messages are dispatched, after defaults are applied (see fair-dispatcher.ts). */
export type DispatchLimits = {
  maxMessagesPerTurn: number;
  maxMillisPerTurn: number;
  maxQueuedMessages: number;
  maxQueuedBytes: number;
};

/** The options that set DispatchLimits (each optional; see the DEFAULT_ constants). */
export type DispatchLimitOptions = { [K in keyof DispatchLimits]?: number };

// The per-turn budget may be any positive number (Infinity-like values lift it).
const checkPositiveNumber = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new RangeError(`The ${name} option must be a positive number, not ${String(value)}`);
  }
  return value;
};

/** Checks every dispatch option and fills in the defaults. */
export const checkDispatchLimits = (options: DispatchLimitOptions = {}): DispatchLimits => ({
  maxMessagesPerTurn: checkPositiveNumber('maxMessagesPerTurn', options.maxMessagesPerTurn, DEFAULT_MAX_MESSAGES_PER_TURN),
  maxMillisPerTurn: checkPositiveNumber('maxMillisPerTurn', options.maxMillisPerTurn, DEFAULT_MAX_MILLIS_PER_TURN),
  maxQueuedMessages: checkPositiveInteger('maxQueuedMessages', options.maxQueuedMessages, DEFAULT_MAX_QUEUED_MESSAGES),
  maxQueuedBytes: checkPositiveInteger('maxQueuedBytes', options.maxQueuedBytes, DEFAULT_MAX_QUEUED_BYTES),
});

/** The error for a message larger than the connection allows. */
export const makeOversizeError = (size: number, maxMessageBytes: number, direction: 'received' | 'sent'): RangeError =>
  new RangeError(
    `${direction === 'received' ? 'Peer sent' : 'Refused to send'} a message of ${size} bytes, more than maxMessageBytes (${maxMessageBytes}); the connection is closed. Raise maxMessageBytes on both ends if such messages are expected.`,
  );

/** The error for a frame the peer began but did not finish within frameTimeoutMs. */
export const makeFrameTimeoutError = (received: number, claimed: number | undefined, frameTimeoutMs: number): Error =>
  new Error(
    `Peer left a message incomplete for more than frameTimeoutMs (${frameTimeoutMs} ms)${describeProgress(received, claimed)}; the connection is closed. Raise frameTimeoutMs if the peer is honest but its link is slow.`,
  );

/** The error for a frame in which the peer fell silent for frameIdleTimeoutMs. */
export const makeFrameIdleError = (received: number, claimed: number | undefined, frameIdleTimeoutMs: number): Error =>
  new Error(
    `Peer sent nothing for more than frameIdleTimeoutMs (${frameIdleTimeoutMs} ms) in the middle of a message${describeProgress(received, claimed)}; the connection is closed. Raise frameIdleTimeoutMs if the peer is honest but its link stalls.`,
  );

const describeProgress = (received: number, claimed: number | undefined): string =>
  claimed === undefined ? ' (its length was never finished)' : ` (${received} of ${claimed} bytes arrived)`;

/** The error for a peer that left our send buffer above the high-water mark for too long. */
export const makeDrainTimeoutError = (buffered: number, sendHighWaterBytes: number, sendDrainTimeoutMs: number): Error =>
  new Error(
    `Peer did not read what we sent: ${buffered} bytes stayed buffered above sendHighWaterBytes (${sendHighWaterBytes}) for more than sendDrainTimeoutMs (${sendDrainTimeoutMs} ms); the connection is closed. Raise sendDrainTimeoutMs (or sendHighWaterBytes) if the peer is honest but slow.`,
  );

/** The error for a send buffer above its hard ceiling. */
export const makeSendBufferOverflowError = (buffered: number, maxSendBufferBytes: number): RangeError =>
  new RangeError(
    `Refused to buffer more for a peer that is not reading: ${buffered} bytes wait to be sent, more than maxSendBufferBytes (${maxSendBufferBytes}); the connection is closed. Raise maxSendBufferBytes if the peer is honest but slow.`,
  );
