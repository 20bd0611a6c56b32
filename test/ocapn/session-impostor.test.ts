// A peer that says it is someone else. A session's op:start-session names
// the peer's location, signed with a fresh session key: the signature binds
// the key to the claim, not the claim to the peer. What binds it is the
// netlayer (libp2p's Noise authenticates the peer id) and, for a session we
// dialled, the locator we dialled. A claim that disagrees with either
// aborts the session, or the impostor would take the other peer's place
// (its sturdy refs, its handoffs).

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { makePeerLocator } = await import('../../src/ocapn/locator.js');
const { makeLibp2pNetlayer } = await import('../../src/ocapn/netlayers/libp2p.js');
const { makeMemoryNetwork } = await import('./memory-netlayer.js');
type OcapnNetlayerFactory = import('../../src/ocapn/netlayer.js').OcapnNetlayerFactory;
type OcapnPeerLocator = import('../../src/ocapn/locator.js').OcapnPeerLocator;
type OcapnChannel = import('../../src/ocapn/netlayer.js').OcapnChannel;

/** A netlayer that works as `factory`'s but says (in op:start-session) that it is at `claimed`. */
const claiming =
  (factory: OcapnNetlayerFactory, claimed: () => OcapnPeerLocator): OcapnNetlayerFactory =>
  async (onIncoming) => {
    const netlayer = await factory(onIncoming);
    return { ...netlayer, connect: netlayer.connect, close: netlayer.close, location: claimed() };
  };

/** A netlayer that works as `factory`'s and vouches that every incoming channel is from `peer`. */
const authenticatingAs =
  (factory: OcapnNetlayerFactory, peer: OcapnPeerLocator): OcapnNetlayerFactory =>
  (onIncoming) =>
    factory((channel: OcapnChannel) => onIncoming({ ...channel, authenticatedPeer: peer }));

test('a peer we dial that names another peer in its op:start-session is refused', async () => {
  const network = makeMemoryNetwork();
  const alice = await makeOcapn({ netlayers: [network.netlayer('alice')] });
  // Listens as "bob", says it is "carol".
  const bob = await makeOcapn({ netlayers: [claiming(network.netlayer('bob'), () => makePeerLocator('memory', 'carol'))] });
  await assert.rejects(
    alice.connect(makePeerLocator('memory', 'bob')),
    /aborted: we dialled ocapn:\/\/bob\.memory, but op:start-session names ocapn:\/\/carol\.memory/,
  );
  assert.equal(alice.sessions().length, 0);
  await alice.close();
  await bob.close();
});

test('an incoming peer whose op:start-session disagrees with the netlayer\'s authentication is refused; one that agrees is not', async () => {
  const network = makeMemoryNetwork();
  const victim = await makeOcapn({
    netlayers: [authenticatingAs(network.netlayer('victim'), makePeerLocator('memory', 'mallory'))],
  });
  const ref = victim.makeSturdyRef(Far('secret', { read: () => 'for alice only' }));
  // Mallory, authenticated as herself, says she is alice.
  const mallory = await makeOcapn({ netlayers: [claiming(network.netlayer('mallory'), () => makePeerLocator('memory', 'alice'))] });
  await assert.rejects(
    mallory.enlivenSturdyRef(ref),
    /op:start-session names ocapn:\/\/alice\.memory, but the netlayer authenticated the peer as ocapn:\/\/mallory\.memory/,
  );
  assert.equal(victim.sessions().length, 0);
  await mallory.close();
  // The same netlayer, an honest mallory: accepted.
  const honest = await makeOcapn({ netlayers: [network.netlayer('mallory')] });
  assert.equal(await E((await honest.enlivenSturdyRef(ref)) as { read(): string }).read(), 'for alice only');
  await honest.close();
  await victim.close();
});

test('over libp2p, a peer claiming another peer id is refused by the peer it dials (Noise authenticated it)', async () => {
  const victim = await makeOcapn({ netlayers: [makeLibp2pNetlayer({ closeTimeoutMs: 300 })] });
  const alice = await makeOcapn({ netlayers: [makeLibp2pNetlayer({ closeTimeoutMs: 300 })] });
  const ref = victim.makeSturdyRef(Far('secret', { read: () => 'for alice only' }));
  let malloryPeer: OcapnPeerLocator | undefined;
  const mallory = await makeOcapn({
    netlayers: [
      claiming(
        async (onIncoming) => {
          const netlayer = await makeLibp2pNetlayer({ closeTimeoutMs: 300 })(onIncoming);
          malloryPeer = netlayer.location;
          return netlayer;
        },
        () => alice.location,
      ),
    ],
  });
  try {
    await assert.rejects(
      mallory.enlivenSturdyRef(ref),
      new RegExp(`op:start-session names ocapn://${alice.location.designator}\\.libp2p.*, but the netlayer authenticated the peer as ocapn://${malloryPeer!.designator}\\.libp2p`),
    );
    assert.equal(victim.sessions().length, 0);
    // Alice herself is let in.
    assert.equal(await E((await alice.enlivenSturdyRef(ref)) as { read(): string }).read(), 'for alice only');
  } finally {
    await mallory.close();
    await alice.close();
    await victim.close();
  }
});
