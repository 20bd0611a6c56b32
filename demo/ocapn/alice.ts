// Alice (the gifter): enlivens Carol's guestbook from its ocapn:// URI and
// publishes an introducer whose introduce() hands the guestbook to whoever
// asks: a third-party handoff, so the asker gets Carol's object itself, not
// a proxy through Alice. leave() ends Alice.
//
//   node dist/demo/ocapn/alice.js <guestbook URI>

import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { formatSturdyRefUri, formatPeerUri } = await import('../../src/ocapn/locator.js');
const { makeTcpTestingOnlyNetlayer } = await import('../../src/ocapn/netlayers/tcp-testing-only.js');

const [guestbookUri] = process.argv.slice(2);
if (guestbookUri === undefined) throw Error('usage: alice.js <guestbook ocapn:// URI>');

const alice = await makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ host: '127.0.0.1', port: 0 })] });
console.log(`alice: I am ${alice.location.designator.slice(0, 8)} (${formatPeerUri(alice.location)})`);
const guestbook = (await alice.enlivenSturdyRef(guestbookUri)) as { sign(name: string): string };
console.log(`alice: enlivened the guestbook; signing it: ${await E(guestbook).sign('Alice')}`);

const introducer = Far('introducer', {
  introduce: () => {
    console.log('alice: handing the guestbook over');
    return guestbook;
  },
  leave: () => {
    console.log('alice: leaving');
    setTimeout(() => void alice.close().finally(() => process.exit(0)), 10);
  },
});
console.log(`alice: introducer at ${formatSturdyRefUri(alice.makeSturdyRef(introducer))}`);
