// Runs @endo/captp 4.5 with gcImports (under @endo/init, in a child
// process started with --expose-gc) as the peer of one of our CapTP ends,
// over newline-delimited JSON on stdin/stdout. Its bootstrap can import
// many objects from our bootstrap, let go of them and force collection, so
// that our end receives the original's CTP_DROP messages; and it exports
// objects for our end to drop, reporting its gc stats.

import { startPeerProgram, type OriginalPeer } from './original-peer.js';

const PEER_PROGRAM = `
const forceGC = globalThis.gc;
await import('@endo/init');
const { makeCapTP, E } = await import('@endo/captp');
const { Far } = await import('@endo/far');
const { createInterface } = await import('node:readline');

const send = message => process.stdout.write(JSON.stringify(message) + '\\n');
const turns = async n => {
  for (let i = 0; i < n; i += 1) await new Promise(resolve => setImmediate(resolve));
};
let getOurs;
let held;
const boot = Far('OriginalGcBoot', {
  importAndForget: async count => {
    const ours = getOurs();
    for (let i = 0; i < count; i += 1) {
      const thing = await E(ours).makeThing('t' + i);
      await E(thing).getName();
    }
    return count;
  },
  importAndHold: async () => {
    held = await E(getOurs()).getKept();
    return E(held).who();
  },
  collect: async () => {
    for (let i = 0; i < 6; i += 1) {
      forceGC();
      await turns(5);
    }
    return getStats().send.CTP_DROP;
  },
  callHeld: () => E(held).who(),
  makeThing: name => Far('theirThing', { getName: () => name }),
  getGcStats: () => harden({ dropped: getStats().gc.DROPPED, recvDrops: getStats().recv.CTP_DROP }),
});
const { dispatch, getBootstrap, getStats } = makeCapTP('original', send, boot, { onReject: () => {}, gcImports: true });
getOurs = getBootstrap;
const lines = createInterface({ input: process.stdin });
lines.on('line', line => dispatch(JSON.parse(line)));
lines.on('close', () => process.exit(0));
`;

/** Starts the original's end; `onMessage` gets each message it sends, parsed. */
export const startOriginalGcPeer = (onMessage: (message: unknown) => void, onNoise?: (line: string) => void): OriginalPeer =>
  startPeerProgram(PEER_PROGRAM, ['--expose-gc'], onMessage, onNoise);
