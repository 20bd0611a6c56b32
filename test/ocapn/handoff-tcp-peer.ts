// One of three OCapN peers in its own process for handoffs-tcp.test.ts,
// over tcp-testing-only on 127.0.0.1. Every line it prints is JSON.
//
//   exporter                    exports a counter; prints {"counterUri"}
//   receiver                    exports an object whose use(counter) calls
//                               counter.increment(1) and keeps it; prints
//                               {"receiverUri"}; on each stdin line "again"
//                               calls the kept counter again, prints {"again"};
//                               on "sessions" prints the peers it has sessions with
//   gifter <counter> <receiver> enlivens both, hands the counter to the
//                               receiver, prints {"used"}, closes and exits

import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { formatPeerUri, formatSturdyRefUri } = await import('../../src/ocapn/locator.js');
const { makeTcpTestingOnlyNetlayer } = await import('../../src/ocapn/netlayers/tcp-testing-only.js');

const say = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
const ocapn = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ host: '127.0.0.1', port: 0 })] });
const [role, ...uris] = process.argv.slice(2);
say({ location: formatPeerUri(ocapn.location) });

if (role === 'exporter') {
  let count = 0;
  const counter = Far('counter', { increment: (by: number) => (count += by) });
  say({ counterUri: formatSturdyRefUri(ocapn.makeSturdyRef(counter)) });
} else if (role === 'receiver') {
  type Counter = { increment(by: number): number };
  let kept: Counter | undefined;
  const receiver = Far('receiver', {
    use: (counter: Counter) => {
      kept = counter;
      return E(counter).increment(1);
    },
  });
  say({ receiverUri: formatSturdyRefUri(ocapn.makeSturdyRef(receiver)) });
  let buffered = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'again') {
        E(kept!)
          .increment(10)
          .then(
            (value) => say({ again: value }),
            (error: Error) => say({ againError: error.message }),
          );
      } else if (line === 'sessions') {
        say({ sessions: ocapn.sessions().map((session) => formatPeerUri(session.peerLocation!)) });
      }
    }
  });
} else if (role === 'gifter') {
  const [counterUri, receiverUri] = uris as [string, string];
  const counter = await ocapn.enlivenSturdyRef(counterUri);
  const receiver = (await ocapn.enlivenSturdyRef(receiverUri)) as { use(counter: unknown): number };
  say({ used: await E(receiver).use(counter) });
  await ocapn.close();
  process.exit(0);
} else {
  throw Error(`unknown role ${role}`);
}
process.on('SIGTERM', () => {
  void ocapn.close().finally(() => process.exit(0));
});
