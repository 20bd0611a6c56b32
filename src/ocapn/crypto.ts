// OCapN's cryptography: Ed25519 key pairs (node:crypto, no home-made
// crypto), the Syrup forms of public keys and signatures, and the IDs the
// protocol derives from them (a public key's ID, a session's ID).
//
//   public key  [public-key [ecc [curve Ed25519] [flags eddsa] [q <32 bytes>]]]
//   signature   [sig-val [eddsa [r <32 bytes>] [s <32 bytes>]]]
//   public ID   SHA-256(SHA-256(Syrup bytes of the public key))
//   session ID  SHA-256(SHA-256("prot0" ‖ lower public ID ‖ higher public ID))

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { compareBytes, encodeSyrup, syrupSymbol, type SyrupValue } from './syrup/index.js';

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_HALF_BYTES = 32;

/** An Ed25519 signature as OCapN carries it: its two 32-byte halves. */
export interface OcapnSignature {
  readonly r: Uint8Array;
  readonly s: Uint8Array;
}

/** A peer's public key, with its ID and a verifier. */
export interface OcapnPublicKey {
  /** The raw 32-byte Ed25519 key (`q`). */
  readonly bytes: Uint8Array;
  /** SHA-256(SHA-256(Syrup bytes of the key's descriptor)). */
  readonly id: Uint8Array;
  /** True if `signature` is this key's signature of `message`. */
  verify(message: Uint8Array, signature: OcapnSignature): boolean;
}

export interface OcapnKeyPair {
  readonly publicKey: OcapnPublicKey;
  sign(message: Uint8Array): OcapnSignature;
}

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());
const doubleSha256 = (bytes: Uint8Array): Uint8Array => sha256(sha256(bytes));

const sym = syrupSymbol;

/** The Syrup list that names an Ed25519 public key. */
export const publicKeyToSyrup = (keyBytes: Uint8Array): SyrupValue => [
  sym('public-key'),
  [sym('ecc'), [sym('curve'), sym('Ed25519')], [sym('flags'), sym('eddsa')], [sym('q'), keyBytes]],
];

export const signatureToSyrup = (signature: OcapnSignature): SyrupValue => [
  sym('sig-val'),
  [sym('eddsa'), [sym('r'), signature.r], [sym('s'), signature.s]],
];

const isSymbolNamed = (value: SyrupValue | undefined, name: string): boolean =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'symbol' && (value as { name: string }).name === name;

/** `value` as a list of exactly `length` items, or a TypeError naming `what`. */
const listOf = (value: SyrupValue | undefined, length: number, what: string): readonly SyrupValue[] => {
  if (!Array.isArray(value) || value.length !== length) throw TypeError(`Malformed ${what}: expected a list of ${length}`);
  return value;
};

/** `[name <bytes of length>]`, e.g. `[q <32 bytes>]`: the bytes. */
const labelledBytes = (value: SyrupValue | undefined, name: string, length: number, what: string): Uint8Array => {
  const [label, bytes] = listOf(value, 2, what);
  if (!isSymbolNamed(label, name)) throw TypeError(`Malformed ${what}: expected the label ${name}`);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw TypeError(`Malformed ${what}: ${name} must be ${length} bytes`);
  }
  return bytes;
};

/** The raw key bytes of a Syrup public key, checked to be exactly the Ed25519 form. */
export const publicKeyBytesFromSyrup = (value: SyrupValue): Uint8Array => {
  const what = 'public key';
  const [label, body] = listOf(value, 2, what);
  if (!isSymbolNamed(label, 'public-key')) throw TypeError(`Malformed ${what}: expected the label public-key`);
  const [scheme, curve, flags, q] = listOf(body, 4, what);
  if (!isSymbolNamed(scheme, 'ecc')) throw TypeError(`Malformed ${what}: only the ecc scheme is known`);
  const [curveLabel, curveName] = listOf(curve, 2, what);
  if (!isSymbolNamed(curveLabel, 'curve') || !isSymbolNamed(curveName, 'Ed25519')) {
    throw TypeError(`Malformed ${what}: only the Ed25519 curve is known`);
  }
  const [flagsLabel, flagsName] = listOf(flags, 2, what);
  if (!isSymbolNamed(flagsLabel, 'flags') || !isSymbolNamed(flagsName, 'eddsa')) {
    throw TypeError(`Malformed ${what}: only the eddsa flags are known`);
  }
  return labelledBytes(q, 'q', PUBLIC_KEY_BYTES, what);
};

