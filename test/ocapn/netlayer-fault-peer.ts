// A peer process for netlayer fault tests (run by netlayer-fault-helper.ts):
// it listens on a netlayer, prints its locator URI as the first line of its
// stdout, and serves every channel in one of these modes until it is killed:
//   echo   sends back whatever it reads
//   flood  writes all the time (so a kill lands mid-stream)
//   silent reads and drops, never writes
//   stalled never reads (what we send piles up in its kernel buffers), never writes
// Usage: node netlayer-fault-peer.js <tcp-testing-only|libp2p> <echo|flood|silent|stalled>

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { formatPeerUri } from '../../src/ocapn/locator.js';
import type { OcapnChannel, OcapnNetlayerFactory } from '../../src/ocapn/netlayer.js';
import { makeTcpTestingOnlyNetlayer } from '../../src/ocapn/netlayers/tcp-testing-only.js';
import { makeLibp2pNetlayer } from '../../src/ocapn/netlayers/libp2p.js';

const [netlayerName = 'tcp-testing-only', mode = 'echo'] = process.argv.slice(2);

const serve = (channel: OcapnChannel): void => {
  let open = true;
  channel.onClose(() => (open = false));
  if (mode === 'echo') {
    channel.onData(chunk => channel.write(Uint8Array.from(chunk)));
  } else if (mode === 'silent') {
    channel.onData(() => {});
  } else if (mode === 'stalled') {
    // No onData: the channel stays paused.
  } else if (mode === 'flood') {
    channel.onData(() => {});
    // 16 KiB a millisecond or so: data is always in flight, but the peer
    // keeps up, so our own send limits never end the channel before the kill.
    const chunk = new Uint8Array(16 * 1024).fill(0x61);
    const pump = (): void => {
      if (!open) return;
      channel.write(chunk);
      setTimeout(pump, 1);
    };
    pump();
  } else {
    throw Error(`Unknown mode ${JSON.stringify(mode)}`);
  }
};

const factories: Record<string, OcapnNetlayerFactory> = {
  'tcp-testing-only': makeTcpTestingOnlyNetlayer(),
  libp2p: makeLibp2pNetlayer(),
};
const factory = factories[netlayerName];
if (factory === undefined) throw Error(`Unknown netlayer ${JSON.stringify(netlayerName)}`);
const netlayer = await factory(serve);
process.stdout.write(`${formatPeerUri(netlayer.location)}\n`);
