// byteArray: an immutable ArrayBuffer (the TC39 Immutable ArrayBuffer
// proposal, native or shimmed by @endo/immutable-arraybuffer before
// lockdown). It must inherit directly from ArrayBuffer.prototype, answer
// true to the `immutable` getter, and have no own properties save the
// shim's non-enumerable string @@toStringTag. Where the platform has no
// `immutable` getter, nothing is a byteArray.

import { apply, getOwnPropertyDescriptor, getPrototypeOf, ownKeys } from '../ses/commons.js';
import { failType } from './reject.js';

const arrayBufferPrototype = ArrayBuffer.prototype;
const isPrototypeOf = Object.prototype.isPrototypeOf;

// Looked up when needed: a shim may be installed after this module loads.
const immutableGetter = (): ((this: ArrayBuffer) => boolean) | undefined =>
  getOwnPropertyDescriptor(arrayBufferPrototype, 'immutable')?.get;

/** Whether `candidate` is meant as a byteArray: an ArrayBuffer that says it is immutable. */
export const canBeByteArray = (candidate: object): boolean =>
  apply(isPrototypeOf, arrayBufferPrototype, [candidate]) && !!(candidate as any).immutable;

/** Throws unless the byteArray candidate really is one. */
export const checkByteArray = (candidate: object): void => {
  if (getPrototypeOf(candidate) !== arrayBufferPrototype) failType`Malformed ByteArray ${candidate}`;
  const getter = immutableGetter();
  if (getter === undefined || !apply(getter, candidate, [])) failType`Must be an immutable ArrayBuffer: ${candidate}`;
  for (const key of ownKeys(candidate)) {
    if (key !== Symbol.toStringTag) failType`ByteArrays must not have own properties: ${candidate}`;
    const descriptor = getOwnPropertyDescriptor(candidate, key)!;
    if (descriptor.enumerable !== false || !('value' in descriptor) || typeof descriptor.value !== 'string') {
      failType`ByteArray own-property ${key} must be a non-enumerable data property of typeof ${'string'}: ${candidate}`;
    }
  }
};
