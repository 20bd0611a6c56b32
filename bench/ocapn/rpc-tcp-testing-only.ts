// endo/ocapn over the tcp-testing-only netlayer on 127.0.0.1 as an
// ocapn-rpc contestant (the captp measures; see ./rpc-connect.ts).
import { makeRpcMeasures } from '../captp/measures.js';
import { makeCapTPServerSide } from '../captp/captp-connect.js';
import { makeOcapnConnect } from './rpc-connect.js';

await import('../../src/ses/index.js');
(globalThis as unknown as { lockdown: () => void }).lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { makeTcpTestingOnlyNetlayer } = await import('../../src/ocapn/netlayers/tcp-testing-only.js');

export const measures = makeRpcMeasures(
  makeOcapnConnect({ E, Far, makeOcapn, makeCapTPServerSide }, () => makeTcpTestingOnlyNetlayer({ host: '127.0.0.1' })),
);
