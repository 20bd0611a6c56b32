// An OCapN channel over one libp2p stream (yamux over Noise over TCP):
// bytes both ways, no framing. The stream's write buffer (what the peer has
// not let yamux send, its window being full) is bounded by the transport's
// send-buffer policy (src/transport/backpressure.ts), as on a socket. A
// clean close flushes, closes our writing end, and gives the peer
// closeTimeoutMs to close its end before the stream is reset. Every way
// the channel ends reaches onClose once, with a reason naming the peer and
// the cause.

import type { Connection, Stream, StreamCloseEvent, StreamMessageEvent } from '@libp2p/interface';
import { makeSendBufferGuard } from '../../transport/backpressure.js';
import { makePeerLocator } from '../locator.js';
import type { OcapnChannel } from '../netlayer.js';
import { makeChannelEnd } from './channel-end.js';
import { describeNetworkCause, makeChannelError, makeClosedByPeerError } from './channel-errors.js';
import type { SocketChannelLimits } from './socket-channel.js';

/** The transport name of libp2p locators. */
export const LIBP2P_TRANSPORT = 'libp2p';

export type Libp2pChannel = OcapnChannel & {
  /** Settles when the stream is closed both ways (after close(), within closeTimeoutMs). */
  readonly closed: Promise<void>;
};

/** libp2p's error names, said in words; else Node's network codes; else the message. */
export const describeLibp2pCause = (error: unknown): string => {
  const name = error instanceof Error ? error.name : undefined;
  switch (name) {
    case 'StreamResetError':
      return 'was reset by the peer (StreamResetError)';
    case 'TimeoutError':
    case 'InactivityTimeoutError':
      return `timed out (${name})`;
    case 'ConnectionClosedError':
    case 'MuxerClosedError':
      return `lost its connection (${name})`;
    case 'UnexpectedPeerError':
      return 'reached a peer with another peer id than the locator names (UnexpectedPeerError)';
    default: {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
      if (typeof code === 'string') return describeNetworkCause(error);
      if (typeof cause?.code === 'string') return describeNetworkCause(cause);
      const message = error instanceof Error ? error.message : String(error);
      return name === undefined || name === 'Error' ? `failed: ${message}` : `failed: ${message} (${name})`;
    }
  }
};

/** A multiaddr's text without its trailing /p2p/<peerId> (the peer id is said apart). */
export const multiaddrWithoutPeerId = (address: { toString(): string }, peerId: string): string => {
  const text = address.toString();
  const suffix = `/p2p/${peerId}`;
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
};

const bytesOf = (data: StreamMessageEvent['data']): Uint8Array => (data instanceof Uint8Array ? data : data.subarray());

