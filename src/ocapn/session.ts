// One OCapN CapTP session over one channel (spec/ocapn.md §3-§5): the
// handshake, the four tables, and what each operation does.
//
// Tables, each by position in the peer's or our numbering:
//   exports    ours the peer can name as <desc:export n> (session-exports.ts).
//   imports    the peer's objects and promises we hold (presences and
//              handled promises), held weakly: when one is collected we send
//              op:gc-exports with how many times it arrived. A resolver
//              the peer names only as a resolve-me (nothing else can reach
//              it) gets no presence: it is counted until told, then given
//              back at once.
//   answers    what we owe for the peer's deliveries with an answer
//              position, until its op:gc-answers (session-answers.ts).
//   questions  our deliveries' answer positions, from 1; each has a resolver
//              we export, which the peer tells `fulfill` or `break`; once
//              told we send op:gc-answers for the position (session-gc.ts).
//
// Eventual sends to a remote reference (E(presence).m(a), E(answer)(a),
// E.get(p).f) become op:deliver (op:get, op:index) at once, even to a
// pending answer: promise pipelining. What we send is batched per turn
// (session-outbox.ts). What the peer sends is acted on in order, a bounded
// number of operations per event-loop turn (transport/fair-dispatcher.ts),
// so that one peer's flood cannot hold the event loop from other sessions.
// A malformed message, an op before the handshake, a peer that says it is
// another than the netlayer authenticated or we dialled, or a quota
// exceeded aborts this session only: op:abort with the reason is sent, the
// channel closed, and every promise pending on the session breaks with an
// error naming the peer and the reason.

import { HandledPromise } from '../eventual-send/index.js';
import type { Handler, Settler } from '../eventual-send/types.js';
import { isPromise } from '../promise-kit/index.js';
import {
  Far,
  Remotable,
  nameForPassableSymbol,
  passableSymbolForName,
  passStyleOf,
  toPassableError,
  type Passable,
} from '../pass-style/index.js';
import { harden, hardenFreshArray } from '../ses/harden-when-available.js';
import { makeFairDispatcher, type DispatchBudget } from '../transport/fair-dispatcher.js';
import { SyrupWriter, syrupRecord, syrupSymbol, writePassableSyrup, writeSyrupValue, type SyrupValue } from './syrup/index.js';
import { makeOcapnKeyPair, makeSessionId, type OcapnPublicKey } from './crypto.js';
import { formatPeerUri, peerToSyrup, samePeer, sturdyRefToSyrup, type OcapnPeerLocator, type OcapnSturdyRefLocator } from './locator.js';
import type { OcapnChannel } from './netlayer.js';
import { replacePlaceholders, type DescriptorInfo, type ReferenceDescriptor } from './descriptors.js';
import { makeOpReader, type OcapnOp } from './operations.js';
import { writeAbort, writeDeliver, writeDescriptor, writeListen, writeSelect, writeStartSession, type OcapnDialect, type Reference } from './op-writer.js';
import { checkStartSession, OCAPN_CAPTP_VERSION, signLocation } from './handshake.js';
import { makeHandoffCountLog, type HandoffCountLog } from './handoffs.js';
import { explainSyrupLimit, overOcapnQuota, syrupLimitsOf, type OcapnQuotas } from './quotas.js';
import { DEFAULT_OCAPN_LIVENESS_TIMEOUT_MS, watchLiveness } from './liveness.js';
import { isClosedByPeer } from './netlayers/channel-errors.js';
import { truncateForLog } from '../captp/bounded-log.js';
import { makeSessionOutbox } from './session-outbox.js';
import { makeSessionGcQueue } from './session-gc.js';
import { makeSessionExports } from './session-exports.js';
import { makeSessionAnswers } from './session-answers.js';
import { registerHandoffSigner } from './session-signing.js';

export { signHandoffCertificate } from './session-signing.js';