export const signatureFromSyrup = (value: SyrupValue): OcapnSignature => {
  const what = 'signature';
  const [label, body] = listOf(value, 2, what);
  if (!isSymbolNamed(label, 'sig-val')) throw TypeError(`Malformed ${what}: expected the label sig-val`);
  const [scheme, r, s] = listOf(body, 3, what);
  if (!isSymbolNamed(scheme, 'eddsa')) throw TypeError(`Malformed ${what}: only the eddsa scheme is known`);
  return Object.freeze({
    r: labelledBytes(r, 'r', SIGNATURE_HALF_BYTES, what),
    s: labelledBytes(s, 's', SIGNATURE_HALF_BYTES, what),
  });
};

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** The public key with raw bytes `keyBytes`; a malformed key throws. */
export const makeOcapnPublicKey = (keyBytes: Uint8Array): OcapnPublicKey => {
  if (!(keyBytes instanceof Uint8Array) || keyBytes.length !== PUBLIC_KEY_BYTES) {
    throw TypeError(`An Ed25519 public key is ${PUBLIC_KEY_BYTES} bytes`);
  }
  const bytes = new Uint8Array(keyBytes);
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url(bytes) }, format: 'jwk' });
  return Object.freeze({
    bytes,
    id: doubleSha256(encodeSyrup(publicKeyToSyrup(bytes))),
    verify: (message: Uint8Array, signature: OcapnSignature): boolean => {
      if (signature.r.length !== SIGNATURE_HALF_BYTES || signature.s.length !== SIGNATURE_HALF_BYTES) return false;
      const joined = Buffer.concat([signature.r, signature.s]);
      return verify(null, message, keyObject, joined);
    },
  });
};

const rawPublicKeyOf = (privateKey: KeyObject): Uint8Array => {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
};

const keyPairOf = (privateKey: KeyObject): OcapnKeyPair =>
  Object.freeze({
    publicKey: makeOcapnPublicKey(rawPublicKeyOf(privateKey)),
    sign: (message: Uint8Array): OcapnSignature => {
      const signature = sign(null, message, privateKey);
      return Object.freeze({
        r: new Uint8Array(signature.subarray(0, SIGNATURE_HALF_BYTES)),
        s: new Uint8Array(signature.subarray(SIGNATURE_HALF_BYTES)),
      });
    },
  });

/** A fresh key pair: OCapN uses one per session and never reuses it. */
export const makeOcapnKeyPair = (): OcapnKeyPair => keyPairOf(generateKeyPairSync('ed25519').privateKey);

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410), for keys from a seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The key pair of a 32-byte Ed25519 seed (tests, known vectors). */
export const makeOcapnKeyPairFromSeed = (seed: Uint8Array): OcapnKeyPair => {
  if (seed.length !== 32) throw TypeError('An Ed25519 seed is 32 bytes');
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
  return keyPairOf(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
};

const SESSION_ID_PREFIX = new TextEncoder().encode('prot0');

/** The ID of the session between the keys with these two public IDs (in either order). */
export const makeSessionId = (oneId: Uint8Array, otherId: Uint8Array): Uint8Array => {
  const [lower, higher] = compareBytes(oneId, otherId) <= 0 ? [oneId, otherId] : [otherId, oneId];
  const joined = new Uint8Array(SESSION_ID_PREFIX.length + lower.length + higher.length);
  joined.set(SESSION_ID_PREFIX, 0);
  joined.set(lower, SESSION_ID_PREFIX.length);
  joined.set(higher, SESSION_ID_PREFIX.length + lower.length);
  return doubleSha256(joined);
};
