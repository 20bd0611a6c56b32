// A netlayer on libp2p: TCP, Noise (encryption and authentication by the
// peers' keys) and yamux (many streams over one connection), all libp2p's
// own, so no transport crypto is ours (three speed-ups keep the protocols
// stock: libp2p-tcp-transport.ts writes once per turn, libp2p-noise-frames.ts
// splits Noise messages without a throw per read, libp2p-yamux-window.ts
// sends a yamux window update per 16 KiB received, not per frame). The
// designator is the libp2p peer id; the hints carry the multiaddrs to dial:
//   ocapn://12D3KooW….libp2p?multiaddr=%2Fip4%2F127.0.0.1%2Ftcp%2F4001
// (more addresses as multiaddr.2, multiaddr.3, …). Each OCapN channel is
// one libp2p stream on the protocol /ocapn/1.0.0. A dial names the peer id
// it expects, and Noise fails the handshake when the remote's key does not
// give that id; each channel's authenticatedPeer is the remote peer id as
// a locator, so the session can check the peer is the one it meant.
//
// libp2p 3 calls Promise.withResolvers, which Node 20 lacks: load
// ./promise-with-resolvers-shim.js before lockdown() (see that file).

import { createLibp2p, type Libp2p } from 'libp2p';
import { coalescingTcp } from './libp2p-tcp-transport.js';
import { noiseWithFrameDecoder } from './libp2p-noise-frames.js';
import { yamuxWithStepWindowUpdates } from './libp2p-yamux-window.js';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import { checkPositiveInteger, type TransportLimitOptions } from '../../transport/limits.js';
import { makePeerLocator, type OcapnHints, type OcapnPeerLocator } from '../locator.js';
import type { OcapnChannel, OcapnNetlayer, OcapnNetlayerFactory } from '../netlayer.js';
import { describeLibp2pCause, LIBP2P_TRANSPORT, makeLibp2pChannel, multiaddrWithoutPeerId, type Libp2pChannel } from './libp2p-channel.js';
import { checkChannelLimits } from './socket-channel.js';

export { LIBP2P_TRANSPORT } from './libp2p-channel.js';

/** The libp2p protocol id OCapN channels are opened on. */
export const OCAPN_LIBP2P_PROTOCOL = '/ocapn/1.0.0';

/** Default time a dial (connection, handshake and stream) may take, in ms (10 s). */
export const DEFAULT_LIBP2P_CONNECT_TIMEOUT_MS = 10_000;

/** Default time the peer has, after our clean close, to close its end, in ms (5 s). */
export const DEFAULT_LIBP2P_CLOSE_TIMEOUT_MS = 5_000;

/** Default most channels open at once (1024); a stream beyond it is refused. */
export const DEFAULT_LIBP2P_MAX_CHANNELS = 1024;

/**
 * Default time between keepalive pings on each connection, in ms (10 s).
 * OCapN has no ping of its own; libp2p's connection monitor pings below it
 * (/ipfs/ping/1.0.0; a peer that answers "unsupported protocol" is alive
 * too), and a connection whose ping gets no answer in time is aborted, so
 * its channels end ("lost its connection") and their sessions with them: a
 * killed machine, a partition or a frozen process is noticed within about
 * pingIntervalMs + pingTimeoutMs.
 */
export const DEFAULT_LIBP2P_PING_INTERVAL_MS = 10_000;

/** Default least time a keepalive ping may take before the connection is judged dead, in ms (5 s; libp2p adapts it up to 60 s to the round trips it sees). */
export const DEFAULT_LIBP2P_PING_TIMEOUT_MS = 5_000;

/** Most OCapN streams one connection may have open each way (a session needs one; crossed hellos two). */
const MAX_STREAMS_PER_CONNECTION = 8;

/**
 * Largest yamux receive window per stream (2 MiB): while the session has a
 * channel paused, at most this much more arrives, under the stream's 4 MiB
 * read-buffer ceiling.
 */
const MAX_STREAM_WINDOW_BYTES = 2 * 1024 * 1024;

export type Libp2pNetlayerOptions = Pick<TransportLimitOptions, 'sendHighWaterBytes' | 'sendDrainTimeoutMs' | 'maxSendBufferBytes'> & {
  /** Our identity (see libp2p-identity.ts to make, save and load one); a fresh Ed25519 key if absent. */
  privateKey?: PrivateKey;
  /** Multiaddrs to listen on (default ['/ip4/127.0.0.1/tcp/0']). */
  listen?: readonly string[];
  /** Multiaddrs to put in our locator's hints (default: where we listen, with the ports chosen). */
  announce?: readonly string[];
  /** The protocol id of OCapN streams (default /ocapn/1.0.0). */
  protocol?: string;
  /** How long a dial may take, and an incoming connection's handshake, in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** After our clean close, how long the peer has to close its end, in ms (default 5000). */
  closeTimeoutMs?: number;
  /** Most channels open at once, both ways (default 1024). */
  maxChannels?: number;
  /** Time between keepalive pings on each connection, in ms (default 10 000). */
  pingIntervalMs?: number;
  /** Least time a ping may take before its connection is aborted, in ms (default 5000). */
  pingTimeoutMs?: number;
};