export interface OcapnSessionHooks {
  /**
   * The peer's op:start-session was valid: return an Error to refuse the
   * session (an existing session with that peer, crossed hellos), else undefined.
   */
  onPeerHello(session: OcapnSession): Error | undefined;
  /** The session ended (aborted, closed, refused). */
  onEnd(session: OcapnSession, reason: Error): void;
  /** The value an `<ocapn-sturdyref …>` from the peer stands for. */
  makeSturdyRef(locator: OcapnSturdyRefLocator): Passable;
  /** The locator of a value that makeSturdyRef made (to send it back as a sturdy ref). */
  sturdyRefLocatorOf(value: object): OcapnSturdyRefLocator | undefined;
  /** The value a `<desc:sig-envelope …>` argument stands for (a signed handoff certificate, arrived in `session`). */
  makeSignedHandoff(envelope: SyrupValue, session: OcapnSession): Passable;
  /** A new import of the peer's (a presence or a promise) was made in `session`. */
  onImport(session: OcapnSession, value: object): void;
  /**
   * Syrup to write in place of `value`, a reference that is not `session`'s
   * to name (a certificate, another session's import: a handoff), or
   * undefined to export it from here. May throw (the message is then not sent).
   */
  writeElsewhere(value: object, session: OcapnSession): SyrupValue | undefined;
}

export interface OcapnSessionOptions {
  channel: OcapnChannel;
  ourLocation: OcapnPeerLocator;
  /** Makes what the peer gets for <desc:export 0> in this session. */
  makeBootstrap: (session: OcapnSession) => object;
  quotas: Readonly<OcapnQuotas>;
  dialect: OcapnDialect;
  hooks: OcapnSessionHooks;
  /** How long the peer may stay silent while we wait on it (liveness.ts); default 5 minutes. */
  livenessTimeoutMs?: number;
  /** For a session we dialled: the peer we meant to reach (its op:start-session must name it). */
  dialledPeer?: OcapnPeerLocator;
  /** How much of the peer's input is acted on per event-loop turn, and how much may wait (transport/fair-dispatcher.ts). */
  dispatchBudget?: DispatchBudget;
}

export interface OcapnSession {
  /** True if we dialled. */
  readonly outgoing: boolean;
  /** Public ID of our key for this session. */
  readonly ourKeyId: Uint8Array;
  /** The peer's key, once its op:start-session arrived. */
  readonly peerKey: OcapnPublicKey | undefined;
  /** The peer's location, once its op:start-session arrived. */
  readonly peerLocation: OcapnPeerLocator | undefined;
  /** The session ID (spec §5), once the peer's key is known. */
  readonly id: Uint8Array | undefined;
  /** Handoff counts the peer has used in withdraw-gift (replay defence). */
  readonly handoffCounts: HandoffCountLog;
  /** Settles when the handshake completes (or breaks when the session ends first). */
  readonly established: Promise<void>;
  /** Breaks with the reason the session ended. */
  readonly ended: Promise<never>;
  readonly isEnded: boolean;
  /** A presence for the peer's bootstrap object (<desc:export 0>). */
  getBootstrap(): any;
  /** Ends the session, telling the peer why (op:abort). */
  abort(reason?: string | Error): void;
  /** Sizes of the tables, for tests and monitoring. */
  getTableSizes(): { exports: number; imports: number; answers: number; questions: number };
}

const sink = (): void => {};

const messageOf = (reason: unknown): string => (reason instanceof Error ? reason.message : String(reason));

