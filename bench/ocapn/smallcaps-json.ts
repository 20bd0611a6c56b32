// The Syrup benchmark's peer: endo/marshal's smallcaps with JSON.stringify
// and JSON.parse of the capdata around it (what a JSON transport carries),
// on the same payload and under the same measure names as syrup.ts.
import { timePerOp } from '../timing.js';
import type { Measure } from '../suite.js';
import { makeSyrupPayload } from './syrup-payload.js';

declare const lockdown: (options?: object) => void;
declare const harden: <T>(value: T) => T;

await import('../../src/ses/index.js');
lockdown();
const { makeMarshal } = await import('../../src/marshal/index.js');

const payload = makeSyrupPayload(harden) as any;
const { toCapData, fromCapData } = makeMarshal(undefined, undefined, { serializeBodyFormat: 'smallcaps', errorTagging: 'off' });
const encode = (): string => JSON.stringify(toCapData(payload));
const decode = (text: string): unknown => fromCapData(JSON.parse(text));
const encoded = encode();

export const measures: Record<string, Measure> = {
  'encode + decode, 1000 records': () => timePerOp(() => decode(encode())),
  'encode, 1000 records': () => timePerOp(encode),
  'decode, 1000 records': () => timePerOp(() => decode(encoded)),
  'encoded size, 1000 records (bytes, printed as ns)': () => Buffer.byteLength(encoded),
};
