// @endo/marshal (and @endo/pass-style's passStyleOf) as a benchmark
// contestant, after @endo/init's lockdown with the original ses.
import { makeMarshalMeasures } from './measures.js';

declare const harden: <T>(x: T) => T;

await import('@endo/init');
const { makeMarshal, passStyleOf } = await import('@endo/marshal');
export const measures = makeMarshalMeasures({ makeMarshal: makeMarshal as any, passStyleOf, harden });
