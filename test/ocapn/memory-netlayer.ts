// In-memory OCapN channels and netlayers for session tests: bytes written
// on one end arrive, copied, on the other in a later task (as over a
// socket), and every write is recorded so tests can look at the wire.

import { makePeerLocator, peerKey, type OcapnPeerLocator } from '../../src/ocapn/locator.js';
import type { OcapnChannel, OcapnNetlayer, OcapnNetlayerFactory } from '../../src/ocapn/netlayer.js';

export interface MemoryChannel extends OcapnChannel {
  /** Every chunk written on this end, in order. */
  readonly written: Uint8Array[];
  readonly isClosed: boolean;
  /** Holds back what this end writes (it is still recorded) until the returned release is called. */
  hold(): () => void;
}

interface End extends MemoryChannel {
  peer: End | undefined;
  deliver(bytes: Uint8Array): void;
  hangUp(reason?: Error): void;
}

const makeEnd = (outgoing: boolean, description: string): End => {
  let onData: ((chunk: Uint8Array) => void) | undefined;
  let onClose: ((reason: Error | undefined) => void) | undefined;
  const backlog: Uint8Array[] = [];
  let closed = false;
  let held: Uint8Array[] | undefined;
  const end: End = {
    peer: undefined,
    outgoing,
    authenticatedPeer: undefined,
    remoteDescription: `with ${description} (${outgoing ? 'outgoing' : 'incoming'})`,
    written: [],
    get isClosed() {
      return closed;
    },
    write(bytes) {
      if (closed) return;
      const copy = new Uint8Array(bytes);
      end.written.push(copy);
      if (held !== undefined) held.push(copy);
      else setImmediate(() => end.peer!.deliver(copy));
    },
    hold() {
      held ??= [];
      return () => {
        const chunks = held ?? [];
        held = undefined;
        for (const chunk of chunks) setImmediate(() => end.peer!.deliver(chunk));
      };
    },
    onData(handler) {
      onData = handler;
      for (const chunk of backlog.splice(0)) handler(chunk);
    },
    onClose(handler) {
      onClose = handler;
    },
    pause() {},
    resume() {},
    close(reason) {
      if (closed) return;
      closed = true;
      onClose?.(reason);
      // What was written before the close still arrives first.
      setImmediate(() => end.peer!.hangUp(reason));
    },
    deliver(bytes) {
      if (closed) return;
      if (onData) onData(bytes);
      else backlog.push(bytes);
    },
    hangUp(reason) {
      if (closed) return;
      closed = true;
      onClose?.(Error(`the peer closed the channel${reason ? `: ${reason.message}` : ''}`));
    },
  };
  return end;
};

/** Two connected ends: [the dialler's, the answerer's]. */
export const makeChannelPair = (description = 'memory'): [MemoryChannel, MemoryChannel] => {
  const dialler = makeEnd(true, description);
  const answerer = makeEnd(false, description);
  dialler.peer = answerer;
  answerer.peer = dialler;
  return [dialler, answerer];
};

export interface MemoryNetwork {
  /** A netlayer factory for the peer named `name` on this network. */
  netlayer(name: string): OcapnNetlayerFactory;
  /** Every channel opened so far, as [dialler's end, answerer's end]. */
  readonly pairs: [MemoryChannel, MemoryChannel][];
  /** The end `from` holds of the latest channel between peers `from` and `to` (either dialled). */
  endBetween(from: string, to: string): MemoryChannel | undefined;
}

export const makeMemoryNetwork = (): MemoryNetwork => {
  const listeners = new Map<string, (channel: OcapnChannel) => void>();
  const pairs: [MemoryChannel, MemoryChannel][] = [];
  const pairNames: [string, string][] = [];
  return {
    pairs,
    endBetween: (from, to) => {
      for (let i = pairs.length - 1; i >= 0; i -= 1) {
        const [dialler, answerer] = pairNames[i]!;
        if (dialler === from && answerer === to) return pairs[i]![0];
        if (dialler === to && answerer === from) return pairs[i]![1];
      }
      return undefined;
    },
    netlayer: (name) => async (onIncoming) => {
      const location: OcapnPeerLocator = makePeerLocator('memory', name);
      listeners.set(peerKey(location), onIncoming);
      const netlayer: OcapnNetlayer = {
        transport: 'memory',
        location,
        connect: async (peer) => {
          const listener = listeners.get(peerKey(peer));
          if (listener === undefined) throw Error(`No memory peer ${peer.designator}`);
          const pair = makeChannelPair(`memory ${name} -> ${peer.designator}`);
          pairs.push(pair);
          pairNames.push([name, peer.designator]);
          listener(pair[1]);
          return pair[0];
        },
        close: async () => {
          listeners.delete(peerKey(location));
        },
      };
      return netlayer;
    },
  };
};
