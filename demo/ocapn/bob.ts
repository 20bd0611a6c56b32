// Bob (the receiver): asks Alice's introducer for the guestbook, signs it,
// tells Alice to leave, and signs again: the second signature can only
// reach Carol if Bob talks to her directly.
//
//   node dist/demo/ocapn/bob.js <introducer URI>

import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { formatPeerUri } = await import('../../src/ocapn/locator.js');
const { makeTcpTestingOnlyNetlayer } = await import('../../src/ocapn/netlayers/tcp-testing-only.js');

const [introducerUri] = process.argv.slice(2);
if (introducerUri === undefined) throw Error('usage: bob.js <introducer ocapn:// URI>');

const bob = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ host: '127.0.0.1', port: 0 })] });
const sessionPeers = (): string =>
  bob
    .sessions()
    .map((session) => (session.peerLocation ? session.peerLocation.designator.slice(0, 8) : '?'))
    .join(', ');
console.log(`bob: I am ${bob.location.designator.slice(0, 8)} (${formatPeerUri(bob.location)})`);

type Introducer = { introduce(): unknown; leave(): void };
type Guestbook = { sign(name: string): string };
const introducer = (await bob.enlivenSturdyRef(introducerUri)) as Introducer;
const guestbook = (await E(introducer).introduce()) as Guestbook;
console.log(`bob: got the guestbook; signing it: ${await E(guestbook).sign('Bob')}`);
console.log(`bob: sessions with ${sessionPeers()}`);

await E(introducer).leave();
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(`bob: Alice has left; sessions with ${sessionPeers()}`);
console.log(`bob: signing again: ${await E(guestbook).sign('Bob, after Alice left')}`);
await bob.close();
