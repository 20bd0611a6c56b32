// OCapN's keys, signatures and IDs: the known vectors (seeds of all 0x00
// and all 0x01 bytes, as the OCapN test suite derives them), the exact
// Syrup forms, signatures that verify and tampered ones that do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  makeOcapnKeyPair,
  makeOcapnKeyPairFromSeed,
  makeOcapnPublicKey,
  makeSessionId,
  publicKeyBytesFromSyrup,
  publicKeyToSyrup,
  signatureFromSyrup,
  signatureToSyrup,
} from '../../src/ocapn/crypto.js';
import { decodeSyrup, encodeSyrup } from '../../src/ocapn/syrup/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const seedOf = (byte: number) => new Uint8Array(32).fill(byte);

test('the all-zero seed gives the known public key and public ID', () => {
  const { publicKey } = makeOcapnKeyPairFromSeed(seedOf(0));
  assert.match(hex(publicKey.bytes), /^3b6a27bc.*8b59da29$/);
  assert.equal(hex(publicKey.id), '739d8b53677170739304a8b4feb6eb98f4ed24845059afb375981734e4a36e8b');
});

test('the session ID of the 0x00 and 0x01 keys is the known one, in either order', () => {
  const zero = makeOcapnKeyPairFromSeed(seedOf(0)).publicKey;
  const one = makeOcapnKeyPairFromSeed(seedOf(1)).publicKey;
  assert.match(hex(one.id), /^2d286aaa.*80825355$/);
  const expected = '48c865c21a552779341e64bca260d4550865fd12fa5471d115579d296fda18db';
  assert.equal(hex(makeSessionId(zero.id, one.id)), expected);
  assert.equal(hex(makeSessionId(one.id, zero.id)), expected);
});

test('a public key is 96 bytes of Syrup in the Ed25519 form, and reads back', () => {
  const { publicKey } = makeOcapnKeyPairFromSeed(seedOf(0));
  const bytes = encodeSyrup(publicKeyToSyrup(publicKey.bytes));
  assert.equal(bytes.length, 96);
  const text = Buffer.from(bytes.subarray(0, 61)).toString('latin1');
  assert.equal(text, "[10'public-key[3'ecc[5'curve7'Ed25519][5'flags5'eddsa][1'q32:");
  assert.deepEqual(publicKeyBytesFromSyrup(decodeSyrup(bytes)), publicKey.bytes);
});

test('signatures verify under their key only, and not over other bytes', () => {
  const pair = makeOcapnKeyPair();
  const other = makeOcapnKeyPair();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 63 }), (message, flipAt) => {
      const signature = pair.sign(message);
      assert.equal(pair.publicKey.verify(message, signature), true);
      assert.equal(other.publicKey.verify(message, signature), false);
      // Through Syrup and back, still valid.
      const carried = signatureFromSyrup(decodeSyrup(encodeSyrup(signatureToSyrup(signature))));
      assert.equal(pair.publicKey.verify(message, carried), true);
      const joined = new Uint8Array([...signature.r, ...signature.s]);
      joined[flipAt] ^= 1;
      const tampered = { r: joined.subarray(0, 32), s: joined.subarray(32) };
      assert.equal(pair.publicKey.verify(message, tampered), false);
      if (message.length > 0) {
        const changed = new Uint8Array(message);
        changed[0] ^= 0x80;
        assert.equal(pair.publicKey.verify(changed, signature), false);
      }
    }),
    { numRuns: 100 },
  );
});

test('the Syrup form of a signature is exact', () => {
  const signature = makeOcapnKeyPairFromSeed(seedOf(0)).sign(new TextEncoder().encode('hi'));
  const bytes = encodeSyrup(signatureToSyrup(signature));
  assert.equal(Buffer.from(bytes.subarray(0, 25)).toString('latin1'), "[7'sig-val[5'eddsa[1'r32:");
  // Ed25519 is deterministic: the same seed and message sign alike.
  assert.deepEqual(makeOcapnKeyPairFromSeed(seedOf(0)).sign(new TextEncoder().encode('hi')), signature);
});

test('malformed keys and signatures are refused with the reason', () => {
  const bytes = new Uint8Array(32);
  assert.throws(() => makeOcapnPublicKey(new Uint8Array(31)), /32 bytes/);
  const good = publicKeyToSyrup(bytes) as any[];
  assert.throws(() => publicKeyBytesFromSyrup([good[0]]), /Malformed public key/);
  const wrongCurve = decodeSyrup(
    new Uint8Array(Buffer.from(Buffer.from(encodeSyrup(good)).toString('latin1').replace("7'Ed25519", "7'Ed44800"), 'latin1')),
  );
  assert.throws(() => publicKeyBytesFromSyrup(wrongCurve), /Ed25519 curve/);
  assert.throws(() => signatureFromSyrup([] as any), /Malformed signature/);
  const short = signatureToSyrup({ r: new Uint8Array(31), s: new Uint8Array(32) });
  assert.throws(() => signatureFromSyrup(short), /r must be 32 bytes/);
  // A signature with a half of the wrong size never verifies.
  const key = makeOcapnKeyPair().publicKey;
  assert.equal(key.verify(new Uint8Array(1), { r: new Uint8Array(31), s: new Uint8Array(33) }), false);
});
