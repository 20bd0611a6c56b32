// Carol (the exporter): keeps a guestbook and publishes a sturdy ref to it.
// Prints the ref's ocapn:// URI, then a line for every signature, saying
// which peers she has sessions with at that moment.

import { lockdown } from '../../src/ses/index.js';

lockdown();
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { formatSturdyRefUri, formatPeerUri } = await import('../../src/ocapn/locator.js');
const { makeTcpTestingOnlyNetlayer } = await import('../../src/ocapn/netlayers/tcp-testing-only.js');

const carol = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ host: '127.0.0.1', port: 0 })] });
const sessionPeers = (): string =>
  carol
    .sessions()
    .map((session) => (session.peerLocation ? session.peerLocation.designator.slice(0, 8) : '?'))
    .join(', ');

const entries: string[] = [];
const guestbook = Far('guestbook', {
  sign: (name: string) => {
    entries.push(name);
    console.log(`carol: guestbook signed by ${JSON.stringify(name)} (entry ${entries.length}); sessions with ${sessionPeers()}`);
    return `entry ${entries.length}: ${name}`;
  },
});

console.log(`carol: I am ${carol.location.designator.slice(0, 8)} (${formatPeerUri(carol.location)})`);
console.log(`carol: guestbook at ${formatSturdyRefUri(carol.makeSturdyRef(guestbook))}`);
process.on('SIGTERM', () => {
  void carol.close().finally(() => process.exit(0));
});
