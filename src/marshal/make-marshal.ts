// makeMarshal: the pair of functions that turn a passable into CapData
// ({ body, slots }) and back, converting each remotable and promise to a
// slot (and back) with the caller's functions. One encoder and one decoder
// per body format (encode-*.ts, decode-*.ts); this file holds the options,
// the per-message setup and the checks of what comes in.
//
// toCapData validates the value once (passStyleOf of the root, which
// remembers every object's style), then encodes it in one walk to a
// JSON-able tree and calls JSON.stringify once. fromCapData calls
// JSON.parse once and rebuilds the value in one walk (see decode-*.ts).

import { assert, Fail, q } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { assertPassable, isErrorLike, passStyleOf } from '../pass-style/index.js';
import { CapDataDecoder } from './decode-capdata.js';
import { SmallcapsDecoder } from './decode-smallcaps.js';
import { CapDataEncoder } from './encode-capdata.js';
import { SmallcapsEncoder } from './encode-smallcaps.js';
import { makeErrorTagger } from './error-tagger.js';
import { DEFAULT_MAX_BODY_LENGTH, DEFAULT_MAX_DEPTH } from './limits.js';
import { NO_DECODE_LIMITS, type DecodeLimits } from './decode-limits.js';
import { passStyleOfIsShared } from './passable-marks.js';
import { failRange, failType } from './reject.js';
import { SlotReviver } from './revive-slot.js';
import { SlotTable } from './slot-table.js';
import type { CapData, ConvertSlotToVal, ConvertValToSlot, MakeMarshalOptions, Marshal } from './types.js';

const { isArray } = Array;
const { freeze } = Object;
const { parse: parseJSON, stringify: stringifyJSON } = JSON;

const defaultValToSlot: ConvertValToSlot<any> = value => value;
const defaultSlotToVal: ConvertSlotToVal<any> = slot => slot;
const defaultSaveError = (error: Error): void => console.log('Temporary logging of sent error', error);

/**
 * harden({ body, slots }) for a record and an array made just now: frozen,
 * with each slot hardened, they are as hardened as harden would make them
 * (their prototypes are shared intrinsics), without a walk over both. They
 * are not marked hardened (markFreshHardened): capdata is seldom hardened
 * again, and the mark costs more than the freeze.
 */
const hardenCapData = <Slot>(body: string, slots: Slot[]): CapData<Slot> => {
  for (let i = 0; i < slots.length; i += 1) harden(slots[i]);
  return freeze({ body, slots: freeze(slots) as Slot[] });
};

const checkLimit = (name: string, value: unknown): number => {
  if (typeof value !== 'number' || !(value >= 1)) failType`The ${q(name)} option must be a number of at least 1: ${q(value)}`;
  return value as number;
};

export const makeMarshal = <Slot = any>(
  convertValToSlot: ConvertValToSlot<Slot> = defaultValToSlot,
  convertSlotToVal: ConvertSlotToVal<Slot> = defaultSlotToVal,
  {
    errorTagging = 'on',
    marshalName = 'anon-marshal',
    errorIdNum = 10000,
    marshalSaveError = defaultSaveError,
    serializeBodyFormat = 'capdata',
    maxDepth = DEFAULT_MAX_DEPTH,
    maxBodyLength = DEFAULT_MAX_BODY_LENGTH,
    maxBigIntDigits = NO_DECODE_LIMITS.maxBigIntDigits,
    maxErrorsPerBody = NO_DECODE_LIMITS.maxErrorsPerBody,
    maxErrorNesting = NO_DECODE_LIMITS.maxErrorNesting,
    maxErrorNotes = NO_DECODE_LIMITS.maxErrorNotes,
  }: MakeMarshalOptions = {},
): Marshal<Slot> => {
  (assert.typeof as (specimen: unknown, typeName: string) => void)(marshalName, 'string');
  if (errorTagging !== 'on' && errorTagging !== 'off') {
    Fail`The errorTagging option can only be "on" or "off" ${errorTagging}`;
  }
  checkLimit('maxDepth', maxDepth);
  checkLimit('maxBodyLength', maxBodyLength);
  const decodeLimits: Readonly<DecodeLimits> = freeze({
    maxBigIntDigits: checkLimit('maxBigIntDigits', maxBigIntDigits),
    maxErrorsPerBody: checkLimit('maxErrorsPerBody', maxErrorsPerBody),
    maxErrorNesting: checkLimit('maxErrorNesting', maxErrorNesting),
    maxErrorNotes: checkLimit('maxErrorNotes', maxErrorNotes),
  });
  const tagError = makeErrorTagger(errorTagging, marshalName, errorIdNum, marshalSaveError);

  const toCapData = (root: unknown): CapData<Slot> => {
    const slots = new SlotTable(convertValToSlot);
    let body: string;
    if (serializeBodyFormat === 'capdata') {
      const encoder = new CapDataEncoder(slots, tagError, maxDepth);
      // An error at the root is sent even if it is not passable: what it
      // says is worth more than why it cannot pass.
      if (isErrorLike(root)) {
        body = stringifyJSON(encoder.encodeError(root as Error));
      } else {
        passStyleOf(root);
        body = stringifyJSON(encoder.encode(root, 0));
      }
    } else if (serializeBodyFormat === 'smallcaps') {
      const encoder = new SmallcapsEncoder(slots, tagError, maxDepth);
      if (isErrorLike(root)) {
        body = `#${stringifyJSON(encoder.encodeError(root as Error))}`;
      } else {
        passStyleOf(root);
        body = `#${stringifyJSON(encoder.encode(root, 0))}`;
      }
    } else {
      throw Fail`Unrecognized serializeBodyFormat: ${q(serializeBodyFormat)}`;
    }
    return hardenCapData(body, slots.slots as Slot[]);
  };

  const fromCapData = (data: CapData<Slot>): any => {
    const { body, slots } = data;
    if (typeof body !== 'string') failType`unserialize() given non-capdata (.body is ${body}, not string)`;
    if (!isArray(slots)) failType`unserialize() given non-capdata (.slots are not Array)`;
    if (body.length > maxBodyLength) {
      failRange`The body is ${q(body.length)} characters long, over the limit of ${q(maxBodyLength)} (the maxBodyLength option of makeMarshal)`;
    }
    const reviver = new SlotReviver(slots, convertSlotToVal);
    let result: unknown;
    // JSON text cannot begin with '#': a smallcaps body is unambiguous.
    if (body.charCodeAt(0) === 35) {
      result = new SmallcapsDecoder(reviver, maxDepth, decodeLimits).decode(parseJSON(body.slice(1)), 0);
    } else {
      result = new CapDataDecoder(reviver, maxDepth, decodeLimits).decode(parseJSON(body), 0);
    }
    if (passStyleOfIsShared) assertPassable(harden(result));
    return result;
  };

  return harden({
    toCapData,
    fromCapData,
    serialize: toCapData,
    unserialize: fromCapData,
  });
};
harden(makeMarshal);