export const makeOcapnSession = (options: OcapnSessionOptions): OcapnSession => {
  const {
    channel,
    ourLocation,
    makeBootstrap,
    quotas,
    dialect,
    hooks,
    livenessTimeoutMs = DEFAULT_OCAPN_LIVENESS_TIMEOUT_MS,
    dialledPeer,
    dispatchBudget,
  } = options;
  const keyPair = makeOcapnKeyPair();
  const reader = makeOpReader(syrupLimitsOf(quotas));

  let peerKey: OcapnPublicKey | undefined;
  let peerLocation: OcapnPeerLocator | undefined;
  let endReason: Error | undefined;
  let theirHelloReceived = false;

  let settleEstablished!: { resolve: () => void; reject: (error: Error) => void };
  const established = new Promise<void>((resolve, reject) => {
    settleEstablished = { resolve, reject };
  });
  established.catch(sink);
  let rejectEnded!: (error: Error) => void;
  const ended = new Promise<never>((_, reject) => {
    rejectEnded = reject;
  });
  ended.catch(sink);

  /** "with ocapn://…" once the peer's hello came, else the netlayer's words for the other end ("with … peer at …"). */
  const describePeer = (): string => (peerLocation ? `with ${formatPeerUri(peerLocation)}` : channel.remoteDescription);

  // --- sending ------------------------------------------------------------

  // The GC ops waiting go out at the end of each batch.
  // eslint-disable-next-line @typescript-eslint/no-use-before-define
  const outbox = makeSessionOutbox(channel, () => gcQueue.appendPending());
  const gcQueue = makeSessionGcQueue(outbox, dialect);
  const { send } = outbox;

  /** Ours is written once (dialler: at once; answerer: after checking the peer's). */
  const sendHello = (): void => {
    const location = peerToSyrup(ourLocation);
    const hello = new SyrupWriter();
    writeStartSession(hello, OCAPN_CAPTP_VERSION, keyPair.publicKey.bytes, location, signLocation(keyPair, location));
    outbox.sendHello(hello.toBytes());
  };

  // --- tables ---------------------------------------------------------------

  // Position 0, the bootstrap object, is filled in once the session object exists.
  const exported = makeSessionExports(quotas);
  const answers = makeSessionAnswers(quotas);

  /** value → its import position, for naming it back as <desc:export n>. */
  const importPositionOf = new WeakMap<object, number>();
  const importRefs = new Map<number, WeakRef<object>>();
  const importReceivedCount = new Map<number, number>();
  /**
   * The peer's resolvers named only as a resolve-me or listen-desc (no
   * presence made, as nothing but the session can reach them): position →
   * times received, until we have told them; then op:gc-exports gives them back.
   */
  const toldOnlyImports = new Map<number, number>();
  /** Settlers of the peer's promises we hold, by import position. */
  const importSettlers = new Map<number, Settler<unknown>>();

  // The draft says answer positions are positive (Endo refuses 0 in op:get, op:index, op:untag).
  let nextQuestionPosition = 1;
  const questionSettlers = new Map<number, Settler<unknown>>();
  /** Our pending answers' promises → their positions (until settled: then they name their settlement). */
  const questionPositionOf = new Map<object, number>();

  const importRegistry = new FinalizationRegistry<{ position: number; ref: WeakRef<object> }>(({ position, ref }) => {
    if (importRefs.get(position) !== ref) return;
    importRefs.delete(position);
    const count = importReceivedCount.get(position) ?? 0;
    importReceivedCount.delete(position);
    if (count === 0 || endReason !== undefined) return;
    gcQueue.releaseImport(position, count);
  });

  // --- references -----------------------------------------------------------

  const liveImport = (position: number): object | undefined => importRefs.get(position)?.deref();

  /** How we name `ref` to the peer; a local one is exported (again) if need be. */
  const referenceFor = (ref: object, style: 'remotable' | 'promise'): Reference | { sturdyRef: OcapnSturdyRefLocator } | { syrup: SyrupValue } => {
    const importPosition = importPositionOf.get(ref);
    if (importPosition !== undefined) return { kind: 'export', position: importPosition };
    const questionPosition = questionPositionOf.get(ref);
    if (questionPosition !== undefined && questionSettlers.has(questionPosition)) return { kind: 'answer', position: questionPosition };
    const sturdyRef = hooks.sturdyRefLocatorOf(ref);
    if (sturdyRef !== undefined) return { sturdyRef };
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    const elsewhere = hooks.writeElsewhere(ref, session);
    if (elsewhere !== undefined) return { syrup: elsewhere };
    return exportLocal(ref, style);
  };

  /** Exports `ref`, ours (again), counting the time sent. */
  const exportLocal = (ref: object, style: 'remotable' | 'promise'): Reference => ({
    kind: style === 'promise' ? 'import-promise' : 'import-object',
    position: exported.exportOnce(ref),
  });

  const writeReference = (ref: object, w: SyrupWriter, style: 'remotable' | 'promise'): void => {
    const reference = referenceFor(ref, style);
    if ('sturdyRef' in reference) writeSyrupValue(w, sturdyRefToSyrup(reference.sturdyRef));
    else if ('syrup' in reference) writeSyrupValue(w, reference.syrup);
    else writeDescriptor(w, reference.kind, reference.position);
  };

  const writeValue = (w: SyrupWriter, value: Passable): void => writePassableSyrup(w, value, { writeReference });

  /** A reason as something passable: a passable reason as is, an error as its message. */
  const passableReason = (reason: unknown): Passable => {
    if (reason instanceof Error) return toPassableError(reason);
    try {
      passStyleOf(harden(reason) as Passable);
      return reason as Passable;
    } catch {
      return harden(Error(String(reason)));
    }
  };

  // --- outgoing deliveries --------------------------------------------------

  const methodSymbol = (prop: PropertyKey): symbol => {
    if (typeof prop !== 'string') throw TypeError(`OCapN method names are strings: ${String(prop)}`);
    return passableSymbolForName(prop)!;
  };

  const checkOpen = (): void => {
    if (endReason !== undefined) throw endReason;
  };

  /** Sends a delivery that wants no answer. */
  /** `args` (hardened fresh arrays, see argsOf) to `target`, wanting no answer. */
  const deliverOnly = (target: Reference, args: readonly Passable[]): void => {
    checkOpen();
    send((w) => writeDeliver(w, dialect, target, (aw) => args.forEach((arg) => writeValue(aw, arg)), false, false));
  };

  /**
   * A fresh hardened copy of `args`, after the method's symbol when there is
   * one. A loop: after lockdown, array spread is many times slower.
   */
  const argsOf = (prop: PropertyKey | undefined, args: readonly unknown[]): readonly Passable[] => {
    const all: Passable[] = prop === undefined ? [] : [methodSymbol(prop)];
    for (let i = 0; i < args.length; i += 1) all.push(args[i] as Passable);
    return hardenFreshArray(all);
  };

  /** The handler of a remote reference's handled promise and presence: its sends go to `target` on the peer. */
  class RemoteHandler implements Handler<{}> {
    readonly target: Reference;
    constructor(target: Reference) {
      this.target = target;
    }
    applyMethod(_: unknown, prop: PropertyKey | undefined, args: unknown[]): Promise<unknown> {
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      return deliver(this.target, argsOf(prop, args));
    }
    applyFunction(_: unknown, args: unknown[]): Promise<unknown> {
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      return deliver(this.target, argsOf(undefined, args));
    }
    get(_: unknown, prop: PropertyKey): Promise<unknown> {
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      return select(this.target, prop);
    }
    applyMethodSendOnly(_: unknown, prop: PropertyKey | undefined, args: unknown[]): void {
      deliverOnly(this.target, argsOf(prop, args));
    }
    applyFunctionSendOnly(_: unknown, args: unknown[]): void {
      deliverOnly(this.target, argsOf(undefined, args));
    }
  }

  /** A handled promise whose sends go to `target` on the peer. */
  const makeRemoteKit = (target: Reference) => {
    const handler: Handler<{}> = new RemoteHandler(target);
    let settler!: Settler<unknown>;
    const promise = new HandledPromise<unknown>((resolve, reject, resolveWithPresence) => {
      settler = { resolve, reject, resolveWithPresence: () => resolveWithPresence(handler) };
    }, handler as Handler<Promise<unknown>>);
    promise.catch(sink);
    return { promise, settler };
  };

  /** Settles the question of an answer resolver of ours (resolverBehavior's methods find it by `this`). */
  const settleOfResolver = new Map<object, (how: 'resolve' | 'reject', value: unknown) => void>();
  // Each question's resolver is an empty object inheriting from this far
  // object (a remotable inheriting from a remotable is one): no far object
  // and closures made and hardened per question.
  const resolverBehavior = Far('OCapN answer resolver', {
    fulfill(this: object, value: unknown) {
      settleOfResolver.get(this)?.('resolve', value);
    },
    break(this: object, reason: unknown) {
      settleOfResolver.get(this)?.('reject', reason);
    },
  });

  /** A new question: its answer position, the promise for the answer, and the resolver to export. */
  const makeQuestion = (): { position: number; promise: Promise<unknown>; resolver: object } => {
    checkOpen();
    if (questionSettlers.size >= quotas.maxQuestions) overOcapnQuota('maxQuestions', quotas.maxQuestions, questionSettlers.size + 1);
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    if (questionSettlers.size === 0) liveness.heard();
    const position = nextQuestionPosition;
    nextQuestionPosition += 1;
    const { promise, settler } = makeRemoteKit({ kind: 'answer', position });
    questionSettlers.set(position, settler);
    questionPositionOf.set(promise, position);
    const resolver = harden(Object.create(resolverBehavior) as object);
    settleOfResolver.set(resolver, (how, value) => {
      settleOfResolver.delete(resolver);
      questionPositionOf.delete(promise);
      if (!questionSettlers.has(position)) return;
      questionSettlers.delete(position);
      settler[how](value);
      // Every send pipelined on the answer went out before this: the peer may forget it.
      gcQueue.releaseAnswer(position);
    });
    return { position, promise, resolver };
  };

  /** `args` (hardened, see argsOf) to `target`, as a question: the promise for its answer. */
  const deliver = (target: Reference, args: readonly Passable[]): Promise<unknown> => {
    try {
      const { position, promise, resolver } = makeQuestion();
      try {
        const resolverReference = exportLocal(resolver, 'remotable');
        send((w) =>
          writeDeliver(w, dialect, target, (aw) => args.forEach((arg) => writeValue(aw, arg)), position, resolverReference),
        );
      } catch (error) {
        questionSettlers.get(position)?.reject(error);
        questionSettlers.delete(position);
        settleOfResolver.delete(resolver);
        questionPositionOf.delete(promise);
        throw error;
      }
      return promise;
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const select = (target: Reference, prop: PropertyKey): Promise<unknown> => {
    try {
      if (typeof prop !== 'string') throw TypeError(`OCapN can only get string fields: ${String(prop)}`);
      const { position, promise, resolver } = makeQuestion();
      const isIndex = /^(0|[1-9][0-9]*)$/.test(prop) && Number.isSafeInteger(Number(prop));
      send((w) => writeSelect(w, isIndex ? 'index' : 'get', target, isIndex ? Number(prop) : prop, position));
      // op:get has no resolver: ask for the answer with op:listen.
      send((w) => writeListen(w, dialect, { kind: 'answer', position }, referenceFor(resolver, 'remotable') as Reference));
      return promise;
    } catch (error) {
      return Promise.reject(error);
    }
  };

  // --- imports ---------------------------------------------------------------

  const importValue = (kind: 'import-object' | 'import-promise', position: number): object => {
    const known = liveImport(position);
    if (known !== undefined) {
      importReceivedCount.set(position, (importReceivedCount.get(position) ?? 0) + 1);
      return known;
    }
    const importCount = importRefs.size + toldOnlyImports.size;
    if (importCount >= quotas.maxImports) overOcapnQuota('maxImports', quotas.maxImports, importCount + 1);
    const target: Reference = { kind: 'export', position };
    const { promise, settler } = makeRemoteKit(target);
    let value: object;
    if (kind === 'import-object') {
      value = Remotable(`Alleged: OCapN presence ${position}`, undefined, settler.resolveWithPresence());
    } else {
      if (importSettlers.size >= quotas.maxPendingPromises) {
        overOcapnQuota('maxPendingPromises', quotas.maxPendingPromises, importSettlers.size + 1);
      }
      value = promise;
      importSettlers.set(position, settler);
      // Ask to be told how it settles.
      const resolver = Far('OCapN promise resolver', {
        fulfill: (result: unknown) => {
          if (importSettlers.get(position) === settler) importSettlers.delete(position);
          settler.resolve(result);
        },
        break: (reason: unknown) => {
          if (importSettlers.get(position) === settler) importSettlers.delete(position);
          settler.reject(reason);
        },
      });
      send((w) => writeListen(w, dialect, target, referenceFor(resolver, 'remotable') as Reference));
    }
    const ref = new WeakRef(value);
    importRefs.set(position, ref);
    importReceivedCount.set(position, 1);
    importPositionOf.set(value, position);
    importRegistry.register(value, { position, ref });
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    hooks.onImport(session, value);
    return value;
  };

  // --- acting on operations ---------------------------------------------------

  const protocolError = (message: string): TypeError => TypeError(`OCapN protocol error: ${message}`);

  /** What a reference descriptor from the peer names here. */
  const valueOf = (descriptor: DescriptorInfo): Passable => {
    switch (descriptor.kind) {
      case 'export': {
        if (!exported.has(descriptor.position)) throw protocolError(`<desc:export ${descriptor.position}> names no export`);
        return exported.valueAt(descriptor.position) as Passable;
      }
      case 'answer': {
        if (!answers.has(descriptor.position)) throw protocolError(`<desc:answer ${descriptor.position}> names no answer`);
        return answers.valueAt(descriptor.position) as Passable;
      }
      case 'import-object':
      case 'import-promise':
        return importValue(descriptor.kind, descriptor.position) as Passable;
      case 'sturdyref':
        return hooks.makeSturdyRef(descriptor.locator);
      case 'sig-envelope':
        // eslint-disable-next-line @typescript-eslint/no-use-before-define
        return hooks.makeSignedHandoff(syrupRecord(syrupSymbol('desc:sig-envelope'), descriptor.signed, descriptor.signature), session);
      default:
        throw protocolError(`a ${descriptor.kind} record where a value was expected`);
    }
  };

  const isImport = (value: unknown): boolean => typeof value === 'object' && value !== null && importPositionOf.has(value);

  /** Delivers `args` to a local target (or forwards them to a remote one). */
  const invoke = (target: unknown, args: readonly Passable[]): Promise<unknown> => {
    if (isImport(target) || typeof target === 'function') return HandledPromise.applyFunction(target, args);
    if (isPromise(target)) return (target as Promise<unknown>).then((settled) => invoke(settled, args));
    const method = args[0];
    const name = typeof method === 'symbol' ? nameForPassableSymbol(method) : typeof method === 'string' ? method : undefined;
    if (name === undefined) {
      return Promise.reject(TypeError('A delivery to an object names its method first (a symbol or string)'));
    }
    return HandledPromise.applyMethod(target, name, args.slice(1));
  };

  /** Tells a resolver of the peer's how something settled. */
  const notify = (resolver: Resolver, fulfilled: boolean, value: unknown): void => {
    if (endReason !== undefined) return;
    try {
      notifyOnce(resolver, fulfilled, value);
    } finally {
      releaseResolver(resolver);
    }
  };
  const notifyOnce = (resolver: Reference, fulfilled: boolean, value: unknown): void => {
    const verb = passableSymbolForName(fulfilled ? 'fulfill' : 'break')!;
    const outcome = fulfilled ? value : passableReason(value);
    try {
      deliverOnly(resolver, hardenFreshArray([verb, harden(outcome) as Passable]));
    } catch (error) {
      if (endReason !== undefined) return;
      // Not sendable (not passable, over a quota): break with the reason instead.
      deliverOnly(resolver, hardenFreshArray([passableSymbolForName('break')!, passableReason(error)]));
    }
  };

  /** A resolver of the peer's that we are to tell an outcome. */
  type Resolver = Reference & { presence?: object; toldOnly: boolean };

  const resolverOf = (descriptor: DescriptorInfo): Resolver => {
    const position = (descriptor as Reference).position;
    if (descriptor.kind === 'import-object' && liveImport(position) === undefined) {
      // A fresh resolver: counted as an import (the quota holds) but no presence is made.
      const times = toldOnlyImports.get(position);
      if (times === undefined) {
        const importCount = importRefs.size + toldOnlyImports.size;
        if (importCount >= quotas.maxImports) overOcapnQuota('maxImports', quotas.maxImports, importCount + 1);
      }
      toldOnlyImports.set(position, (times ?? 0) + 1);
      return { kind: 'export', position, toldOnly: true };
    }
    // Named also elsewhere: the resolver is an import like any other, and
    // its presence is kept with the reference until the peer is told: were it
    // collected before, our op:gc-exports would let the peer drop the resolver
    // that the notification then names.
    const value = importValue(descriptor.kind as 'import-object' | 'import-promise', position);
    return { kind: 'export', position: importPositionOf.get(value)!, presence: value, toldOnly: false };
  };

  /** After telling a told-only resolver: give it back to the peer (the op goes after the notification). */
  const releaseResolver = (resolver: Resolver): void => {
    if (!resolver.toldOnly || endReason !== undefined) return;
    const left = (toldOnlyImports.get(resolver.position) ?? 1) - 1;
    if (left > 0) toldOnlyImports.set(resolver.position, left);
    else toldOnlyImports.delete(resolver.position);
    gcQueue.releaseImport(resolver.position, 1);
  };

  const selectFrom = (op: OcapnOp & { op: 'get' | 'index' | 'untag' }, value: unknown): unknown => {
    const style = passStyleOf(value as Passable);
    if (op.op === 'get') {
      if (style !== 'copyRecord' || !Object.hasOwn(value as object, op.field)) {
        throw TypeError(`op:get: no field ${JSON.stringify(op.field)} in a ${style}`);
      }
      return (value as Record<string, unknown>)[op.field];
    }
    if (op.op === 'index') {
      if (style !== 'copyArray' || op.index >= (value as unknown[]).length) throw RangeError(`op:index: no index ${op.index} in a ${style}`);
      return (value as unknown[])[op.index];
    }
    const tag = style === 'tagged' ? (value as { [Symbol.toStringTag]: string })[Symbol.toStringTag] : undefined;
    if (tag !== op.tag) throw TypeError(`op:untag: expected a tagged ${JSON.stringify(op.tag)}, got a ${style}${tag ? ` ${JSON.stringify(tag)}` : ''}`);
    return (value as { payload: unknown }).payload;
  };

  /** Why the peer's op:start-session cannot stand for the peer this channel reaches, if it cannot. */
  const wrongPeer = (claimed: OcapnPeerLocator): Error | undefined => {
    const authenticated = channel.authenticatedPeer;
    if (authenticated !== undefined && !samePeer(authenticated, claimed)) {
      return Error(`op:start-session names ${formatPeerUri(claimed)}, but the netlayer authenticated the peer as ${formatPeerUri(authenticated)}`);
    }
    if (dialledPeer !== undefined && !samePeer(dialledPeer, claimed)) {
      return Error(`we dialled ${formatPeerUri(dialledPeer)}, but op:start-session names ${formatPeerUri(claimed)}`);
    }
    return undefined;
  };

  const act = (op: OcapnOp): void => {
    if (op.op === 'abort') {
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      // The peer's words, cut to a length fit for an error message and a log.
      end(Error(`OCapN session ${describePeer()} aborted by the peer: ${truncateForLog(op.reason)}`));
      return;
    }
    if (op.op === 'start-session') {
      if (theirHelloReceived) throw protocolError('a second op:start-session');
      theirHelloReceived = true;
      const impostor = wrongPeer(op.location);
      if (impostor !== undefined) throw impostor;
      peerKey = checkStartSession(op);
      peerLocation = op.location;
      const refusal = hooks.onPeerHello(session);
      if (refusal !== undefined) throw refusal;
      if (!outbox.helloSent) sendHello();
      settleEstablished.resolve();
      return;
    }
    if (!theirHelloReceived) throw protocolError(`op:${op.op} before op:start-session`);
    switch (op.op) {
      case 'deliver': {
        const target = valueOf(op.to);
        const args = (op.argsHoldPlaceholders ? replacePlaceholders(harden(op.args as Passable[]), valueOf) : harden(op.args)) as readonly Passable[];
        const resolver = op.resolveMe === false ? undefined : resolverOf(op.resolveMe);
        let depth = 0;
        if (op.answerPosition !== false) {
          depth = answers.depthOf(op.to);
          answers.check(op.answerPosition, depth);
        }
        const result = invoke(target, args);
        if (op.answerPosition !== false) answers.set(op.answerPosition, result, depth);
        if (resolver !== undefined) {
          result.then(
            (value) => notify(resolver, true, value),
            (reason) => notify(resolver, false, reason),
          );
        } else {
          result.catch(sink);
        }
        return;
      }
      case 'listen': {
        const target = valueOf(op.to);
        const resolver = resolverOf(op.resolveMe);
        HandledPromise.resolve(target).then(
          (value) => notify(resolver, true, value),
          (reason) => notify(resolver, false, reason),
        );
        return;
      }
      case 'get':
      case 'index':
      case 'untag': {
        const receiver = valueOf(op.receiver);
        const depth = answers.depthOf(op.receiver);
        answers.check(op.answerPosition, depth);
        const result = HandledPromise.resolve(receiver).then((value) => selectFrom(op, value));
        result.catch(sink);
        answers.set(op.answerPosition, result, depth);
        return;
      }
      case 'gc-exports':
        exported.release(op.positions, op.deltas);
        return;
      case 'gc-answers':
        answers.release(op.positions);
        return;
      default:
        throw protocolError(`unexpected operation ${(op as { op: string }).op}`);
    }
  };

  // --- ending -----------------------------------------------------------------

  /**
   * Ends the session with `reason` (what our side sees), telling the peer
   * `abortReason` in op:abort if given: the cause alone, not our words
   * for the session.
   */
  const end = (reason: Error, abortReason?: string): void => {
    if (endReason !== undefined) return;
    const tellPeer = abortReason !== undefined;
    let abort: Uint8Array | undefined;
    if (tellPeer) {
      const w = new SyrupWriter();
      writeAbort(w, abortReason);
      abort = w.toBytes();
    }
    // What was sent before the end goes out first; the abort last.
    outbox.close(abort);
    endReason = reason;
    liveness.stop();
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    incoming.stop();
    for (const settler of questionSettlers.values()) settler.reject(reason);
    questionSettlers.clear();
    settleOfResolver.clear();
    questionPositionOf.clear();
    for (const settler of importSettlers.values()) settler.reject(reason);
    importSettlers.clear();
    answers.clear();
    exported.clear();
    gcQueue.clear();
    toldOnlyImports.clear();
    for (const ref of importRefs.values()) importRegistry.unregister(ref);
    importRefs.clear();
    settleEstablished.reject(reason);
    rejectEnded(reason);
    try {
      channel.close(tellPeer ? reason : undefined);
    } catch {
      // Closed already.
    }
    hooks.onEnd(session, reason);
  };

  /** Something the peer sent made the session impossible: abort with why. */
  const refuse = (error: unknown): void => {
    const explained = explainSyrupLimit(error);
    const reason = messageOf(explained);
    end(Error(`OCapN session ${describePeer()} aborted: ${reason}`), reason);
  };

  // A peer we wait on (its hello, answers to our questions) that sends nothing for livenessTimeoutMs is taken as gone.
  const liveness = watchLiveness(
    livenessTimeoutMs,
    () => !theirHelloReceived || questionSettlers.size > 0,
    (silentMs) => {
      const waitingOn = theirHelloReceived ? `${questionSettlers.size} answer(s)` : 'its op:start-session';
      const cause = `the peer sent nothing for ${silentMs} ms while we waited on ${waitingOn}`;
      end(Error(`OCapN session ${describePeer()} ended: ${cause} (stalled or unreachable; the livenessTimeoutMs option of makeOcapn is ${livenessTimeoutMs} ms)`), cause);
    },
  );

  /** What the peer sent, in order: an op, or why what came next could not be read. */
  type Incoming = OcapnOp | { op: 'unreadable'; error: unknown };
  const incoming = makeFairDispatcher<Incoming>(
    (item) => {
      if (endReason !== undefined) return;
      if (item.op === 'unreadable') {
        refuse(item.error);
        return;
      }
      try {
        act(item);
      } catch (error) {
        refuse(error);
      }
    },
    dispatchBudget,
    { pauseReading: () => channel.pause(), resumeReading: () => channel.resume() },
  );

  channel.onData((chunk) => {
    if (endReason !== undefined) return;
    liveness.heard();
    let ops: OcapnOp[];
    try {
      ops = reader.push(chunk);
    } catch (error) {
      // After the ops read before it, in order.
      incoming.push({ op: 'unreadable', error });
      return;
    }
    const bytesEach = ops.length === 0 ? 0 : chunk.length / ops.length;
    for (const op of ops) incoming.push(op, bytesEach);
  });
  channel.onClose((reason) => {
    // Reached only when the session has not ended already: the peer went without op:abort, which is a fault.
    const cause =
      reason === undefined
        ? 'the connection closed'
        : isClosedByPeer(reason)
          ? `the peer closed the connection without op:abort (${reason.message})`
          : `the connection failed without op:abort: ${reason.message}`;
    end(Error(`OCapN session ${describePeer()} ended: ${cause}`, reason === undefined ? undefined : { cause: reason }));
  });

  const bootstrapKit = makeRemoteKit({ kind: 'export', position: 0 });
  const bootstrapPresence = Remotable('Alleged: OCapN bootstrap', undefined, bootstrapKit.settler.resolveWithPresence());

  const session: OcapnSession = {
    outgoing: channel.outgoing,
    ourKeyId: keyPair.publicKey.id,
    get peerKey() {
      return peerKey;
    },
    get peerLocation() {
      return peerLocation;
    },
    get id() {
      return peerKey === undefined ? undefined : makeSessionId(keyPair.publicKey.id, peerKey.id);
    },
    handoffCounts: makeHandoffCountLog(),
    established,
    ended,
    get isEnded() {
      return endReason !== undefined;
    },
    getBootstrap: () => bootstrapPresence,
    abort: (reason = 'session closed') => {
      const message = messageOf(reason);
      end(Error(`OCapN session ${describePeer()} aborted: ${message}`), message);
    },
    getTableSizes: () => ({
      exports: exported.size,
      imports: importRefs.size + toldOnlyImports.size,
      answers: answers.size,
      questions: questionSettlers.size,
    }),
  };

  registerHandoffSigner(session, keyPair.sign);

  // The peer's bootstrap object is an import like any other: named back as
  // <desc:export 0> here, handed off elsewhere.
  importPositionOf.set(bootstrapPresence, 0);
  hooks.onImport(session, bootstrapPresence);

  exported.setBootstrap(makeBootstrap(session));

  if (channel.outgoing) sendHello();
  return session;
};
