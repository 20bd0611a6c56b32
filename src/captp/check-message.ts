// The checks a message from the peer must pass before this end acts on it:
// the envelope (a record with a known `type`), then the fields each type
// needs, with their shapes. A message that fails is a protocol error: the
// connection is aborted (see make-captp.ts), so nothing half-done is left
// behind. Checks of meaning (is this question ours? is this export
// known?) happen where the tables are, in make-captp.ts.

import { Fail, q } from '../ses/errors/index.js';
import { MESSAGE_TYPES, type MessageType } from './message-types.js';
import { isQuestionId, isSlot, slotKind } from './slots.js';
import { overQuota } from './quotas.js';

const { hasOwn } = Object;
const { isArray } = Array;
const knownTypes: ReadonlySet<string> = new Set(MESSAGE_TYPES);

/** A received message whose envelope has been checked. */
export type Envelope = { type: MessageType } & Record<string, unknown>;

/** Checks that `message` is a plain record with a known `type`, and returns the type. */
export const checkEnvelope = (message: unknown): MessageType => {
  if (typeof message !== 'object' || message === null || isArray(message)) {
    Fail`A CapTP message must be a record, not ${q(message)}`;
  }
  // Only an own `type`: an inherited one is not what the peer sent.
  const type = hasOwn(message as object, 'type') ? (message as Record<string, unknown>).type : undefined;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    Fail`Unknown CapTP message type ${q(type)}; expected one of ${q(MESSAGE_TYPES)}`;
  }
  return type as MessageType;
};

const field = (message: Envelope, name: string): unknown => {
  if (!hasOwn(message, name)) Fail`${q(message.type)} message lacks its ${q(name)} field`;
  return message[name];
};

/** A question id as the asker names it: `q-<n>`. */
const checkQuestionId = (message: Envelope, name: string): void => {
  const id = field(message, name);
  if (!isQuestionId(id)) {
    Fail`${q(message.type)} field ${q(name)} must be a question id like "q-1", not ${q(id)}`;
  }
};

/** `maxSlots`: the connection's maxSlotsPerMessage quota. */
const checkCapData = (message: Envelope, name: string, maxSlots: number): void => {
  const data = field(message, name) as { body?: unknown; slots?: unknown } | null;
  if (typeof data !== 'object' || data === null || isArray(data)) {
    Fail`${q(message.type)} field ${q(name)} must be CapData { body, slots }, not ${q(data)}`;
  }
  const { body, slots } = data as { body: unknown; slots: unknown };
  if (typeof body !== 'string') Fail`${q(message.type)} field ${q(name)} has a body that is not a string: ${q(body)}`;
  if (!isArray(slots)) Fail`${q(message.type)} field ${q(name)} has slots that are not an array: ${q(slots)}`;
  // Before each slot is looked at: a huge list is refused at once.
  const { length } = slots as unknown[];
  if (length > maxSlots) overQuota('maxSlotsPerMessage', maxSlots, length);
  for (const slot of slots as unknown[]) {
    if (!isSlot(slot)) Fail`${q(message.type)} field ${q(name)} has a malformed slot ${q(slot)}`;
  }
};

/** Exactly one of two CapData fields: the value or the failure. */
const checkOutcome = (message: Envelope, okName: string, failName: string, maxSlots: number): void => {
  const hasOk = hasOwn(message, okName);
  const hasFail = hasOwn(message, failName);
  if (hasOk === hasFail) {
    Fail`${q(message.type)} message must have exactly one of ${q(okName)} and ${q(failName)}`;
  }
  checkCapData(message, hasOk ? okName : failName, maxSlots);
};

/** The field checks of each message type. */
const FIELD_CHECKS: Record<MessageType, (message: Envelope, maxSlots: number) => void> = {
  CTP_BOOTSTRAP: message => checkQuestionId(message, 'questionID'),
  CTP_CALL: (message, maxSlots) => {
    checkQuestionId(message, 'questionID');
    const target = field(message, 'target');
    if (!isSlot(target)) Fail`CTP_CALL target must be a slot like "o-1" or "q-2", not ${q(target)}`;
    checkCapData(message, 'method', maxSlots);
    if (hasOwn(message, 'trap') && message.trap !== undefined && typeof message.trap !== 'boolean') {
      Fail`CTP_CALL trap marker must be a boolean, not ${q(message.trap)}`;
    }
  },
  CTP_RETURN: (message, maxSlots) => {
    checkQuestionId(message, 'answerID');
    checkOutcome(message, 'result', 'exception', maxSlots);
  },
  CTP_RESOLVE: (message, maxSlots) => {
    const id = field(message, 'promiseID');
    if (!isSlot(id) || slotKind(id) !== 'p' || id[1] !== '-') {
      Fail`CTP_RESOLVE promiseID must be an imported promise like "p-1", not ${q(id)}`;
    }
    checkOutcome(message, 'res', 'rej', maxSlots);
  },
  CTP_DROP: message => {
    const slotID = field(message, 'slotID');
    if (!isSlot(slotID) || slotID[1] !== '-') Fail`CTP_DROP slotID must be one of our exports like "o-1", not ${q(slotID)}`;
    const decRefs = message.decRefs;
    if (decRefs !== undefined && !(typeof decRefs === 'number' && Number.isSafeInteger(decRefs) && decRefs >= 0)) {
      Fail`CTP_DROP decRefs must be a count, not ${q(decRefs)}`;
    }
  },
  CTP_TRAP_ITERATE: (message, maxSlots) => {
    checkQuestionId(message, 'questionID');
    checkCapData(message, 'serialized', maxSlots);
  },
  CTP_DISCONNECT: () => {},
};

/**
 * Checks the fields of a message whose envelope is known good; a CapData
 * field with more than `maxSlotsPerMessage` slots is over that quota.
 */
export const checkFields = (message: Envelope, maxSlotsPerMessage = Infinity): void =>
  FIELD_CHECKS[message.type](message, maxSlotsPerMessage);

/**
 * Checks the decoded `method` of a CTP_CALL: `[prop]` (get), `[null |
 * undefined, args]` (function call) or `[prop, args]` (method call), and
 * returns it as a property and an argument list (undefined for a get).
 */
export const checkMethod = (method: unknown): [PropertyKey | null | undefined, unknown[] | undefined] => {
  if (!isArray(method) || (method.length !== 1 && method.length !== 2)) {
    Fail`CTP_CALL method must decode to [prop] or [prop, args], not ${q(method)}`;
  }
  const [prop, args] = method as unknown[];
  if ((method as unknown[]).length === 1) {
    if (typeof prop !== 'string' && typeof prop !== 'symbol') Fail`CTP_CALL get of a non-property ${q(prop)}`;
    return [prop as PropertyKey, undefined];
  }
  if (!isArray(args)) Fail`CTP_CALL arguments must be an array, not ${q(args)}`;
  if (prop !== null && prop !== undefined && typeof prop !== 'string' && typeof prop !== 'symbol') {
    Fail`CTP_CALL method name must be a string, a symbol or null, not ${q(prop)}`;
  }
  return [prop as PropertyKey | null | undefined, args as unknown[]];
};
