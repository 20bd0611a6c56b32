// An OCapN channel over one Node socket (TCP): bytes both ways, either
// unframed (the session finds where each Syrup record ends) or, with the
// `syrupFrames` option, each write sent as one Syrup byte string
// `<length>:<bytes>` and what arrives taken apart the same way
// (syrup-frames.ts); a peer whose framing is wrong, too long, or cut off by
// its close ends the channel with a reason saying so. What we write but the
// peer does not read is bounded by the transport's send-buffer policy
// (src/transport/backpressure.ts): above the high-water mark we stop
// reading from that peer, and a peer that leaves it there too long, or
// lets it reach the hard ceiling, is disconnected. A clean close flushes
// what was written, sends FIN, and gives the peer closeTimeoutMs to close
// its side before the socket is destroyed, so a half-open peer cannot hold
// it. Every way the channel ends reaches onClose once, with a reason that
// names the peer and the cause.

import type { Socket } from 'node:net';
import { makeSendBufferGuard } from '../../transport/backpressure.js';
import { checkPositiveInteger, checkTransportLimits, type TransportLimitOptions, type TransportLimits } from '../../transport/limits.js';
import type { OcapnPeerLocator } from '../locator.js';
import type { OcapnChannel } from '../netlayer.js';
import { makeChannelEnd } from './channel-end.js';
import { makeBatchCork } from './socket-cork.js';
import { describeNetworkCause, makeChannelError, makeClosedByPeerError } from './channel-errors.js';
import { makeSyrupFrameReader, syrupFramePrefix, type SyrupFrameReader } from './syrup-frames.js';

export type SocketChannelLimits = Pick<TransportLimits, 'sendHighWaterBytes' | 'sendDrainTimeoutMs' | 'maxSendBufferBytes'> & {
  /** After our clean close, how long the peer has to close its side, in ms. */
  closeTimeoutMs: number;
};

/** A netlayer's send and close options, checked (names the option in a RangeError), with its own default close timeout. */
export const checkChannelLimits = (
  options: Pick<TransportLimitOptions, 'sendHighWaterBytes' | 'sendDrainTimeoutMs' | 'maxSendBufferBytes' | 'closeTimeoutMs'>,
  defaultCloseTimeoutMs: number,
): SocketChannelLimits => {
  const { sendHighWaterBytes, sendDrainTimeoutMs, maxSendBufferBytes } = checkTransportLimits({
    sendHighWaterBytes: options.sendHighWaterBytes,
    sendDrainTimeoutMs: options.sendDrainTimeoutMs,
    maxSendBufferBytes: options.maxSendBufferBytes,
  });
  const closeTimeoutMs = checkPositiveInteger('closeTimeoutMs', options.closeTimeoutMs, defaultCloseTimeoutMs);
  return { sendHighWaterBytes, sendDrainTimeoutMs, maxSendBufferBytes, closeTimeoutMs };
};

export type SocketChannelOptions = {
  socket: Socket;
  outgoing: boolean;
  remoteDescription: string;
  authenticatedPeer?: OcapnPeerLocator;
  limits: SocketChannelLimits;
  /** Frame each write as a Syrup byte string and read frames no longer than maxFrameBytes; absent: unframed bytes. */
  syrupFrames?: { maxFrameBytes: number };
};

export type SocketChannel = OcapnChannel & {
  /** Settles when the socket is fully closed (after close(), within closeTimeoutMs). */
  readonly closed: Promise<void>;
};

