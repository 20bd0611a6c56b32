// byteArray: immutable ArrayBuffers, here from @endo/immutable-arraybuffer's
// shim installed before lockdown (endo/ses does not install it itself).

import '@endo/immutable-arraybuffer/shim.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const harden = (globalThis as any).harden as <T>(value: T) => T;
const { passStyleOf, isByteArray, assertByteArray, isAtom, toThrowable, PASS_STYLE } = await import('../../src/pass-style/index.js');

const immutable = (bytes: number[]): ArrayBuffer => harden((new Uint8Array(bytes).buffer as any).transferToImmutable());

test('a hardened immutable ArrayBuffer is a byteArray, and an atom', () => {
  const bytes = immutable([1, 2, 3]);
  assert.equal(passStyleOf(bytes), 'byteArray');
  assert.equal(isByteArray(bytes), true);
  assert.equal(isAtom(bytes), true);
  assert.equal(passStyleOf(harden({ bytes, list: [bytes] })), 'copyRecord');
  assert.equal(toThrowable(bytes), bytes);
});

test('other ArrayBuffers are not', () => {
  assert.throws(() => passStyleOf(harden(new ArrayBuffer(2))), {
    name: 'TypeError',
    message: '"[Symbol(passStyle)]" property expected: (an object)',
  });
  assert.throws(() => passStyleOf((new ArrayBuffer(2) as any).transferToImmutable()), {
    message: 'Cannot pass non-frozen objects like (an object). Use harden()',
  });
  const withExtra = harden(Object.assign((new ArrayBuffer(2) as any).transferToImmutable(), { x: 1 }));
  assert.throws(() => passStyleOf(withExtra), { message: 'ByteArrays must not have own properties: (an object)' });
  assert.throws(() => passStyleOf(harden({ [PASS_STYLE]: 'byteArray' })), { message: 'Immutable ArrayBuffer expected: (an object)' });
  assert.throws(() => assertByteArray(harden([])), {
    message: '"Alleged byteArray" (an object) must be a pass-by-copy binary data, not "copyArray"',
  });
});
