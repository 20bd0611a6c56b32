// A session's key signs its location (handshake.ts) and the handoff
// certificates this peer makes (handoff-certificates.ts); nothing else.
// The key never leaves the session: handoff code asks for a signature by
// session, and only bytes that are a handoff record get one.

import type { OcapnSignature } from './crypto.js';

const HANDOFF_RECORD_PREFIXES = ["<17'desc:handoff-give", "<20'desc:handoff-receive"].map((text) => new TextEncoder().encode(text));
const handoffSigners = new WeakMap<object, (message: Uint8Array) => OcapnSignature>();

const isHandoffRecord = (message: Uint8Array): boolean =>
  HANDOFF_RECORD_PREFIXES.some((prefix) => message.length > prefix.length && prefix.every((byte, i) => message[i] === byte));

/** Lets `session` sign handoff certificates with `sign` (its key's). */
export const registerHandoffSigner = (session: object, sign: (message: Uint8Array) => OcapnSignature): void => {
  handoffSigners.set(session, (message) => {
    if (!isHandoffRecord(message)) throw TypeError('A session key signs only handoff certificates');
    return sign(message);
  });
};

/** Signs with `session`'s key the Syrup bytes of a desc:handoff-give or desc:handoff-receive (and nothing else). */
export const signHandoffCertificate = (session: object, message: Uint8Array): OcapnSignature => {
  const signer = handoffSigners.get(session);
  if (signer === undefined) throw TypeError('Not an OCapN session');
  return signer(message);
};
