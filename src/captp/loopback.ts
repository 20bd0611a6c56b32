// makeLoopback: two CapTP ends wired to each other in this process, for
// tests and for isolating an object behind an asynchronous boundary (like
// @endo/captp's). Every message goes through JSON.stringify and JSON.parse
// on the way, which proves that what CapTP sends is plain data. Trap
// works too: the near end's Trap reaches the far end's makeTrapHandler
// objects by a direct call, which is synchronous in one thread.

import { harden } from '../ses/harden-when-available.js';
import { E } from '../eventual-send/index.js';
import { Far } from '../pass-style/index.js';
import { makeCapTP } from './make-captp.js';
import { nearTrapImpl } from './traps.js';
import type { CapTPMessage, CapTPOptions, CapTPStats, Trap, TrapGuest } from './types.js';

export type Loopback = {
  /** A far reference (through the connection) to `x`. */
  makeFar: <T>(x: T) => Promise<any>;
  /** `x` sent across and back: a near reference to it, as the other end sees it. */
  makeNear: <T>(x: T) => Promise<any>;
  isOnlyNear: (x: unknown) => boolean;
  isOnlyFar: (x: unknown) => boolean;
  getNearStats: () => CapTPStats;
  getFarStats: () => CapTPStats;
  /** Far(name, x) on the far side, which the near side's Trap may call. */
  makeTrapHandler: <T extends object>(name: string, x: T) => T;
  /** Synchronous calls from the near side to far trap handlers. */
  Trap: Trap;
};

/** A message as the other end would receive it from a byte transport. */
const overTheWire = (message: CapTPMessage): CapTPMessage => JSON.parse(JSON.stringify(message));

export const makeLoopback = (ourId: string, nearOptions?: CapTPOptions, farOptions?: CapTPOptions): Loopback => {
  let lastNonce = 0;
  // Values waiting to be picked up by the other end, by nonce.
  const nonceToRef = new Map<number, unknown>();
  const refGetter = Far('refGetter', {
    getRef(nonce: number) {
      const ref = nonceToRef.get(nonce);
      nonceToRef.delete(nonce);
      return ref;
    },
  });

  // eslint-disable-next-line prefer-const
  let far: ReturnType<typeof makeCapTP>;
  // The far end is in this thread: a trap call is made on the far object
  // itself, its completion passed through the far end's marshal.
  const trapGuest: TrapGuest = ({ trapMethod, slot, trapArgs }) => {
    let isException = false;
    let value: unknown;
    try {
      const target = far.unserialize({ body: '{"@qclass":"slot","index":0}', slots: [slot] });
      value = (nearTrapImpl[trapMethod] as (...a: unknown[]) => unknown)(target, ...trapArgs);
    } catch (error) {
      isException = true;
      value = error;
    }
    return [isException, far.serialize(harden(value))];
  };
  const near = makeCapTP(`near-${ourId}`, message => void far.dispatch(overTheWire(message)), refGetter, {
    trapGuest,
    ...nearOptions,
  });
  far = makeCapTP(`far-${ourId}`, message => void near.dispatch(overTheWire(message)), refGetter, farOptions);

  const farGetter = near.getBootstrap();
  const nearGetter = far.getBootstrap();

  const makeRefMaker =
    (getter: Promise<any>) =>
    async <T>(x: T): Promise<any> => {
      lastNonce += 1;
      const nonce = lastNonce;
      nonceToRef.set(nonce, harden(await x));
      return E(getter).getRef(nonce);
    };

  return harden({
    makeFar: makeRefMaker(farGetter),
    makeNear: makeRefMaker(nearGetter),
    isOnlyNear: near.isOnlyLocal,
    isOnlyFar: far.isOnlyLocal,
    getNearStats: near.getStats,
    getFarStats: far.getStats,
    makeTrapHandler: far.makeTrapHandler,
    Trap: near.Trap!,
  });
};
