// makeCapTP: one end of a CapTP connection, wire-compatible with
// @endo/captp 4.5. It keeps the connection's tables (exports, imports,
// questions we asked, answers we owe), turns values into CapData and back
// with a marshal whose slot conversions fill those tables, and acts on
// each message the peer sends. Message shapes are checked in
// check-message.ts; a message that is malformed or names something unknown
// aborts the connection (the original only reports it and carries on,
// which leaves its tables in whatever state the bad message left them).
// Reference counting lives in export-table.ts and import-table.ts (or, with
// the makeCapTPImportExportTables option, in the application's tables seen
// through external-tables.ts), Trap calls in traps.ts, trap-guest.ts and
// trap-host.ts.
//
// Memory stays bounded on a long-lived connection: an answer is kept for
// the peer only until the peer drops its question, and this end drops each
// of its questions as soon as the answer arrives (a settled question's
// promise forwards its calls to the answer, so nothing names the question
// again). The original drops questions only under gcImports, when their
// promises are collected; without it, it keeps every answer forever.

import { Fail, q } from '../ses/errors/index.js';
import { harden, hardenFreshArray } from '../ses/harden-when-available.js';
import { E, HandledPromise } from '../eventual-send/index.js';
import { isPromise } from '../promise-kit/index.js';
import { makeMarshal, Remotable } from '../marshal/index.js';
import type { CapData } from '../marshal/types.js';
import type { Settler } from '../eventual-send/types.js';
import { checkEnvelope, checkFields, checkMethod, type Envelope } from './check-message.js';
import { MESSAGE_TYPES, type MessageType } from './message-types.js';
import { makeRemoteKitMaker } from './remote-kit.js';
import { isSlot, reverseSlot, slotKind } from './slots.js';
import { makeExportTable } from './export-table.js';
import { makeImportTable } from './import-table.js';
import { adaptExternalTables } from './external-tables.js';
import { makeTrap } from './traps.js';
import { makeTrapCaller } from './trap-guest.js';
import { makeTrapServer } from './trap-host.js';
import { Far } from '../pass-style/index.js';
import { makePeerErrorLog } from './bounded-log.js';
import { decodeLimitOf } from '../marshal/decode-limits.js';
import { overQuota, resolveQuotas, type CapTPQuotas } from './quotas.js';
import type { CapTP, CapTPMessage, CapTPOptions, CapTPSlot, CapTPStats, RawSend, Trap } from './types.js';

// Keeps a rejection we have dealt with from being reported as unhandled.
const sink = (): void => {};

/** Counts of each message type, starting at zero, in the original's key order. */
const makeCounts = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const type of MESSAGE_TYPES) counts[type] = 0;
  return counts;
};

const errorMessageOf = (reason: unknown): string =>
  reason instanceof Error ? reason.message : String(reason);

/**
 * Makes one end of a CapTP connection named `ourId`. `rawSend` gets each
 * outgoing message as a plain record (bytes are the transport's job);
 * `bootstrapObj` (or, if a function, what it returns when called with the
 * CTP_BOOTSTRAP message) is what the peer's getBootstrap() gets.
 */
