// The limits every transport connection shares. A peer decides how much it
// sends; without a ceiling one peer could make us buffer without bound.

/** Default ceiling on one message's encoded size, in bytes (16 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Checks a maxMessageBytes option and returns it (or the default). */
export const checkMaxMessageBytes = (maxMessageBytes: unknown = DEFAULT_MAX_MESSAGE_BYTES): number => {
  if (typeof maxMessageBytes !== 'number' || !Number.isSafeInteger(maxMessageBytes) || maxMessageBytes < 1) {
    throw new RangeError(`maxMessageBytes must be a positive safe integer, got ${String(maxMessageBytes)}`);
  }
  return maxMessageBytes;
};

/** The error for a message larger than the connection allows. */
export const makeOversizeError = (size: number, maxMessageBytes: number, direction: 'received' | 'sent'): RangeError =>
  new RangeError(
    `${direction === 'received' ? 'Peer sent' : 'Refused to send'} a message of ${size} bytes, more than maxMessageBytes (${maxMessageBytes}); the connection is closed. Raise maxMessageBytes on both ends if such messages are expected.`,
  );
