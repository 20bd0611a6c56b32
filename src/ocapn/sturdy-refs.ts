// Sturdy refs (spec/ocapn.md §4, §6): the swiss-number registry behind our
// bootstrap object's `fetch`, and the values that stand for a peer's sturdy
// refs here (received as `<ocapn-sturdyref …>`), which are sent back the
// same way and can be enlivened.

import { randomBytes } from 'node:crypto';
import { harden } from '../ses/harden-when-available.js';
import { Far } from '../pass-style/index.js';
import type { OcapnSturdyRefLocator } from './locator.js';

const textEncoder = new TextEncoder();
const keyOf = (swissNum: Uint8Array): string => Buffer.from(swissNum).toString('hex');

/** Bytes of a swiss number however it came: bytes, an ArrayBuffer (a passable byteArray) or text. */
export const swissBytesOf = (swissNum: unknown): Uint8Array => {
  if (swissNum instanceof Uint8Array) return swissNum;
  if (swissNum instanceof ArrayBuffer) return new Uint8Array(swissNum.slice(0));
  if (typeof swissNum === 'string') return textEncoder.encode(swissNum);
  throw TypeError('A swiss number is bytes or a string');
};

/** Bytes as a passable byteArray (an immutable ArrayBuffer; needs endo/ses). */
export const byteArrayOf = (bytes: Uint8Array): ArrayBuffer => {
  const buffer = new Uint8Array(bytes).buffer as ArrayBuffer & { transferToImmutable?: () => ArrayBuffer };
  if (typeof buffer.transferToImmutable !== 'function') throw TypeError('OCapN byte strings need immutable ArrayBuffers (load endo/ses first)');
  return harden(buffer.transferToImmutable());
};

export interface SturdyRefRegistry {
  /** Registers `object` under `swissNum` (default: 32 fresh random URL-safe characters); returns the swiss number. */
  register(object: unknown, swissNum?: Uint8Array | string): Uint8Array;
  /** The object at `swissNum`, or a thrown Error that says nothing about which swiss numbers exist. */
  lookup(swissNum: unknown): unknown;
}

export const makeSturdyRefRegistry = (): SturdyRefRegistry => {
  const objects = new Map<string, unknown>();
  return {
    register: (object, swissNum = randomBytes(24).toString('base64url')) => {
      const bytes = swissBytesOf(swissNum);
      const key = keyOf(bytes);
      if (objects.has(key)) throw Error('This swiss number is already in use');
      objects.set(key, object);
      return bytes;
    },
    lookup: (swissNum) => {
      const key = keyOf(swissBytesOf(swissNum));
      if (!objects.has(key)) throw Error('No object at this swiss number');
      return objects.get(key);
    },
  };
};

/** The values that stand for received sturdy refs, and their locators. */
export const makeSturdyRefValues = (enliven: (locator: OcapnSturdyRefLocator) => Promise<unknown>) => {
  const locatorOf = new WeakMap<object, OcapnSturdyRefLocator>();
  return {
    make: (locator: OcapnSturdyRefLocator): object => {
      const value = Far('OCapN sturdy ref', { enliven: () => enliven(locator) });
      locatorOf.set(value, locator);
      return value;
    },
    locatorOf: (value: object): OcapnSturdyRefLocator | undefined => locatorOf.get(value),
  };
};
