// A worker thread for traps.test.ts: one CapTP end, talking to the other
// worker over a MessagePort and sharing a SharedArrayBuffer with it. The
// host serves a makeTrapHandler object; the guest calls it with Trap,
// which blocks the guest's thread (Atomics.wait) until the answer is in,
// and posts what it saw to the main thread.

import { harden } from './setup-lockdown.js';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { E, makeCapTP, makeAtomicsTrapGuest, makeAtomicsTrapHost } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';

const { role, port, transferBuffer, bigSize } = workerData as {
  role: 'host' | 'guest';
  port: MessagePort;
  transferBuffer: SharedArrayBuffer;
  bigSize: number;
};

const send = (message: unknown) => port.postMessage(message);

if (role === 'host') {
  let counter = 0;
  // eslint-disable-next-line prefer-const
  let host: ReturnType<typeof makeCapTP>;
  const boot = Far('HostBoot', {
    getTrapper: () =>
      host.makeTrapHandler('trapper', {
        add: (x: number, y: number) => x + y,
        count: () => (counter += 1),
        big: (n: number) => harden({ text: 'x'.repeat(n), n }),
        later: async (x: number) => {
          await new Promise(resolve => setTimeout(resolve, 10));
          return x * 2;
        },
        fail: (message: string) => {
          throw RangeError(message);
        },
      }),
    getPlain: () => Far('plain', { add: (x: number, y: number) => x + y }),
  });
  host = makeCapTP('host', send, boot, { trapHost: makeAtomicsTrapHost(transferBuffer), onReject: () => {} });
  port.on('message', message => host.dispatch(message));
} else {
  const guest = makeCapTP('guest', send, undefined, { trapGuest: makeAtomicsTrapGuest(transferBuffer) });
  port.on('message', message => guest.dispatch(message));
  const Trap = guest.Trap!;
  const boot = guest.getBootstrap();
  const trapper = await E(boot).getTrapper();
  const plain = await E(boot).getPlain();
  const sum = Trap(trapper).add(2, 3);
  const counts = [Trap(trapper).count(), Trap(trapper).count(), Trap(trapper).count()];
  const big = Trap(trapper).big(bigSize);
  const later = Trap(trapper).later(21);
  let failure: string | undefined;
  try {
    Trap(trapper).fail('trapped');
  } catch (error) {
    failure = `${(error as Error).name}: ${(error as Error).message}`;
  }
  let refused: string | undefined;
  try {
    Trap(plain).add(1, 1);
  } catch (error) {
    refused = (error as Error).message;
  }
  // Ordinary eventual sends still work on the same connection afterwards.
  const eventual = await E(trapper).add(20, 22);
  parentPort!.postMessage({
    sum,
    counts,
    bigLength: big.text.length,
    bigN: big.n,
    later,
    failure,
    refused,
    eventual,
    sent: guest.getStats().send,
  });
}
