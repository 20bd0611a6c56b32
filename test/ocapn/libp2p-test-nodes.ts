// libp2p nodes for the netlayer's interop tests: a stock node (libp2p's own
// tcp, noise and yamux, none of our wrappers) and ours, each echoing every
// OCapN stream back, and the locator that reaches a stock node.

import { createLibp2p, type Libp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { makePeerLocator } from '../../src/ocapn/locator.js';
import { libp2pHintsOf, makeLibp2pNetlayer, OCAPN_LIBP2P_PROTOCOL } from '../../src/ocapn/netlayers/libp2p.js';

/** A stock libp2p node that echoes every OCapN stream back. */
export const startStockEcho = async (): Promise<Libp2p> => {
  const node = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });
  await node.handle(OCAPN_LIBP2P_PROTOCOL, stream => {
    stream.addEventListener('message', event => stream.send(event.data.subarray()));
  });
  return node;
};

/** Our netlayer, echoing every incoming channel back. */
export const startOurEcho = (connectTimeoutMs = 5000) =>
  makeLibp2pNetlayer({ closeTimeoutMs: 1000, connectTimeoutMs })(channel => {
    channel.onData(bytes => channel.write(Uint8Array.from(bytes)));
  });

/** The OCapN locator of a libp2p node (its peer id, its addresses as hints). */
export const locatorOfNode = (node: Libp2p) =>
  makePeerLocator(
    'libp2p',
    node.peerId.toString(),
    libp2pHintsOf(node.getMultiaddrs().map(address => address.toString().replace(`/p2p/${node.peerId.toString()}`, ''))),
  );