/** The hint key of the n-th multiaddr (from 1): multiaddr, multiaddr.2, multiaddr.3, … */
const multiaddrHintKey = (n: number): string => (n === 1 ? 'multiaddr' : `multiaddr.${n}`);

/** Hints carrying `addresses` (without their /p2p/ part). */
export const libp2pHintsOf = (addresses: readonly string[]): OcapnHints =>
  Object.fromEntries(addresses.map((address, i) => [multiaddrHintKey(i + 1), address]));

/**
 * The peer id and the addresses to dial (each ending in /p2p/<peer id>)
 * that a libp2p locator names; a TypeError says what is wrong.
 */
export const libp2pDialTargetOf = (peer: OcapnPeerLocator): { peerId: PeerId; addresses: Multiaddr[] } => {
  if (peer.transport !== LIBP2P_TRANSPORT) {
    throw TypeError(`The ${LIBP2P_TRANSPORT} netlayer cannot reach a peer on ${JSON.stringify(peer.transport)}`);
  }
  let peerId: PeerId;
  try {
    peerId = peerIdFromString(peer.designator);
  } catch (error) {
    throw TypeError(`The designator ${JSON.stringify(peer.designator.slice(0, 100))} is not a libp2p peer id`, { cause: error });
  }
  const hints = peer.hints === false ? {} : peer.hints;
  const texts = Object.keys(hints)
    .filter(key => key === 'multiaddr' || /^multiaddr\.[0-9]+$/.test(key))
    .sort((a, b) => (a === 'multiaddr' ? 0 : Number(a.slice(10))) - (b === 'multiaddr' ? 0 : Number(b.slice(10))))
    .map(key => hints[key]!);
  if (texts.length === 0) {
    throw TypeError(`Cannot reach libp2p peer ${peer.designator}: its locator has no "multiaddr" hint (there is no peer routing)`);
  }
  const addresses = texts.map(text => {
    let address: Multiaddr;
    try {
      address = multiaddr(text);
    } catch (error) {
      throw TypeError(`Cannot reach libp2p peer ${peer.designator}: ${JSON.stringify(text.slice(0, 200))} is not a multiaddr`, { cause: error });
    }
    const named = address.getComponents().filter(component => component.name === 'p2p');
    if (named.some(component => component.value !== peer.designator)) {
      throw TypeError(`Cannot reach libp2p peer ${peer.designator}: the hint ${JSON.stringify(text)} names another peer id`);
    }
    return named.length > 0 ? address : address.encapsulate(`/p2p/${peer.designator}`);
  });
  return { peerId, addresses };
};

