// The marshal measures, written once against an API that both endo's and
// the original packages provide (makeMarshal, passStyleOf, harden), so the
// contestants run the very same code. A body format that a contestant
// lacks simply fails its measure.

import { timePerOp } from '../timing.js';
import type { Measure } from '../suite.js';
import { makePayload } from './payload.js';

export interface MarshalBenchApi {
  makeMarshal: (...args: any[]) => { toCapData(value: unknown): { body: string; slots: unknown[] }; fromCapData(data: unknown): unknown };
  passStyleOf: (value: unknown) => string;
  harden: <T>(value: T) => T;
}

export const makeMarshalMeasures = ({ makeMarshal, passStyleOf, harden }: MarshalBenchApi): Record<string, Measure> => {
  const roundTrip = (serializeBodyFormat: string) => () => {
    const payload = harden(makePayload());
    const { toCapData, fromCapData } = makeMarshal(undefined, undefined, { serializeBodyFormat, errorTagging: 'off' });
    return timePerOp(() => fromCapData(toCapData(payload)));
  };
  return {
    'toCapData + fromCapData, 1000 records (capdata)': roundTrip('capdata'),
    'toCapData + fromCapData, 1000 records (smallcaps)': roundTrip('smallcaps'),
    'toCapData of a fresh 1000-record payload (build + harden included)': () => {
      const { toCapData } = makeMarshal(undefined, undefined, { serializeBodyFormat: 'smallcaps', errorTagging: 'off' });
      return timePerOp(() => toCapData(harden(makePayload())));
    },
    'passStyleOf of a hardened record': () => {
      const record = harden({ id: 1, name: 'a record', amount: 10n, tags: ['a', 'b'] });
      return timePerOp(() => passStyleOf(record));
    },
  };
};
