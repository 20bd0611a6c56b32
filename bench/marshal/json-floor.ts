// The floor: plain JSON.stringify + JSON.parse of the same payload shape
// (bigints as strings), under endo/ses's lockdown, with no validation and
// no hardening. What marshalling cannot beat, only approach.
import { timePerOp } from '../timing.js';
import type { Measure } from '../suite.js';
import { makePayload } from './payload.js';

declare const lockdown: (options?: object) => void;

await import('../../src/ses/index.js');
lockdown();

const roundTrip = () => {
  const payload = makePayload(true);
  return timePerOp(() => JSON.parse(JSON.stringify(payload)));
};
export const measures: Record<string, Measure> = {
  'toCapData + fromCapData, 1000 records (capdata)': roundTrip,
  'toCapData + fromCapData, 1000 records (smallcaps)': roundTrip,
  'toCapData of a fresh 1000-record payload (build + harden included)': () =>
    timePerOp(() => JSON.stringify(makePayload(true))),
};
