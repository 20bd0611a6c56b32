// endo/marshal as a benchmark contestant (after endo/ses's lockdown).
import { makeMarshalMeasures } from './measures.js';

declare const lockdown: (options?: object) => void;
declare const harden: <T>(x: T) => T;

await import('../../src/ses/index.js');
lockdown();
const { makeMarshal, passStyleOf } = await import('../../src/marshal/index.js');
export const measures = makeMarshalMeasures({ makeMarshal: makeMarshal as any, passStyleOf, harden });