export const makeLibp2pNetlayer =
  (options: Libp2pNetlayerOptions = {}): OcapnNetlayerFactory =>
  async onIncoming => {
    if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
      throw TypeError(
        'libp2p needs Promise.withResolvers, which this engine lacks: load endo/ocapn/promise-with-resolvers-shim.js before lockdown()',
      );
    }
    const { listen = ['/ip4/127.0.0.1/tcp/0'], protocol = OCAPN_LIBP2P_PROTOCOL } = options;
    const limits = checkChannelLimits(options, DEFAULT_LIBP2P_CLOSE_TIMEOUT_MS);
    const connectTimeoutMs = checkPositiveInteger('connectTimeoutMs', options.connectTimeoutMs, DEFAULT_LIBP2P_CONNECT_TIMEOUT_MS);
    const maxChannels = checkPositiveInteger('maxChannels', options.maxChannels, DEFAULT_LIBP2P_MAX_CHANNELS);
    const pingIntervalMs = checkPositiveInteger('pingIntervalMs', options.pingIntervalMs, DEFAULT_LIBP2P_PING_INTERVAL_MS);
    const pingTimeoutMs = checkPositiveInteger('pingTimeoutMs', options.pingTimeoutMs, DEFAULT_LIBP2P_PING_TIMEOUT_MS);

    const node: Libp2p = await createLibp2p({
      ...(options.privateKey === undefined ? {} : { privateKey: options.privateKey }),
      addresses: { listen: [...listen] },
      // libp2p's TCP and Noise, writing once per turn and framing without a throw per read (see those files).
      transports: [coalescingTcp()],
      connectionEncrypters: [noiseWithFrameDecoder()],
      // libp2p's yamux, granting window per 16 KiB taken in rather than after each frame (see that file).
      streamMuxers: [yamuxWithStepWindowUpdates({ streamOptions: { maxStreamWindowSize: MAX_STREAM_WINDOW_BYTES } })],
      // A peer that connects and stalls its handshake is dropped within connectTimeoutMs too.
      connectionManager: { inboundUpgradeTimeout: connectTimeoutMs },
      connectionMonitor: {
        enabled: true,
        pingInterval: pingIntervalMs,
        pingTimeout: { minTimeout: pingTimeoutMs, maxTimeout: Math.max(pingTimeoutMs, 60_000) },
        abortConnectionOnPingFailure: true,
      },
    });
    const ourId = node.peerId.toString();
    const channels = new Set<Libp2pChannel>();
    let closing = false;

    const adopt = (channel: Libp2pChannel): Libp2pChannel => {
      channels.add(channel);
      void channel.closed.then(() => channels.delete(channel));
      return channel;
    };

    await node.handle(
      protocol,
      (stream, connection) => {
        if (closing || channels.size >= maxChannels) {
          stream.abort(Error(`The ${LIBP2P_TRANSPORT} netlayer ${closing ? 'is closing' : `has ${channels.size} channels open, its maxChannels`}`));
          return;
        }
        const channel = adopt(makeLibp2pChannel(stream, connection, false, limits));
        // The session's handler throwing ends that channel, nothing else.
        try {
          onIncoming(channel);
        } catch (error) {
          channel.close(error instanceof Error ? error : Error(String(error)));
        }
      },
      { maxInboundStreams: MAX_STREAMS_PER_CONNECTION, maxOutboundStreams: MAX_STREAMS_PER_CONNECTION },
    );

    const announced =
      options.announce === undefined
        ? node.getMultiaddrs().map(address => multiaddrWithoutPeerId(address, ourId))
        : options.announce.map(text => multiaddrWithoutPeerId(multiaddr(text), ourId));
    const location = makePeerLocator(LIBP2P_TRANSPORT, ourId, libp2pHintsOf(announced));

    const connect = async (peer: OcapnPeerLocator): Promise<OcapnChannel> => {
      if (closing) throw Error(`The ${LIBP2P_TRANSPORT} netlayer is closed`);
      const { peerId, addresses } = libp2pDialTargetOf(peer);
      if (peerId.equals(node.peerId)) throw TypeError(`The ${LIBP2P_TRANSPORT} netlayer does not dial itself (${ourId})`);
      if (channels.size >= maxChannels) {
        throw RangeError(`The ${LIBP2P_TRANSPORT} netlayer has ${channels.size} channels open, its maxChannels`);
      }
      const where = addresses.map(address => multiaddrWithoutPeerId(address, peer.designator)).join(', ');
      const signal = AbortSignal.timeout(connectTimeoutMs);
      try {
        const connection = await node.dial(addresses, { signal });
        // Noise checked the key against the id we dialled; make sure of it here too.
        if (!connection.remotePeer.equals(peerId)) {
          connection.abort(Error('Unexpected peer'));
          throw Object.assign(Error(`the remote is ${connection.remotePeer.toString()}`), { name: 'UnexpectedPeerError' });
        }
        const stream = await connection.newStream(protocol, { signal });
        if (closing) {
          stream.abort(Error('The netlayer closed'));
          throw Error('the netlayer closed meanwhile');
        }
        return adopt(makeLibp2pChannel(stream, connection, true, limits));
      } catch (error) {
        const cause = signal.aborted ? `timed out after ${connectTimeoutMs} ms` : describeLibp2pCause(error);
        throw Error(`Could not connect to libp2p peer ${peer.designator} at ${where}: the connection ${cause}`, { cause: error });
      }
    };

    let stopped: Promise<void> | undefined;
    const close = (): Promise<void> => {
      if (stopped === undefined) {
        closing = true;
        const reason = Error(`The ${LIBP2P_TRANSPORT} netlayer of ${ourId} closed`);
        const open = [...channels];
        for (const channel of open) channel.close(reason);
        // Each channel flushes and closes within closeTimeoutMs; then the node stops.
        stopped = Promise.all(open.map(channel => channel.closed)).then(() => node.stop());
      }
      return stopped;
    };

    const netlayer: OcapnNetlayer = { transport: LIBP2P_TRANSPORT, location, connect, close };
    return netlayer;
  };
