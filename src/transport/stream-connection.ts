// Messages over a Node byte stream (TCP or Unix socket, a child process's
// stdio, any Duplex): each message is the UTF-8 JSON text of a record,
// framed as a netstring. Malformed or oversize input closes this
// connection with an error; it never throws out of a stream event.

import type { Duplex, Readable, Writable } from 'node:stream';
import { makeNetstringDecoder, netstringOfText } from './netstring.js';
import { checkMaxMessageBytes } from './limits.js';
import { makeConnectionKit } from './connection-kit.js';
import type { ConnectionOptions, MessageConnection } from './types.js';

/** Two one-way streams used as one (a child's stdout and stdin, or our stdin and stdout). */
export type StreamPair = { input: Readable; output: Writable };

const toError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** Makes a netstring-framed JSON message connection over `stream`. */
export const makeNetstringConnection = (
  stream: Duplex | StreamPair,
  options: ConnectionOptions = {},
): MessageConnection => {
  const maxMessageBytes = checkMaxMessageBytes(options.maxMessageBytes);
  const isPair = 'input' in stream && 'output' in stream;
  const input: Readable = isPair ? (stream as StreamPair).input : (stream as Duplex);
  const output: Writable = isPair ? (stream as StreamPair).output : (stream as Duplex);
  const decoder = makeNetstringDecoder(maxMessageBytes);

  const removeListeners = (): void => {
    input.off('data', onData);
    input.off('end', onEnd);
    input.off('error', onError);
    input.off('close', onClose);
    if (isPair) {
      output.off('error', onError);
      output.off('close', onClose);
    }
    // Errors after we are done are not ours to report, but must not crash the process.
    input.on('error', ignore);
    if (isPair) output.on('error', ignore);
  };

  const { connection, deliverEncoded } = makeConnectionKit({
    maxMessageBytes,
    // One string write: the stream encodes it to UTF-8 natively, without
    // the copies of encoding here first (TextEncoder is slow for short texts).
    write: (text, byteLength) => void output.write(netstringOfText(text, byteLength), 'utf8'),
    endTransport: () => {
      removeListeners();
      output.end();
      if (isPair) input.destroy();
    },
    destroyTransport: () => {
      removeListeners();
      // Let a farewell already written drain, then tear down (at most a second later).
      const destroyAll = (): void => {
        clearTimeout(timer);
        input.destroy();
        output.destroy();
      };
      const timer = setTimeout(destroyAll, 1000);
      timer.unref();
      output.end(destroyAll);
    },
  });

  function ignore(): void {}

  function onData(chunk: Buffer | string): void {
    if (connection.isClosed()) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let payloads: Uint8Array[];
    try {
      payloads = decoder.push(bytes);
    } catch (error) {
      connection.abort(toError(error));
      return;
    }
    for (const payload of payloads) {
      deliverEncoded(payload);
      if (connection.isClosed()) return;
    }
  }

  function onEnd(): void {
    if (connection.isClosed()) return;
    if (!decoder.isAtBoundary()) {
      connection.abort(new SyntaxError('Malformed netstring: the stream ended inside a message'));
      return;
    }
    // The peer closed cleanly; close our side too.
    connection.close();
  }

  function onError(error: Error): void {
    connection.abort(new Error(`Stream failed: ${error.message}`, { cause: error }));
  }

  function onClose(): void {
    if (connection.isClosed()) return;
    connection.abort(new Error('Stream closed before the connection ended'));
  }

  input.on('data', onData);
  input.on('end', onEnd);
  input.on('error', onError);
  input.on('close', onClose);
  if (isPair) {
    output.on('error', onError);
    output.on('close', onClose);
  }
  if (input.destroyed || output.destroyed) connection.abort(new Error('Stream is already destroyed'));
  return connection;
};
