// A peer for the OCapN test suite (ocapn-test-suite at 6c146dc):
//
//   node dist/src/ocapn/test-peer.js --port <n>     (npm run ocapn-test-peer -- --port <n>)
//
// listens on tcp-testing-only at 127.0.0.1:<n> (0, the default, picks a
// free port), prints its ocapn://… locator as the first line of stdout, and
// offers the suite's objects (test-peer-objects.ts). It speaks the
// 'test-suite-6c146dc' dialect (op-writer.ts). Then run
//   python3 test_runner.py '<that locator>'

import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lockdown } from '../ses/index.js';

lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' } as never);

const { makeOcapn } = await import('./client.js');
const { makeTcpTestingOnlyNetlayer } = await import('./netlayers/tcp-testing-only.js');
const { registerTestSuiteObjects } = await import('./test-peer-objects.js');
const { formatPeerUri } = await import('./locator.js');

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 for any), not ${JSON.stringify(values.port)}`);
  process.exit(2);
}

// The suite expects unreferenced imports to be reported within seconds, so
// collection is asked for after the calls that drop references.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
let collectionTimer: NodeJS.Timeout | undefined;
const requestCollection = (): void => {
  if (collectionTimer !== undefined) return;
  collectionTimer = setTimeout(() => {
    collectionTimer = undefined;
    collect();
  }, 50);
};

// A peer's misbehaviour ends its session, never this process.
process.on('unhandledRejection', () => {});

const ocapn = await makeOcapn({
  netlayers: [makeTcpTestingOnlyNetlayer({ host: values.host, port })],
  dialect: 'test-suite-6c146dc',
});
registerTestSuiteObjects(ocapn, requestCollection);
process.stdout.write(`${formatPeerUri(ocapn.location)}\n`);

const shutdown = (): void => {
  void ocapn.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
