// Messages over a Node byte stream (TCP or Unix socket, a child process's
// stdio, any Duplex): each message is the UTF-8 JSON text of a record,
// framed as a netstring. Malformed or oversize input closes this
// connection with an error; it never throws out of a stream event. A frame
// left open too long closes it (frame-deadline.ts), and a peer that does
// not read what we send stops being read from, then is disconnected
// (backpressure.ts). A consumer with too much waiting may pause reading
// too. After a clean close, a peer that never closes its side is cut off
// after closeTimeoutMs.

import type { Duplex, Readable, Writable } from 'node:stream';
import { makeNetstringDecoder, netstringOfText } from './netstring.js';
import { checkTransportLimits } from './limits.js';
import { makeConnectionKit } from './connection-kit.js';
import { makeSendBufferGuard } from './backpressure.js';
import { makeFrameDeadline } from './frame-deadline.js';
import type { ConnectionOptions, MessageConnection } from './types.js';

/** Two one-way streams used as one (a child's stdout and stdin, or our stdin and stdout). */
export type StreamPair = { input: Readable; output: Writable };

const toError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** Makes a netstring-framed JSON message connection over `stream`. */
export const makeNetstringConnection = (
  stream: Duplex | StreamPair,
  options: ConnectionOptions = {},
): MessageConnection => {
  const limits = checkTransportLimits(options);
  const { maxMessageBytes } = limits;
  const isPair = 'input' in stream && 'output' in stream;
  const input: Readable = isPair ? (stream as StreamPair).input : (stream as Duplex);
  const output: Writable = isPair ? (stream as StreamPair).output : (stream as Duplex);
  const decoder = makeNetstringDecoder(maxMessageBytes);
  /** True while the consumer (the dispatcher) has asked us to stop reading. */
  let consumerPaused = false;

  const removeListeners = (): void => {
    // Reading may be paused; let what still comes flow away so the stream can end.
    if (sendBuffer.isPaused() || consumerPaused) input.resume();
    consumerPaused = false;
    sendBuffer.stop();
    frameDeadline.stop();
    held = [];
    output.off('drain', sendBuffer.check);
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
    write: (text, byteLength) => {
      output.write(netstringOfText(text, byteLength), 'utf8');
      sendBuffer.check();
    },
    endTransport: () => {
      removeListeners();
      output.end();
      if (isPair) input.destroy();
      destroyIfPeerStaysOpen();
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
    pauseReading: () => {
      consumerPaused = true;
      pauseInput();
    },
    resumeReading: () => {
      consumerPaused = false;
      resumeInputUnlessHeld();
    },
  });

  /** Stops reading; a frame left open meanwhile is not held against the peer. */
  function pauseInput(): void {
    input.pause();
    frameDeadline.hold();
  }

  /** Reads again, unless the send buffer or the consumer still needs reading stopped. */
  function resumeInputUnlessHeld(): void {
    if (sendBuffer.isPaused() || consumerPaused || connection.isClosed()) return;
    input.resume();
    frameDeadline.release();
  }

  /**
   * After our clean end, the peer has closeTimeoutMs to take what is left
   * and close its side (a socket then closes; a pair's output finishes);
   * a peer that keeps it half open would otherwise hold the socket forever.
   */
  function destroyIfPeerStaysOpen(): void {
    const done = isPair ? output.writableFinished || output.destroyed : output.destroyed;
    if (done) return;
    const destroyAll = (): void => {
      input.destroy();
      output.destroy();
    };
    const timer = setTimeout(destroyAll, limits.closeTimeoutMs);
    // The stream itself keeps the process alive while it is open.
    timer.unref();
    const settled = (): void => {
      clearTimeout(timer);
      output.off('close', settled);
      output.off('finish', settled);
    };
    output.once('close', settled);
    if (isPair) output.once('finish', settled);
  }

  const sendBuffer = makeSendBufferGuard({
    limits,
    bufferedBytes: () => output.writableLength,
    pauseReading: pauseInput,
    resumeReading: () => {
      deliverHeld();
      resumeInputUnlessHeld();
    },
    disconnect: reason => connection.abort(reason),
  });

  const frameDeadline = makeFrameDeadline({
    limits,
    progress: () => (decoder.isAtBoundary() ? undefined : decoder.progress()),
    expire: reason => connection.abort(reason),
  });

  /** Payloads decoded but not yet delivered because reading paused in the middle of a chunk. */
  let held: Uint8Array[] = [];

  function deliverHeld(): void {
    while (held.length > 0 && !sendBuffer.isPaused() && !connection.isClosed()) {
      deliverEncoded(held.shift()!);
    }
  }

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
    frameDeadline.afterChunk(payloads.length > 0);
    for (let i = 0; i < payloads.length; i += 1) {
      if (sendBuffer.isPaused()) {
        // Stop serving a peer that does not read: the rest waits for the drain.
        held.push(...payloads.slice(i));
        return;
      }
      deliverEncoded(payloads[i]);
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
  output.on('drain', sendBuffer.check);
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