export const makeCapTP = (
  ourId: string,
  rawSend: RawSend,
  bootstrapObj: unknown = undefined,
  opts: CapTPOptions = {},
): CapTP => {
  // What the peer makes us log is truncated and rate-limited (bounded-log.ts).
  const peerErrorLog = makePeerErrorLog(ourId);
  const {
    onReject = peerErrorLog.reportException,
    epoch = 0,
    exportHook,
    importHook,
    gcImports = false,
    trapHost,
    trapGuest,
    makeCapTPImportExportTables,
  } = opts;
  // What the peer can make this end hold or do (see quotas.ts).
  const quotas = resolveQuotas(opts.quotas);
  // A host that is also a guest could block on a call it must itself serve.
  if (trapHost && trapGuest) Fail`CapTP ${q(ourId)} can only be one of either trapGuest or trapHost`;
  if (trapHost !== undefined && typeof trapHost !== 'function') Fail`opts.trapHost must be a function`;
  if (trapGuest !== undefined && typeof trapGuest !== 'function') Fail`opts.trapGuest must be a function`;

  const sendCounts = makeCounts();
  const recvCounts = makeCounts();
  /** Drops that brought an export (or an answer) to zero references. */
  let droppedCount = 0;
  const getStats = (): CapTPStats =>
    harden({ send: { ...sendCounts }, recv: { ...recvCounts }, gc: { DROPPED: droppedCount } });

  /** false while connected; once disconnected, the reason. */
  let unplug: unknown = false;

  /**
   * Reports `reason` to onReject unless it is the disconnection itself
   * (every pending promise rejects with that; one report is enough), and
   * returns a rejected promise that nobody is obliged to handle.
   */
  const quietReject = (reason: unknown): Promise<never> => {
    if ((unplug === false || reason !== unplug) && reason !== undefined) onReject(reason);
    const rejected = Promise.reject(reason);
    rejected.catch(sink);
    return rejected;
  };

  const valToSlot = new WeakMap<object, CapTPSlot>();
  /** Objects made by makeTrapHandler: exported as `t+N`, the only targets of Trap calls. */
  const trapHandlers = new WeakSet<object>();
  const trapServer = trapHost ? makeTrapServer(trapHost, reason => void quietReject(reason)) : undefined;
  /** How to settle each of our questions (`q-N`) and imported promises (`p-N`). */
  const settlers = new Map<CapTPSlot, Settler<unknown>>();
  /** What we owe the peer, by the peer's question id (`q-N` in its view). */
  const answers = new Map<string, unknown>();
  let lastObjectId = 0;
  let lastPromiseId = 0;
  let lastQuestionId = 0;
  let lastTrapId = 0;
  // Counts for the quotas that no table size gives.
  /** Our questions (settlers under `q-N`) awaiting the peer's answer. */
  let pendingQuestions = 0;
  /** Imported promises (settlers under `p-N`) the peer has not settled. */
  let pendingPromises = 0;
  /** With the application's tables (which do not say their size): imports and exports made here, less releases. */
  let externalImports = 0;
  let externalExports = 0;
  /**
   * The answers still pending, each with its depth in a pipelined chain: 1
   * for a call to anything else, one more than its target's for a call to
   * a pending answer.
   */
  const pendingAnswerDepths = new Map<string, number>();

  // Declared here, defined once the marshal exists (they call each other).
  let abort: (reason?: unknown) => void;
  let refuse: (error: unknown) => void;

  /**
   * Going over a quota through something this end does (a call it makes, a
   * value it sends): ends the connection with the quota's error, then
   * throws that error to whoever was doing it.
   */
  const exceedQuota = (name: keyof CapTPQuotas, count: number): never => {
    try {
      return overQuota(name, quotas[name], count);
    } catch (error) {
      if (unplug === false) refuse(error);
      throw error;
    }
  };

  const send = (message: CapTPMessage): void => {
    sendCounts[message.type] = (sendCounts[message.type] ?? 0) + 1;
    if (unplug !== false) return; // Disconnected: drop it silently, as the original does.
    let sent: unknown;
    try {
      sent = rawSend(message);
    } catch (error) {
      abort(error);
      return;
    }
    if (sent !== null && typeof sent === 'object' && typeof (sent as PromiseLike<void>).then === 'function') {
      Promise.resolve(sent).catch(reason => abort(reason));
    }
  };

  // Sends an eventual call to a slot of the peer's and returns the answer's promise.
  const sendCall = (target: CapTPSlot, method: unknown[]): Promise<unknown> => {
    if (unplug !== false) return quietReject(unplug);
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    const [questionID, answer] = makeQuestion();
    send({ type: 'CTP_CALL', epoch, questionID, target, method: serialize(hardenFreshArray(method)) });
    return answer;
  };

  const makeRemoteKit = makeRemoteKitMaker(sendCall, reason => {
    quietReject(reason);
  });

  /** Tells the peer that we hold no more of `slotID` than `decRefs` messages brought. */
  const sendDrop = (slotID: CapTPSlot, decRefs: number): void => send({ type: 'CTP_DROP', epoch, slotID, decRefs });

  // The tables. Slots are in our view: `+` our export, `-` our import.
  // Either the application's (makeCapTPImportExportTables), asked as the
  // original asks them, or our own, which the code below uses directly.
  const externalTables = makeCapTPImportExportTables?.({
    gcImports,
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    releaseSlot: slot => releaseSlot(slot),
    makeRemoteKit: target => harden(makeRemoteKit(target)),
  });
  const adapted = externalTables === undefined ? undefined : adaptExternalTables(externalTables);
  const exports = adapted?.exports ?? makeExportTable();
  const imports = adapted?.imports ?? makeImportTable({ weak: gcImports, onCollected: sendDrop });

  /** releaseSlot as the application's tables get it: they tell us an import is gone. */
  const releaseSlot = (slot: CapTPSlot): void => {
    if (!isSlot(slot) || slot[1] !== '-') Fail`releaseSlot(${q(slot)}): only an import (a slot like "o-1") can be released`;
    // A question was dropped already, when its answer arrived.
    if (slot[0] === 'q' && !settlers.has(slot)) return;
    if (slot[0] !== 'q' && externalImports > 0) externalImports -= 1;
    sendDrop(slot, adapted!.takeReceivedCount(slot));
  };

  const newQuestionID = (): CapTPSlot => {
    lastQuestionId += 1;
    return `q-${lastQuestionId}`;
  };

  const makeQuestion = (): [CapTPSlot, Promise<unknown>] => {
    if (pendingQuestions >= quotas.maxQuestions) exceedQuota('maxQuestions', pendingQuestions + 1);
    pendingQuestions += 1;
    const questionID = newQuestionID();
    const { promise, settler } = makeRemoteKit(questionID);
    settlers.set(questionID, settler);
    // So that the answer's promise, sent back to the peer, names the question.
    valToSlot.set(promise, questionID);
    // The application's tables see every question as an import, as in the
    // original. Ours need not: a question is dropped once it is answered
    // (see CTP_RETURN), collected or not.
    if (externalTables !== undefined) imports.set(questionID, promise);
    return [questionID, promise];
  };

  /** A value of ours about to be sent: its slot, exporting it if it is new. */
  const convertValToSlot = (value: any): CapTPSlot => {
    const known = valToSlot.get(value);
    if (known !== undefined) {
      // An object export the peer had dropped comes back under its old slot.
      if (known[1] === '+' && !exports.has(known)) {
        checkExportQuota();
        exports.add(known, value);
      }
      return known;
    }
    checkExportQuota();
    let slot: CapTPSlot;
    const promise = isPromise(value);
    if (trapHandlers.has(value)) {
      lastTrapId += 1;
      slot = `t+${lastTrapId}`;
    } else if (externalTables !== undefined) {
      slot = externalTables.makeSlotForValue(value);
      if (!isSlot(slot) || slot[1] !== '+') Fail`makeSlotForValue made ${q(slot)}, not a slot of ours like "o+1"`;
    } else if (promise) {
      lastPromiseId += 1;
      slot = `p+${lastPromiseId}`;
    } else {
      lastObjectId += 1;
      slot = `o+${lastObjectId}`;
    }
    if (exportHook) exportHook(value, slot);
    if (promise) {
      // Tell the peer how it settles; the peer knows it as p-N.
      const promiseID = reverseSlot(slot);
      const resolved = (result: unknown) => send({ type: 'CTP_RESOLVE', promiseID, res: serialize(harden(result)) });
      const rejected = (reason: unknown) => send({ type: 'CTP_RESOLVE', promiseID, rej: serialize(harden(reason)) });
      // A settlement that cannot be sent (not passable) is sent as a rejection.
      E.when(value, resolved, rejected).catch(rejected);
    }
    valToSlot.set(value, slot);
    exports.add(slot, value);
    return slot;
  };

  /** Before one more export: within quota, or the connection ends. */
  function checkExportQuota(): void {
    const held = externalTables === undefined ? exports.size() : externalExports;
    if (held >= quotas.maxExports) exceedQuota('maxExports', held + 1);
    if (externalTables !== undefined) externalExports += 1;
  }

  /** Before one more import (a promise, if `isPromise`): within quota, or refused. */
  const checkImportQuota = (isPromiseSlot: boolean): void => {
    const held = externalTables === undefined ? imports.size() : externalImports;
    if (held >= quotas.maxImports) overQuota('maxImports', quotas.maxImports, held + 1);
    if (isPromiseSlot && pendingPromises >= quotas.maxPendingPromises) {
      overQuota('maxPendingPromises', quotas.maxPendingPromises, pendingPromises + 1);
    }
  };

  /** The imports named by the message being decoded, each counted once per message. */
  let importsReceived: Set<CapTPSlot> | undefined;

  /** A slot the peer sent (in its view): the value it stands for here. */
  const convertSlotToVal = (theirSlot: unknown, iface: string | undefined = undefined): any => {
    if (!isSlot(theirSlot)) Fail`Malformed CapTP slot ${q(theirSlot)}`;
    const slot = reverseSlot(theirSlot as CapTPSlot);
    if (slot[1] === '+') {
      if (!exports.has(slot)) Fail`Unknown export ${q(slot)} (the peer named ${q(theirSlot)})`;
      return exports.get(slot);
    }
    importsReceived?.add(slot);
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    if (externalTables !== undefined) return importThroughExternalTables(slot, iface);
    const known = imports.get(slot);
    if (known !== undefined) return known;
    const kind = slotKind(slot);
    if (kind !== 'o' && kind !== 'p' && kind !== 't') Fail`Unknown import ${q(slot)} (the peer named ${q(theirSlot)})`;
    checkImportQuota(kind === 'p');
    const { promise, settler } = makeRemoteKit(slot);
    let value: unknown;
    if (kind === 'p') {
      value = promise;
      settlers.set(slot, settler);
      pendingPromises += 1;
    } else {
      const presence = settler.resolveWithPresence();
      value = Remotable(iface === undefined ? `Alleged: Presence ${ourId} ${slot}` : iface, undefined, presence);
    }
    if (importHook) importHook(value, slot);
    imports.set(slot, value as object);
    valToSlot.set(value as object, slot);
    return value;
  };

  /** convertSlotToVal's import case with the application's tables: asked as the original asks them. */
  const importThroughExternalTables = (slot: CapTPSlot, iface: string | undefined): any => {
    const tables = externalTables!;
    if (!tables.hasImport(slot)) {
      checkImportQuota(slot[0] === 'p');
      const { val, settler } = tables.makeValueForSlot(slot, iface ?? `Alleged: Presence ${ourId} ${slot}`);
      if (importHook) importHook(val, slot);
      externalImports += 1;
      if (slot[0] === 'p') {
        settlers.set(slot, settler);
        pendingPromises += 1;
      }
      tables.markAsImported(slot, val);
      valToSlot.set(val, slot);
    }
    return tables.getImport(slot);
  };

  const marshal = makeMarshal<CapTPSlot>(convertValToSlot, convertSlotToVal as any, {
    marshalName: `captp:${ourId}`,
    errorIdNum: 20000,
    serializeBodyFormat: 'capdata',
    marshalSaveError: peerErrorLog.saveSentError,
    // The decoding quotas are enforced by the decoder itself (before BigInt()
    // parses, before an error is made); see unserialize for their reason.
    maxBigIntDigits: quotas.maxBigIntDigits,
    maxErrorsPerBody: quotas.maxErrorsPerMessage,
    maxErrorNesting: quotas.maxErrorNesting,
    maxErrorNotes: quotas.maxErrorNotes,
  });

  /** The quota behind each of marshal's decoding limits. */
  const QUOTA_OF_DECODE_LIMIT = {
    maxBigIntDigits: 'maxBigIntDigits',
    maxErrorsPerBody: 'maxErrorsPerMessage',
    maxErrorNesting: 'maxErrorNesting',
    maxErrorNotes: 'maxErrorNotes',
  } as const;

  /**
   * Encodes a value to send, counting one more sent message for each of our
   * exports in it (the peer counts the same when it decodes it).
   */
  const serialize = (value: unknown): CapData<CapTPSlot> => {
    const data = marshal.serialize(value as any);
    exports.countSent(data.slots);
    return data;
  };

  /** Decodes a received value, counting one more received message for each import in it. */
  const unserialize = (data: CapData<CapTPSlot>): any => {
    // Before anything is decoded: the slots bound how many imports it makes.
    const slotCount = data?.slots?.length;
    if (slotCount > quotas.maxSlotsPerMessage) overQuota('maxSlotsPerMessage', quotas.maxSlotsPerMessage, slotCount);
    const outer = importsReceived;
    const received = new Set<CapTPSlot>();
    importsReceived = received;
    try {
      const value = marshal.unserialize(data);
      imports.countReceived(received);
      return value;
    } catch (error) {
      // A body over one of marshal's limits: said in terms of our quotas.
      const exceeded = decodeLimitOf(error);
      if (exceeded !== undefined) overQuota(QUOTA_OF_DECODE_LIMIT[exceeded.name], exceeded.limit, exceeded.count);
      throw error;
    } finally {
      importsReceived = outer;
    }
  };

  /**
   * Encodes a call's outcome to send back: a value that cannot be sent
   * becomes an exception, the reason why.
   */
  const serializeOutcome = (isReject: boolean, value: unknown): [isReject: boolean, serialized: CapData<CapTPSlot>] => {
    try {
      return [isReject, serialize(harden(value))];
    } catch (error) {
      return [true, serialize(harden(error))];
    }
  };

  /** Sends an answer to the peer's question. */
  const sendReturn = (answerID: string, isRejectAsked: boolean, value: unknown): void => {
    const [isReject, serialized] = serializeOutcome(isRejectAsked, value);
    send({ type: 'CTP_RETURN', epoch, answerID, [isReject ? 'exception' : 'result']: serialized });
  };

  const takeFreshQuestion = (questionID: string): void => {
    if (answers.has(questionID)) Fail`The peer reused question id ${q(questionID)}`;
    if (answers.size >= quotas.maxAnswers) overQuota('maxAnswers', quotas.maxAnswers, answers.size + 1);
  };

  /** Takes the settler of one of our questions or imported promises, after decoding its outcome. */
  const settle = (id: string, what: string, okData: unknown, failData: unknown, failed: boolean): void => {
    const settler = settlers.get(id);
    if (!settler) Fail`Got ${what} for ${q(id)}, which is not pending here`;
    // Decode before forgetting the settler: if decoding fails, the abort rejects it.
    const outcome = unserialize((failed ? failData : okData) as CapData<CapTPSlot>);
    settlers.delete(id);
    if (id[0] === 'q') pendingQuestions -= 1;
    else if (id[0] === 'p') pendingPromises -= 1;
    if (failed) settler!.reject(outcome);
    else settler!.resolve(outcome);
  };

  const disconnect = (message: Envelope, localReason: unknown): void => {
    if (unplug !== false) return;
    if (localReason !== undefined) onReject(localReason);
    const reason = localReason === undefined ? Error(`${JSON.stringify(ourId)} connection closed`) : localReason;
    unplug = reason;
    // Pass the disconnection on (the peer ignores it if it sent it to us).
    try {
      Promise.resolve(rawSend(message)).catch(sink);
    } catch {
      // The transport is gone already; nothing more to tell.
    }
    for (const settler of settlers.values()) settler.reject(reason);
    settlers.clear();
    pendingQuestions = 0;
    pendingPromises = 0;
    // Nothing will ask for an answer again.
    answers.clear();
    pendingAnswerDepths.clear();
    // Nothing to tell the peer any more about what we hold.
    imports.clearWithoutFinalizing();
    trapServer?.clear();
  };

  /**
   * How to answer a CTP_CALL: with CTP_RETURN, or, for a Trap call, by
   * handing the completion to the trapHost (which the guest then iterates).
   */
  const makeAnswerer = (questionID: string, isTrap: boolean) => {
    if (!isTrap) return (isReject: boolean, value: unknown) => sendReturn(questionID, isReject, value);
    const complete = trapServer!.start(questionID);
    return (isReject: boolean, value: unknown): void => complete(serializeOutcome(isReject, value));
  };

  const actOn: Record<MessageType, (message: Envelope) => void> = {
    CTP_BOOTSTRAP(message) {
      const questionID = message.questionID as string;
      takeFreshQuestion(questionID);
      const bootstrap = typeof bootstrapObj === 'function' ? bootstrapObj(message) : bootstrapObj;
      // Answered at once, so that calls pipelined on it find it.
      const answer = HandledPromise.resolve(bootstrap);
      answers.set(questionID, answer);
      answer.then(
        value => sendReturn(questionID, false, value),
        reason => sendReturn(questionID, true, reason),
      );
    },
    CTP_CALL(message) {
      const questionID = message.questionID as string;
      const target = message.target as CapTPSlot;
      const isTrap = message.trap === true;
      if (isTrap && !trapServer) Fail`CTP_CALL with trap refused: this CapTP has no trapHost to serve Trap calls`;
      takeFreshQuestion(questionID);
      if (pendingAnswerDepths.size >= quotas.maxPendingAnswers) {
        overQuota('maxPendingAnswers', quotas.maxPendingAnswers, pendingAnswerDepths.size + 1);
      }
      const [prop, args] = checkMethod(unserialize(message.method as CapData<CapTPSlot>));
      let receiver: unknown;
      let depth = 1;
      if (answers.has(target)) {
        receiver = answers.get(target);
        const targetDepth = pendingAnswerDepths.get(target);
        if (targetDepth !== undefined) {
          depth = targetDepth + 1;
          if (depth > quotas.maxPipelineDepth) overQuota('maxPipelineDepth', quotas.maxPipelineDepth, depth);
        }
      } else if (slotKind(target) === 'q' && target[1] === '-') {
        Fail`CTP_CALL to ${q(target)}, a question this end was never asked`;
      } else {
        receiver = convertSlotToVal(target);
      }
      const answerWith = makeAnswerer(questionID, isTrap);
      if (isTrap && !trapHandlers.has(receiver as object)) {
        // Not called, but answered with an exception, so that the blocked guest wakes up.
        answerWith(true, Error(`Refused Trap(${String(receiver)}) because target was not registered with makeTrapHandler`));
        return;
      }
      let answer: Promise<unknown>;
      if (args === undefined) answer = HandledPromise.get(receiver, prop as PropertyKey);
      else if (prop === null) answer = HandledPromise.applyFunction(receiver, args);
      else answer = HandledPromise.applyMethod(receiver, prop, args);
      answers.set(questionID, answer);
      pendingAnswerDepths.set(questionID, depth);
      // If answering fails (an outcome whose reason cannot be encoded
      // either), the failure is the answer: one `then`, rather than a
      // `catch` after it, which costs a promise more per call.
      const answerOrFail = (isReject: boolean, value: unknown): void => {
        try {
          answerWith(isReject, value);
        } catch (error) {
          answerWith(true, error);
        }
      };
      answer.then(
        value => {
          pendingAnswerDepths.delete(questionID);
          // Calls pipelined on the answer later are delivered to its value
          // in the same turn either way; holding the value alone lets the
          // promise go (answers are kept until the peer drops them).
          if (answers.get(questionID) === answer) answers.set(questionID, value);
          answerOrFail(false, value);
        },
        reason => {
          pendingAnswerDepths.delete(questionID);
          answerOrFail(true, reason);
        },
      );
    },
    CTP_RETURN(message) {
      const answerID = message.answerID as string;
      const failed = Object.hasOwn(message, 'exception');
      settle(answerID, 'an answer', message.result, message.exception, failed);
      // The question's promise now forwards its calls to the answer, and every
      // call sent to the question went out before this: the peer may forget
      // the answer. (One message, this one, carried the question back.)
      sendDrop(answerID, 1);
    },
    CTP_RESOLVE(message) {
      const failed = Object.hasOwn(message, 'rej');
      settle(message.promiseID as string, 'a resolution', message.res, message.rej, failed);
    },
    CTP_DISCONNECT(message) {
      disconnect(message, message.reason);
    },
    CTP_DROP(message) {
      const slotID = message.slotID as CapTPSlot;
      if (slotKind(slotID) === 'q') {
        // The peer no longer holds the promise for its question: the answer
        // can go (calls pipelined on it were all sent before this).
        answers.delete(slotID);
        pendingAnswerDepths.delete(slotID);
        droppedCount += 1;
        return;
      }
      const slot = reverseSlot(slotID);
      const { forgotten, value } = exports.release(slot, (message.decRefs as number | undefined) ?? 0);
      if (!forgotten) return;
      droppedCount += 1;
      if (externalTables !== undefined && externalExports > 0) externalExports -= 1;
      // A promise sent again gets a new slot (its settlement was already sent
      // under the old one); an object keeps its slot, for identity.
      if (isPromise(value)) valToSlot.delete(value as object);
    },
    CTP_TRAP_ITERATE(message) {
      if (!trapServer) Fail`CTP_TRAP_ITERATE refused: this CapTP has no trapHost to serve Trap calls`;
      const step = unserialize(message.serialized as CapData<CapTPSlot>);
      if (!Array.isArray(step) || step.length !== 2) Fail`CTP_TRAP_ITERATE must decode to [method, args], not ${q(step)}`;
      trapServer!.iterate(message.questionID as string, step[0], step[1]);
    },
  };

  /** A message from the peer we cannot make sense of: end the connection. */
  refuse = (error: unknown): void => {
    recvCounts.CTP_DISCONNECT! += 1;
    // The peer gets what was wrong as text: an Error object may not cross
    // its transport intact, and must not carry our stack to it.
    disconnect({ type: 'CTP_DISCONNECT', epoch, reason: `CapTP ${ourId}: ${errorMessageOf(error)}` }, error);
  };

  const dispatch = (message: unknown): boolean => {
    let type: MessageType;
    try {
      type = checkEnvelope(message);
    } catch (error) {
      if (unplug === false) refuse(error);
      return false;
    }
    recvCounts[type]! += 1;
    if (unplug !== false) return false;
    try {
      checkFields(message as Envelope, quotas.maxSlotsPerMessage);
      actOn[type](message as Envelope);
      return true;
    } catch (error) {
      refuse(error);
      return false;
    }
  };

  abort = (reason?: unknown): void => {
    dispatch({ type: 'CTP_DISCONNECT', epoch, reason });
  };

  const getBootstrap = async (): Promise<any> => {
    if (unplug !== false) return quietReject(unplug);
    const [questionID, answer] = makeQuestion();
    send({ type: 'CTP_BOOTSTRAP', epoch, questionID });
    return harden(answer);
  };

  // isOnlyLocal: marshal the specimen with a slot conversion that stops at the first import.
  const IS_REMOTE = harden({});
  const { serialize: walkForImports } = makeMarshal((value: any) => {
    const slot = valToSlot.get(value);
    if (slot !== undefined && slot[1] === '-') throw IS_REMOTE;
    return undefined;
  });
  const isOnlyLocal = (specimen: unknown): boolean => {
    try {
      walkForImports(harden(specimen) as any);
      return true;
    } catch (error) {
      if (error === IS_REMOTE) return false;
      throw error;
    }
  };

  const makeTrapHandler = <T extends object>(name: string, obj: T): T => {
    const far = Far(name, obj);
    trapHandlers.add(far);
    return far;
  };

  const Trap: Trap | undefined = trapGuest
    ? makeTrap(
        makeTrapCaller({
          trapGuest,
          epoch,
          slotOf: value => (value !== null && typeof value === 'object' ? valToSlot.get(value) : undefined),
          newQuestionID,
          dropQuestion: questionID => sendDrop(questionID, 0),
          send,
          serialize,
          unserialize,
        }),
      )
    : undefined;

  const getTableSizes = () => harden({ exports: exports.size(), imports: imports.size(), answers: answers.size });

  return harden({
    abort: (reason?: unknown) => abort(reason),
    dispatch,
    getBootstrap,
    getStats,
    isOnlyLocal,
    serialize,
    unserialize,
    makeRemoteKit: (target: CapTPSlot) => harden(makeRemoteKit(target)),
    makeTrapHandler,
    Trap,
    getTableSizes,
  });
};
