// endo/ocapn's Syrup passable codec as a benchmark contestant: the
// 1000-record payload to bytes and back (smallcaps-json.ts is its peer,
// measured under the same names).
import { timePerOp } from '../timing.js';
import type { Measure } from '../suite.js';
import { makeSyrupPayload } from './syrup-payload.js';

declare const lockdown: (options?: object) => void;
declare const harden: <T>(value: T) => T;

await import('../../src/ses/index.js');
lockdown();
const { encodePassableSyrup, decodePassableSyrup } = await import('../../src/ocapn/syrup/index.js');

const payload = makeSyrupPayload(harden) as any;
const encoded = encodePassableSyrup(payload);

export const measures: Record<string, Measure> = {
  'encode + decode, 1000 records': () => timePerOp(() => decodePassableSyrup(encodePassableSyrup(payload))),
  'encode, 1000 records': () => timePerOp(() => encodePassableSyrup(payload)),
  'decode, 1000 records': () => timePerOp(() => decodePassableSyrup(encoded)),
  'encoded size, 1000 records (bytes, printed as ns)': () => encoded.length,
};
