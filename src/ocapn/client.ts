// makeOcapn: an OCapN peer. It listens on its netlayers, keeps at most one
// session per peer (spec/ocapn.md §5: a second session with a live peer is
// refused, and crossed hellos are settled by the lower session key losing),
// and hands out sessions, bootstrap objects and sturdy refs. A reference
// from one session sent in another is handed off (handoff-roles.ts): the
// receiver gets the exporter's object itself, not a proxy through us.
//
//   const ocapn = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer()] });
//   const swiss = ocapn.makeSturdyRef(Far('counter', { ... }));      // → locator
//   const counter = await peerB.enlivenSturdyRef(swiss);             // a presence
//   await E(counter).increment();
//   await ocapn.close();

import { E } from '../eventual-send/index.js';
import type { Passable } from '../pass-style/index.js';
import { compareBytes, type SyrupValue } from './syrup/index.js';
import {
  formatPeerUri,
  makeSturdyRefLocator,
  parseOcapnUri,
  peerKey,
  samePeer,
  type OcapnPeerLocator,
  type OcapnSturdyRefLocator,
} from './locator.js';
import type { OcapnNetlayer, OcapnNetlayerFactory, OcapnChannel } from './netlayer.js';
import { makeOcapnSession, type OcapnSession } from './session.js';
import { resolveOcapnQuotas, type OcapnQuotas } from './quotas.js';
import { OCAPN_DIALECTS, type OcapnDialect } from './op-writer.js';
import { makeBootstrapObject } from './bootstrap.js';
import { makeGiftTable } from './handoffs.js';
import { makeHandoffRoles } from './handoff-roles.js';
import { byteArrayOf, makeSturdyRefRegistry, makeSturdyRefValues } from './sturdy-refs.js';
import { checkLivenessTimeout } from './liveness.js';
import { checkDispatchLimits, type DispatchLimitOptions } from '../transport/limits.js';

/**
 * Also per session, how much of the peer's input is acted on per event-loop
 * turn (maxMessagesPerTurn 64 operations, maxMillisPerTurn 5) and how much
 * may wait before we stop reading from the peer (maxQueuedMessages 1024,
 * maxQueuedBytes 8 MiB), as in endo/transport.
 */
export interface OcapnOptions extends DispatchLimitOptions {
  /** Where we listen and how we dial; the first one's location is ours. */
  netlayers: readonly OcapnNetlayerFactory[];
  /** Per-session quotas (quotas.ts); the defaults bound a hostile peer. */
  quotas?: Partial<OcapnQuotas>;
  /** What we send where the draft and the test suite differ (op-writer.ts); default 'draft'. */
  dialect?: OcapnDialect;
  /**
   * How long a peer we wait on (its op:start-session, answers to our
   * questions) may send nothing before its session ends as stalled, in ms
   * (liveness.ts); default 300 000 (5 minutes); Infinity for no limit.
   */
  livenessTimeoutMs?: number;
}

export interface Ocapn {
  /** Our location on the first netlayer. */
  readonly location: OcapnPeerLocator;
  readonly locations: readonly OcapnPeerLocator[];
  /** The session with `peer` (a locator or an ocapn:// peer URI): the live one, or a new one once its handshake completes. */
  connect(peer: OcapnPeerLocator | string): Promise<OcapnSession>;
  /** The object a sturdy ref (a locator or an ocapn://…/s/… URI) names: fetched through the peer's bootstrap object, or ours. */
  enlivenSturdyRef(sturdyRef: OcapnSturdyRefLocator | string): Promise<unknown>;
  /** Makes `object` reachable by a sturdy ref (optionally at a given swiss number); returns the ref's locator. */
  makeSturdyRef(object: unknown, swissNum?: Uint8Array | string): OcapnSturdyRefLocator;
  /** Live sessions, by peer. */
  sessions(): OcapnSession[];
  /** Aborts every session and closes the netlayers. */
  close(): Promise<void>;
}

interface Dialling {
  session: OcapnSession | undefined;
  waiters: { resolve: (session: OcapnSession) => void; reject: (error: Error) => void }[];
}

