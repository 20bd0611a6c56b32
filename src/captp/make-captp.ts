// makeCapTP: one end of a CapTP connection, wire-compatible with
// @endo/captp 4.5. It keeps the connection's tables (exports, imports,
// questions we asked, answers we owe), turns values into CapData and back
// with a marshal whose slot conversions fill those tables, and acts on
// each message the peer sends. Message shapes are checked in
// check-message.ts; a message that is malformed or names something unknown
// aborts the connection (the original only reports it and carries on,
// which leaves its tables in whatever state the bad message left them).

import { Fail, q } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { E, HandledPromise } from '../eventual-send/index.js';
import { isPromise } from '../promise-kit/index.js';
import { makeMarshal, Remotable } from '../marshal/index.js';
import type { CapData } from '../marshal/types.js';
import type { Settler } from '../eventual-send/types.js';
import { checkEnvelope, checkFields, checkMethod, type Envelope } from './check-message.js';
import { IGNORED_MESSAGE_TYPES, MESSAGE_TYPES, type MessageType } from './message-types.js';
import { makeRemoteKitMaker } from './remote-kit.js';
import { isSlot, reverseSlot, slotKind } from './slots.js';
import type { CapTP, CapTPMessage, CapTPOptions, CapTPSlot, CapTPStats, RawSend } from './types.js';

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
  const {
    onReject = (reason: unknown) => console.error('CapTP', ourId, 'exception:', reason),
    epoch = 0,
    exportHook,
    importHook,
  } = opts;

  const sendCounts = makeCounts();
  const recvCounts = makeCounts();
  const getStats = (): CapTPStats =>
    harden({ send: { ...sendCounts }, recv: { ...recvCounts }, gc: { DROPPED: 0 } });

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

  // The tables. Slots are in our view: `+` our export, `-` our import.
  const exports = new Map<CapTPSlot, unknown>();
  const imports = new Map<CapTPSlot, unknown>();
  const valToSlot = new WeakMap<object, CapTPSlot>();
  /** How to settle each of our questions (`q-N`) and imported promises (`p-N`). */
  const settlers = new Map<CapTPSlot, Settler<unknown>>();
  /** What we owe the peer, by the peer's question id (`q-N` in its view). */
  const answers = new Map<string, unknown>();
  let lastObjectId = 0;
  let lastPromiseId = 0;
  let lastQuestionId = 0;

  // Declared here, defined once the marshal exists (they call each other).
  let abort: (reason?: unknown) => void;

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
    send({ type: 'CTP_CALL', epoch, questionID, target, method: serialize(harden(method) as any) });
    return answer;
  };

  const makeRemoteKit = makeRemoteKitMaker(sendCall, reason => {
    quietReject(reason);
  });

  const makeQuestion = (): [CapTPSlot, Promise<unknown>] => {
    lastQuestionId += 1;
    const questionID = `q-${lastQuestionId}`;
    const { promise, settler } = makeRemoteKit(questionID);
    settlers.set(questionID, settler);
    // So that the answer's promise, sent back to the peer, names the question.
    valToSlot.set(promise, questionID);
    imports.set(questionID, promise);
    return [questionID, promise];
  };

  /** A value of ours about to be sent: its slot, exporting it if it is new. */
  const convertValToSlot = (value: any): CapTPSlot => {
    const known = valToSlot.get(value);
    if (known !== undefined) return known;
    let slot: CapTPSlot;
    if (isPromise(value)) {
      lastPromiseId += 1;
      slot = `p+${lastPromiseId}`;
      // Tell the peer how it settles; the peer knows it as p-N.
      const promiseID = reverseSlot(slot);
      const resolved = (result: unknown) => send({ type: 'CTP_RESOLVE', promiseID, res: serialize(harden(result) as any) });
      const rejected = (reason: unknown) => send({ type: 'CTP_RESOLVE', promiseID, rej: serialize(harden(reason) as any) });
      // A settlement that cannot be sent (not passable) is sent as a rejection.
      E.when(value, resolved, rejected).catch(rejected);
    } else {
      lastObjectId += 1;
      slot = `o+${lastObjectId}`;
    }
    if (exportHook) exportHook(value, slot);
    valToSlot.set(value, slot);
    exports.set(slot, value);
    return slot;
  };

  /** A slot the peer sent (in its view): the value it stands for here. */
  const convertSlotToVal = (theirSlot: unknown, iface: string | undefined = undefined): any => {
    if (!isSlot(theirSlot)) Fail`Malformed CapTP slot ${q(theirSlot)}`;
    const slot = reverseSlot(theirSlot as CapTPSlot);
    if (slot[1] === '+') {
      if (!exports.has(slot)) Fail`Unknown export ${q(slot)} (the peer named ${q(theirSlot)})`;
      return exports.get(slot);
    }
    if (imports.has(slot)) return imports.get(slot);
    const kind = slotKind(slot);
    if (kind !== 'o' && kind !== 'p' && kind !== 't') Fail`Unknown import ${q(slot)} (the peer named ${q(theirSlot)})`;
    const { promise, settler } = makeRemoteKit(slot);
    let value: unknown;
    if (kind === 'p') {
      value = promise;
      settlers.set(slot, settler);
    } else {
      const presence = settler.resolveWithPresence();
      value = Remotable(iface === undefined ? `Alleged: Presence ${ourId} ${slot}` : iface, undefined, presence);
    }
    if (importHook) importHook(value, slot);
    imports.set(slot, value);
    valToSlot.set(value as object, slot);
    return value;
  };

  const { serialize, unserialize } = makeMarshal<CapTPSlot>(convertValToSlot, convertSlotToVal as any, {
    marshalName: `captp:${ourId}`,
    errorIdNum: 20000,
    serializeBodyFormat: 'capdata',
  });

  /** Sends an answer to the peer's question, turning a value that cannot be sent into an exception. */
  const sendReturn = (answerID: string, isReject: boolean, value: unknown): void => {
    let serialized: CapData<CapTPSlot>;
    try {
      serialized = serialize(harden(value) as any);
    } catch (error) {
      isReject = true;
      serialized = serialize(harden(error) as any);
    }
    send({ type: 'CTP_RETURN', epoch, answerID, [isReject ? 'exception' : 'result']: serialized });
  };

  const takeFreshQuestion = (questionID: string): void => {
    if (answers.has(questionID)) Fail`The peer reused question id ${q(questionID)}`;
  };

  /** Takes the settler of one of our questions or imported promises, after decoding its outcome. */
  const settle = (id: string, what: string, okData: unknown, failData: unknown, failed: boolean): void => {
    const settler = settlers.get(id);
    if (!settler) Fail`Got ${what} for ${q(id)}, which is not pending here`;
    // Decode before forgetting the settler: if decoding fails, the abort rejects it.
    const outcome = unserialize((failed ? failData : okData) as CapData<CapTPSlot>);
    settlers.delete(id);
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
      takeFreshQuestion(questionID);
      const [prop, args] = checkMethod(unserialize(message.method as CapData<CapTPSlot>));
      let receiver: unknown;
      if (answers.has(target)) {
        receiver = answers.get(target);
      } else if (slotKind(target) === 'q' && target[1] === '-') {
        Fail`CTP_CALL to ${q(target)}, a question this end was never asked`;
      } else {
        receiver = convertSlotToVal(target);
      }
      let answer: Promise<unknown>;
      if (args === undefined) answer = HandledPromise.get(receiver, prop as PropertyKey);
      else if (prop === null) answer = HandledPromise.applyFunction(receiver, args);
      else answer = HandledPromise.applyMethod(receiver, prop, args);
      answers.set(questionID, answer);
      answer
        .then(
          value => sendReturn(questionID, false, value),
          reason => sendReturn(questionID, true, reason),
        )
        .catch(reason => sendReturn(questionID, true, reason));
    },
    CTP_RETURN(message) {
      const failed = Object.hasOwn(message, 'exception');
      settle(message.answerID as string, 'an answer', message.result, message.exception, failed);
    },
    CTP_RESOLVE(message) {
      const failed = Object.hasOwn(message, 'rej');
      settle(message.promiseID as string, 'a resolution', message.res, message.rej, failed);
    },
    CTP_DISCONNECT(message) {
      disconnect(message, message.reason);
    },
    // Not acted upon in this slice (see message-types.ts); checkFields refuses traps.
    CTP_DROP() {},
    CTP_TRAP_ITERATE() {},
  };

  /** A message from the peer we cannot make sense of: end the connection. */
  const refuse = (error: unknown): void => {
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
      checkFields(message as Envelope);
      if (IGNORED_MESSAGE_TYPES.has(type)) return true;
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

  return harden({
    abort: (reason?: unknown) => abort(reason),
    dispatch,
    getBootstrap,
    getStats,
    isOnlyLocal,
    serialize: serialize as (value: unknown) => CapData<CapTPSlot>,
    unserialize,
    makeRemoteKit,
  });
};
