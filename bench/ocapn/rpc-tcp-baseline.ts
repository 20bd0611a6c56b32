// The ocapn-rpc suite's tcp-testing-only contestant built from the baseline
// revision (ENDO_BENCH_BASELINE), beside this checkout's in the same run.
import { makeRpcMeasures } from '../captp/measures.js';
import { makeCapTPServerSide } from '../captp/captp-connect.js';
import { baselineBuild } from '../captp/endo-library.js';
import { makeOcapnConnect } from './rpc-connect.js';

const build = baselineBuild();
const load = (path: string) => import(new URL(path, build).href);
(await load('ses/index.js')).lockdown();
const { E } = await load('eventual-send/index.js');
const { Far } = await load('pass-style/index.js');
const { makeOcapn } = await load('ocapn/client.js');
const { makeTcpTestingOnlyNetlayer } = await load('ocapn/netlayers/tcp-testing-only.js');

export const measures = makeRpcMeasures(
  makeOcapnConnect({ E, Far, makeOcapn, makeCapTPServerSide }, () => makeTcpTestingOnlyNetlayer({ host: '127.0.0.1' })),
);
