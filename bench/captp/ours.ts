// endo/captp as a captp-suite contestant, after endo/ses's lockdown with
// endo's HandledPromise installed.
import { makeRpcMeasures } from './measures.js';
import { makeCapTPConnect } from './captp-connect.js';
import { makeSoakMeasures } from './soak.js';

declare const harden: <T>(x: T) => T;

const { lockdown } = await import('../../src/ses/index.js');
lockdown();
await import('../../src/eventual-send/index.js');
const { makeCapTP } = await import('../../src/captp/index.js');
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const connect = makeCapTPConnect({ makeCapTP: makeCapTP as any, E, Far: Far as any, harden });
export const measures = { ...makeRpcMeasures(connect), ...makeSoakMeasures(connect) };
