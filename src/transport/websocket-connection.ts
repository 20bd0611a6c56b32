// Messages over a WebSocket from the `ws` package (either end: a socket a
// WebSocketServer handed us, or a client). Each message is one text frame
// holding the record's JSON. Size is enforced twice: by ws itself
// (`maxPayload`, which must be set where the socket is made: use
// openWebSocket / webSocketServerOptions) and by us on every frame, so a
// socket made with a larger maxPayload still keeps our limit. What we send
// (our messages and the pongs ws answers pings with) is watched through
// bufferedAmount: above sendHighWaterBytes we stop reading from the peer,
// which also stops its pings making pongs, and a peer that does not drain
// within sendDrainTimeoutMs is cut off (backpressure.ts). A consumer with
// too much waiting may pause reading too (ws's pause(), which pauses the
// socket). After our clean close, a peer that does not answer the close
// frame and close the socket within closeTimeoutMs is cut off.

import { WebSocket, type ServerOptions } from 'ws';
import { checkTransportLimits, makeOversizeError } from './limits.js';
import { makeConnectionKit } from './connection-kit.js';
import { makeSendBufferGuard } from './backpressure.js';
import type { ConnectionOptions, MessageConnection } from './types.js';

// Close codes of RFC 6455 §7.4.1.
const NORMAL_CLOSURE = 1000;
const NO_STATUS = 1005;
const UNSUPPORTED_DATA = 1003;
const POLICY_VIOLATION = 1008;
const MESSAGE_TOO_BIG = 1009;

/**
 * Makes a JSON text-frame message connection over an open ws WebSocket
 * (sending on one still connecting throws; await openWebSocket first).
 */
export const makeWebSocketConnection = (socket: WebSocket, options: ConnectionOptions = {}): MessageConnection => {
  const limits = checkTransportLimits(options);
  const { maxMessageBytes } = limits;
  /** The close code to send when we abort, chosen by why. */
  let abortCode = POLICY_VIOLATION;
  /** Set when the peer is cut off for not reading: a close frame would only wait behind what it did not read. */
  let peerIsNotReading = false;
  /** True while the consumer (the dispatcher) has asked us to stop reading. */
  let consumerPaused = false;

  const sendBuffer = makeSendBufferGuard({
    limits,
    bufferedBytes: () => socket.bufferedAmount,
    pauseReading: () => socket.pause(),
    resumeReading: () => {
      if (!consumerPaused) socket.resume();
    },
    disconnect: reason => {
      peerIsNotReading = true;
      connection.abort(reason);
    },
  });
  // ws has already queued its pong when it emits 'ping'.
  const onPing = (): void => sendBuffer.check();

  const onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
    if (connection.isClosed()) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      abortCode = UNSUPPORTED_DATA;
      connection.abort(new TypeError('Malformed message: got a binary WebSocket frame, expected text (JSON)'));
      return;
    }
    if (bytes.length > maxMessageBytes) {
      abortCode = MESSAGE_TOO_BIG;
      connection.abort(makeOversizeError(bytes.length, maxMessageBytes, 'received'));
      return;
    }
    deliverEncoded(bytes);
  };

  const onClose = (code: number, reason: Buffer): void => {
    if (code === NORMAL_CLOSURE || code === NO_STATUS) connection.close();
    else connection.abort(new Error(`WebSocket closed by the peer with code ${code}${reason.length > 0 ? `: ${reason.toString('utf8')}` : ''}`));
  };

  const onError = (error: Error & { code?: string }): void => {
    // ws reports its own maxPayload refusal as an error, then closes with 1009.
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      connection.abort(
        new RangeError(
          `Peer sent a WebSocket message larger than maxPayload (${error.message}); the connection is closed. Raise maxMessageBytes on both ends if such messages are expected.`,
        ),
      );
    } else {
      connection.abort(new Error(`WebSocket failed: ${error.message}`, { cause: error }));
    }
  };

  const detach = (): void => {
    if (sendBuffer.isPaused() || consumerPaused) socket.resume();
    consumerPaused = false;
    sendBuffer.stop();
    socket.off('ping', onPing);
    socket.off('message', onMessage);
    socket.off('close', onClose);
    socket.off('error', onError);
    // Late errors (for example while closing) must not crash the process.
    socket.on('error', () => {});
  };

  const { connection, deliverEncoded } = makeConnectionKit({
    maxMessageBytes,
    write: text => {
      if (socket.readyState !== WebSocket.OPEN) throw new Error('WebSocket is not open');
      socket.send(text, { binary: false }, error => {
        if (error) connection.abort(new Error(`WebSocket send failed: ${error.message}`, { cause: error }));
      });
      sendBuffer.check();
    },
    endTransport: () => {
      detach();
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else {
        socket.close(NORMAL_CLOSURE);
        terminateIfPeerStaysOpen();
      }
    },
    destroyTransport: reason => {
      detach();
      if (socket.readyState === WebSocket.OPEN && !peerIsNotReading) {
        // The reason frame tells the peer what was wrong, in at most 123 bytes and no stack.
        socket.close(abortCode, Buffer.from(reason.message, 'utf8').subarray(0, 123).toString('utf8').replace(/\uFFFD$/, ''));
      } else {
        socket.terminate();
      }
    },
    pauseReading: () => {
      consumerPaused = true;
      socket.pause();
    },
    resumeReading: () => {
      consumerPaused = false;
      if (!sendBuffer.isPaused()) socket.resume();
    },
  });

  /**
   * ws waits 30 s for the peer to answer our close frame and close the
   * socket; we wait closeTimeoutMs, then drop the socket.
   */
  function terminateIfPeerStaysOpen(): void {
    if (socket.readyState === WebSocket.CLOSED) return;
    const timer = setTimeout(() => socket.terminate(), limits.closeTimeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }

  socket.on('message', onMessage);
  socket.on('ping', onPing);
  socket.on('close', onClose);
  socket.on('error', onError);
  if (socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) {
    connection.abort(new Error('WebSocket is already closing or closed'));
  }
  return connection;
};

