// What an OCapN netlayer gives a session: ordered, reliable, bidirectional
// byte channels to peers named by locators, and the channels peers open to
// us. OCapN messages are Syrup records written back to back; the session
// finds where each ends (tcp-testing-only is unframed by default), so a
// netlayer carries bytes and knows nothing of the protocol.

import type { OcapnPeerLocator } from './locator.js';

/** One channel to one peer. */
export interface OcapnChannel {
  /**
   * Queues bytes to the peer, in order. Over the netlayer's send limits
   * (sendHighWaterBytes, sendDrainTimeoutMs, maxSendBufferBytes, as in
   * src/transport) the channel closes with the reason. After the channel
   * ended, writes are ignored.
   */
  write(bytes: Uint8Array): void;
  /**
   * Bytes from the peer, in order, in chunks of any size. Set once; until
   * it is set, the channel does not read (what arrives waits).
   */
  onData(handler: (chunk: Uint8Array) => void): void;
  /**
   * Called once, on a later turn, when the channel ends (also when set
   * after the end). The reason is undefined only after our own close()
   * without a reason; otherwise it is the reason given to close(), or an
   * Error whose message starts "OCapN channel <remoteDescription>" and
   * says the cause: "was closed by the peer", "was reset by the peer
   * (ECONNRESET)", "timed out", a send limit, "lost its libp2p connection".
   * A peer killed mid-stream looks like a close or a reset, whichever its
   * kernel sent.
   */
  onClose(handler: (reason: Error | undefined) => void): void;
  /** Stops reading from the peer (backpressure from the session), and starts again. */
  pause(): void;
  resume(): void;
  /**
   * Ends the channel: what was written is flushed, then the connection
   * closes (destroyed after closeTimeoutMs if the peer does not close its
   * side). onClose then gets `reason`.
   */
  close(reason?: Error): void;
  /** True for a channel we dialled, false for one the peer opened. */
  readonly outgoing: boolean;
  /**
   * The peer this channel is authenticated to be, when the netlayer
   * authenticates (libp2p: its peer id); undefined when it does not
   * (tcp-testing-only), and then the session's signatures are all there is.
   */
  readonly authenticatedPeer: OcapnPeerLocator | undefined;
  /** A short text naming the other end (address, peer id), for errors and logs. */
  readonly remoteDescription: string;
  /**
   * True when each write() goes out as one frame that the peer reads as one
   * message (tcp-testing-only with `framing: 'syrup'`): the session then
   * writes its messages one by one instead of joining a turn's into one write.
   */
  readonly framesMessages?: boolean;
}

export interface OcapnNetlayer {
  /** The transport name in locators, e.g. "tcp-testing-only". */
  readonly transport: string;
  /** Where peers reach us through this netlayer. */
  readonly location: OcapnPeerLocator;
  /**
   * Opens a channel to `peer` (whose transport is ours). A locator it
   * cannot use (another transport, missing or bad hints, a designator that
   * is not a peer id) rejects with a TypeError before any dial; a failed
   * dial rejects with "Could not connect to <transport> peer <designator>
   * at <address>: the connection <cause>" (refused, timed out, another
   * peer's key, ...).
   */
  connect(peer: OcapnPeerLocator): Promise<OcapnChannel>;
  /** Stops accepting, and closes every channel. */
  close(): Promise<void>;
}

/** Makes a netlayer that hands each channel a peer opens to `onIncoming`. */
export type OcapnNetlayerFactory = (onIncoming: (channel: OcapnChannel) => void) => Promise<OcapnNetlayer>;