export const makeSocketChannel = (options: SocketChannelOptions): SocketChannel => {
  const { socket, outgoing, remoteDescription, authenticatedPeer, limits, syrupFrames } = options;
  let dataHandler: ((chunk: Uint8Array) => void) | undefined;
  /** Set with onData when the channel is framed. */
  let frameReader: SyrupFrameReader | undefined;
  const channelEnd = makeChannelEnd();
  const { ended } = channelEnd;
  /** True while the session asked us to stop reading. */
  let sessionPaused = false;

  const closed = new Promise<void>(resolve => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });

  /** Marks the channel ended (once; the session hears on a later turn). */
  const end = (reason: Error | undefined): void => {
    if (!channelEnd.end(reason)) return;
    sendBuffer.stop();
    // Whatever still arrives is dropped; flowing lets the FIN (or the reset) through.
    sessionPaused = false;
    socket.resume();
  };

  /** Ends our side cleanly; a peer that does not close its side within closeTimeoutMs is cut off. */
  const endSocket = (): void => {
    if (socket.destroyed) return;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), limits.closeTimeoutMs);
    // The socket keeps the process alive while it is open, not this timer.
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };

  const sendBuffer = makeSendBufferGuard({
    limits,
    bufferedBytes: () => socket.writableLength,
    pauseReading: () => socket.pause(),
    resumeReading: () => {
      if (!sessionPaused && !ended() && dataHandler !== undefined) socket.resume();
    },
    disconnect: limit => {
      // A peer that does not read is not owed a flush.
      end(makeChannelError(remoteDescription, `was closed: ${limit.message}`, limit));
      socket.destroy();
    },
  });

  socket.on('error', error => {
    end(makeChannelError(remoteDescription, describeNetworkCause(error), error));
  });
  socket.on('end', () => {
    const unfinished = frameReader?.unfinished();
    end(unfinished === undefined ? makeClosedByPeerError(remoteDescription) : makeChannelError(remoteDescription, `was closed by the peer ${unfinished}`));
    endSocket();
  });
  socket.on('close', () => {
    end(makeChannelError(remoteDescription, 'closed before the peer or we ended it'));
  });
  socket.on('drain', sendBuffer.check);

  /** Frames written in one go (the session's batch) are held until the next microtask. */
  const corkFrames = makeBatchCork(socket, queueMicrotask);

  /** Writes one frame: its prefix and bytes, and the batch's other frames, leave in one writev without being joined. */
  const writeFrame = (bytes: Uint8Array): void => {
    if (bytes.length === 0) return;
    corkFrames();
    socket.write(syrupFramePrefix(bytes.length));
    socket.write(bytes);
  };

  /** Reads frames from the socket into `handler`; a peer that breaks the framing is cut off (it is not owed a flush). */
  const readFrames = (handler: (chunk: Uint8Array) => void, maxFrameBytes: number): void => {
    const reader = makeSyrupFrameReader(maxFrameBytes, payload => {
      if (!ended()) handler(payload);
    });
    frameReader = reader;
    socket.on('data', (chunk: Buffer) => {
      if (ended()) return;
      const problem = reader.push(chunk);
      if (problem === undefined) return;
      end(makeChannelError(remoteDescription, problem));
      socket.destroy();
    });
  };

  const channel: SocketChannel = {
    write(bytes) {
      if (ended()) return;
      if (syrupFrames === undefined) socket.write(bytes);
      else writeFrame(bytes);
      sendBuffer.check();
    },
    onData(handler) {
      if (dataHandler !== undefined) throw Error('onData is set once per OCapN channel');
      dataHandler = handler;
      if (syrupFrames === undefined) {
        socket.on('data', (chunk: Buffer) => {
          if (!ended()) handler(chunk);
        });
      } else {
        readFrames(handler, syrupFrames.maxFrameBytes);
      }
      // The socket was held paused until now (what arrived waited in it).
      if (!sessionPaused && !sendBuffer.isPaused() && !ended()) socket.resume();
    },
    onClose: channelEnd.onClose,
    pause() {
      if (ended()) return;
      sessionPaused = true;
      socket.pause();
    },
    resume() {
      if (ended()) return;
      sessionPaused = false;
      if (!sendBuffer.isPaused() && dataHandler !== undefined) socket.resume();
    },
    close(reason) {
      if (ended()) return;
      end(reason);
      endSocket();
    },
    outgoing,
    authenticatedPeer,
    remoteDescription,
    framesMessages: syrupFrames !== undefined,
    closed,
  };
  return channel;
};
