// The `tcp-testing-only` netlayer: plain TCP, no encryption, and by default
// no framing (one Syrup record after another; the session finds where each
// ends), which is what the OCapN test suite (6c146dc) speaks. With
// `framing: 'syrup'` each write goes out as one Syrup byte string
// `<length>:<bytes>` and what arrives must be framed the same way: the
// framing the OCapN plenary agreed on (2026-04-14) and @endo/ocapn's
// default. Both ends must agree; nothing on the wire says which is used.
// It is for tests only: anyone on the path can read and inject, and
// nothing proves who the peer is (authenticatedPeer is undefined), so the
// session's signatures are all there is. Locators look like
//   ocapn://<designator>.tcp-testing-only?host=127.0.0.1&port=4001
// with host and port as string hints; the designator is arbitrary (random
// hex unless given). Nagle's algorithm is off: OCapN messages are small
// and a round trip should not wait for the next write.

import { createServer, connect as dialTcp, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { checkPositiveInteger, type TransportLimitOptions } from '../../transport/limits.js';
import { formatPeerUri, makePeerLocator, type OcapnPeerLocator } from '../locator.js';
import type { OcapnChannel, OcapnNetlayer, OcapnNetlayerFactory } from '../netlayer.js';
import { describeNetworkCause } from './channel-errors.js';
import { checkChannelLimits, makeSocketChannel, type SocketChannel } from './socket-channel.js';

export const TCP_TESTING_ONLY = 'tcp-testing-only';

/** Default time a dial may take before it fails, in ms (10 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Default time the peer has, after our clean close, to close its side, in ms (5 s). */
export const DEFAULT_CHANNEL_CLOSE_TIMEOUT_MS = 5_000;

/**
 * Default TCP keepalive delay, in ms (10 s): after this long without
 * traffic the kernel probes the connection. A peer that has forgotten it
 * (restarted, or it gave up on us during a partition) answers with a reset,
 * so the session held on a dead connection ends instead of refusing the
 * peer's new session as a duplicate forever. (A peer that does not answer at
 * all is found only after the kernel's probes, minutes; the session's
 * livenessTimeoutMs is what bounds waiting on it.)
 */
export const DEFAULT_TCP_KEEPALIVE_DELAY_MS = 10_000;

/** Default most channels open at once (1024); a peer's connection beyond it is dropped at once. */
export const DEFAULT_MAX_CHANNELS = 1024;

/** Default longest Syrup frame read with framing 'syrup' (16 MiB, the session's default maxMessageBytes). */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** How messages are delimited on the wire: 'none' (Syrup records back to back) or 'syrup' (each write as a `<length>:` byte string). */
export type TcpTestingOnlyFraming = 'none' | 'syrup';

export type TcpTestingOnlyOptions = Pick<TransportLimitOptions, 'sendHighWaterBytes' | 'sendDrainTimeoutMs' | 'maxSendBufferBytes'> & {
  /** The address to listen on and to put in our locator (default 127.0.0.1). */
  host?: string;
  /** The port to listen on; 0 (the default) picks a free one, and the locator says which. */
  port?: number;
  /** Our designator (default: 32 random hex digits). */
  designator?: string;
  /** How long a dial may take, in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** After our clean close, how long the peer has to close its side before the socket is destroyed, in ms (default 5000). */
  closeTimeoutMs?: number;
  /** Most channels open at once, both ways (default 1024). */
  maxChannels?: number;
  /** Idle time before the kernel's TCP keepalive probes start, in ms (default 10 000). */
  keepAliveDelayMs?: number;
  /**
   * 'none' (the default, what the OCapN test suite speaks) or 'syrup' (each
   * write framed as a Syrup byte string, as @endo/ocapn sends by default).
   * Applies to every channel, dialled or accepted.
   */
  framing?: TcpTestingOnlyFraming;
  /** With framing 'syrup', the longest frame a peer may send, in bytes (default 16 MiB); a longer one ends its channel. */
  maxFrameBytes?: number;
};


/** The host and port a tcp-testing-only locator's hints name; a TypeError says what is missing or wrong. */
export const tcpAddressOfPeer = (peer: OcapnPeerLocator): { host: string; port: number } => {
  if (peer.transport !== TCP_TESTING_ONLY) {
    throw TypeError(`The ${TCP_TESTING_ONLY} netlayer cannot reach a peer on ${JSON.stringify(peer.transport)}`);
  }
  const where = formatPeerUri(peer);
  if (peer.hints === false) {
    throw TypeError(`Cannot reach ${where}: a ${TCP_TESTING_ONLY} locator needs "host" and "port" hints`);
  }
  const { host, port } = peer.hints;
  if (typeof host !== 'string' || host === '') {
    throw TypeError(`Cannot reach ${where}: the "host" hint is missing or empty`);
  }
  if (typeof port !== 'string' || !/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw TypeError(`Cannot reach ${where}: the "port" hint must be a decimal port number from 1 to 65535, got ${JSON.stringify(port)}`);
  }
  return { host, port: Number(port) };
};

const formatAddress = (host: string | undefined, port: number | undefined): string =>
  host !== undefined && host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

export const makeTcpTestingOnlyNetlayer =
  (options: TcpTestingOnlyOptions = {}): OcapnNetlayerFactory =>
  async onIncoming => {
    const { host = '127.0.0.1', port = 0, designator = randomBytes(16).toString('hex') } = options;
    const limits = checkChannelLimits(options, DEFAULT_CHANNEL_CLOSE_TIMEOUT_MS);
    const connectTimeoutMs = checkPositiveInteger('connectTimeoutMs', options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
    const maxChannels = checkPositiveInteger('maxChannels', options.maxChannels, DEFAULT_MAX_CHANNELS);
    const keepAliveDelayMs = checkPositiveInteger('keepAliveDelayMs', options.keepAliveDelayMs, DEFAULT_TCP_KEEPALIVE_DELAY_MS);
    const { framing = 'none' } = options;
    if (framing !== 'none' && framing !== 'syrup') {
      throw TypeError(`framing must be 'none' or 'syrup', got ${JSON.stringify(framing)}`);
    }
    const maxFrameBytes = checkPositiveInteger('maxFrameBytes', options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
    const syrupFrames = framing === 'syrup' ? { maxFrameBytes } : undefined;

    /** Every socket not yet fully closed: channels, and dials in progress. */
    const sockets = new Set<Socket>();
    const channels = new Set<SocketChannel>();
    let closing = false;

    const track = (socket: Socket): void => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    };

    const openChannel = (socket: Socket, outgoing: boolean, remoteDescription: string): OcapnChannel => {
      socket.setNoDelay(true);
      socket.setKeepAlive(true, keepAliveDelayMs);
      const channel = makeSocketChannel({ socket, outgoing, remoteDescription, limits, syrupFrames });
      channels.add(channel);
      void channel.closed.then(() => channels.delete(channel));
      return channel;
    };

    const server: Server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, socket => {
      if (closing || sockets.size >= maxChannels) {
        socket.destroy();
        return;
      }
      track(socket);
      const remote = formatAddress(socket.remoteAddress, socket.remotePort);
      const channel = openChannel(socket, false, `with ${TCP_TESTING_ONLY} peer at ${remote} (incoming)`);
      // The session's handler throwing must not take the server down: that channel ends instead.
      try {
        onIncoming(channel);
      } catch (error) {
        channel.close(error instanceof Error ? error : Error(String(error)));
      }
    });
    // A listening error after start (rare) must not crash the process.
    server.on('error', () => {});

    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void =>
        reject(Error(`The ${TCP_TESTING_ONLY} netlayer could not listen on ${formatAddress(host, port)}: ${describeNetworkCause(error)}`, { cause: error }));
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const listening = server.address();
    const boundPort = typeof listening === 'object' && listening !== null ? listening.port : port;
    const location = makePeerLocator(TCP_TESTING_ONLY, designator, { host, port: String(boundPort) });

    const connect = (peer: OcapnPeerLocator): Promise<OcapnChannel> => {
      if (closing) return Promise.reject(Error(`The ${TCP_TESTING_ONLY} netlayer is closed`));
      let address: { host: string; port: number };
      try {
        address = tcpAddressOfPeer(peer);
      } catch (error) {
        return Promise.reject(error);
      }
      if (sockets.size >= maxChannels) {
        return Promise.reject(RangeError(`The ${TCP_TESTING_ONLY} netlayer has ${sockets.size} channels open, its maxChannels`));
      }
      const remote = formatAddress(address.host, address.port);
      const description = `with ${TCP_TESTING_ONLY} peer ${peer.designator} at ${remote}`;
      return new Promise((resolve, reject) => {
        const socket = dialTcp({ host: address.host, port: address.port, allowHalfOpen: true, noDelay: true });
        track(socket);
        const fail = (cause: string, error?: Error): void => {
          clearTimeout(timer);
          socket.destroy();
          reject(Error(`Could not connect to ${TCP_TESTING_ONLY} peer ${peer.designator} at ${remote}: the connection ${cause}`, error && { cause: error }));
        };
        const timer = setTimeout(() => fail(`timed out after ${connectTimeoutMs} ms`), connectTimeoutMs);
        timer.unref();
        socket.once('error', error => fail(describeNetworkCause(error), error));
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          // Until the session sets onData, what arrives waits in the socket.
          socket.pause();
          if (closing) {
            fail('was abandoned: the netlayer closed');
            return;
          }
          resolve(openChannel(socket, true, description));
        });
      });
    };

    const close = async (): Promise<void> => {
      if (!closing) {
        closing = true;
        const serverClosed = new Promise<void>(resolve => server.close(() => resolve()));
        const reason = Error(`The ${TCP_TESTING_ONLY} netlayer at ${formatAddress(host, boundPort)} closed`);
        for (const channel of channels) channel.close(reason);
        for (const socket of sockets) if (socket.connecting) socket.destroy();
        await serverClosed;
      }
      // Each socket closes within closeTimeoutMs of its channel's close.
      await Promise.all([...sockets].map(socket => new Promise<void>(resolve => (socket.destroyed ? resolve() : socket.once('close', () => resolve())))));
    };

    const netlayer: OcapnNetlayer = { transport: TCP_TESTING_ONLY, location, connect, close };
    return netlayer;
  };
