// The part of a connection every transport shares: the queue between the
// transport delivering decoded messages and the one consumer reading them
// (an async iterator or a handler), the close-once bookkeeping, and the
// encoding and size check of what is sent. Each transport supplies how to
// write a message's JSON text, how to close cleanly and how to abort.

import { decodeMessage, encodeMessage } from './json-messages.js';
import { makeOversizeError } from './limits.js';
import type { CapTPMessage } from '../captp/index.js';
import { harden } from '../ses/harden-when-available.js';
import type { MessageConnection } from './types.js';

/** What a transport supplies. */
export type TransportHooks = {
  /** The largest message to send, in UTF-8 bytes of its JSON text. */
  maxMessageBytes: number;
  /** Writes one message's JSON text, already checked to be at most maxMessageBytes (`byteLength`) long. */
  write: (text: string, byteLength: number) => void;
  /** Ends the transport cleanly, letting written data drain. */
  endTransport: () => void;
  /** Tears the transport down because of `reason`, after flushing what was just written. */
  destroyTransport: (reason: Error) => void;
  /** Stops reading from the peer for the consumer (absent: nothing to pause). */
  pauseReading?: () => void;
  /** Reads again for the consumer (the transport's own reasons to pause still hold). */
  resumeReading?: () => void;
};

/** What the transport uses to drive the connection. */
export type ConnectionKit = {
  connection: MessageConnection;
  /** A decoded message arrived, `encodedBytes` long. */
  deliver: (message: CapTPMessage, encodedBytes?: number) => void;
  /** A message arrived as JSON text or bytes: decoded and delivered, or, malformed, the connection aborts. */
  deliverEncoded: (data: string | Uint8Array) => void;
  /** The transport closed: cleanly (undefined) or because of an error. Idempotent. */
  finish: (reason?: Error) => void;
};

export const makeConnectionKit = (hooks: TransportHooks): ConnectionKit => {
  let closedReason: Error | undefined;
  let isClosedFlag = false;
  let resolveClosed!: (reason: Error | undefined) => void;
  const closed = new Promise<Error | undefined>(resolve => {
    resolveClosed = resolve;
  });

  /** Messages that came before the consumer, with their encoded lengths. */
  const queue: [CapTPMessage, number][] = [];
  let handler: ((message: CapTPMessage, encodedBytes: number) => void) | undefined;
  let consumerTaken = false;
  /** The iterator's waiting next(), if any. */
  let waiting: { resolve: (result: IteratorResult<CapTPMessage>) => void; reject: (error: Error) => void } | undefined;

  const takeConsumer = (): void => {
    if (consumerTaken) throw new Error('This connection already has a consumer (use messages or onMessage, once)');
    consumerTaken = true;
  };

  const deliver = (message: CapTPMessage, encodedBytes = 0): void => {
    if (isClosedFlag) return;
    if (handler !== undefined) {
      handler(message, encodedBytes);
    } else if (waiting !== undefined) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve({ value: message, done: false });
    } else {
      queue.push([message, encodedBytes]);
    }
  };

  const finish = (reason?: Error): void => {
    if (isClosedFlag) return;
    isClosedFlag = true;
    closedReason = reason;
    if (waiting !== undefined) {
      const settle = waiting;
      waiting = undefined;
      if (reason === undefined) settle.resolve({ value: undefined, done: true });
      else settle.reject(reason);
    }
    resolveClosed(reason);
  };

  const next = (): Promise<IteratorResult<CapTPMessage>> => {
    if (queue.length > 0) return Promise.resolve({ value: queue.shift()![0], done: false });
    if (isClosedFlag) {
      return closedReason === undefined
        ? Promise.resolve({ value: undefined, done: true })
        : Promise.reject(closedReason);
    }
    if (waiting !== undefined) return Promise.reject(new Error('next() called again before the previous one settled'));
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  };

  const messages: AsyncIterable<CapTPMessage> = {
    [Symbol.asyncIterator]: () => {
      takeConsumer();
      return {
        next,
        return: async () => {
          close();
          return { value: undefined, done: true };
        },
      };
    },
  };

  const onMessage = (newHandler: (message: CapTPMessage, encodedBytes: number) => void): void => {
    takeConsumer();
    handler = newHandler;
    for (const [message, encodedBytes] of queue.splice(0)) handler(message, encodedBytes);
  };

  /** Encodes and writes `message`; one too large to send aborts the connection and throws. */
  const writeMessage = (message: CapTPMessage): void => {
    const text = encodeMessage(message);
    // JSON.stringify escapes lone surrogates, so the text is well formed
    // and this is exactly the length of its UTF-8 bytes.
    const byteLength = Buffer.byteLength(text, 'utf8');
    if (byteLength > hooks.maxMessageBytes) {
      const error = makeOversizeError(byteLength, hooks.maxMessageBytes, 'sent');
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      abort(error);
      throw error;
    }
    hooks.write(text, byteLength);
  };

  const send = (message: CapTPMessage): void => {
    if (isClosedFlag) {
      throw new Error(`Cannot send on a closed connection${closedReason ? ` (closed because: ${closedReason.message})` : ''}`);
    }
    writeMessage(message);
  };

  const close = (): void => {
    if (isClosedFlag) return;
    finish();
    hooks.endTransport();
  };

  let makeFarewell: ((reason: Error) => CapTPMessage) | undefined;
  const setFarewell = (newMakeFarewell: (reason: Error) => CapTPMessage): void => {
    makeFarewell = newMakeFarewell;
  };

  const abort = (reason: Error): void => {
    if (isClosedFlag) return;
    finish(reason);
    if (makeFarewell !== undefined) {
      try {
        writeMessage(makeFarewell(reason));
      } catch {
        // The transport may be what failed; the peer will see it go instead.
      }
    }
    hooks.destroyTransport(reason);
  };

  const connection: MessageConnection = harden({
    send,
    messages,
    onMessage,
    close,
    abort,
    closed,
    setFarewell,
    pauseReading: () => {
      if (!isClosedFlag) hooks.pauseReading?.();
    },
    resumeReading: () => {
      if (!isClosedFlag) hooks.resumeReading?.();
    },
    isClosed: () => isClosedFlag,
  });
  const deliverEncoded = (data: string | Uint8Array): void => {
    let message: CapTPMessage;
    try {
      message = decodeMessage(data);
    } catch (error) {
      connection.abort(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    deliver(message, data.length);
  };

  return { connection, deliver, deliverEncoded, finish };
};