export const makeLibp2pChannel = (
  stream: Stream,
  connection: Connection,
  outgoing: boolean,
  limits: SocketChannelLimits,
): Libp2pChannel => {
  const remotePeer = connection.remotePeer.toString();
  const remoteDescription = `with libp2p peer ${remotePeer} at ${multiaddrWithoutPeerId(connection.remoteAddr, remotePeer)}${outgoing ? '' : ' (incoming)'}`;
  let dataHandler: ((chunk: Uint8Array) => void) | undefined;
  const channelEnd = makeChannelEnd();
  const { ended } = channelEnd;
  let sessionPaused = false;

  const readable = (): boolean => stream.readStatus === 'readable' || stream.readStatus === 'paused';
  const pauseStream = (): void => {
    if (readable()) stream.pause();
  };
  const resumeStream = (): void => {
    if (readable()) stream.resume();
  };

  const closed = new Promise<void>(resolve => {
    if (stream.status !== 'open' && stream.status !== 'closing') resolve();
    else stream.addEventListener('close', () => resolve(), { once: true });
  });

  /** Marks the channel ended (once; the session hears on a later turn). */
  const end = (reason: Error | undefined): void => {
    if (!channelEnd.end(reason)) return;
    sendBuffer.stop();
    // Keep taking (and dropping) what still comes, so the peer can finish.
    sessionPaused = false;
    resumeStream();
  };

  /** Closes our writing end after a flush; a peer that does not close its end in time gets a reset. */
  const closeWriting = (): void => {
    const timer = setTimeout(() => {
      stream.abort(Error(`The peer did not close its end within closeTimeoutMs (${limits.closeTimeoutMs} ms)`));
    }, limits.closeTimeoutMs);
    timer.unref();
    void closed.then(() => clearTimeout(timer));
    stream.close({ signal: AbortSignal.timeout(limits.closeTimeoutMs) }).catch((error: unknown) => {
      stream.abort(error instanceof Error ? error : Error(String(error)));
    });
  };

  const sendBuffer = makeSendBufferGuard({
    limits,
    bufferedBytes: () => stream.writeBufferLength,
    pauseReading: pauseStream,
    resumeReading: () => {
      if (!sessionPaused && !ended()) resumeStream();
    },
    disconnect: limit => {
      // A peer that does not read is not owed a flush.
      end(makeChannelError(remoteDescription, `was closed: ${limit.message}`, limit));
      stream.abort(limit);
    },
  });

  stream.addEventListener('message', event => {
    if (!ended() && dataHandler !== undefined) dataHandler(bytesOf(event.data));
  });
  stream.addEventListener('drain', sendBuffer.check);
  stream.addEventListener('idle', sendBuffer.check);
  // 'end' comes once everything the peer sent was delivered.
  // The peer closing its end comes with its connection still open; a connection
  // that ended under the stream (the peer's process or machine gone) does not.
  /** Set when the stream ended with its connection gone, before the peer closed it. */
  let lostConnection: string | undefined;
  stream.addEventListener('end', () => {
    if (ended() || stream.remoteWriteStatus !== 'closed') return;
    if (stream.status === 'open' && connection.status === 'open') {
      end(makeClosedByPeerError(remoteDescription));
      closeWriting();
    } else {
      // An aborted stream's 'close' (next) may carry the cause, e.g. the keepalive ping's TimeoutError: it wins if it comes.
      lostConnection = `lost its libp2p connection (${connection.status}) before the peer closed the channel`;
      const cause = lostConnection;
      queueMicrotask(() => end(makeChannelError(remoteDescription, cause)));
    }
  });
  stream.addEventListener('close', event => {
    // Without an error, the stream ended with its connection (a clean end by us or the peer came first).
    const { error } = event as StreamCloseEvent;
    if (error === undefined) end(makeChannelError(remoteDescription, lostConnection ?? 'was closed with its libp2p connection'));
    else end(makeChannelError(remoteDescription, describeLibp2pCause(error), error));
  });

  // Until the session sets onData, what arrives waits in the stream (bounded by its read buffer).
  pauseStream();

  return {
    write(bytes) {
      if (ended()) return;
      try {
        stream.send(bytes);
      } catch (error) {
        end(makeChannelError(remoteDescription, describeLibp2pCause(error), error));
        stream.abort(error instanceof Error ? error : Error(String(error)));
        return;
      }
      sendBuffer.check();
    },
    onData(handler) {
      if (dataHandler !== undefined) throw Error('onData is set once per OCapN channel');
      dataHandler = handler;
      if (!sessionPaused && !sendBuffer.isPaused() && !ended()) resumeStream();
    },
    onClose: channelEnd.onClose,
    pause() {
      if (ended()) return;
      sessionPaused = true;
      pauseStream();
    },
    resume() {
      if (ended()) return;
      sessionPaused = false;
      if (!sendBuffer.isPaused() && dataHandler !== undefined) resumeStream();
    },
    close(reason) {
      if (ended()) return;
      end(reason);
      closeWriting();
    },
    outgoing,
    authenticatedPeer: makePeerLocator(LIBP2P_TRANSPORT, remotePeer),
    remoteDescription,
    closed,
  };
};