export const makeOcapn = async (options: OcapnOptions): Promise<Ocapn> => {
  const { netlayers: factories, dialect = 'draft' } = options;
  if (!Array.isArray(factories) || factories.length === 0) throw TypeError('makeOcapn needs at least one netlayer');
  if (!OCAPN_DIALECTS.includes(dialect)) throw TypeError(`Unknown OCapN dialect ${JSON.stringify(dialect)}; known: ${OCAPN_DIALECTS.join(', ')}`);
  const quotas = resolveOcapnQuotas(options.quotas);
  const livenessTimeoutMs = checkLivenessTimeout(options.livenessTimeoutMs);
  const dispatchBudget = checkDispatchLimits(options);
  const registry = makeSturdyRefRegistry();

  /** Established sessions, by peer key. */
  const established = new Map<string, OcapnSession>();
  /** Peers we are dialling, by peer key, with who waits for the session. */
  const dialling = new Map<string, Dialling>();
  /** Every session not yet ended (for close()). */
  const live = new Set<OcapnSession>();
  /** Outgoing sessions given up for an inbound one (crossed hellos): their waiters wait on. */
  const yielded = new WeakSet<OcapnSession>();
  let closed = false;
  /** Established sessions by session ID (hex), for handoffs. */
  const byId = new Map<string, OcapnSession>();
  const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
  const gifts = makeGiftTable((id) => byId.get(hexOf(id)), quotas);
  // Filled in below (connect needs the netlayers).
  // eslint-disable-next-line prefer-const
  let handoffs: ReturnType<typeof makeHandoffRoles>;

  const settleWaiters = (key: string, outcome: OcapnSession | Error): void => {
    const entry = dialling.get(key);
    if (entry === undefined) return;
    dialling.delete(key);
    for (const waiter of entry.waiters) {
      if (outcome instanceof Error) waiter.reject(outcome);
      else waiter.resolve(outcome);
    }
  };

  const hooks = {
    onPeerHello: (session: OcapnSession): Error | undefined => {
      const key = peerKey(session.peerLocation!);
      const existing = established.get(key);
      if (existing !== undefined && !existing.isEnded) return Error('There is already a live session with this peer');
      if (!session.outgoing) {
        const pending = dialling.get(key)?.session;
        if (pending !== undefined && !pending.isEnded) {
          // Crossed hellos: the session whose initiator's key ID is lower is aborted.
          if (compareBytes(pending.ourKeyId, session.peerKey!.id) < 0) {
            yielded.add(pending);
            pending.abort('Crossed hellos mitigated');
          } else {
            return Error('Crossed hellos mitigated');
          }
        }
      }
      established.set(key, session);
      byId.set(hexOf(session.id!), session);
      settleWaiters(key, session);
      return undefined;
    },
    onEnd: (session: OcapnSession, reason: Error): void => {
      live.delete(session);
      if (session.id !== undefined && byId.get(hexOf(session.id)) === session) {
        byId.delete(hexOf(session.id));
        gifts.forgetSession(session.id, reason);
      }
      const location = session.peerLocation;
      if (location !== undefined && established.get(peerKey(location)) === session) established.delete(peerKey(location));
      for (const [key, entry] of dialling) {
        if (entry.session === session && !yielded.has(session)) settleWaiters(key, reason);
      }
    },
    makeSturdyRef: (locator: OcapnSturdyRefLocator): Passable => sturdyRefValues.make(locator) as Passable,
    sturdyRefLocatorOf: (value: object) => sturdyRefValues.locatorOf(value),
    makeSignedHandoff: (envelope: SyrupValue, session: OcapnSession): Passable => handoffs.makeSignedHandoff(envelope, session),
    onImport: (session: OcapnSession, value: object): void => handoffs.onImport(session, value),
    writeElsewhere: (value: object, session: OcapnSession): SyrupValue | undefined => handoffs.writeElsewhere(value, session),
  };

  const startSession = (channel: OcapnChannel, ourLocation: OcapnPeerLocator, dialledPeer?: OcapnPeerLocator): OcapnSession => {
    const session = makeOcapnSession({
      channel,
      ourLocation,
      makeBootstrap: (self) => makeBootstrapObject({ registry, gifts }, self),
      quotas,
      dialect,
      hooks,
      livenessTimeoutMs,
      dialledPeer,
      dispatchBudget,
    });
    if (!session.isEnded) live.add(session);
    return session;
  };

  const netlayers: OcapnNetlayer[] = [];
  for (const factory of factories) {
    const netlayer: OcapnNetlayer = await factory((channel: OcapnChannel) => {
      if (closed) {
        channel.close();
        return;
      }
      startSession(channel, netlayer.location);
    });
    netlayers.push(netlayer);
  }

  const netlayerFor = (peer: OcapnPeerLocator): OcapnNetlayer => {
    const netlayer = netlayers.find((candidate) => candidate.transport === peer.transport);
    if (netlayer === undefined) throw Error(`No netlayer for the transport ${JSON.stringify(peer.transport)} (of ${formatPeerUri(peer)})`);
    return netlayer;
  };

  const toPeer = (peer: OcapnPeerLocator | string): OcapnPeerLocator => {
    if (typeof peer !== 'string') return peer;
    const parsed = parseOcapnUri(peer);
    if (parsed.kind !== 'peer') throw TypeError(`Not a peer URI (it names a sturdy ref): ${peer}`);
    return parsed.peer;
  };

  const connect = (given: OcapnPeerLocator | string): Promise<OcapnSession> => {
    let peer: OcapnPeerLocator;
    try {
      if (closed) throw Error('This OCapN peer is closed');
      peer = toPeer(given);
    } catch (error) {
      return Promise.reject(error);
    }
    const key = peerKey(peer);
    const existing = established.get(key);
    if (existing !== undefined && !existing.isEnded) return Promise.resolve(existing);
    return new Promise<OcapnSession>((resolve, reject) => {
      const pending = dialling.get(key);
      if (pending !== undefined) {
        pending.waiters.push({ resolve, reject });
        return;
      }
      const entry: Dialling = { session: undefined, waiters: [{ resolve, reject }] };
      dialling.set(key, entry);
      let netlayer: OcapnNetlayer;
      try {
        netlayer = netlayerFor(peer);
      } catch (error) {
        settleWaiters(key, error as Error);
        return;
      }
      netlayer.connect(peer).then(
        (channel) => {
          if (dialling.get(key) !== entry) {
            // Someone else's session with this peer got there first.
            channel.close();
            return;
          }
          entry.session = startSession(channel, netlayer.location, peer);
        },
        (error) => settleWaiters(key, error instanceof Error ? error : Error(String(error))),
      );
    });
  };

  const enlivenSturdyRef = async (given: OcapnSturdyRefLocator | string): Promise<unknown> => {
    let locator: OcapnSturdyRefLocator;
    if (typeof given === 'string') {
      const parsed = parseOcapnUri(given);
      if (parsed.kind !== 'sturdyref') throw TypeError(`Not a sturdy ref URI: ${given}`);
      locator = parsed.sturdyRef;
    } else {
      locator = given;
    }
    if (netlayers.some((netlayer) => samePeer(netlayer.location, locator.peer))) return registry.lookup(locator.swissNum);
    const session = await connect(locator.peer);
    return E(session.getBootstrap()).fetch(byteArrayOf(locator.swissNum));
  };

  const sturdyRefValues = makeSturdyRefValues(enlivenSturdyRef);
  handoffs = makeHandoffRoles({
    connect,
    isOurs: (peer) => netlayers.some((netlayer) => samePeer(netlayer.location, peer)),
    gifts,
  });

  return {
    location: netlayers[0]!.location,
    locations: netlayers.map((netlayer) => netlayer.location),
    connect,
    enlivenSturdyRef,
    makeSturdyRef: (object, swissNum) => makeSturdyRefLocator(netlayers[0]!.location, registry.register(object, swissNum)),
    sessions: () => [...live],
    close: async () => {
      closed = true;
      for (const session of [...live]) session.abort('peer shutting down');
      for (const key of [...dialling.keys()]) settleWaiters(key, Error('This OCapN peer is closed'));
      await Promise.all(netlayers.map((netlayer) => netlayer.close()));
    },
  };
};
