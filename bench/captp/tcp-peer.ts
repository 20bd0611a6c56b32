// @endo/captp 4.5.1 as a captp-tcp contestant, after @endo/init (the
// original ses's lockdown plus its HandledPromise shim): its two ends talk
// over a real TCP socket on 127.0.0.1, each JSON message framed as a
// netstring by ./tcp-string-pipe.ts (@endo/netstring is not installed).
import { makeRpcMeasures } from './measures.js';
import { makeCapTPConnect } from './captp-connect.js';
import { openTcpStringPipe } from './tcp-string-pipe.js';

declare const harden: <T>(x: T) => T;

await import('@endo/init');
// @endo/captp ships no type declarations: a string variable keeps tsc from
// looking for them.
const captpSpecifier: string = '@endo/captp';
const { makeCapTP, E, Far } = await import(captpSpecifier);
export const measures = makeRpcMeasures(
  makeCapTPConnect({ makeCapTP: makeCapTP as any, E, Far: Far as any, harden }, openTcpStringPipe),
);
