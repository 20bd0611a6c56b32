// endo/ocapn over the libp2p netlayer (TCP + Noise + yamux) on 127.0.0.1
// as an ocapn-rpc contestant (the captp measures; see ./rpc-connect.ts).
import { makeRpcMeasures } from '../captp/measures.js';
import { makeCapTPServerSide } from '../captp/captp-connect.js';
import { makeOcapnConnect } from './rpc-connect.js';

// libp2p 3 needs Promise.withResolvers, which Node 20 lacks: the shim goes before lockdown.
await import('../../src/ocapn/netlayers/promise-with-resolvers-shim.js');
await import('../../src/ses/index.js');
(globalThis as unknown as { lockdown: () => void }).lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { makeLibp2pNetlayer } = await import('../../src/ocapn/netlayers/libp2p.js');

export const measures = makeRpcMeasures(
  makeOcapnConnect({ E, Far, makeOcapn, makeCapTPServerSide }, () => makeLibp2pNetlayer({ listen: ['/ip4/127.0.0.1/tcp/0'] })),
);
