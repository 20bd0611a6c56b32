// @endo/captp 4.5.1 as a captp-suite contestant, after @endo/init (the
// original ses's lockdown plus its HandledPromise shim).
import { makeRpcMeasures } from './measures.js';
import { makeCapTPConnect } from './captp-connect.js';

declare const harden: <T>(x: T) => T;

await import('@endo/init');
// @endo/captp ships no type declarations: a string variable keeps tsc from
// looking for them.
const captpSpecifier: string = '@endo/captp';
const { makeCapTP, E, Far } = await import(captpSpecifier);
export const measures = makeRpcMeasures(makeCapTPConnect({ makeCapTP: makeCapTP as any, E, Far: Far as any, harden }));
