// makeLoopback: two CapTP ends wired to each other in this process, for
// tests and for isolating an object behind an asynchronous boundary (like
// @endo/captp's). Every message goes through JSON.stringify and JSON.parse
// on the way, which proves that what CapTP sends is plain data.

import { harden } from '../ses/harden-when-available.js';
import { E } from '../eventual-send/index.js';
import { Far } from '../pass-style/index.js';
import { makeCapTP } from './make-captp.js';
import type { CapTPMessage, CapTPOptions, CapTPStats } from './types.js';

export type Loopback = {
  /** A far reference (through the connection) to `x`. */
  makeFar: <T>(x: T) => Promise<any>;
  /** `x` sent across and back: a near reference to it, as the other end sees it. */
  makeNear: <T>(x: T) => Promise<any>;
  isOnlyNear: (x: unknown) => boolean;
  isOnlyFar: (x: unknown) => boolean;
  getNearStats: () => CapTPStats;
  getFarStats: () => CapTPStats;
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
  let farDispatch: (message: unknown) => boolean;
  const near = makeCapTP(`near-${ourId}`, message => void farDispatch(overTheWire(message)), refGetter, nearOptions);
  const far = makeCapTP(`far-${ourId}`, message => void near.dispatch(overTheWire(message)), refGetter, farOptions);
  farDispatch = far.dispatch;

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
  });
};