/**
 * Options for a ws WebSocketServer that enforce maxMessageBytes on what
 * clients send (maxPayload, which ws also applies to a message once
 * inflated) and, unless given, turn compression off: an inflated message
 * costs us far more work than the peer spent on it.
 */
export const webSocketServerOptions = (options: ServerOptions & ConnectionOptions = {}): ServerOptions => {
  const {
    maxMessageBytes: _maxMessageBytes,
    frameTimeoutMs: _frameTimeoutMs,
    frameIdleTimeoutMs: _frameIdleTimeoutMs,
    sendHighWaterBytes: _sendHighWaterBytes,
    sendDrainTimeoutMs: _sendDrainTimeoutMs,
    maxSendBufferBytes: _maxSendBufferBytes,
    closeTimeoutMs: _closeTimeoutMs,
    ...serverOptions
  } = options;
  // Every connection option is checked here, where the server is made, not first on a connection.
  const { maxMessageBytes: maxPayload } = checkTransportLimits(options);
  return { perMessageDeflate: false, ...serverOptions, maxPayload };
};

/** Opens a ws client to `url` with maxPayload set to maxMessageBytes; resolves once open. */
export const openWebSocket = (url: string | URL, options: ConnectionOptions = {}): Promise<WebSocket> => {
  const { maxMessageBytes: maxPayload } = checkTransportLimits(options);
  return new Promise((resolve, reject) => {
    // Compression off for the same reason as on the server.
    const socket = new WebSocket(url, { maxPayload, perMessageDeflate: false });
    const onError = (error: Error): void => {
      socket.off('open', onOpen);
      reject(new Error(`Could not open WebSocket to ${String(url)}: ${error.message}`, { cause: error }));
    };
    const onOpen = (): void => {
      socket.off('error', onError);
      resolve(socket);
    };
    socket.once('open', onOpen);
    socket.once('error', onError);
  });
};
